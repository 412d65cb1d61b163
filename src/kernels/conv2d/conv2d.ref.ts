import { activateRef } from '../common/activation.ref';
import { conv2dOutputShape, type Conv2dParams } from './conv2d';

export interface Conv2dRefInputs {
  readonly input: Float32Array;
  /** [C_out, C_in, KH, KW]. */
  readonly weight: Float32Array;
  readonly bias?: Float32Array;
  /** PReLU slope, when the activation is 'prelu'. */
  readonly slope?: number;
  /** [2, C_in]: scale then shift, applied to in-image input values only. */
  readonly inAffine?: Float32Array;
}

/**
 * CPU reference, straight from the definition of a zero-padded cross-correlation:
 * out[o, y, x] = act(b[o] + Σ_{c,i,j} W[o, c, i, j]·x̂[c, y·s + i − pad, x·s + j − pad]),
 * x̂ = affine(x) inside the image and 0 outside. Accumulates in float64.
 */
export function conv2dRef(t: Conv2dRefInputs, p: Conv2dParams): Float32Array {
  const { outHeight, outWidth } = conv2dOutputShape(p);
  const stride = p.stride ?? 1;
  const pad = p.padding ?? 0;
  const { inChannels: C, inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW } = p;
  const out = new Float32Array(p.outChannels * outHeight * outWidth);
  for (let o = 0; o < p.outChannels; o++) {
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        let acc = t.bias ? t.bias[o]! : 0;
        for (let c = 0; c < C; c++) {
          const scale = t.inAffine ? t.inAffine[c]! : 1;
          const shift = t.inAffine ? t.inAffine[C + c]! : 0;
          for (let i = 0; i < KH; i++) {
            const iy = y * stride + i - pad;
            if (iy < 0 || iy >= H) continue;
            for (let j = 0; j < KW; j++) {
              const ix = x * stride + j - pad;
              if (ix < 0 || ix >= W) continue;
              const v = t.input[(c * H + iy) * W + ix]! * scale + shift;
              acc += t.weight[((o * C + c) * KH + i) * KW + j]! * v;
            }
          }
        }
        const act = p.activation ?? 'none';
        out[(o * outHeight + y) * outWidth + x] = act === 'prelu' ? (acc >= 0 ? acc : acc * t.slope!) : activateRef(acc, act);
      }
    }
  }
  return out;
}
