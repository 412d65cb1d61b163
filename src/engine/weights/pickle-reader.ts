/**
 * A safe reader for Paddle `.pdparams` files (Python pickles of {name: numpy array}).
 *
 * It is a small pickle opcode interpreter that never runs anything from the file: it knows how to
 * rebuild exactly the globals a numpy state dict needs (ALLOWED_GLOBALS) and throws UnsafePickleError
 * at the first GLOBAL/STACK_GLOBAL naming anything else, before any call could happen. Every opcode
 * consumes at least one byte and every length is checked against the bytes left, so truncated or
 * garbage input ends in a PickleFormatError, never a hang.
 */
import { HOST_LITTLE_ENDIAN } from './bytes';
import { PickleFormatError, UnsafePickleError, UnsupportedTensorError } from './errors';
import { elementCount, type HostTensor, type TensorMap } from './tensor-map';

/** Paddle's name table key: structured name → internal name (`conv2d_0.w_0`). Not a tensor. */
export const STRUCTURED_NAME_KEY = 'StructuredToParameterName@@';

type GlobalRole = 'reconstruct' | 'ndarray' | 'dtype' | 'encode' | 'ordered-dict';

/** The complete allow-list. OrderedDict is a plain mapping, added because some tools save state dicts as one. */
const ALLOWED_GLOBALS: ReadonlyMap<string, GlobalRole> = new Map([
  ['numpy.core.multiarray._reconstruct', 'reconstruct'], // numpy 1.x
  ['numpy._core.multiarray._reconstruct', 'reconstruct'], // numpy 2.x
  ['numpy.ndarray', 'ndarray'],
  ['numpy.dtype', 'dtype'],
  ['_codecs.encode', 'encode'], // protocol 2 spells byte strings as _codecs.encode(str, 'latin1')
  ['collections.OrderedDict', 'ordered-dict'],
]);

export function isAllowedPickleGlobal(qualified: string): boolean {
  return ALLOWED_GLOBALS.has(qualified);
}

class PyGlobal {
  constructor(
    readonly role: GlobalRole,
    readonly qualified: string,
  ) {}
}

class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** A long unicode string kept as UTF-8 until needed: protocol 2 array data arrives this way. */
class LazyText {
  constructor(readonly utf8: Uint8Array) {}
}

class PyDtype {
  constructor(
    readonly typestr: string,
    public byteOrder: string,
  ) {}
}

/** An ndarray between `_reconstruct` (empty) and BUILD (shape, dtype, order, bytes). */
class PyArray {
  shape: number[] | undefined;
  dtype: PyDtype | undefined;
  fortranOrder = false;
  data: Uint8Array | undefined;
}

type PyKey = string | number | bigint | boolean | null;
type PyDict = Map<PyKey, PyValue>;
type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | LazyText
  | PyTuple
  | PyValue[]
  | PyDict
  | PyGlobal
  | PyDtype
  | PyArray;

export interface PdparamsContents {
  /** Every array of the state dict, as float32, in file order. */
  readonly tensors: TensorMap;
  /** Pickle protocol from the PROTO opcode (0 when absent). */
  readonly protocol: number;
  /** Module path of `_reconstruct` the file uses: `numpy.core` (numpy 1.x) or `numpy._core` (2.x). */
  readonly numpyModule: string | undefined;
  /** The `StructuredToParameterName@@` table, when present (name → Paddle internal name). */
  readonly structuredNames: ReadonlyMap<string, string>;
  /** Lossy conversions performed (float64/float16 → float32), one line per tensor. */
  readonly notes: readonly string[];
}

