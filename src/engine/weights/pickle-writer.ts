/**
 * Writes a TensorMap as a real `.pdparams` pickle, opcode for opcode the way CPython's pickler writes a
 * dict of float32 numpy arrays (protocol 2 or 4, numpy 1.x or 2.x module path), so the converter can be
 * tested end to end and users without the official files can try it on synthetic ones.
 */
import { concatBytes, float32LittleEndianBytes } from './bytes';
import { STRUCTURED_NAME_KEY } from './pickle-reader';
import type { HostTensor, TensorMap } from './tensor-map';

export interface PdparamsWriteOptions {
  /** 4 is Paddle ≥ 2.1's default; 2 is what older Paddle wrote. */
  readonly protocol?: 2 | 4;
  /** Which `_reconstruct` module path to reference: numpy 1.x (`numpy.core`) or 2.x (`numpy._core`). */
  readonly numpy?: '1.x' | '2.x';
  /** Written as the `StructuredToParameterName@@` table; Paddle always writes one, so we do by default. */
  readonly structuredNames?: ReadonlyMap<string, string>;
}

const FRAME_TARGET = 64 * 1024;
const FRAME_MIN = 4; // CPython writes shorter frames without a FRAME header
const SETITEMS_BATCH = 1000; // CPython's batch size

const OP = {
  MARK: 0x28, STOP: 0x2e, BININT: 0x4a, BININT1: 0x4b, BININT2: 0x4d, NONE: 0x4e, REDUCE: 0x52,
  BINUNICODE: 0x58, BUILD: 0x62, GLOBAL: 0x63, BINGET: 0x68, LONG_BINGET: 0x6a, BINPUT: 0x71,
  LONG_BINPUT: 0x72, SETITEM: 0x73, TUPLE: 0x74, SETITEMS: 0x75, EMPTY_DICT: 0x7d, PROTO: 0x80,
  TUPLE1: 0x85, TUPLE2: 0x86, TUPLE3: 0x87, NEWTRUE: 0x88, NEWFALSE: 0x89, SHORT_BINUNICODE: 0x8c,
  SHORT_BINBYTES: 0x43, BINBYTES: 0x42, STACK_GLOBAL: 0x93, MEMOIZE: 0x94, FRAME: 0x95, EMPTY_TUPLE: 0x29,
} as const;

/** Encodes tensors as a pickle, returned as chunks (large tensor payloads are views, not copies). */
export function encodePdparamsChunks(tensors: TensorMap, options: PdparamsWriteOptions = {}): Uint8Array[] {
  const out = new PickleEmitter(options.protocol ?? 4, options.numpy === '2.x' ? 'numpy._core.multiarray' : 'numpy.core.multiarray');
  const entries: [string, () => void][] = [...tensors].map(([name, t]) => [name, () => out.array(t)]);
  const names = options.structuredNames ?? defaultStructuredNames(tensors);
  entries.push([STRUCTURED_NAME_KEY, () => out.stringDict(names)]);
  out.dict(entries);
  return out.finish();
}

/** Encodes tensors as one `.pdparams` byte array. */
export function encodePdparams(tensors: TensorMap, options: PdparamsWriteOptions = {}): Uint8Array {
  return concatBytes(encodePdparamsChunks(tensors, options));
}

/** Paddle's table maps each structured name to an internal one; any stable string will do here. */
function defaultStructuredNames(tensors: TensorMap): Map<string, string> {
  return new Map([...tensors.keys()].map((name, i) => [name, `param_${i}`]));
}

/** Growable byte buffer for the small opcodes between tensor payloads. */
class ByteBuilder {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 4096) {
    this.buf = new Uint8Array(capacity);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    bigger.set(this.buf.subarray(0, this.length));
    this.buf = bigger;
  }

  byte(...values: number[]): void {
    this.reserve(values.length);
    for (const v of values) this.buf[this.length++] = v;
  }

  bytes(values: Uint8Array): void {
    this.reserve(values.length);
    this.buf.set(values, this.length);
    this.length += values.length;
  }

  uint(value: number, width: 1 | 2 | 4 | 8): void {
    this.reserve(width);
    const view = new DataView(this.buf.buffer, this.length, width);
    if (width === 1) view.setUint8(0, value);
    else if (width === 2) view.setUint16(0, value, true);
    else if (width === 4) view.setUint32(0, value, true);
    else view.setBigUint64(0, BigInt(value), true);
    this.length += width;
  }

  take(): Uint8Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/**
 * Emits opcodes the way CPython's C pickler does for these objects: every object saved is memoized
 * (MEMOIZE / BINPUT), objects CPython shares by identity (globals, the float32 dtype, interned and
 * one-character strings, dict keys reused by the name table) are fetched back with BINGET, and in
 * protocol 4 small opcodes are grouped in FRAMEs while payloads ≥ 64 KiB are written outside them.
 */
