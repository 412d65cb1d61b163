import { activateRef } from '../common/activation.ref';
import type { Conv3x3Params } from './conv3x3';

/** CPU reference: dense 3×3 cross-correlation, zero padding 1, bias, activation. */
export function conv3x3Ref(input: Float32Array, weight: Float32Array, bias: Float32Array, p: Conv3x3Params): Float32Array {
  const { height: h, width: w } = p;
  const out = new Float32Array(p.outChannels * h * w);
  for (let co = 0; co < p.outChannels; co++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let acc = bias[co]!;
        for (let ci = 0; ci < p.inChannels; ci++) {
          for (let ky = 0; ky < 3; ky++) {
            const iy = y + ky - 1;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < 3; kx++) {
              const ix = x + kx - 1;
              if (ix < 0 || ix >= w) continue;
              acc += weight[((co * p.inChannels + ci) * 3 + ky) * 3 + kx]! * input[(ci * h + iy) * w + ix]!;
            }
          }
        }
        out[(co * h + y) * w + x] = activateRef(acc, p.activation);
      }
    }
  }
  return out;
}
