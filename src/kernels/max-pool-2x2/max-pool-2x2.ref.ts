import { maxPoolOutputShape, type MaxPool2x2Params } from './max-pool-2x2';

/** CPU reference: out[c, y, x] = max of in[c, 2y + {0,1}, 2x + {0,1}]; odd trailing rows/columns unused. */
export function maxPool2x2Ref(input: Float32Array, p: MaxPool2x2Params): Float32Array {
  const { outHeight, outWidth } = maxPoolOutputShape(p);
  const out = new Float32Array(p.channels * outHeight * outWidth);
  for (let c = 0; c < p.channels; c++) {
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        let m = -Infinity;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) m = Math.max(m, input[(c * p.inHeight + 2 * y + dy) * p.inWidth + 2 * x + dx]!);
        }
        out[(c * outHeight + y) * outWidth + x] = m;
      }
    }
  }
  return out;
}
