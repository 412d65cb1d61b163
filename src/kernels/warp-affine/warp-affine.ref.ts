import type { WarpAffineParams } from './warp-affine';

/**
 * CPU reference (float64): crop pixel (x, y) ← bilinear sample of the RGBA8 frame at sampleMatrix·(x, y, 1),
 * pixel centres at integer coordinates, taps outside the frame = 0 (OpenCV BORDER_CONSTANT), rounded half
 * up to uint8, then ×(1/255) in float32. Planar RGB [3, S, S]. `frame` packs R in the low byte of each u32.
 */
export function warpAffineRef(frame: Uint32Array, p: WarpAffineParams): Float32Array {
  const { frameWidth: W, frameHeight: H, cropSize: S } = p;
  const [a, b, c, d, tx, ty] = p.sampleMatrix as unknown as [number, number, number, number, number, number];
  const out = new Float32Array(3 * S * S);
  const inv255 = Math.fround(1 / 255);
  const channel = (x: number, y: number, ch: number) => (x < 0 || y < 0 || x >= W || y >= H ? 0 : (frame[y * W + x]! >>> (8 * ch)) & 0xff);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const sx = a * x + c * y + tx;
      const sy = b * x + d * y + ty;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < 3; ch++) {
        const v =
          (1 - fy) * ((1 - fx) * channel(x0, y0, ch) + fx * channel(x0 + 1, y0, ch)) +
          fy * ((1 - fx) * channel(x0, y0 + 1, ch) + fx * channel(x0 + 1, y0 + 1, ch));
        out[(ch * S + y) * S + x] = Math.fround(Math.floor(v + 0.5) * inv255);
      }
    }
  }
  return out;
}
