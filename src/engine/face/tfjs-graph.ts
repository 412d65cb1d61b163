/**
 * Importer for the TensorFlow.js graph-model format: `model.json` (a GraphDef as proto3 JSON, plus a weights
 * manifest) and its `.bin` shard(s). It produces a small typed graph — ops, inputs, decoded attributes and
 * constant tensors — and nothing else: no execution, no tfjs at run time. Pure TypeScript (runs in Node and
 * in the browser).
 *
 * Weight encodings handled: float32, int32, bool, and the converter's quantisations (float16, uint8/uint16
 * affine with scale and min). Anything else is refused with a message that names the weight.
 */
import { InvalidArgumentError } from '../errors';

export type TensorDType = 'float32' | 'int32' | 'bool';

export interface ConstTensor {
  readonly name: string;
  readonly dtype: TensorDType;
  readonly shape: readonly number[];
  /** float32 → Float32Array; int32 and bool → Int32Array (bool as 0/1). */
  readonly data: Float32Array | Int32Array;
  /** The on-disk encoding, e.g. 'float32' or 'float16' (a quantised weight is decoded to float32). */
  readonly storedAs: string;
}

/** Attribute values, decoded from their proto3-JSON form (`s` is base64, `i` is a decimal string). */
export type AttrValue = string | number | boolean | readonly number[] | readonly string[] | { readonly shape: readonly number[] };

