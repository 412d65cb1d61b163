/**
 * Plain CPU reference ops for MobileFaceSwap (NCHW, batch 1, float32, Paddle layouts).
 *
 * These are the oracle the WGSL kernels are checked against, so every op is written to be
 * obviously correct first and fast second. No op mutates its inputs: each returns a fresh tensor,
 * which keeps intermediate tensors safe to hand to an inspector callback.
 */
import type { TensorMap } from '../../engine/weights/tensor-map';

/** A CPU tensor: row-major (C order) float32 data with its shape. */
export interface Tensor {
  shape: number[];
  data: Float32Array;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A zero tensor, or a tensor wrapping `data` (whose length must match the shape). */
export function makeTensor(shape: readonly number[], data?: Float32Array): Tensor {
  const n = numel(shape);
  if (data !== undefined && data.length !== n) {
    throw new Error(`makeTensor: data length ${data.length} does not match shape [${shape.join(', ')}] (${n})`);
  }
  return { shape: [...shape], data: data ?? new Float32Array(n) };
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Dimensions of a batch-1 NCHW tensor; throws on anything else so shape bugs surface early. */
export function dims4(x: Tensor, what = 'tensor'): [c: number, h: number, w: number] {
  const s = x.shape;
  if (s.length !== 4 || s[0] !== 1) throw new Error(`${what}: expected shape [1, C, H, W], got ${fmt(s)}`);
  return [s[1]!, s[2]!, s[3]!];
}

// ---------------------------------------------------------------------------------------------
// Weight lookup
// ---------------------------------------------------------------------------------------------

/**
 * Fetch `key` from the checkpoint map and check its shape. Errors name the key, because a
 * missing or mis-shaped parameter is by far the most common failure when loading real weights.
 */
export function param(weights: TensorMap, key: string, shape: readonly number[]): Tensor {
  const t = weights.get(key);
  if (t === undefined) throw new Error(`weights: missing key "${key}" (expected shape ${fmt(shape)})`);
  const ok = t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]);
  if (!ok) throw new Error(`weights: key "${key}" has shape ${fmt(t.shape)}, expected ${fmt(shape)}`);
  if (t.data.length !== numel(shape)) {
    throw new Error(`weights: key "${key}" holds ${t.data.length} values, shape ${fmt(shape)} needs ${numel(shape)}`);
  }
  return { shape: [...t.shape], data: t.data };
}

export interface BatchNormParams {
  weight: Float32Array;
  bias: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
}

/** Paddle BatchNorm keys: `<prefix>.weight, .bias, ._mean, ._variance`, each [C]. */
export function bnParams(weights: TensorMap, prefix: string, channels: number): BatchNormParams {
  return {
    weight: param(weights, `${prefix}.weight`, [channels]).data,
    bias: param(weights, `${prefix}.bias`, [channels]).data,
    mean: param(weights, `${prefix}._mean`, [channels]).data,
    variance: param(weights, `${prefix}._variance`, [channels]).data,
  };
}

// ---------------------------------------------------------------------------------------------
// Convolution
// ---------------------------------------------------------------------------------------------

export interface Conv2dOptions {
  stride?: number;
  padding?: number;
  groups?: number;
}

/**
 * 2-D cross-correlation (no kernel flip), Paddle/PyTorch semantics:
 *   out[o, y, x] = bias[o] + Σ_{c ∈ group(o), i, j} w[o, c', i, j] · in[c, y·s + i − p, x·s + j − p]
 * with zero padding. Weight layout [Cout, Cin/groups, kh, kw].
 *
 * Implementation: per group, unfold the input into patches col[pixel, k] (im2col, one
 * contiguous row of K = Cin/groups·kh·kw taps per output pixel, zeros where the window leaves
 * the image), then every output is the dot product of a weight row with a patch row. Dot
 * products run 4 output channels × 2 pixels at a time with double-precision accumulators, so
 * each loaded value is used several times and the long reductions (K up to 4608) stay accurate.
 */
