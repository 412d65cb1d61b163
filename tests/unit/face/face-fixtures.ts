/**
 * Shared by the face tests (unit and GPU): the installed MediaPipe models, the tfjs CPU oracle (tfjs-core +
 * tfjs-backend-cpu + tfjs-converter, fed from memory), and the sample faces under assets/faces/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { humanModelsDir } from '../../../src/engine/face/face-models-node';
import { parseTfjsGraphModel, type TfjsGraph } from '../../../src/engine/face/tfjs-graph';

export type FaceModelName = 'blazeface' | 'facemesh';

export function modelFiles(name: FaceModelName): { json: string; bin: Uint8Array } {
  const dir = humanModelsDir();
  return { json: readFileSync(join(dir, `${name}.json`), 'utf8'), bin: new Uint8Array(readFileSync(join(dir, `${name}.bin`))) };
}

export function loadGraph(name: FaceModelName): TfjsGraph {
  const { json, bin } = modelFiles(name);
  return parseTfjsGraphModel(json, bin);
}

/** The same model in tfjs (CPU backend), loaded through an in-memory IO handler. */
export async function loadTfjsModel(name: FaceModelName): Promise<GraphModel> {
  const { json, bin } = modelFiles(name);
  return loadTfjsFromBytes(json, bin);
}

export async function loadTfjsFromBytes(json: string, bin: Uint8Array): Promise<GraphModel> {
  await tf.setBackend('cpu');
  const model = JSON.parse(json) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[]; signature?: object; userDefinedMetadata?: { signature?: object } };
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  const handler: tf.io.IOHandler = {
    load: async () => ({
      modelTopology: model.modelTopology,
      weightSpecs: model.weightsManifest.flatMap((g) => g.weights),
      weightData,
      signature: model.signature ?? model.userDefinedMetadata?.signature,
    }),
  };
  return loadGraphModel(handler);
}

/** Run the tfjs model on a planar [C, H, W] input; outputs by graph node name, flattened in TF order. */
export function runTfjs(model: GraphModel, graph: TfjsGraph, planar: Float32Array): Record<string, Float32Array> {
  const input = graph.inputs[0]!;
  const [, H, W, C] = input.shape as [number, number, number, number];
  const nhwc = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) nhwc[p * C + c] = planar[c * H * W + p]!;
  return tf.tidy(() => {
    const x = tf.tensor4d(nhwc, [1, H, W, C]);
    const names = graph.outputs.map((o) => `${o.node}:0`);
    const res = model.execute(x, names) as tf.Tensor[];
    return Object.fromEntries(graph.outputs.map((o, i) => [o.name, res[i]!.dataSync() as Float32Array]));
  });
}

export interface RgbaImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export const FACES_DIR = join(process.cwd(), 'assets', 'faces');
export const SAMPLE_FACES = ['grace_hopper.jpg', 'astronaut.png', 'joconde.jpg'] as const;
export const facesPresent = SAMPLE_FACES.every((f) => existsSync(join(FACES_DIR, f)));
export const FACES_MISSING = `sample faces not found under ${FACES_DIR} (expected ${SAMPLE_FACES.join(', ')}): face tests on real images are skipped`;

export function loadImage(file: string): RgbaImage {
  const buf = readFileSync(join(FACES_DIR, file));
  if (file.endsWith('.png')) {
    const png = PNG.sync.read(buf);
    return { data: new Uint8Array(png.data), width: png.width, height: png.height };
  }
  const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
  return { data: new Uint8Array(img.data), width: img.width, height: img.height };
}

/** Uniform RGB noise (opaque), reproducible. */
export function noiseImage(width: number, height: number, seed = 7): RgbaImage {
  let s = seed >>> 0;
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = i % 4 === 3 ? 255 : s >>> 24;
  }
  return { data, width, height };
}