class PickleEmitter {
  private readonly chunks: Uint8Array[] = [];
  private readonly pending = new ByteBuilder();
  private readonly memo = new Map<string, number>();
  private memoCount = 0;
  private readonly utf8 = new TextEncoder();

  constructor(
    private readonly protocol: 2 | 4,
    private readonly reconstructModule: string,
  ) {
    this.pending.byte(OP.PROTO, protocol);
    this.flush(false); // PROTO sits outside the first frame
  }

  /** `entries`: key and a writer for its value. The C pickler writes a lone item with SETITEM. */
  dict(entries: readonly [string, () => void][]): void {
    this.pending.byte(OP.EMPTY_DICT);
    this.memoize();
    if (entries.length === 1) {
      const [key, writeValue] = entries[0]!;
      this.string(key, `key:${key}`);
      writeValue();
      this.pending.byte(OP.SETITEM);
    } else if (entries.length > 1) {
      // A trailing empty MARK/SETITEMS when the count is a multiple of the batch size, as in CPython.
      for (let i = 0; ; i += SETITEMS_BATCH) {
        const batch = entries.slice(i, i + SETITEMS_BATCH);
        this.pending.byte(OP.MARK);
        for (const [key, writeValue] of batch) {
          this.string(key, `key:${key}`);
          writeValue();
        }
        this.pending.byte(OP.SETITEMS);
        if (batch.length < SETITEMS_BATCH) break;
      }
    }
    this.boundary();
  }

  stringDict(map: ReadonlyMap<string, string>): void {
    this.dict([...map].map(([k, v]) => [k, () => this.string(v)]));
  }

  /** numpy's ndarray.__reduce__: _reconstruct(ndarray, (0,), b'b') then BUILD (1, shape, dtype, False, data). */
  array(tensor: HostTensor): void {
    this.global(this.reconstructModule, '_reconstruct');
    this.tuple([() => this.global('numpy', 'ndarray'), () => this.tuple([() => this.int(0)]), () => this.bytes(new Uint8Array([0x62]), 'b')]);
    this.pending.byte(OP.REDUCE);
    this.memoize();
    this.tuple([
      () => this.int(1),
      () => this.tuple(tensor.shape.map((d) => () => this.int(d))),
      () => this.float32Dtype(),
      () => this.atom(OP.NEWFALSE),
      () => this.bytes(float32LittleEndianBytes(tensor.data)),
    ]);
    this.pending.byte(OP.BUILD);
    this.boundary();
  }

  finish(): Uint8Array[] {
    this.pending.byte(OP.STOP);
    this.flush(true);
    return this.chunks;
  }

  // --- value encoders (one per Python object saved)

  private float32Dtype(): void {
    if (this.getMemo('dtype:<f4')) return;
    this.global('numpy', 'dtype');
    this.tuple([() => this.string('f4'), () => this.atom(OP.NEWFALSE), () => this.atom(OP.NEWTRUE)]);
    this.pending.byte(OP.REDUCE);
    this.memoize('dtype:<f4');
    const none = (): void => this.atom(OP.NONE);
    this.tuple([() => this.int(3), () => this.string('<', 'str:<'), none, none, none, () => this.int(-1), () => this.int(-1), () => this.int(0)]);
    this.pending.byte(OP.BUILD);
    this.boundary();
  }

  private atom(op: number): void {
    this.pending.byte(op);
    this.boundary();
  }

  private tuple(items: readonly (() => void)[]): void {
    if (items.length === 0) {
      this.atom(OP.EMPTY_TUPLE);
      return;
    }
    if (items.length > 3) this.pending.byte(OP.MARK);
    for (const write of items) write();
    this.pending.byte(items.length > 3 ? OP.TUPLE : OP.TUPLE1 + items.length - 1);
    this.memoize();
    this.boundary();
  }

  private int(value: number): void {
    const p = this.pending;
    if (value >= 0 && value <= 0xff) p.byte(OP.BININT1, value);
    else if (value >= 0 && value <= 0xffff) {
      p.byte(OP.BININT2);
      p.uint(value, 2);
    } else {
      p.byte(OP.BININT);
      p.uint(value >>> 0, 4);
    }
    this.boundary();
  }