export function conv2d(x: Tensor, w: Tensor, bias: Float32Array | null = null, opts: Conv2dOptions = {}): Tensor {
  const stride = opts.stride ?? 1;
  const pad = opts.padding ?? 0;
  const groups = opts.groups ?? 1;
  const [C, H, W] = dims4(x, 'conv2d input');
  if (w.shape.length !== 4) throw new Error(`conv2d: weight must be [Cout, Cin/groups, kh, kw], got ${fmt(w.shape)}`);
  const [O, Cg, KH, KW] = w.shape as [number, number, number, number];
  if (C % groups !== 0 || O % groups !== 0 || Cg * groups !== C) {
    throw new Error(`conv2d: input channels ${C}, weight ${fmt(w.shape)} and groups ${groups} are inconsistent`);
  }
  if (w.data.length !== numel(w.shape)) throw new Error(`conv2d: weight data length ${w.data.length} != ${numel(w.shape)}`);
  if (bias !== null && bias.length !== O) throw new Error(`conv2d: bias length ${bias.length} != Cout ${O}`);
  const OH = Math.floor((H + 2 * pad - KH) / stride) + 1;
  const OW = Math.floor((W + 2 * pad - KW) / stride) + 1;
  if (OH <= 0 || OW <= 0) throw new Error(`conv2d: output would be empty (${OH}×${OW})`);
  const Og = O / groups;
  const P = OH * OW;
  const K = Cg * KH * KW;
  const out = new Float32Array(O * P);
  const xd = x.data;
  const wd = w.data;
  const col = new Float32Array(P * K);

  for (let g = 0; g < groups; g++) {
    // im2col: col[p·K + (c·KH + i)·KW + j] = in[g·Cg + c, oy·s + i − pad, ox·s + j − pad] (0 outside).
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        let dst = (oy * OW + ox) * K;
        for (let c = 0; c < Cg; c++) {
          const plane = (g * Cg + c) * H * W;
          for (let i = 0; i < KH; i++) {
            const iy = oy * stride + i - pad;
            const rowOk = iy >= 0 && iy < H;
            const src = plane + iy * W;
            for (let j = 0; j < KW; j++) {
              const ix = ox * stride + j - pad;
              col[dst++] = rowOk && ix >= 0 && ix < W ? xd[src + ix]! : 0;
            }
          }
        }
      }
    }

    // out[o, p] = bias[o] + Σ_k w[o, k] · col[p, k].
    let o = 0;
    for (; o + 4 <= Og; o += 4) {
      const oc = g * Og + o;
      const w0 = oc * K;
      const w1 = w0 + K;
      const w2 = w1 + K;
      const w3 = w2 + K;
      const b0 = bias === null ? 0 : bias[oc]!;
      const b1 = bias === null ? 0 : bias[oc + 1]!;
      const b2 = bias === null ? 0 : bias[oc + 2]!;
      const b3 = bias === null ? 0 : bias[oc + 3]!;
      let p = 0;
      for (; p + 2 <= P; p += 2) {
        const ca = p * K;
        const cb = ca + K;
        let s0a = b0, s1a = b1, s2a = b2, s3a = b3;
        let s0b = b0, s1b = b1, s2b = b2, s3b = b3;
        for (let k = 0; k < K; k++) {
          const va = col[ca + k]!;
          const vb = col[cb + k]!;
          const a0 = wd[w0 + k]!;
          const a1 = wd[w1 + k]!;
          const a2 = wd[w2 + k]!;
          const a3 = wd[w3 + k]!;
          s0a += a0 * va;
          s1a += a1 * va;
          s2a += a2 * va;
          s3a += a3 * va;
          s0b += a0 * vb;
          s1b += a1 * vb;
          s2b += a2 * vb;
          s3b += a3 * vb;
        }
        out[oc * P + p] = s0a;
        out[(oc + 1) * P + p] = s1a;
        out[(oc + 2) * P + p] = s2a;
        out[(oc + 3) * P + p] = s3a;
        out[oc * P + p + 1] = s0b;
        out[(oc + 1) * P + p + 1] = s1b;
        out[(oc + 2) * P + p + 1] = s2b;
        out[(oc + 3) * P + p + 1] = s3b;
      }
      for (; p < P; p++) {
        const ca = p * K;
        let s0 = b0, s1 = b1, s2 = b2, s3 = b3;
        for (let k = 0; k < K; k++) {
          const v = col[ca + k]!;
          s0 += wd[w0 + k]! * v;
          s1 += wd[w1 + k]! * v;
          s2 += wd[w2 + k]! * v;
          s3 += wd[w3 + k]! * v;
        }
        out[oc * P + p] = s0;
        out[(oc + 1) * P + p] = s1;
        out[(oc + 2) * P + p] = s2;
        out[(oc + 3) * P + p] = s3;
      }
    }
    // Leftover output channels of the group (all of them for depthwise convs), one at a time.
    for (; o < Og; o++) {
      const oc = g * Og + o;
      const w0 = oc * K;
      const b0 = bias === null ? 0 : bias[oc]!;
      for (let p = 0; p < P; p++) {
        const ca = p * K;
        let s = b0;
        for (let k = 0; k < K; k++) s += wd[w0 + k]! * col[ca + k]!;
        out[oc * P + p] = s;
      }
    }
  }
  return { shape: [1, O, OH, OW], data: out };
}