/** max |a − e| and the largest |e|, for reporting. */
export function maxAbsError(a: ArrayLike<number>, e: ArrayLike<number>): { err: number; ref: number } {
  let err = 0;
  let ref = 0;
  for (let i = 0; i < e.length; i++) {
    err = Math.max(err, Math.abs(a[i]! - e[i]!));
    ref = Math.max(ref, Math.abs(e[i]!));
  }
  return { err, ref };
}

/**
 * A small graph that takes the lowering's fallback paths the two MediaPipe models never need: a standalone
 * Relu (in place), an add of two stored values (add-activation, pooled shortcut), a 1×1 conv with a separate
 * Sigmoid (fused), and a wide 3×3 conv (C_in·K² = 576 > 512: conv2d, Relu as a zero-slope PReLU).
 *   x [1,6,6,64] → dw 3×3/2 SAME → Relu ─┐
 *   x → MaxPool 2×2/2 SAME ──────────────┴ AddV2 → 1×1 64→8 + bias → Sigmoid → out_a [1,3,3,8]
 *   x → 3×3/1 VALID 64→5 + bias + Relu → out_b [1,4,4,5]
 */
export function syntheticGraphModel(rng: () => number): { json: string; bin: Uint8Array } {
  const weights: { name: string; shape: number[]; dtype: string }[] = [];
  const consts: object[] = [];
  const chunks: Float32Array[] = [];
  // A weight is a Const node in the topology whose value lives in the manifest and the .bin.
  const weight = (name: string, shape: number[]) => {
    weights.push({ name, shape, dtype: 'float32' });
    consts.push({ name, op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: shape.map((d) => ({ size: String(d) })) } } } } });
    chunks.push(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1));
    return name;
  };
  const list = (xs: number[]) => ({ list: { i: xs.map(String) } });
  const str = (v: string) => ({ s: btoa(v) });
  const strs = (vs: string[]) => ({ list: { s: vs.map((v) => btoa(v)) } });
  const conv = { strides: list([1, 1, 1, 1]), dilations: list([1, 1, 1, 1]), data_format: str('NHWC') };
  const nodes = [
    { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [1, 6, 6, 64].map((d) => ({ size: String(d) })) } } } },
    { name: 'dw', op: 'DepthwiseConv2dNative', input: ['x', weight('dw_w', [3, 3, 64, 1])], attr: { ...conv, strides: list([1, 2, 2, 1]), padding: str('SAME') } },
    { name: 'dw_relu', op: 'Relu', input: ['dw'] },
    { name: 'pool', op: 'MaxPool', input: ['x'], attr: { ksize: list([1, 2, 2, 1]), strides: list([1, 2, 2, 1]), padding: str('SAME'), data_format: str('NHWC') } },
    { name: 'add', op: 'AddV2', input: ['dw_relu', 'pool'] },
    { name: 'pw', op: '_FusedConv2D', input: ['add', weight('pw_w', [1, 1, 64, 8]), weight('pw_b', [8])], attr: { ...conv, padding: str('VALID'), fused_ops: strs(['BiasAdd']), num_args: { i: '1' } } },
    { name: 'sig', op: 'Sigmoid', input: ['pw'] },
    { name: 'wide', op: '_FusedConv2D', input: ['x', weight('wide_w', [3, 3, 64, 5]), weight('wide_b', [5])], attr: { ...conv, padding: str('VALID'), fused_ops: strs(['BiasAdd', 'Relu']), num_args: { i: '1' } } },
    { name: 'out_a', op: 'Identity', input: ['sig'] },
    { name: 'out_b', op: 'Identity', input: ['wide'] },
  ];
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const bin = new Float32Array(total);
  let o = 0;
  for (const c of chunks) {
    bin.set(c, o);
    o += c.length;
  }
  const json = JSON.stringify({ format: 'graph-model', modelTopology: { node: [...consts, ...nodes], library: {}, versions: { producer: 440 } }, weightsManifest: [{ paths: ['synthetic.bin'], weights }] });
  return { json, bin: new Uint8Array(bin.buffer) };
}
