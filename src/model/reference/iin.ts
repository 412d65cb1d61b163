/**
 * CPU reference of the Identity Injection Network (reference §3): turns one source identity
 * (ArcFace embedding + 7×7 feature map) into the IDN's 9 depthwise and 9 pointwise kernels.
 *
 *  - depthwise kernels are *predicted* from the feature map by `predictor.*` (§3.1);
 *  - pointwise kernels are *modulated/demodulated* by the embedding (`EncoderModulation.*`,
 *    `DecoderModulation.*`, §3.2).
 */
import type { TensorMap } from '../../engine/weights/tensor-map';
import { batchNorm, bnParams, conv2d, dims4, leakyRelu, linear, param, type Tensor } from './ops';

/** IDN encoder stage i: depthwise over ENCODER_CHANNELS[i], pointwise to ENCODER_CHANNELS[i + 1]. */
export const ENCODER_CHANNELS = [3, 32, 64, 128, 256, 512] as const;
/** IDN decoder stage j: depthwise over DECODER_IN[j], pointwise to DECODER_OUT[j]. */
export const DECODER_IN = [512, 512, 256, 128] as const;
export const DECODER_OUT = [256, 128, 64, 32] as const;

const STYLE_DIM = 512;
const LRELU = 0.1;
const DEMOD_EPS = 1e-16;

export interface InjectedWeights {
  /** IDN order [E0..E4, D0..D3]: E_i is [C_i, 1, 4, 4], D_j is [DECODER_IN[j], 1, 3, 3]. */
  depthwise: Tensor[];
  /** IDN order [E0..E4, D0..D3]: [Cout, Cin, 1, 1], every output filter of unit L2 norm. */
  pointwise: Tensor[];
}

/**
 * ConvBlock a→b: u = LReLU0.1(BN_norm(conv3×3(x))) is passed on to the next block;
 * k = weight-conv3×3(u) (raw) is the predicted kernel.
 */
function convBlock(weights: TensorMap, prefix: string, x: Tensor, cout: number): { u: Tensor; k: Tensor } {
  const [cin] = dims4(x, prefix);
  let u = conv2d(x, param(weights, `${prefix}.conv.weight`, [cout, cin, 3, 3]), param(weights, `${prefix}.conv.bias`, [cout]).data, {
    padding: 1,
  });
  u = leakyRelu(batchNorm(u, bnParams(weights, `${prefix}.norm`, cout)), LRELU);
  const k = conv2d(u, param(weights, `${prefix}.weight.weight`, [cout, cout, 3, 3]), param(weights, `${prefix}.weight.bias`, [cout]).data, {
    padding: 1,
  });
  return { u, k };
}

/** A predicted [1, C, k, k] map reshaped to a depthwise weight [C, 1, k, k] (same memory order). */
function asDepthwise(k: Tensor): Tensor {
  const [c, h, w] = dims4(k, 'predicted kernel');
  return { shape: [c, 1, h, w], data: k.data };
}

/**
 * Mod2Weight: s = e·W_style + b_style; w̃[o, c] = W[o, c]·(1 + s[c]);
 * w[o, c] = w̃[o, c] / sqrt(Σ_c w̃[o, c]² + 1e-16).
 */
export function modulatePointwise(weights: TensorMap, prefix: string, embedding: Float32Array, cin: number, cout: number): Tensor {
  const s = linear(embedding, param(weights, `${prefix}.style.weight`, [STYLE_DIM, cin]), param(weights, `${prefix}.style.bias`, [cin]).data);
  const base = param(weights, `${prefix}.weight`, [cout, cin, 1, 1]).data;
  const out = new Float32Array(cout * cin);
  const row = new Float64Array(cin);
  for (let o = 0; o < cout; o++) {
    let sq = 0;
    for (let c = 0; c < cin; c++) {
      const v = base[o * cin + c]! * (1 + s[c]!);
      row[c] = v;
      sq += v * v;
    }
    const d = 1 / Math.sqrt(sq + DEMOD_EPS);
    for (let c = 0; c < cin; c++) out[o * cin + c] = row[c]! * d;
  }
  return { shape: [cout, cin, 1, 1], data: out };
}

/**
 * IIN forward. `embedding512` must already be L2-normalised (as `arcfaceForward` returns it);
 * `featureMap` is ArcFace's [1, 512, 7, 7] bn2 output.
 */
export function iinForward(swapWeights: TensorMap, embedding512: Float32Array, featureMap: Tensor): InjectedWeights {
  if (embedding512.length !== STYLE_DIM) throw new Error(`iinForward: embedding has ${embedding512.length} values, expected 512`);
  const [fc, fh, fw] = dims4(featureMap, 'iinForward feature map');
  if (fc !== 512 || fh !== 7 || fw !== 7) {
    throw new Error(`iinForward: feature map must be [1, 512, 7, 7], got [${featureMap.shape.join(', ')}]`);
  }
  const W = swapWeights;

  // Trunk: 4×4 valid conv (7 → 4) → BN `norm` → LReLU.
  let z = conv2d(featureMap, param(W, 'predictor.first.weight', [512, 512, 4, 4]), param(W, 'predictor.first.bias', [512]).data);
  z = leakyRelu(batchNorm(z, bnParams(W, 'predictor.norm', 512)), LRELU);

  // Encoder chain on 4×4: encoder.k is 512→256→128→64→32→3 and yields the kernel of IDN stage 4 − k.
  const encKernels: Tensor[] = new Array<Tensor>(5);
  let x = z;
  for (let k = 0; k < 5; k++) {
    const r = convBlock(W, `predictor.encoder.${k}`, x, ENCODER_CHANNELS[4 - k]!);
    encKernels[4 - k] = asDepthwise(r.k);
    x = r.u;
  }

  // Decoder chain: 2×2 valid conv (4 → 3) → BN `decoder_norm` → LReLU, then decoder.0..3 for IDN stages 0..3.
  let y = conv2d(z, param(W, 'predictor.first_decoder.weight', [512, 512, 2, 2]), param(W, 'predictor.first_decoder.bias', [512]).data);
  y = leakyRelu(batchNorm(y, bnParams(W, 'predictor.decoder_norm', 512)), LRELU);
  const decKernels: Tensor[] = [];
  for (let j = 0; j < 4; j++) {
    const r = convBlock(W, `predictor.decoder.${j}`, y, DECODER_IN[j]!);
    decKernels.push(asDepthwise(r.k));
    y = r.u;
  }

  const pointwise: Tensor[] = [];
  for (let i = 0; i < 5; i++) {
    pointwise.push(modulatePointwise(W, `EncoderModulation.${i}`, embedding512, ENCODER_CHANNELS[i]!, ENCODER_CHANNELS[i + 1]!));
  }
  for (let j = 0; j < 4; j++) {
    pointwise.push(modulatePointwise(W, `DecoderModulation.${j}`, embedding512, DECODER_IN[j]!, DECODER_OUT[j]!));
  }
  return { depthwise: [...encKernels, ...decKernels], pointwise };
}
