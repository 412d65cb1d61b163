import { graphActivationRef, residualRef } from '../add-activation/add-activation.ref';
import { directConvShape, type DirectConvParams } from './direct-conv';

/**
 * CPU reference from the definition, weights in the usual [C_out, C_in, KH, KW] layout:
 * out[o, y, x] = act(b[o] + Σ_{c,i,j} W[o, c, i, j]·in[c, y·s + i − padTop, x·s + j − padLeft] + r[o, y, x]), taps
 * outside the image zero, r the optional residual (see residualRef).
 */
export function directConvRef(input: Float32Array, oihw: Float32Array, bias: Float32Array | undefined, alpha: Float32Array | undefined, p: DirectConvParams, residual?: Float32Array): Float32Array {
  const { outHeight, outWidth, padTop, padLeft } = directConvShape(p);
  const { inChannels: C, height: H, width: W, kernelHeight: KH, kernelWidth: KW } = p;
  const out = new Float32Array(p.outChannels * outHeight * outWidth);
  for (let o = 0; o < p.outChannels; o++) {
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        let acc = bias ? bias[o]! : 0;
        for (let c = 0; c < C; c++) {
          for (let i = 0; i < KH; i++) {
            const iy = y * p.stride + i - padTop;
            if (iy < 0 || iy >= H) continue;
            for (let j = 0; j < KW; j++) {
              const ix = x * p.stride + j - padLeft;
              if (ix < 0 || ix >= W) continue;
              acc += oihw[((o * C + c) * KH + i) * KW + j]! * input[(c * H + iy) * W + ix]!;
            }
          }
        }
        if (p.residual) acc += residualRef(residual!, p.residual, o, y, x);
        out[(o * outHeight + y) * outWidth + x] = graphActivationRef(acc, p.activation, alpha?.[o]);
      }
    }
  }
  return out;
}