const LAZY_TEXT_BYTES = 1 << 16;
const MAX_LONG_BYTES = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a `.pdparams` file's bytes into float32 tensors (skipping `StructuredToParameterName@@`). */
export function readPdparams(bytes: Uint8Array): PdparamsContents {
  const machine = new Unpickler(bytes);
  const root = machine.run();
  if (!(root instanceof Map)) {
    throw new PickleFormatError(`the pickle holds ${describe(root)}, not a dict of arrays`, bytes.length);
  }
  const tensors: TensorMap = new Map();
  const notes: string[] = [];
  const structuredNames = new Map<string, string>();
  for (const [rawKey, value] of root) {
    const name = typeof rawKey === 'string' ? rawKey : String(rawKey);
    if (name === STRUCTURED_NAME_KEY) {
      if (value instanceof Map) {
        for (const [k, v] of value) if (typeof k === 'string') structuredNames.set(k, textOf(v, k));
      }
      continue;
    }
    if (!(value instanceof PyArray)) throw new UnsupportedTensorError(name, `holds ${describe(value)}, not a numpy array`);
    tensors.set(name, arrayToTensor(name, value, notes));
  }
  return { tensors, protocol: machine.protocol, numpyModule: machine.numpyModule, structuredNames, notes };
}

class Unpickler {
  private pos = 0;
  private readonly stack: PyValue[] = [];
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, PyValue>();
  private readonly view: DataView;
  private opStart = 0;
  protocol = 0;
  numpyModule: string | undefined;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  run(): PyValue {
    while (this.pos < this.bytes.length) {
      this.opStart = this.pos;
      const op = this.bytes[this.pos++]!;
      if (op === 0x2e /* . STOP */) return this.pop();
      this.step(op);
    }
    throw this.fail('the file ends before the pickle STOP opcode (truncated?)');
  }

