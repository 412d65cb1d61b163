import { describe, expect, it } from 'vitest';
import {
  PickleFormatError,
  UnsafePickleError,
  UnsupportedTensorError,
  WeightsError,
} from '../../../src/engine/weights/errors';
import { isAllowedPickleGlobal, readPdparams, STRUCTURED_NAME_KEY } from '../../../src/engine/weights/pickle-reader';
import { seededRandom } from '../../../src/engine/random';
import { bytesOf, expected, fixture, sha256F32, u32 } from './fixtures';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('readPdparams on files written by Python/numpy', () => {
  for (const [file, spec] of Object.entries(expected.files)) {
    it(`${file}: names, shapes and values match numpy`, () => {
      const contents = readPdparams(fixture(file));
      expect(contents.protocol).toBe(spec.protocol);
      expect(contents.numpyModule).toBe(spec.numpy_module);
      expect([...contents.tensors.keys()]).toEqual(spec.tensors.map((t) => t.name));
      expect(contents.tensors.has(STRUCTURED_NAME_KEY)).toBe(false);
      expect(Object.fromEntries(contents.structuredNames)).toEqual(spec.structured_names);
      for (const t of spec.tensors) {
        const got = contents.tensors.get(t.name)!;
        expect(got.shape, t.name).toEqual(t.shape);
        expect(got.data).toBeInstanceOf(Float32Array);
        expect(sha256F32(got.data), t.name).toBe(t.sha256_f32);
        expect([...got.data.slice(0, 4)]).toEqual(t.first);
        expect(got.data.reduce((a, b) => a + b, 0)).toBeCloseTo(t.sum_f64, 3);
      }
      expect(contents.notes).toHaveLength(spec.converted.length);
      for (const name of spec.converted) expect(contents.notes.some((n) => n.startsWith(`${name}: float`))).toBe(true);
    });
  }

  for (const [file, { tensor, reason }] of Object.entries(expected.rejected)) {
    it(`${file}: refused with UnsupportedTensorError (${reason})`, () => {
      const e = thrown(() => readPdparams(fixture(file)));
      expect(e).toBeInstanceOf(UnsupportedTensorError);
      expect((e as UnsupportedTensorError).tensor).toBe(tensor);
      expect((e as Error).message).toContain(reason);
      expect((e as Error).message).toContain(tensor);
    });
  }
});

describe('safety: only numpy array globals are rebuilt', () => {
  for (const [file, global] of Object.entries(expected.refused)) {
    it(`${file}: refuses ${global}, naming it`, () => {
      const e = thrown(() => readPdparams(fixture(file)));
      expect(e).toBeInstanceOf(UnsafePickleError);
      expect((e as UnsafePickleError).global).toBe(global);
      expect((e as Error).message).toContain(`'${global}'`);
      expect((e as Error).name).toBe('UnsafePickleError');
    });
  }

  it('refuses STACK_GLOBAL os.system (protocol 4 spelling) before anything is called', () => {
    const bytes = bytesOf(0x80, 4, 0x8c, 2, 'os', 0x8c, 6, 'system', 0x93, 0x8c, 2, 'ls', 0x85, 'R', '.');
    const e = thrown(() => readPdparams(bytes)) as UnsafePickleError;
    expect(e).toBeInstanceOf(UnsafePickleError);
    expect(e.global).toBe('os.system');
    expect(e.offset).toBe(14); // the STACK_GLOBAL opcode itself, before REDUCE
  });

  it('refuses INST and copyreg extension codes', () => {
    expect((thrown(() => readPdparams(bytesOf('(', 'ibuiltins\neval\n', '.'))) as UnsafePickleError).global).toBe('builtins.eval');
    expect((thrown(() => readPdparams(bytesOf(0x80, 2, 0x82, 7, '.'))) as UnsafePickleError).global).toBe('copyreg extension #7');
  });

  it('refuses look-alike names of allowed globals', () => {
    for (const name of ['numpy.core.multiarray.scalar', 'numpy.load', '_codecs.decode', 'numpy.core.multiarray._reconstructx']) {
      const [module, global] = [name.slice(0, name.lastIndexOf('.')), name.slice(name.lastIndexOf('.') + 1)];
      const e = thrown(() => readPdparams(bytesOf('c', `${module}\n${global}\n`, '.')));
      expect(e, name).toBeInstanceOf(UnsafePickleError);
    }
  });

  it('has exactly the documented allow-list', () => {
    for (const g of ['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct', 'numpy.ndarray', 'numpy.dtype', '_codecs.encode']) {
      expect(isAllowedPickleGlobal(g)).toBe(true);
    }
    expect(isAllowedPickleGlobal('builtins.getattr')).toBe(false);
  });
});

