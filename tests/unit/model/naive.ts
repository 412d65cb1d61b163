/**
 * Deliberately naive formulas, written straight from the definitions, to check the reference ops
 * against something other than themselves.
 */
import type { Tensor } from '../../../src/model/reference/ops';

/** out[o,y,x] = b[o] + Σ w[o,c',i,j]·in[g·Cg + c', y·s+i−p, x·s+j−p], one output element at a time. */
export function naiveConv(
  x: Tensor,
  w: Tensor,
  bias: Float32Array | null,
  stride: number,
  pad: number,
  groups: number,
): Tensor {
  const [, C, H, W] = x.shape as [number, number, number, number];
  const [O, Cg, KH, KW] = w.shape as [number, number, number, number];
  const OH = Math.floor((H + 2 * pad - KH) / stride) + 1;
  const OW = Math.floor((W + 2 * pad - KW) / stride) + 1;
  const Og = O / groups;
  const at = (c: number, y: number, xx: number): number =>
    y < 0 || y >= H || xx < 0 || xx >= W ? 0 : x.data[(c * H + y) * W + xx]!;
  const out = new Float32Array(O * OH * OW);
  for (let o = 0; o < O; o++) {
    const g = Math.floor(o / Og);
    for (let y = 0; y < OH; y++) {
      for (let xx = 0; xx < OW; xx++) {
        let s = bias ? bias[o]! : 0;
        for (let c = 0; c < Cg; c++) {
          for (let i = 0; i < KH; i++) {
            for (let j = 0; j < KW; j++) {
              s += w.data[((o * Cg + c) * KH + i) * KW + j]! * at(g * Cg + c, y * stride + i - pad, xx * stride + j - pad);
            }
          }
        }
        out[(o * OH + y) * OW + xx] = s;
      }
    }
  }
  void C;
  return { shape: [1, O, OH, OW], data: out };
}

/** Bilinear ×2 (align_corners) evaluated per output pixel from the formula src = dst·(in−1)/(out−1). */
export function naiveUpsample(x: Tensor): Tensor {
  const [, C, H, W] = x.shape as [number, number, number, number];
  const OH = 2 * H;
  const OW = 2 * W;
  const out = new Float32Array(C * OH * OW);
  const px = (c: number, y: number, xx: number): number => x.data[(c * H + y) * W + xx]!;
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++) {
        const sy = (i * (H - 1)) / (OH - 1);
        const sx = (j * (W - 1)) / (OW - 1);
        const y0 = Math.floor(sy);
        const x0 = Math.floor(sx);
        const y1 = Math.min(y0 + 1, H - 1);
        const x1 = Math.min(x0 + 1, W - 1);
        const fy = sy - y0;
        const fx = sx - x0;
        out[(c * OH + i) * OW + j] =
          (1 - fy) * ((1 - fx) * px(c, y0, x0) + fx * px(c, y0, x1)) + fy * ((1 - fx) * px(c, y1, x0) + fx * px(c, y1, x1));
      }
    }
  }
  return { shape: [1, C, OH, OW], data: out };
}

export function randomTensor(shape: number[], next: () => number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = next();
  return { shape, data };
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export interface Stats {
  mean: number;
  std: number;
  min: number;
  max: number;
  finite: boolean;
}

export function stats(data: Float32Array): Stats {
  let s = 0;
  let s2 = 0;
  let min = Infinity;
  let max = -Infinity;
  let finite = true;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) finite = false;
    s += v;
    s2 += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = s / data.length;
  return { mean, std: Math.sqrt(Math.max(0, s2 / data.length - mean * mean)), min, max, finite };
}
