/**
 * Shared helpers for the ONNX export tests: onnxruntime-web (wasm, one thread) in Node, a seeded
 * identity and crop, decoding helpers for onnx-proto's int64 fields.
 */
import * as ort from 'onnxruntime-web';
import { onnx, type OnnxTypes } from '../../../src/engine/onnx/onnx-proto';
import { makeTensor, type Tensor } from '../../../src/model/reference/ops';
import { rng, unitUniform } from '../model/local-synthetic';

// One thread: deterministic, and no worker files to locate. In Node the wasm binary is found next to
// the ort.node bundle in node_modules/onnxruntime-web/dist, so no wasmPaths (and no network) is needed.
ort.env.wasm.numThreads = 1;

export { ort };

export async function createSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
}

export function outputData(result: ort.InferenceSession.ReturnType, name: string): { dims: readonly number[]; data: Float32Array } {
  const t = result[name];
  if (t === undefined) throw new Error(`session returned no output "${name}"`);
  if (!(t.data instanceof Float32Array)) throw new Error(`output "${name}" is ${t.type}, not float32`);
  return { dims: t.dims, data: t.data };
}

/** Largest |a − b|, and the largest |b| (to state errors relative to the signal). */
export function compare(actual: Float32Array, expected: Float32Array): { maxAbs: number; maxRef: number } {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} vs ${expected.length}`);
  let maxAbs = 0;
  let maxRef = 0;
  for (let i = 0; i < actual.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(actual[i]! - expected[i]!));
    maxRef = Math.max(maxRef, Math.abs(expected[i]!));
  }
  return { maxAbs, maxRef };
}

/** A smooth synthetic "face crop" in [0, 1] (same pattern as the reference-model tests). */
export function makeCrop(size: number): Tensor {
  const x = makeTensor([1, 3, size, size]);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < size; y++) {
      for (let xx = 0; xx < size; xx++) {
        x.data[(c * size + y) * size + xx] = 0.5 + 0.4 * Math.sin((xx * (c + 1)) / 9 + y / 13) * Math.cos(y / 17 - c);
      }
    }
  }
  return x;
}

/** Feature map and unit embedding standing in for ArcFace output (the IIN only needs their statistics). */
export function makeIdentity(seed: number): { embedding: Float32Array; featureMap: Tensor } {
  const n = unitUniform(rng(seed));
  const featureMap = makeTensor([1, 512, 7, 7]);
  for (let i = 0; i < featureMap.data.length; i++) featureMap.data[i] = 1 + 1.5 * n();
  const embedding = new Float32Array(512);
  let s = 0;
  for (let i = 0; i < 512; i++) {
    embedding[i] = n();
    s += embedding[i]! * embedding[i]!;
  }
  for (let i = 0; i < 512; i++) embedding[i]! /= Math.sqrt(s);
  return { embedding, featureMap };
}

/** protobufjs decodes int64 as Long when the `long` package is around, as number otherwise. */
export function int64(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

export function valueInfoShape(v: OnnxTypes.IValueInfoProto): number[] {
  return (v.type?.tensorType?.shape?.dim ?? []).map((d) => int64(d.dimValue as number | { toNumber(): number } | null | undefined));
}

export function metadataOf(model: OnnxTypes.IModelProto): Record<string, string> {
  return Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
}

/** Little-endian float32 raw_data → Float32Array (independent of the host's byte order). */
export function rawFloats(t: OnnxTypes.ITensorProto): Float32Array {
  const raw = t.rawData ?? new Uint8Array();
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(raw.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** A decoded model with its nested messages typed as what protobufjs really returns (class instances, arrays present). */
export interface DecodedModel {
  model: OnnxTypes.ModelProto;
  graph: OnnxTypes.GraphProto;
  nodes: OnnxTypes.NodeProto[];
  initializers: OnnxTypes.TensorProto[];
}

export function decodeModel(bytes: Uint8Array): DecodedModel {
  const model = onnx.ModelProto.decode(bytes);
  if (!model.graph) throw new Error('decoded model has no graph');
  const graph = model.graph as OnnxTypes.GraphProto;
  return { model, graph, nodes: graph.node as OnnxTypes.NodeProto[], initializers: graph.initializer as OnnxTypes.TensorProto[] };
}
