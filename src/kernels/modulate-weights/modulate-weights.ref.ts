import type { ModulateWeightsParams } from './modulate-weights';

/**
 * CPU reference of Mod2Weight, from its formula: s = e·W_style + b_style; w̃[o, c] = W[o, c]·(1 + s[c]);
 * w[o, c] = w̃[o, c] / sqrt(Σ_c w̃[o, c]² + 1e-16). Float64 throughout.
 */
export function modulateWeightsRef(
  embedding: Float32Array,
  styleWeight: Float32Array,
  styleBias: Float32Array,
  weight: Float32Array,
  p: ModulateWeightsParams,
): Float32Array {
  const { styleFeatures: S, inChannels: C, outChannels: O } = p;
  const gain = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let s = styleBias[c]!;
    for (let e = 0; e < S; e++) s += embedding[e]! * styleWeight[e * C + c]!;
    gain[c] = 1 + s;
  }
  const out = new Float32Array(O * C);
  for (let o = 0; o < O; o++) {
    let sq = 0;
    for (let c = 0; c < C; c++) sq += (weight[o * C + c]! * gain[c]!) ** 2;
    const inv = 1 / Math.sqrt(sq + 1e-16);
    for (let c = 0; c < C; c++) out[o * C + c] = weight[o * C + c]! * gain[c]! * inv;
  }
  return out;
}