export interface GraphNode {
  readonly name: string;
  readonly op: string;
  /** Producer node names (the `:0` output suffix removed; control inputs `^x` dropped). */
  readonly inputs: readonly string[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
}

export interface GraphIo {
  readonly name: string;
  readonly node: string;
  /** Declared shape; -1 for an unknown (batch) dimension. */
  readonly shape: readonly number[];
}

export interface TfjsGraph {
  /** Every node except constants, in a topological order. */
  readonly nodes: readonly GraphNode[];
  readonly consts: ReadonlyMap<string, ConstTensor>;
  readonly inputs: readonly GraphIo[];
  /** Signature outputs when the model declares them, else the nodes nobody consumes. */
  readonly outputs: readonly GraphIo[];
  readonly format?: string;
  readonly convertedBy?: string;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

type Json = Record<string, unknown>;

/**
 * Parse a graph model. `weightData` holds the shards' bytes concatenated in manifest order (or one array
 * per shard, in that order).
 */
export function parseTfjsGraphModel(modelJson: string | object, weightData: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[]): TfjsGraph {
  const model = (typeof modelJson === 'string' ? JSON.parse(modelJson) : modelJson) as Json;
  const topology = model['modelTopology'] as Json | undefined;
  const rawNodes = topology?.['node'] as Json[] | undefined;
  if (!Array.isArray(rawNodes)) throw new InvalidArgumentError('tfjs graph model: modelTopology.node is missing (is this a layers model rather than a graph model?)');
  const manifest = model['weightsManifest'] as { paths: string[]; weights: WeightSpec[] }[] | undefined;
  if (!Array.isArray(manifest)) throw new InvalidArgumentError('tfjs graph model: weightsManifest is missing');

  const bytes = concatBytes(weightData);
  const consts = decodeWeights(manifest.flatMap((g) => g.weights), bytes);

  const nodes: GraphNode[] = [];
  for (const raw of rawNodes) {
    const name = String(raw['name']);
    const op = String(raw['op']);
    const attrs = decodeAttrs((raw['attr'] as Json | undefined) ?? {});
    if (op === 'Const') {
      if (!consts.has(name)) consts.set(name, inlineConst(name, raw));
      continue;
    }
    const inputs = ((raw['input'] as string[] | undefined) ?? []).filter((i) => !i.startsWith('^')).map(stripOutputIndex);
    nodes.push({ name, op, inputs, attrs });
  }
  const sorted = topologicalOrder(nodes, consts);
  return {
    nodes: sorted,
    consts,
    inputs: graphInputs(sorted),
    outputs: graphOutputs(model, sorted),
    ...(typeof model['format'] === 'string' ? { format: model['format'] } : {}),
    ...(typeof model['convertedBy'] === 'string' ? { convertedBy: model['convertedBy'] } : {}),
  };
}

/** Count of nodes per op (constants counted as 'Const'), for summaries and tests. */
export function opCounts(graph: TfjsGraph): Record<string, number> {
  const counts: Record<string, number> = { Const: graph.consts.size };
  for (const n of graph.nodes) counts[n.op] = (counts[n.op] ?? 0) + 1;
  return counts;
}

function stripOutputIndex(input: string): string {
  const m = /^(.*):(\d+)$/.exec(input);
  if (m && m[2] !== '0') throw new InvalidArgumentError(`tfjs graph model: input "${input}" uses output ${m[2]} of a multi-output op; only single-output ops are supported`);
  return m ? m[1]! : input;
}

function concatBytes(data: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[]): Uint8Array {
  const parts = (Array.isArray(data) ? data : [data]) as (ArrayBuffer | Uint8Array)[];
  const views = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
  if (views.length === 1) return views[0]!;
  const out = new Uint8Array(views.reduce((s, v) => s + v.byteLength, 0));
  let o = 0;
  for (const v of views) {
    out.set(v, o);
    o += v.byteLength;
  }
  return out;
}

const BYTES_PER: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

function decodeWeights(specs: readonly WeightSpec[], bytes: Uint8Array): Map<string, ConstTensor> {
  const out = new Map<string, ConstTensor>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const stored = spec.quantization?.dtype ?? spec.dtype;
    const width = BYTES_PER[stored];
    if (width === undefined || !['float32', 'int32', 'bool'].includes(spec.dtype)) {
      throw new InvalidArgumentError(`tfjs graph model: weight "${spec.name}" has unsupported dtype ${spec.dtype}${spec.quantization ? ` (stored as ${stored})` : ''}`);
    }
    const size = count * width;
    if (offset + size > bytes.byteLength) {
      throw new InvalidArgumentError(`tfjs graph model: weight "${spec.name}" needs bytes ${offset}..${offset + size} but the weight data has ${bytes.byteLength}`);
    }
    const data = decodeValues(spec, stored, view, offset, count);
    out.set(spec.name, { name: spec.name, dtype: spec.dtype as TensorDType, shape: [...spec.shape], data, storedAs: stored });
    offset += size;
  }
  if (offset !== bytes.byteLength) {
    throw new InvalidArgumentError(`tfjs graph model: the manifest describes ${offset} bytes of weights but ${bytes.byteLength} were given`);
  }
  return out;
}

function decodeValues(spec: WeightSpec, stored: string, view: DataView, offset: number, count: number): Float32Array | Int32Array {
  const isFloat = spec.dtype === 'float32';
  const out = isFloat ? new Float32Array(count) : new Int32Array(count);
  const q = spec.quantization;
  if ((stored === 'uint8' || stored === 'uint16') && (typeof q?.scale !== 'number' || typeof q?.min !== 'number')) {
    throw new InvalidArgumentError(`tfjs graph model: quantised weight "${spec.name}" lacks scale/min`);
  }
  // tfjs writes the .bin little-endian, whatever the host.
  for (let i = 0; i < count; i++) {
    let v: number;
    switch (stored) {
      case 'float32':
        v = view.getFloat32(offset + 4 * i, true);
        break;
      case 'int32':
        v = view.getInt32(offset + 4 * i, true);
        break;
      case 'bool':
        v = view.getUint8(offset + i) ? 1 : 0;
        break;
      case 'float16':
        v = halfToFloat(view.getUint16(offset + 2 * i, true));
        break;
      case 'uint8':
        v = view.getUint8(offset + i) * q!.scale! + q!.min!;
        break;
      default: // uint16
        v = view.getUint16(offset + 2 * i, true) * q!.scale! + q!.min!;
    }
    out[i] = isFloat ? v : Math.round(v);
  }
  return out;
}

/** IEEE 754 binary16 → number (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** A constant whose value is stored inline in the topology (scalars and small tensors some converters emit). */
function inlineConst(name: string, raw: Json): ConstTensor {
  const attr = (raw['attr'] as Json | undefined) ?? {};
  const tensor = (attr['value'] as Json | undefined)?.['tensor'] as Json | undefined;
  const dtype = String(tensor?.['dtype'] ?? (attr['dtype'] as Json | undefined)?.['type'] ?? '');
  const shape = dimsOf(tensor?.['tensorShape'] as Json | undefined);
  const floats = tensor?.['floatVal'] as number[] | undefined;
  const ints = tensor?.['intVal'] as (number | string)[] | undefined;
  if (dtype === 'DT_FLOAT' && floats) return fillConst(name, 'float32', shape, floats.map(Number));
  if (dtype === 'DT_INT32' && ints) return fillConst(name, 'int32', shape, ints.map(Number));
  throw new InvalidArgumentError(`tfjs graph model: constant "${name}" (${dtype || 'unknown dtype'}) is neither in the weights manifest nor stored inline`);
}

function fillConst(name: string, dtype: TensorDType, shape: number[], values: number[]): ConstTensor {
  const count = shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'float32' ? new Float32Array(count) : new Int32Array(count);
  // A proto may store one value for a splat tensor.
  for (let i = 0; i < count; i++) data[i] = values[Math.min(i, values.length - 1)]!;
  return { name, dtype, shape, data, storedAs: 'inline' };
}

function dimsOf(shape: Json | undefined): number[] {
  const dims = (shape?.['dim'] as { size?: string | number }[] | undefined) ?? [];
  return dims.map((d) => Number(d.size ?? 1));
}

function decodeAttrs(attr: Json): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [key, raw] of Object.entries(attr)) {
    const v = decodeAttr(raw as Json);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function decodeAttr(v: Json): AttrValue | undefined {
  if ('s' in v) return decodeBase64(String(v['s']));
  if ('i' in v) return Number(v['i']);
  if ('f' in v) return Number(v['f']);
  if ('b' in v) return Boolean(v['b']);
  if ('type' in v) return String(v['type']);
  if ('shape' in v) return { shape: dimsOf(v['shape'] as Json) };
  if ('list' in v) {
    const list = (v['list'] as Json | undefined) ?? {};
    if (Array.isArray(list['s'])) return (list['s'] as string[]).map(decodeBase64);
    if (Array.isArray(list['i'])) return (list['i'] as (string | number)[]).map(Number);
    if (Array.isArray(list['f'])) return (list['f'] as (string | number)[]).map(Number);
    return [];
  }
  return undefined; // tensors and functions: not needed by any op we lower
}

function decodeBase64(s: string): string {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/** Kahn's algorithm; a cycle or a dangling input is a malformed model. */
function topologicalOrder(nodes: readonly GraphNode[], consts: ReadonlyMap<string, ConstTensor>): GraphNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n] as const));
  const pending = new Map<string, number>();
  const consumers = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    let deps = 0;
    for (const i of n.inputs) {
      if (consts.has(i)) continue;
      if (!byName.has(i)) throw new InvalidArgumentError(`tfjs graph model: node "${n.name}" reads "${i}", which no node produces`);
      deps++;
      consumers.set(i, [...(consumers.get(i) ?? []), n]);
    }
    pending.set(n.name, deps);
  }
  const ready = nodes.filter((n) => pending.get(n.name) === 0);
  const order: GraphNode[] = [];
  while (ready.length > 0) {
    const n = ready.shift()!;
    order.push(n);
    for (const c of consumers.get(n.name) ?? []) {
      // One decrement per edge: a node reading the same tensor twice has two edges.
      const left = pending.get(c.name)! - 1;
      pending.set(c.name, left);
      if (left === 0) ready.push(c);
    }
  }
  if (order.length !== nodes.length) throw new InvalidArgumentError('tfjs graph model: the graph has a cycle');
  return order;
}

