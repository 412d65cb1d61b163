import { linearChunk, type LinearParams } from './linear';

/**
 * CPU reference: row s of the output is Σ_{k in chunk s} x[k]·W[k, o] (W is Paddle [in, out]), plus b[o]
 * in row 0. Summed in float64.
 */
export function linearRef(input: Float32Array, weight: Float32Array, bias: Float32Array | undefined, p: LinearParams): Float32Array {
  const splits = p.splits ?? 1;
  const chunk = linearChunk(p);
  const out = new Float32Array(splits * p.outFeatures);
  for (let s = 0; s < splits; s++) {
    const end = Math.min((s + 1) * chunk, p.inFeatures);
    for (let o = 0; o < p.outFeatures; o++) {
      let acc = bias && s === 0 ? bias[o]! : 0;
      for (let k = s * chunk; k < end; k++) acc += input[k]! * weight[k * p.outFeatures + o]!;
      out[s * p.outFeatures + o] = acc;
    }
  }
  return out;
}
