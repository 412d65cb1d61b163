import { activateRef } from '../common/activation.ref';
import type { PointwiseConvParams } from './pointwise-conv';

/** CPU reference: out[co, p] = act(Σ_ci W[co, ci]·x[ci, p] + b[co]), accumulated in float64. */
export function pointwiseConvRef(input: Float32Array, weight: Float32Array, bias: Float32Array | undefined, p: PointwiseConvParams): Float32Array {
  const out = new Float32Array(p.outChannels * p.pixels);
  for (let co = 0; co < p.outChannels; co++) {
    for (let px = 0; px < p.pixels; px++) {
      let acc = bias ? bias[co]! : 0;
      for (let ci = 0; ci < p.inChannels; ci++) acc += weight[co * p.inChannels + ci]! * input[ci * p.pixels + px]!;
      out[co * p.pixels + px] = activateRef(acc, p.activation);
    }
  }
  return out;
}