  /**
   * `sharedAs`: memo key of a string CPython holds as one object (interned names, cached one-character
   * strings, dict keys that Paddle's name table reuses); it is written once and fetched back after.
   */
  private string(value: string, sharedAs?: string): void {
    if (sharedAs !== undefined && this.getMemo(sharedAs)) return;
    const encoded = this.utf8.encode(value);
    const header = new ByteBuilder(9); // opcode + up to 8 length bytes
    if (this.protocol >= 4 && encoded.length < 256) header.byte(OP.SHORT_BINUNICODE, encoded.length);
    else {
      header.byte(OP.BINUNICODE);
      header.uint(encoded.length, 4);
    }
    this.payload(header.take(), encoded);
    this.memoize(sharedAs);
    this.boundary();
  }

  /** Protocol 4 has a bytes type; protocol 2 spells bytes as _codecs.encode(latin-1 str, 'latin1'). */
  private bytes(value: Uint8Array, sharedKey?: string): void {
    if (sharedKey !== undefined && this.getMemo(`bytes:${sharedKey}`)) return;
    if (this.protocol >= 4) {
      const header = new ByteBuilder(9); // opcode + up to 8 length bytes
      if (value.length < 256) header.byte(OP.SHORT_BINBYTES, value.length);
      else {
        header.byte(OP.BINBYTES);
        header.uint(value.length, 4);
      }
      this.payload(header.take(), value);
    } else {
      this.global('_codecs', 'encode');
      this.tuple([() => this.latin1Text(value), () => this.string('latin1', 'str:latin1')]);
      this.pending.byte(OP.REDUCE);
    }
    this.memoize(sharedKey === undefined ? undefined : `bytes:${sharedKey}`);
    this.boundary();
  }

  /** The str whose code points are these bytes, stored as UTF-8 (protocol 2 array data). */
  private latin1Text(bytes: Uint8Array): void {
    if (bytes.length === 1) return this.string(String.fromCharCode(bytes[0]!), `str:${bytes[0]}`); // a cached 1-char str
    const encoded = latin1AsUtf8(bytes);
    const header = new ByteBuilder(9); // opcode + up to 8 length bytes
    header.byte(OP.BINUNICODE);
    header.uint(encoded.length, 4);
    this.payload(header.take(), encoded);
    this.memoize();
    this.boundary();
  }

  /** Globals are written once and fetched from the memo afterwards, as CPython does. */
  private global(module: string, name: string): void {
    const key = `global:${module}.${name}`;
    if (this.getMemo(key)) return;
    if (this.protocol >= 4) {
      this.string(module, `str:${module}`);
      this.string(name, `str:${name}`);
      this.pending.byte(OP.STACK_GLOBAL);
    } else {
      this.pending.byte(OP.GLOBAL);
      this.pending.bytes(this.utf8.encode(`${module}\n${name}\n`));
    }
    this.memoize(key);
    this.boundary();
  }

  // --- memo and framing

  private memoize(key?: string): void {
    const index = this.memoCount++;
    if (key !== undefined) this.memo.set(key, index);
    if (this.protocol >= 4) this.pending.byte(OP.MEMOIZE);
    else if (index < 256) this.pending.byte(OP.BINPUT, index);
    else {
      this.pending.byte(OP.LONG_BINPUT);
      this.pending.uint(index, 4);
    }
  }

  private getMemo(key: string): boolean {
    const index = this.memo.get(key);
    if (index === undefined) return false;
    if (index < 256) this.pending.byte(OP.BINGET, index);
    else {
      this.pending.byte(OP.LONG_BINGET);
      this.pending.uint(index, 4);
    }
    this.boundary();
    return true;
  }

  /** Payloads ≥ 64 KiB go, with their opcode header, straight to the output after closing the frame. */
  private payload(header: Uint8Array, data: Uint8Array): void {
    if (data.length < FRAME_TARGET) {
      this.pending.bytes(header);
      this.pending.bytes(data);
      return;
    }
    this.flush(true);
    this.chunks.push(header, data);
  }

  /** The C pickler closes a frame after any object that brings it to 64 KiB. */
  private boundary(): void {
    if (this.pending.length >= FRAME_TARGET) this.flush(true);
  }

  private flush(asFrame: boolean): void {
    if (this.pending.length === 0) return;
    const body = this.pending.take();
    if (asFrame && this.protocol >= 4 && body.length >= FRAME_MIN) {
      const header = new Uint8Array(9);
      header[0] = OP.FRAME;
      new DataView(header.buffer).setBigUint64(1, BigInt(body.length), true);
      this.chunks.push(header);
    }
    this.chunks.push(body);
  }
}

/** UTF-8 of the string whose code points are these bytes (what protocol 2 stores for array data). */
function latin1AsUtf8(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  let n = 0;
  for (const b of bytes) {
    if (b < 0x80) out[n++] = b;
    else {
      out[n++] = 0xc0 | (b >> 6);
      out[n++] = 0x80 | (b & 0x3f);
    }
  }
  return out.subarray(0, n);
}
