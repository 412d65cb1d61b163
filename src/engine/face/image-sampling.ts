/**
 * CPU pre-processing for the face networks: resample an RGBA frame through an affine map into a planar
 * [3, S, S] float tensor (bilinear, like MediaPipe's ImageToTensor and OpenCV's warpAffine), mapping bytes
 * to a float range. Tiny next to the networks (256² or 192² samples), so it stays on the CPU.
 *
 * Coordinates are continuous: pixel i spans [i, i+1] and its centre is i + 0.5. Both the tensor and the
 * frame use this convention; `tensorToFrame` maps a tensor point to a frame point.
 */

/** x' = a·x + b·y + c,  y' = d·x + e·y + f. */
export interface Affine {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;
}

export function applyAffine(m: Affine, x: number, y: number): [number, number] {
  return [m.a * x + m.b * y + m.c, m.d * x + m.e * y + m.f];
}

/** `zero`: samples outside the frame are black; `replicate`: the nearest edge pixel. */
export type BorderMode = 'zero' | 'replicate';

export interface SampleOptions {
  readonly size: number;
  readonly tensorToFrame: Affine;
  /** Value of byte 0 and of byte 255. */
  readonly range: readonly [number, number];
  readonly border: BorderMode;
}

export type Pixels = Uint8Array | Uint8ClampedArray;

/** Planar RGB [3, size, size]: the tensor pixel (u, v) samples the frame at tensorToFrame(u + ½, v + ½). */
export function sampleToTensor(rgba: Pixels, width: number, height: number, o: SampleOptions): Float32Array {
  const S = o.size;
  const plane = S * S;
  const out = new Float32Array(3 * plane);
  const [lo, hi] = o.range;
  const k = (hi - lo) / 255;
  const m = o.tensorToFrame;
  const rgb = [0, 0, 0];
  for (let v = 0; v < S; v++) {
    for (let u = 0; u < S; u++) {
      // Frame point in pixel-centre units, where integer coordinates are pixel centres.
      const x = m.a * (u + 0.5) + m.b * (v + 0.5) + m.c - 0.5;
      const y = m.d * (u + 0.5) + m.e * (v + 0.5) + m.f - 0.5;
      bilinear(rgba, width, height, x, y, o.border, rgb);
      const i = v * S + u;
      out[i] = rgb[0]! * k + lo;
      out[plane + i] = rgb[1]! * k + lo;
      out[2 * plane + i] = rgb[2]! * k + lo;
    }
  }
  return out;
}

function bilinear(rgba: Pixels, width: number, height: number, x: number, y: number, border: BorderMode, out: number[]): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  out[0] = out[1] = out[2] = 0;
  for (let dy = 0; dy < 2; dy++) {
    const wy = dy ? fy : 1 - fy;
    if (wy === 0) continue;
    let yy = y0 + dy;
    if (yy < 0 || yy >= height) {
      if (border === 'zero') continue;
      yy = Math.min(Math.max(yy, 0), height - 1);
    }
    for (let dx = 0; dx < 2; dx++) {
      const w = wy * (dx ? fx : 1 - fx);
      if (w === 0) continue;
      let xx = x0 + dx;
      if (xx < 0 || xx >= width) {
        if (border === 'zero') continue;
        xx = Math.min(Math.max(xx, 0), width - 1);
      }
      const p = 4 * (yy * width + xx);
      out[0] += w * rgba[p]!;
      out[1] += w * rgba[p + 1]!;
      out[2] += w * rgba[p + 2]!;
    }
  }
}

/**
 * The letterbox MediaPipe's face detector uses (keep_aspect_ratio, BORDER_ZERO): the whole frame scaled to fit
 * the S×S tensor, centred, the rest black. Returns the tensor → frame map.
 */
export function letterbox(width: number, height: number, size: number): Affine {
  const side = Math.max(width, height);
  const s = side / size;
  return { a: s, b: 0, c: (width - side) / 2, d: 0, e: s, f: (height - side) / 2 };
}

/**
 * A square crop of side `side` frame pixels centred at (cx, cy) and rotated by `angle` radians (the crop's
 * x axis points along (cos, sin) in the frame), sampled into an S×S tensor.
 */
export function rotatedSquare(cx: number, cy: number, side: number, angle: number, size: number): Affine {
  const s = side / size;
  const cos = Math.cos(angle) * s;
  const sin = Math.sin(angle) * s;
  // p = centre + R·((u, v) − size/2)·s
  return { a: cos, b: -sin, c: cx - cos * (size / 2) + sin * (size / 2), d: sin, e: cos, f: cy - sin * (size / 2) - cos * (size / 2) };
}
