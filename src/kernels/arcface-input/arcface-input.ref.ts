import type { ArcfaceInputParams } from './arcface-input';

const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

/**
 * CPU reference from the preprocessing recipe: per channel, v = (a + b + c + d + 2) >> 2 over each 2×2
 * block of the uint8 crop (OpenCV's rounding for an exact halving), then (v/255 − mean)/std, NCHW.
 * `rgba` holds one packed pixel per u32, R in the low byte.
 */
export function arcfaceInputRef(rgba: Uint32Array, p: ArcfaceInputParams): Float32Array {
  const { outHeight: H, outWidth: W } = p;
  const inW = 2 * W;
  const out = new Float32Array(3 * H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const corners = [(2 * y) * inW + 2 * x, (2 * y) * inW + 2 * x + 1, (2 * y + 1) * inW + 2 * x, (2 * y + 1) * inW + 2 * x + 1];
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (const i of corners) sum += (rgba[i]! >>> (8 * c)) & 0xff;
        const v = (sum + 2) >> 2;
        out[(c * H + y) * W + x] = (v / 255 - MEAN[c]!) / STD[c]!;
      }
    }
  }
  return out;
}
