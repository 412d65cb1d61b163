import type { SqueezeExciteParams, SqueezeExciteWeights } from './squeeze-excite';

const prelu = (v: number, a: number): number => (v >= 0 ? v : v * a);

/**
 * CPU reference, from the IR-SE definition: s = sigmoid(W2ᵀ·PReLU(W1ᵀ·mean(branch) + b1) + b2) per channel,
 * out = PReLU(branch·s + shortcut), then the optional per-channel affine ([2, C] scale, shift).
 * The mean is computed here from `branch` (the kernel reads it from a buffer).
 */
export function squeezeExciteRef(
  branch: Float32Array,
  shortcut: Float32Array,
  w: SqueezeExciteWeights,
  blockSlope: number,
  outAffine: Float32Array | undefined,
  p: SqueezeExciteParams,
): Float32Array {
  const { channels: C, reduced: R, pixels: P } = p;
  const mean = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < P; i++) mean[c]! += branch[c * P + i]!;
    mean[c]! /= P;
  }
  const hidden = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let h = w.fc1Bias[r]!;
    for (let c = 0; c < C; c++) h += mean[c]! * w.fc1Weight[c * R + r]!;
    hidden[r] = prelu(h, w.slope);
  }
  const out = new Float32Array(C * P);
  for (let c = 0; c < C; c++) {
    let z = w.fc2Bias[c]!;
    for (let r = 0; r < R; r++) z += hidden[r]! * w.fc2Weight[r * C + c]!;
    const gate = 1 / (1 + Math.exp(-z));
    for (let i = 0; i < P; i++) {
      const v = prelu(branch[c * P + i]! * gate + shortcut[c * P + i]!, blockSlope);
      out[c * P + i] = outAffine ? v * outAffine[c]! + outAffine[C + c]! : v;
    }
  }
  return out;
}
