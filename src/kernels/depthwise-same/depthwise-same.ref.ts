import { depthwiseSameShape, type DepthwiseSameParams } from './depthwise-same';

/**
 * CPU reference from the definition: out[c, y, x] = Σ_{i,j} W[c, i, j]·in[c, y·s + i − padTop, x·s + j − padLeft],
 * taps outside the image count as zero. Accumulates in float64.
 */
export function depthwiseSameRef(input: Float32Array, weight: Float32Array, p: DepthwiseSameParams): Float32Array {
  const { outHeight, outWidth, padTop, padLeft } = depthwiseSameShape(p);
  const K = p.kernelSize;
  const out = new Float32Array(p.channels * outHeight * outWidth);
  for (let c = 0; c < p.channels; c++) {
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        let acc = 0;
        for (let i = 0; i < K; i++) {
          const iy = y * p.stride + i - padTop;
          if (iy < 0 || iy >= p.height) continue;
          for (let j = 0; j < K; j++) {
            const ix = x * p.stride + j - padLeft;
            if (ix < 0 || ix >= p.width) continue;
            acc += weight[(c * K + i) * K + j]! * input[(c * p.height + iy) * p.width + ix]!;
          }
        }
        out[(c * outHeight + y) * outWidth + x] = acc;
      }
    }
  }
  return out;
}