// ---------------------------------------------------------------------------------------------
// Normalisation and activations
// ---------------------------------------------------------------------------------------------

/**
 * Inference batch norm: (x − μ)/√(σ² + eps)·γ + β per channel. Channels are axis 1; every axis
 * after it is "spatial", so this also serves BatchNorm1d on a [1, C] vector.
 */
export function batchNorm(x: Tensor, p: BatchNormParams, eps = 1e-5): Tensor {
  if (x.shape.length < 2 || x.shape[0] !== 1) throw new Error(`batchNorm: expected [1, C, ...], got ${fmt(x.shape)}`);
  const C = x.shape[1]!;
  if (p.weight.length !== C) throw new Error(`batchNorm: ${p.weight.length} parameters for ${C} channels`);
  const S = x.data.length / C;
  const out = new Float32Array(x.data.length);
  for (let c = 0; c < C; c++) {
    const scale = p.weight[c]! / Math.sqrt(p.variance[c]! + eps);
    const shift = p.bias[c]! - p.mean[c]! * scale;
    const base = c * S;
    for (let i = 0; i < S; i++) out[base + i] = x.data[base + i]! * scale + shift;
  }
  return { shape: [...x.shape], data: out };
}

function map(x: Tensor, f: (v: number) => number): Tensor {
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(x.data[i]!);
  return { shape: [...x.shape], data: out };
}

/** LeakyReLU: x for x ≥ 0, slope·x otherwise (MobileFaceSwap uses slope 0.1 everywhere). */
export function leakyRelu(x: Tensor, slope = 0.1): Tensor {
  return map(x, (v) => (v >= 0 ? v : slope * v));
}

/** PReLU with one slope shared by all channels (Paddle `PReLU()` default, `_weight` of shape [1]). */
export function prelu(x: Tensor, slope: number): Tensor {
  return map(x, (v) => (v >= 0 ? v : slope * v));
}

export function sigmoid(x: Tensor): Tensor {
  return map(x, (v) => 1 / (1 + Math.exp(-v)));
}

export function tanh(x: Tensor): Tensor {
  return map(x, Math.tanh);
}

/** Element-wise sum of two tensors of identical shape (residual connections). */
export function add(a: Tensor, b: Tensor): Tensor {
  if (a.data.length !== b.data.length || a.shape.join() !== b.shape.join()) {
    throw new Error(`add: shapes ${fmt(a.shape)} and ${fmt(b.shape)} differ`);
  }
  const out = new Float32Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i]! + b.data[i]!;
  return { shape: [...a.shape], data: out };
}

/** Concatenate batch-1 NCHW tensors along channels, in argument order. */
export function concatChannels(...xs: Tensor[]): Tensor {
  if (xs.length === 0) throw new Error('concatChannels: nothing to concatenate');
  const [, H, W] = dims4(xs[0]!, 'concatChannels');
  let C = 0;
  for (const t of xs) {
    const [c, h, w] = dims4(t, 'concatChannels');
    if (h !== H || w !== W) throw new Error(`concatChannels: spatial sizes ${fmt(xs[0]!.shape)} and ${fmt(t.shape)} differ`);
    C += c;
  }
  const out = new Float32Array(C * H * W);
  let off = 0;
  for (const t of xs) {
    out.set(t.data, off);
    off += t.data.length;
  }
  return { shape: [1, C, H, W], data: out };
}

/** Multiply every channel c of x by s[c] (the SE excitation). */
export function scaleChannels(x: Tensor, s: Float32Array): Tensor {
  const [C, H, W] = dims4(x, 'scaleChannels');
  if (s.length !== C) throw new Error(`scaleChannels: ${s.length} scales for ${C} channels`);
  const S = H * W;
  const out = new Float32Array(x.data.length);
  for (let c = 0; c < C; c++) {
    const k = s[c]!;
    for (let i = c * S; i < (c + 1) * S; i++) out[i] = x.data[i]! * k;
  }
  return { shape: [...x.shape], data: out };
}

// ---------------------------------------------------------------------------------------------
// Pooling and resampling
// ---------------------------------------------------------------------------------------------

