/** Reading checkpoint tensors for the identity path and folding their BatchNorms at load time. */
import { bnScaleShift, foldBatchNorm, readBatchNorm } from '../weights/batchnorm';
import type { TensorMap } from '../weights/tensor-map';

/** The tensor `key`, checked against the shape the architecture expects (errors name the key). */
export function requireTensor(weights: TensorMap, key: string, shape: readonly number[]): Float32Array {
  const t = weights.get(key);
  if (!t) throw new Error(`weights: missing key "${key}" (expected shape [${shape.join(', ')}])`);
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`weights: key "${key}" has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  return t.data;
}

export function requireScalar(weights: TensorMap, key: string): Float32Array {
  return requireTensor(weights, key, [1]);
}

export interface FoldedLayer {
  readonly weight: Float32Array;
  readonly bias: Float32Array;
}

/**
 * Conv `<layer>.weight` [O, I, kh, kw] (with `<layer>.bias` when the checkpoint has one) followed by the
 * BatchNorm `<bn>`: W' = W·s, b' = (b − μ)·s + β per output channel.
 */
export function foldConvBatchNorm(weights: TensorMap, layer: string, bn: string, shape: readonly [number, number, number, number]): FoldedLayer {
  const weight = { shape, data: requireTensor(weights, `${layer}.weight`, shape) };
  const biasData = weights.has(`${layer}.bias`) ? requireTensor(weights, `${layer}.bias`, [shape[0]]) : undefined;
  const folded = foldBatchNorm(weight, biasData ? { shape: [shape[0]], data: biasData } : undefined, requireBatchNorm(weights, bn, shape[0]), 'conv');
  return { weight: folded.weight.data, bias: folded.bias.data };
}

/** Paddle Linear `<layer>` (weight [in, out], bias [out]) followed by BatchNorm1d `<bn>`, folded per output column. */
export function foldLinearBatchNorm(weights: TensorMap, layer: string, bn: string, inFeatures: number, outFeatures: number): FoldedLayer {
  const weight = { shape: [inFeatures, outFeatures], data: requireTensor(weights, `${layer}.weight`, [inFeatures, outFeatures]) };
  const bias = { shape: [outFeatures], data: requireTensor(weights, `${layer}.bias`, [outFeatures]) };
  const folded = foldBatchNorm(weight, bias, requireBatchNorm(weights, bn, outFeatures), 'linear');
  return { weight: folded.weight.data, bias: folded.bias.data };
}

/** A BatchNorm that no conv precedes, as [2, C]: scale then shift (for in-kernel affines). */
export function batchNormAffine(weights: TensorMap, bn: string, channels: number): Float32Array {
  const { scale, shift } = bnScaleShift(requireBatchNorm(weights, bn, channels));
  const out = new Float32Array(2 * channels);
  out.set(scale, 0);
  out.set(shift, channels);
  return out;
}

function requireBatchNorm(weights: TensorMap, bn: string, channels: number) {
  for (const suffix of ['weight', 'bias', '_mean', '_variance']) requireTensor(weights, `${bn}.${suffix}`, [channels]);
  return readBatchNorm(weights, bn);
}
