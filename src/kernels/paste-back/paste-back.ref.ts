import type { PasteBackParams } from './paste-back';

/**
 * CPU reference (float64) over the whole frame, written from OpenCV's maths, not from the WGSL: every
 * frame pixel (X, Y) samples the generated crop ×255 and the alpha bilinearly at sampleMatrix·(X, Y, 1),
 * taps outside the crop = 0; result = gen·m + frame·(1 − m), clipped to [0, 255], truncated; alpha byte
 * kept. Returns a new packed RGBA8 frame.
 */
export function pasteBackRef(frame: Uint32Array, crop: Float32Array, alpha: Float32Array, p: PasteBackParams): Uint32Array {
  const { frameWidth: W, frameHeight: H, cropSize: S } = p;
  const [a, b, c, d, tx, ty] = p.sampleMatrix as unknown as [number, number, number, number, number, number];
  const co = p.cropOffset ?? 0;
  const ao = p.alphaOffset ?? 0;
  const out = frame.slice();
  const tap = (x: number, y: number, ch: number): number => {
    if (x < 0 || y < 0 || x >= S || y >= S) return 0;
    return ch < 3 ? crop[co + (ch * S + y) * S + x]! * 255 : alpha[ao + y * S + x]!;
  };
  const sample = (u: number, v: number, ch: number): number => {
    const x0 = Math.floor(u);
    const y0 = Math.floor(v);
    const fx = u - x0;
    const fy = v - y0;
    return (1 - fy) * ((1 - fx) * tap(x0, y0, ch) + fx * tap(x0 + 1, y0, ch)) + fy * ((1 - fx) * tap(x0, y0 + 1, ch) + fx * tap(x0 + 1, y0 + 1, ch));
  };
  for (let Y = 0; Y < H; Y++) {
    for (let X = 0; X < W; X++) {
      const u = a * X + c * Y + tx;
      const v = b * X + d * Y + ty;
      const m = sample(u, v, 3);
      const px = frame[Y * W + X]!;
      let word = px & 0xff000000;
      for (let ch = 0; ch < 3; ch++) {
        const f = (px >>> (8 * ch)) & 0xff;
        const blended = sample(u, v, ch) * m + f * (1 - m);
        word |= Math.trunc(Math.min(255, Math.max(0, blended))) << (8 * ch);
      }
      out[Y * W + X] = word >>> 0;
    }
  }
  return out;
}
