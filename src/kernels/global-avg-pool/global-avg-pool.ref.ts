import type { GlobalAvgPoolParams } from './global-avg-pool';

/** CPU reference: the mean of each channel plane, summed in float64. */
export function globalAvgPoolRef(input: Float32Array, p: GlobalAvgPoolParams): Float32Array {
  const out = new Float32Array(p.channels);
  for (let c = 0; c < p.channels; c++) {
    let s = 0;
    for (let i = 0; i < p.pixels; i++) s += input[c * p.pixels + i]!;
    out[c] = s / p.pixels;
  }
  return out;
}