/** Max pool, kernel 2, stride 2, no padding (odd trailing rows/columns are dropped: 110 → 55). */
export function maxPool2x2(x: Tensor): Tensor {
  const [C, H, W] = dims4(x, 'maxPool2x2');
  const OH = Math.floor(H / 2);
  const OW = Math.floor(W / 2);
  const out = new Float32Array(C * OH * OW);
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < OH; y++) {
      for (let xo = 0; xo < OW; xo++) {
        const i = c * H * W + 2 * y * W + 2 * xo;
        out[(c * OH + y) * OW + xo] = Math.max(x.data[i]!, x.data[i + 1]!, x.data[i + W]!, x.data[i + W + 1]!);
      }
    }
  }
  return { shape: [1, C, OH, OW], data: out };
}

/**
 * Bilinear ×2 up-sampling with align_corners=True (Paddle `nn.Upsample(scale_factor=2,
 * mode='bilinear', align_corners=True)`): output index d samples input coordinate
 * d·(in − 1)/(out − 1), so the corner pixels of input and output coincide.
 */
export function upsampleBilinear2x(x: Tensor): Tensor {
  const [C, H, W] = dims4(x, 'upsampleBilinear2x');
  const OH = 2 * H;
  const OW = 2 * W;
  const ry = OH > 1 ? (H - 1) / (OH - 1) : 0;
  const rx = OW > 1 ? (W - 1) / (OW - 1) : 0;
  // Precompute the two taps and weights along each axis once.
  const x0 = new Int32Array(OW);
  const x1 = new Int32Array(OW);
  const fx = new Float64Array(OW);
  for (let j = 0; j < OW; j++) {
    const s = j * rx;
    const i0 = Math.min(Math.floor(s), W - 1);
    x0[j] = i0;
    x1[j] = Math.min(i0 + 1, W - 1);
    fx[j] = s - i0;
  }
  const out = new Float32Array(C * OH * OW);
  for (let c = 0; c < C; c++) {
    const plane = c * H * W;
    for (let i = 0; i < OH; i++) {
      const s = i * ry;
      const y0 = Math.min(Math.floor(s), H - 1);
      const y1 = Math.min(y0 + 1, H - 1);
      const fy = s - y0;
      const r0 = plane + y0 * W;
      const r1 = plane + y1 * W;
      const dst = (c * OH + i) * OW;
      for (let j = 0; j < OW; j++) {
        const a = x.data[r0 + x0[j]!]!;
        const b = x.data[r0 + x1[j]!]!;
        const cc = x.data[r1 + x0[j]!]!;
        const d = x.data[r1 + x1[j]!]!;
        const f = fx[j]!;
        const top = a + (b - a) * f;
        const bot = cc + (d - cc) * f;
        out[dst + j] = top + (bot - top) * fy;
      }
    }
  }
  return { shape: [1, C, OH, OW], data: out };
}

/** Adaptive average pool to 1×1: the per-channel mean of a batch-1 NCHW tensor, as a [C] vector. */
export function globalAvgPool(x: Tensor): Float32Array {
  const [C, H, W] = dims4(x, 'globalAvgPool');
  const S = H * W;
  const out = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let i = c * S; i < (c + 1) * S; i++) s += x.data[i]!;
    out[c] = s / S;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dense
// ---------------------------------------------------------------------------------------------

/**
 * Paddle Linear: weight stored [in, out] (the transpose of PyTorch), y = x·W + b.
 * Accumulates in double so the 25088-long ArcFace fc reduction is not limited by f32 rounding.
 */
export function linear(x: Float32Array, w: Tensor, bias: Float32Array | null = null): Float32Array {
  if (w.shape.length !== 2) throw new Error(`linear: weight must be [in, out], got ${fmt(w.shape)}`);
  const [IN, OUT] = w.shape as [number, number];
  if (x.length !== IN) throw new Error(`linear: input length ${x.length} does not match weight ${fmt(w.shape)}`);
  if (bias !== null && bias.length !== OUT) throw new Error(`linear: bias length ${bias.length} != ${OUT}`);
  const acc = new Float64Array(OUT);
  if (bias !== null) for (let o = 0; o < OUT; o++) acc[o] = bias[o]!;
  // Row-wise over the [in, out] matrix so memory is read contiguously.
  for (let i = 0; i < IN; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const row = i * OUT;
    for (let o = 0; o < OUT; o++) acc[o]! += xi * w.data[row + o]!;
  }
  return Float32Array.from(acc);
}

/** x / ‖x‖₂ (as `paddle.divide(x, paddle.norm(x, 2))`; no epsilon, like the original). */
export function l2Normalize(x: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  const n = Math.sqrt(s);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! / n;
  return out;
}