describe('malformed input gives PickleFormatError, never a hang or a crash', () => {
  it('every truncation of a real file is reported', () => {
    for (const file of ['small_p2_np1.pdparams', 'small_p4_np1.pdparams']) {
      const bytes = fixture(file);
      const cuts = new Set<number>();
      for (let n = 0; n < 1500; n++) cuts.add(n);
      for (let n = 1500; n < bytes.length; n += 997) cuts.add(n);
      cuts.add(bytes.length - 1);
      for (const n of cuts) {
        const e = thrown(() => readPdparams(bytes.subarray(0, n)));
        expect(e, `${file} cut at ${n}`).toBeInstanceOf(PickleFormatError);
      }
    }
  });

  it('random garbage is rejected with a typed error', () => {
    const r = seededRandom(7);
    for (let trial = 0; trial < 500; trial++) {
      const bytes = new Uint8Array(1 + Math.floor(r() * 300)).map(() => Math.floor(r() * 256));
      if (trial % 2) bytes[0] = 0x80; // half of them start like a pickle
      const e = thrown(() => readPdparams(bytes));
      expect(e, `trial ${trial}`).toBeInstanceOf(WeightsError);
    }
  });

  it('corrupted real files either still parse or fail with a typed error', () => {
    const original = fixture('small_p4_np1.pdparams');
    const r = seededRandom(11);
    for (let trial = 0; trial < 300; trial++) {
      const bytes = original.slice(0, 2000);
      for (let k = 0; k < 3; k++) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
      try {
        readPdparams(bytes);
      } catch (e) {
        expect(e, `trial ${trial}`).toBeInstanceOf(WeightsError);
      }
    }
  });

  it.each([
    ['an empty file', bytesOf(), /ends before the pickle STOP/],
    ['an unknown opcode', bytesOf(0x80, 2, 0xff), /unknown opcode 0xff/],
    ['a length past the end', bytesOf(0x80, 2, 'X', u32(1000), 'abc'), /runs past the end/],
    ['a non-dict root', bytesOf(0x80, 2, ']', '.'), /a list, not a dict/],
    ['a memo miss', bytesOf(0x80, 2, 'h', 5, '.'), /memo entry 5/],
    ['a stack underflow', bytesOf(0x80, 2, 's', '.'), /stack underflow/],
    ['persistent ids', bytesOf(0x80, 2, 'N', 'Q', '.'), /persistent ids/],
    ['NEWOBJ', bytesOf(0x80, 2, 'N', ')', 0x81, '.'), /NEWOBJ/],
    ['protocol 5 buffers', bytesOf(0x80, 5, 0x97, '.'), /out-of-band/],
    ['a huge integer', bytesOf(0x80, 2, 0x8b, u32(1 << 20)), /too large/],
  ])('reports %s', (_what, bytes, message) => {
    const e = thrown(() => readPdparams(bytes));
    expect(e).toBeInstanceOf(PickleFormatError);
    expect((e as Error).message).toMatch(message);
    expect(typeof (e as PickleFormatError).offset).toBe('number');
  });

  it('reports a dict value that is not an array, naming the key', () => {
    const e = thrown(() => readPdparams(bytesOf(0x80, 2, '}', 'X', u32(3), 'abc', 'K', 5, 's', '.')));
    expect(e).toBeInstanceOf(UnsupportedTensorError);
    expect((e as UnsupportedTensorError).tensor).toBe('abc');
  });
});