interface SignatureEntry {
  name: string;
  tensorShape?: Json;
}

function signatureOf(model: Json): { inputs?: Record<string, SignatureEntry>; outputs?: Record<string, SignatureEntry> } | undefined {
  const sig = (model['signature'] ?? (model['userDefinedMetadata'] as Json | undefined)?.['signature']) as Json | undefined;
  return sig as { inputs?: Record<string, SignatureEntry>; outputs?: Record<string, SignatureEntry> } | undefined;
}

function graphInputs(nodes: readonly GraphNode[]): GraphIo[] {
  return nodes
    .filter((n) => n.op === 'Placeholder')
    .map((n) => {
      const shape = n.attrs['shape'];
      return { name: n.name, node: n.name, shape: shape && typeof shape === 'object' && 'shape' in shape ? [...shape.shape] : [] };
    });
}

function graphOutputs(model: Json, nodes: readonly GraphNode[]): GraphIo[] {
  const sig = signatureOf(model)?.outputs;
  if (sig && Object.keys(sig).length > 0) {
    return Object.entries(sig).map(([key, entry]) => ({ name: key, node: stripOutputIndex(entry.name), shape: dimsOf(entry.tensorShape) }));
  }
  const consumed = new Set(nodes.flatMap((n) => n.inputs));
  return nodes.filter((n) => !consumed.has(n.name)).map((n) => ({ name: n.name, node: n.name, shape: [] }));
}
