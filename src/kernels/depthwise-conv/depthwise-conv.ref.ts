import { activateRef } from '../common/activation.ref';
import { upsampleBilinearRef } from '../upsample-bilinear/upsample-bilinear.ref';
import { depthwiseOutputShape, type DepthwiseConvParams } from './depthwise-conv';

/** CPU reference: (optional ×2 up-sample) → per-channel cross-correlation with zero padding → bias → activation. */
export function depthwiseConvRef(input: Float32Array, weight: Float32Array, bias: Float32Array | undefined, p: DepthwiseConvParams): Float32Array {
  const { inH, inW, outH, outW } = depthwiseOutputShape(p);
  const src = p.upsample ? upsampleBilinearRef(input, p.channels, p.height, p.width) : input;
  const k = p.kernelSize;
  const out = new Float32Array(p.channels * outH * outW);
  for (let c = 0; c < p.channels; c++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        let acc = 0;
        for (let ky = 0; ky < k; ky++) {
          const iy = oy * p.stride + ky - p.pad;
          if (iy < 0 || iy >= inH) continue;
          for (let kx = 0; kx < k; kx++) {
            const ix = ox * p.stride + kx - p.pad;
            if (ix < 0 || ix >= inW) continue;
            acc += weight[c * k * k + ky * k + kx]! * src[(c * inH + iy) * inW + ix]!;
          }
        }
        out[(c * outH + oy) * outW + ox] = activateRef(acc + (bias ? bias[c]! : 0), p.activation);
      }
    }
  }
  return out;
}