  private step(op: number): void {
    switch (op) {
      // --- framing and protocol
      case 0x80: {
        this.protocol = this.u8();
        if (this.protocol > 5) throw this.fail(`unknown pickle protocol ${this.protocol}`);
        return;
      }
      case 0x95: // FRAME: just a length hint; the content follows inline
        this.sizeAt(this.u64());
        return;
      // --- stack manipulation
      case 0x28: // ( MARK
        this.marks.push(this.stack.length);
        return;
      case 0x30: // 0 POP
        if (this.stack.length === 0) throw this.fail('POP on an empty stack');
        if (this.marks.length && this.marks[this.marks.length - 1] === this.stack.length) this.marks.pop();
        else this.stack.pop();
        return;
      case 0x31: // 1 POP_MARK
        this.popMark();
        return;
      case 0x32: // 2 DUP
        return this.push(this.peek());
      // --- constants and numbers
      case 0x4e: // N NONE
        return this.push(null);
      case 0x88:
        return this.push(true);
      case 0x89:
        return this.push(false);
      case 0x4a: // J BININT
        return this.push(this.view.getInt32(this.take(4), true));
      case 0x4b: // K BININT1
        return this.push(this.u8());
      case 0x4d: // M BININT2
        return this.push(this.view.getUint16(this.take(2), true));
      case 0x8a: // LONG1
        return this.push(this.long(this.u8()));
      case 0x8b: // LONG4
        return this.push(this.long(this.view.getInt32(this.take(4), true)));
      case 0x47: // G BINFLOAT (big-endian)
        return this.push(this.view.getFloat64(this.take(8), false));
      case 0x49: // I INT (text)
        return this.push(this.textInt(this.line()));
      case 0x4c: // L LONG (text)
        return this.push(this.textInt(this.line().replace(/L$/, '')));
      case 0x46: {
        // F FLOAT (text)
        const text = this.line();
        const value = Number(text);
        if (text.trim() === '' || Number.isNaN(value) && !/nan/i.test(text)) throw this.fail(`bad FLOAT '${text}'`);
        return this.push(value);
      }
      // --- strings
      case 0x58: // X BINUNICODE
        return this.push(this.unicode(this.view.getUint32(this.take(4), true)));
      case 0x8c: // SHORT_BINUNICODE
        return this.push(this.unicode(this.u8()));
      case 0x8d: // BINUNICODE8
        return this.push(this.unicode(this.u64()));
      case 0x54: // T BINSTRING (Python 2 str: raw bytes, latin-1)
        return this.push(this.raw(this.sizeAt(this.view.getInt32(this.take(4), true))));
      case 0x55: // U SHORT_BINSTRING
        return this.push(this.raw(this.u8()));
      case 0x42: // B BINBYTES
        return this.push(this.raw(this.view.getUint32(this.take(4), true)));
      case 0x43: // C SHORT_BINBYTES
        return this.push(this.raw(this.u8()));
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        return this.push(this.raw(this.u64()));
      // --- containers
      case 0x29: // ) EMPTY_TUPLE
        return this.push(new PyTuple([]));
      case 0x74: // t TUPLE
        return this.push(new PyTuple(this.popMark()));
      case 0x85:
      case 0x86:
      case 0x87: {
        const n = op - 0x84;
        if (this.stack.length - this.floor() < n) throw this.fail(`TUPLE${n} needs ${n} items`);
        return this.push(new PyTuple(this.stack.splice(this.stack.length - n, n)));
      }
      case 0x5d: // ] EMPTY_LIST
        return this.push([]);
      case 0x6c: // l LIST
        return this.push(this.popMark());
      case 0x61: {
        // a APPEND
        const item = this.pop();
        this.listAt().push(item);
        return;
      }
      case 0x65: {
        // e APPENDS
        const items = this.popMark();
        this.listAt().push(...items);
        return;
      }
      case 0x7d: // } EMPTY_DICT
        return this.push(new Map());
      case 0x64: {
        // d DICT
        const items = this.popMark();
        const dict: PyDict = new Map();
        this.setItems(dict, items);
        return this.push(dict);
      }
      case 0x73: {
        // s SETITEM
        const value = this.pop();
        const key = this.pop();
        this.setItems(this.dictAt(), [key, value]);
        return;
      }
      case 0x75: {
        // u SETITEMS
        const items = this.popMark();
        this.setItems(this.dictAt(), items);
        return;
      }
      // --- memo
      case 0x71: // q BINPUT
        return this.put(this.u8());
      case 0x72: // r LONG_BINPUT
        return this.put(this.view.getUint32(this.take(4), true));
      case 0x70: // p PUT
        return this.put(this.textIndex(this.line()));
      case 0x94: // MEMOIZE
        return this.put(this.memo.size);
      case 0x68: // h BINGET
        return this.get(this.u8());
      case 0x6a: // j LONG_BINGET
        return this.get(this.view.getUint32(this.take(4), true));
      case 0x67: // g GET
        return this.get(this.textIndex(this.line()));
      // --- globals and object construction (the only places code could run in Python)
      case 0x63: {
        // c GLOBAL
        const module = this.line();
        const name = this.line();
        return this.push(this.global(module, name));
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw this.fail('STACK_GLOBAL needs two strings');
        return this.push(this.global(module, name));
      }
      case 0x69: {
        // i INST: checks the class like GLOBAL, but no allowed global is built this way
        const qualified = `${this.line()}.${this.line()}`;
        if (!ALLOWED_GLOBALS.has(qualified)) throw new UnsafePickleError(qualified, this.opStart);
        throw this.fail(`INST of ${qualified} is not how numpy pickles`);
      }
      case 0x52: {
        // R REDUCE
        const args = this.pop();
        const callable = this.pop();
        return this.push(this.call(callable, args));
      }
      case 0x62: {
        // b BUILD
        const state = this.pop();
        this.build(this.peek(), state);
        return;
      }
      case 0x81: // NEWOBJ
      case 0x92: // NEWOBJ_EX
      case 0x6f: // o OBJ
        throw this.fail('object construction through NEWOBJ/OBJ is not used by numpy state dicts');
      case 0x50: // P PERSID
      case 0x51: // Q BINPERSID
        throw this.fail('persistent ids (a PyTorch-style archive?) are not part of a .pdparams pickle');
      case 0x82: // EXT1/2/4 name globals through the copyreg registry: refuse like an unknown global
      case 0x83:
      case 0x84: {
        const width = op === 0x82 ? 1 : op === 0x83 ? 2 : 4;
        const at = this.take(width);
        const code = width === 1 ? this.view.getUint8(at) : width === 2 ? this.view.getUint16(at, true) : this.view.getInt32(at, true);
        throw new UnsafePickleError(`copyreg extension #${code}`, this.opStart);
      }
      case 0x97:
      case 0x98:
        throw this.fail('out-of-band buffers (protocol 5) are not supported');
      default:
        throw this.fail(`unknown opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }

  // --- globals and calls

  private global(module: string, name: string): PyGlobal {
    const qualified = `${module}.${name}`;
    const role = ALLOWED_GLOBALS.get(qualified);
    if (!role) throw new UnsafePickleError(qualified, this.opStart);
    if (role === 'reconstruct') this.numpyModule ??= module.replace(/\.multiarray$/, '');
    return new PyGlobal(role, qualified);
  }

  private call(callable: PyValue, args: PyValue): PyValue {
    if (!(callable instanceof PyGlobal)) throw this.fail(`REDUCE on ${describe(callable)}, which is not callable`);
    if (!(args instanceof PyTuple)) throw this.fail(`REDUCE arguments are ${describe(args)}, not a tuple`);
    const a = args.items;
    switch (callable.role) {
      case 'reconstruct': {
        const cls = a[0];
        if (!(cls instanceof PyGlobal) || cls.role !== 'ndarray') throw this.fail('_reconstruct must build a numpy.ndarray');
        return new PyArray();
      }
      case 'dtype': {
        const typestr = textOf(a[0] ?? null, 'dtype');
        return new PyDtype(typestr, /^[<>=|]/.test(typestr) ? typestr[0]! : '<');
      }
      case 'encode': {
        const encoding = textOf(a[1] ?? null, 'encoding').toLowerCase().replace(/[-_]/g, '');
        if (encoding !== 'latin1' && encoding !== 'iso88591') throw this.fail(`_codecs.encode with encoding '${encoding}'`);
        return this.latin1(a[0] ?? null);
      }
      case 'ordered-dict':
        if (a.length !== 0) throw this.fail('OrderedDict with constructor arguments');
        return new Map();
      case 'ndarray':
        throw this.fail('numpy.ndarray called directly');
    }
  }

  private build(target: PyValue, state: PyValue): void {
    if (!(state instanceof PyTuple)) throw this.fail(`BUILD state is ${describe(state)}, not a tuple`);
    const s = state.items;
    if (target instanceof PyDtype) {
      // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
      target.byteOrder = textOf(s[1] ?? null, 'dtype byte order');
      if (s[2] != null || s[3] != null) throw this.fail(`structured or subarray dtype '${target.typestr}'`);
      return;
    }
    if (target instanceof PyArray) {
      // (version, shape, dtype, is_fortran, data); very old numpy omits the version
      const [shape, dtype, fortran, data] = s.length === 5 ? s.slice(1) : s;
      if (!(shape instanceof PyTuple)) throw this.fail('ndarray state without a shape tuple');
      target.shape = shape.items.map((d) => {
        const n = typeof d === 'bigint' ? Number(d) : d;
        if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw this.fail(`bad array dimension ${String(d)}`);
        return n;
      });
      if (!(dtype instanceof PyDtype)) throw this.fail('ndarray state without a numpy.dtype');
      target.dtype = dtype;
      target.fortranOrder = fortran === true || fortran === 1;
      if (Array.isArray(data)) throw this.fail('object arrays (a list of Python objects) are not tensors');
      target.data = this.bytesOf(data ?? null);
      return;
    }
    throw this.fail(`BUILD on ${describe(target)}`);
  }

  // --- containers

  private setItems(dict: PyDict, items: PyValue[]): void {
    if (items.length % 2) throw this.fail('odd number of items for a dict');
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i]!;
      const normalized = key instanceof Uint8Array || key instanceof LazyText ? textOf(key, 'key') : key;
      if (normalized !== null && typeof normalized === 'object') throw this.fail(`unsupported dict key ${describe(key)}`);
      dict.set(normalized, items[i + 1]!);
    }
  }

  private dictAt(): PyDict {
    const top = this.peek();
    if (!(top instanceof Map)) throw this.fail(`SETITEM on ${describe(top)}`);
    return top;
  }

  private listAt(): PyValue[] {
    const top = this.peek();
    if (!Array.isArray(top)) throw this.fail(`APPEND on ${describe(top)}`);
    return top;
  }

  // --- stack and memo

  private floor(): number {
    return this.marks.length ? this.marks[this.marks.length - 1]! : 0;
  }

  private push(value: PyValue): void {
    this.stack.push(value);
  }

  private pop(): PyValue {
    if (this.stack.length <= this.floor()) throw this.fail('stack underflow');
    return this.stack.pop()!;
  }

  private peek(): PyValue {
    if (this.stack.length <= this.floor()) throw this.fail('stack underflow');
    return this.stack[this.stack.length - 1]!;
  }

  private popMark(): PyValue[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw this.fail('no MARK to pop to');
    return this.stack.splice(mark);
  }

  private put(index: number): void {
    this.memo.set(index, this.peek());
  }

  private get(index: number): void {
    if (!this.memo.has(index)) throw this.fail(`memo entry ${index} is not set`);
    this.push(this.memo.get(index)!);
  }

  // --- raw reads (all bounds-checked)

  private fail(reason: string): PickleFormatError {
    return new PickleFormatError(reason, this.opStart);
  }

  private sizeAt(n: number): number {
    if (n < 0 || n > this.bytes.length - this.pos) throw this.fail(`a ${n}-byte field runs past the end of the file (truncated?)`);
    return n;
  }

  private take(n: number): number {
    const at = this.pos;
    this.pos += this.sizeAt(n);
    return at;
  }

  private u8(): number {
    return this.bytes[this.take(1)]!;
  }

  private u64(): number {
    const at = this.take(8);
    const value = this.view.getBigUint64(at, true);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(value);
  }

  private raw(n: number): Uint8Array {
    const at = this.take(n);
    return this.bytes.subarray(at, at + n);
  }

  private unicode(n: number): string | LazyText {
    const bytes = this.raw(n);
    if (n >= LAZY_TEXT_BYTES) return new LazyText(bytes);
    try {
      return utf8.decode(bytes);
    } catch {
      throw this.fail('invalid UTF-8 in a string');
    }
  }

  private line(): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw this.fail('a text field has no end of line (truncated?)');
    const text = latin1Text(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return text;
  }

  private long(n: number): number | bigint {
    if (n > MAX_LONG_BYTES) throw this.fail(`a ${n}-byte integer is too large for a state dict`);
    const bytes = this.raw(n);
    let value = 0n;
    for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
    if (n > 0 && bytes[n - 1]! & 0x80) value -= 1n << BigInt(8 * n);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  private textInt(text: string): number | boolean | bigint {
    if (text === '00') return false;
    if (text === '01') return true;
    if (!/^[+-]?\d+$/.test(text.trim())) throw this.fail(`bad integer '${text}'`);
    const value = BigInt(text.trim());
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  private textIndex(text: string): number {
    const value = this.textInt(text);
    if (typeof value !== 'number' || value < 0) throw this.fail(`bad memo index '${text}'`);
    return value;
  }

  private latin1(value: PyValue): Uint8Array {
    if (value instanceof LazyText) return utf8ToLatin1(value.utf8, () => this.fail('latin-1 encode of a character above U+00FF'));
    if (typeof value !== 'string') throw this.fail(`_codecs.encode of ${describe(value)}`);
    const out = new Uint8Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c > 0xff) throw this.fail('latin-1 encode of a character above U+00FF');
      out[i] = c;
    }
    return out;
  }

  private bytesOf(value: PyValue): Uint8Array {
    if (value instanceof Uint8Array) return value;
    // numpy accepts a latin-1 str as the raw buffer (Python 2 style pickles read with encoding='latin1')
    if (typeof value === 'string' || value instanceof LazyText) return this.latin1(value);
    throw this.fail(`ndarray data is ${describe(value)}, not bytes`);
  }
}

/** Decodes UTF-8 that only holds U+0000..U+00FF straight to latin-1 bytes (protocol 2 array data). */
function utf8ToLatin1(src: Uint8Array, fail: () => Error): Uint8Array {
  const out = new Uint8Array(src.length);
  let n = 0;
  for (let i = 0; i < src.length; ) {
    const b = src[i]!;
    if (b < 0x80) {
      out[n++] = b;
      i += 1;
    } else if ((b === 0xc2 || b === 0xc3) && i + 1 < src.length && (src[i + 1]! & 0xc0) === 0x80) {
      out[n++] = ((b & 0x03) << 6) | (src[i + 1]! & 0x3f);
      i += 2;
    } else {
      throw fail();
    }
  }
  return out.subarray(0, n);
}

function textOf(value: PyValue, what: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return latin1Text(value);
  if (value instanceof LazyText) return utf8.decode(value.utf8);
  throw new PickleFormatError(`expected a string for ${what}, got ${describe(value)}`, 0);
}

/** Bytes → string, one char per byte (TextDecoder's 'latin1' label is really windows-1252). */
function latin1Text(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return text;
}

function describe(value: PyValue): string {
  if (value === null) return 'None';
  if (value instanceof PyGlobal) return value.qualified;
  if (value instanceof PyTuple) return 'a tuple';
  if (value instanceof Map) return 'a dict';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof LazyText) return 'a string';
  if (value instanceof PyDtype) return 'a numpy.dtype';
  if (value instanceof PyArray) return 'a numpy array';
  return `a ${typeof value}`;
}

// --- array → float32 tensor

interface ParsedDtype {
  readonly kind: string;
  readonly size: number;
}

function parseDtype(typestr: string): ParsedDtype | undefined {
  const m = /^[<>=|]?([a-zA-Z])(\d+)$/.exec(typestr);
  return m ? { kind: m[1]!, size: Number(m[2]) } : undefined;
}

function arrayToTensor(name: string, array: PyArray, notes: string[]): HostTensor {
  const { shape, dtype, data } = array;
  if (!shape || !dtype || !data) throw new UnsupportedTensorError(name, 'the numpy array was never filled in (missing BUILD)');
  const parsed = parseDtype(dtype.typestr);
  const isFloat = parsed?.kind === 'f' && (parsed.size === 2 || parsed.size === 4 || parsed.size === 8);
  if (!parsed || !isFloat) {
    throw new UnsupportedTensorError(name, `dtype '${dtype.typestr}' is not a float type (float32, or float64/float16 converted)`);
  }
  if (dtype.byteOrder === '>') throw new UnsupportedTensorError(name, `big-endian dtype '>${dtype.typestr.replace(/^[<>=|]/, '')}'`);
  const count = elementCount(shape);
  if (array.fortranOrder && shape.filter((d) => d > 1).length > 1) {
    throw new UnsupportedTensorError(name, `Fortran-order (column-major) array of shape [${shape.join(', ')}]`);
  }
  if (data.length !== count * parsed.size) {
    throw new UnsupportedTensorError(name, `shape [${shape.join(', ')}] needs ${count * parsed.size} bytes but the file holds ${data.length}`);
  }
  if (parsed.size !== 4) notes.push(`${name}: float${parsed.size * 8} converted to float32`);
  return { shape, data: decodeFloats(data, parsed.size, count) };
}

function decodeFloats(data: Uint8Array, size: number, count: number): Float32Array {
  if (size === 4 && HOST_LITTLE_ENDIAN) {
    // Copy into a fresh, aligned buffer (data may be a view into a Node Buffer pool at any offset).
    const out = new Float32Array(count);
    new Uint8Array(out.buffer).set(data);
    return out;
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = size === 4 ? view.getFloat32(i * 4, true) : size === 8 ? view.getFloat64(i * 8, true) : halfToFloat(view.getUint16(i * 2, true));
  }
  return out;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
