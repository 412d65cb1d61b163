/**
 * Inference BatchNorm as a per-channel scale and shift, and folding it into the conv or linear layer
 * that precedes it: y = (x·W + b − μ)/√(σ² + ε)·γ + β  ⇒  W' = W·s, b' = (b − μ)·s + β with s = γ/√(σ² + ε).
 */
import { BN_SUFFIXES, type BatchNormFold, type Manifest, type TensorSpec } from './manifest';
import type { HostTensor, TensorMap } from './tensor-map';

/** Paddle's default BatchNorm epsilon. */
export const BN_EPSILON = 1e-5;

export interface BatchNormParams {
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
}

export interface ScaleShift {
  readonly scale: Float32Array;
  readonly shift: Float32Array;
}

/** BN as y = x·scale + shift per channel (computed in float64, stored as float32). */
export function bnScaleShift(bn: BatchNormParams, eps = BN_EPSILON): ScaleShift {
  const n = bn.weight.length;
  if (bn.bias.length !== n || bn.mean.length !== n || bn.variance.length !== n) {
    throw new Error(`BatchNorm parameters disagree in length (${n}, ${bn.bias.length}, ${bn.mean.length}, ${bn.variance.length})`);
  }
  const scale = new Float32Array(n);
  const shift = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    const s = bn.weight[c]! / Math.sqrt(bn.variance[c]! + eps);
    scale[c] = s;
    shift[c] = bn.bias[c]! - bn.mean[c]! * s;
  }
  return { scale, shift };
}

/** Reads `<prefix>.weight|bias|_mean|_variance` from a tensor map. */
export function readBatchNorm(tensors: TensorMap, prefix: string): BatchNormParams {
  const get = (suffix: string): Float32Array => {
    const t = tensors.get(`${prefix}.${suffix}`);
    if (!t) throw new Error(`BatchNorm '${prefix}' has no '${prefix}.${suffix}'`);
    return t.data;
  };
  return { weight: get('weight'), bias: get('bias'), mean: get('_mean'), variance: get('_variance') };
}

/**
 * Folds BN into a conv weight [O, I, kh, kw] (per output channel) or a Paddle linear weight [in, out]
 * (per column). A missing bias counts as zero; the result always has one.
 */
export function foldBatchNorm(
  weight: HostTensor,
  bias: HostTensor | undefined,
  bn: BatchNormParams,
  kind: 'conv' | 'linear' = 'conv',
  eps = BN_EPSILON,
): { weight: HostTensor; bias: HostTensor } {
  const { scale, shift } = bnScaleShift(bn, eps);
  const channels = kind === 'conv' ? weight.shape[0] : weight.shape[weight.shape.length - 1];
  if (channels !== scale.length) {
    throw new Error(`cannot fold a ${scale.length}-channel BatchNorm into a ${kind} weight of shape [${weight.shape.join(', ')}]`);
  }
  const w = new Float32Array(weight.data.length);
  if (kind === 'conv') {
    const perChannel = weight.data.length / channels;
    for (let i = 0; i < w.length; i++) w[i] = weight.data[i]! * scale[Math.floor(i / perChannel)]!;
  } else {
    for (let i = 0; i < w.length; i++) w[i] = weight.data[i]! * scale[i % channels]!;
  }
  const b = new Float32Array(channels);
  for (let c = 0; c < channels; c++) b[c] = (bias ? bias.data[c]! : 0) * scale[c]! + shift[c]!;
  return { weight: { shape: weight.shape, data: w }, bias: { shape: [channels], data: b } };
}

/**
 * Applies every fold: BN keys disappear, each folded layer gets a `.bias` (right after its weight).
 * Tensors not involved are passed through (same objects).
 */
export function foldBatchNorms(tensors: TensorMap, folds: readonly BatchNormFold[], eps = BN_EPSILON): TensorMap {
  const byLayerWeight = new Map(folds.map((f) => [`${f.layer}.weight`, f]));
  const dropped = droppedKeys(folds);
  const out: TensorMap = new Map();
  for (const [name, tensor] of tensors) {
    if (dropped.has(name)) continue;
    const fold = byLayerWeight.get(name);
    if (!fold) {
      out.set(name, tensor);
      continue;
    }
    const folded = foldBatchNorm(tensor, tensors.get(`${fold.layer}.bias`), readBatchNorm(tensors, fold.bn), fold.kind, eps);
    out.set(name, folded.weight);
    out.set(`${fold.layer}.bias`, folded.bias);
  }
  return out;
}

/** The manifest a BN-folded tensor set must match. */
export function foldedManifest(manifest: Manifest, folds: readonly BatchNormFold[]): Manifest {
  const byLayerWeight = new Map(folds.map((f) => [`${f.layer}.weight`, f]));
  const dropped = droppedKeys(folds);
  const out: TensorSpec[] = [];
  for (const spec of manifest) {
    if (dropped.has(spec.name)) continue;
    out.push(spec);
    const fold = byLayerWeight.get(spec.name);
    if (fold) {
      const channels = fold.kind === 'conv' ? spec.shape[0]! : spec.shape[spec.shape.length - 1]!;
      out.push({ name: `${fold.layer}.bias`, shape: [channels] });
    }
  }
  return out;
}

/** BN keys plus the original biases of folded layers (re-emitted next to their weights). */
function droppedKeys(folds: readonly BatchNormFold[]): Set<string> {
  const keys = new Set<string>();
  for (const f of folds) {
    for (const suffix of BN_SUFFIXES) keys.add(`${f.bn}.${suffix}`);
    keys.add(`${f.layer}.bias`);
  }
  return keys;
}
