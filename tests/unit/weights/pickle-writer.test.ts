import { describe, expect, it } from 'vitest';
import { readPdparams } from '../../../src/engine/weights/pickle-reader';
import { encodePdparams, encodePdparamsChunks } from '../../../src/engine/weights/pickle-writer';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { expected, fixture, randomTensors } from './fixtures';

function expectSameTensors(a: TensorMap, b: TensorMap): void {
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [name, t] of a) {
    expect(b.get(name)!.shape, name).toEqual(t.shape);
    expect(b.get(name)!.data, name).toEqual(t.data);
  }
}

describe('encodePdparams', () => {
  // The strongest check that the output is a real .pdparams: CPython's pickler wrote these fixtures,
  // and re-encoding what we read from them gives the very same bytes.
  for (const file of ['small_p2_np1.pdparams', 'small_p2_np2.pdparams', 'small_p4_np1.pdparams', 'small_p4_np2.pdparams']) {
    it(`reproduces ${file} byte for byte`, () => {
      const original = fixture(file);
      const spec = expected.files[file]!;
      const read = readPdparams(original);
      const written = encodePdparams(read.tensors, {
        protocol: spec.protocol as 2 | 4,
        numpy: spec.numpy_module === 'numpy._core' ? '2.x' : '1.x',
        structuredNames: read.structuredNames,
      });
      expect(Buffer.from(written).equals(Buffer.from(original))).toBe(true);
    });
  }

  const shapes = { 'conv.weight': [4, 3, 3, 3], 'bias': [4], 'scalar': [], 'empty': [0], 'big.weight': [130, 130], 'prelu._weight': [1] };
  for (const protocol of [2, 4] as const) {
    for (const numpy of ['1.x', '2.x'] as const) {
      it(`round-trips through readPdparams (protocol ${protocol}, numpy ${numpy})`, () => {
        const tensors = randomTensors(shapes, protocol * 10 + (numpy === '2.x' ? 1 : 0));
        const read = readPdparams(encodePdparams(tensors, { protocol, numpy }));
        expect(read.protocol).toBe(protocol);
        expect(read.numpyModule).toBe(numpy === '2.x' ? 'numpy._core' : 'numpy.core');
        expectSameTensors(tensors, read.tensors);
        expect(read.structuredNames.size).toBe(tensors.size);
      });
    }
  }

  it('keeps every float bit pattern (NaN payloads aside): ±0, subnormals, ±Infinity, extremes', () => {
    const data = new Float32Array([0, -0, 1e-45, -1e-45, 3.4028234663852886e38, -Infinity, Infinity, 1 / 3]);
    for (const protocol of [2, 4] as const) {
      const read = readPdparams(encodePdparams(new Map([['x', { shape: [8], data }]]), { protocol }));
      expect(new Uint8Array(read.tensors.get('x')!.data.buffer)).toEqual(new Uint8Array(data.buffer));
    }
  });

  it('handles more than 256 memo entries and SETITEMS batches of 1000 (protocol 2)', () => {
    for (const count of [999, 1000, 1300]) {
      const tensors: TensorMap = new Map();
      for (let i = 0; i < count; i++) tensors.set(`t${i}`, { shape: [2], data: new Float32Array([i, -i]) });
      const read = readPdparams(encodePdparams(tensors, { protocol: 2 }));
      expectSameTensors(tensors, read.tensors);
      expect(read.structuredNames.get('t998')).toBe('param_998');
    }
  });

  it('writes large tensors as views, not copies (protocol 4)', () => {
    const tensors = randomTensors({ big: [256, 256] });
    const chunks = encodePdparamsChunks(tensors, { protocol: 4 });
    expect(chunks.some((c) => c.buffer === tensors.get('big')!.data.buffer)).toBe(true);
  });
});
