import type { MaskFilterParams } from './mask-filter';

/** The official binarisation: mask[mask > 0.001] = 1 on a float32 array (the comparison happens in float32). */
export const BINARISE_ABOVE = Math.fround(0.001);

/** OpenCV borderInterpolate, BORDER_REFLECT_101. */
export function reflect101(p: number, n: number): number {
  if (n === 1) return 0;
  while (p < 0 || p >= n) p = p < 0 ? -p : 2 * n - 2 - p;
  return p;
}

/**
 * CPU reference of one 1-D pass: max/min over the window clipped to the image (OpenCV's morphology
 * default border), or the mean with REFLECT_101 borders; optional binarisation of the input and
 * multiplication by `fade`.
 */
export function maskFilterRef(input: Float32Array, p: MaskFilterParams, fade?: Float32Array): Float32Array {
  const { height: H, width: W, radius: r } = p;
  const off = p.inOffset ?? 0;
  const read = (y: number, x: number) => {
    const v = input[off + y * W + x]!;
    return p.threshold && v > BINARISE_ABOVE ? 1 : v;
  };
  const out = new Float32Array(H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const pos = p.axis === 'x' ? x : y;
      const len = p.axis === 'x' ? W : H;
      const at = (k: number) => (p.axis === 'x' ? read(y, k) : read(k, x));
      let v: number;
      if (p.op === 'box') {
        v = 0;
        for (let k = -r; k <= r; k++) v += at(reflect101(pos + k, len));
        v /= 2 * r + 1;
      } else {
        v = p.op === 'dilate' ? -Infinity : Infinity;
        for (let k = Math.max(0, pos - r); k <= Math.min(len - 1, pos + r); k++) v = p.op === 'dilate' ? Math.max(v, at(k)) : Math.min(v, at(k));
      }
      out[y * W + x] = p.fade ? v * fade![y * W + x]! : v;
    }
  }
  return out;
}
