/**
 * CPU reference of MobileFaceSwap's identity encoder: SimSwap's IR-SE ArcFace, layers [3, 4, 23, 3]
 * (reference §2). Besides the 512-d embedding it returns the 512×7×7 map after `bn2`, which the
 * IIN's weight predictor consumes.
 */
import type { TensorMap } from '../../engine/weights/tensor-map';
import {
  add,
  batchNorm,
  bnParams,
  conv2d,
  dims4,
  globalAvgPool,
  l2Normalize,
  linear,
  maxPool2x2,
  param,
  prelu,
  scaleChannels,
  type Tensor,
} from './ops';

export const ARCFACE_STAGE_BLOCKS = [3, 4, 23, 3] as const;
export const ARCFACE_STAGE_CHANNELS = [64, 128, 256, 512] as const;
/** SE bottleneck reduction. */
const SE_REDUCTION = 16;

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

export interface ArcfaceOutput {
  /** `bn3` output, L2-normalised (what the IIN's modulation layers take). */
  embedding: Float32Array;
  /** `bn2` output, [1, 512, 7, 7], not normalised (what the IIN's weight predictor takes). */
  featureMap: Tensor;
}

function scalar(weights: TensorMap, key: string): number {
  return param(weights, key, [1]).data[0]!;
}

/** Squeeze-and-excitation: x · sigmoid(fc2(PReLU(fc0(avgpool(x))))) per channel. */
function squeezeExcite(weights: TensorMap, prefix: string, x: Tensor): Tensor {
  const [C] = dims4(x, prefix);
  const r = C / SE_REDUCTION;
  const pooled = globalAvgPool(x);
  const h = linear(pooled, param(weights, `${prefix}.fc.0.weight`, [C, r]), param(weights, `${prefix}.fc.0.bias`, [r]).data);
  const slope = scalar(weights, `${prefix}.fc.1._weight`);
  for (let i = 0; i < h.length; i++) if (h[i]! < 0) h[i] = slope * h[i]!;
  const s = linear(h, param(weights, `${prefix}.fc.2.weight`, [r, C]), param(weights, `${prefix}.fc.2.bias`, [C]).data);
  for (let i = 0; i < s.length; i++) s[i] = 1 / (1 + Math.exp(-s[i]!));
  return scaleChannels(x, s);
}

/**
 * IR-SE block: BN → conv3×3 → BN → PReLU → conv3×3 (stride s) → BN → SE, plus the shortcut,
 * then the same PReLU module again (one learnt slope used twice).
 */
function irBlock(weights: TensorMap, prefix: string, x: Tensor, cout: number, stride: number): Tensor {
  const [cin] = dims4(x, prefix);
  const slope = scalar(weights, `${prefix}.prelu._weight`);
  let y = batchNorm(x, bnParams(weights, `${prefix}.bn0`, cin));
  y = conv2d(y, param(weights, `${prefix}.conv1.weight`, [cin, cin, 3, 3]), null, { padding: 1 });
  y = prelu(batchNorm(y, bnParams(weights, `${prefix}.bn1`, cin)), slope);
  y = conv2d(y, param(weights, `${prefix}.conv2.weight`, [cout, cin, 3, 3]), null, { stride, padding: 1 });
  y = batchNorm(y, bnParams(weights, `${prefix}.bn2`, cout));
  y = squeezeExcite(weights, `${prefix}.se`, y);

  // The checkpoint says whether this block has a projection shortcut.
  let shortcut = x;
  if (weights.has(`${prefix}.downsample.0.weight`)) {
    shortcut = conv2d(x, param(weights, `${prefix}.downsample.0.weight`, [cout, cin, 1, 1]), null, { stride });
    shortcut = batchNorm(shortcut, bnParams(weights, `${prefix}.downsample.1`, cout));
  } else if (stride !== 1 || cin !== cout) {
    throw new Error(`arcface: block ${prefix} changes shape (${cin}→${cout}, stride ${stride}) but "${prefix}.downsample.0.weight" is missing`);
  }
  return prelu(add(y, shortcut), slope);
}

/**
 * ArcFace forward on a [1, 3, 112, 112] ImageNet-normalised RGB crop (see
 * `arcfaceInputFromAlignedCrop`). Weights are the `arcface.pdparams` keys without prefix.
 *
 * `onTensor`, if given, sees `stem` (after the max pool), every block output `layer{s}.{b}`,
 * `bn2` (the feature map), `fc`, `bn3` (embedding before L2) and `embedding` ([1, 512] tensors).
 */
export function arcfaceForward(
  weights: TensorMap,
  input112: Tensor,
  onTensor?: (name: string, tensor: Tensor) => void,
): ArcfaceOutput {
  const emit = onTensor ?? (() => {});
  const [c, h, w] = dims4(input112, 'arcfaceForward input');
  if (c !== 3 || h !== 112 || w !== 112) {
    throw new Error(`arcfaceForward: input must be [1, 3, 112, 112], got [${input112.shape.join(', ')}]`);
  }

  // Stem: conv 3×3 pad 0 (112 → 110) → BN → PReLU → maxpool 2×2 (110 → 55).
  let x = conv2d(input112, param(weights, 'conv1.weight', [64, 3, 3, 3]), null, { padding: 0 });
  x = prelu(batchNorm(x, bnParams(weights, 'bn1', 64)), scalar(weights, 'prelu._weight'));
  x = maxPool2x2(x);
  emit('stem', x);

  for (let s = 0; s < ARCFACE_STAGE_BLOCKS.length; s++) {
    const cout = ARCFACE_STAGE_CHANNELS[s]!;
    for (let b = 0; b < ARCFACE_STAGE_BLOCKS[s]!; b++) {
      const stride = s > 0 && b === 0 ? 2 : 1;
      x = irBlock(weights, `layer${s + 1}.${b}`, x, cout, stride);
      emit(`layer${s + 1}.${b}`, x);
    }
  }

  // Head: bn2 (dropout is identity at inference) → flatten (c·49 + h·7 + w, i.e. NCHW order) → fc → bn3.
  const featureMap = batchNorm(x, bnParams(weights, 'bn2', 512));
  emit('bn2', featureMap);
  const [fc, fh, fw] = dims4(featureMap, 'arcface feature map');
  if (fc !== 512 || fh !== 7 || fw !== 7) throw new Error(`arcface: feature map is [${featureMap.shape.join(', ')}], expected [1, 512, 7, 7]`);
  const fcOut = linear(featureMap.data, param(weights, 'fc.weight', [512 * 49, 512]), param(weights, 'fc.bias', [512]).data);
  emit('fc', { shape: [1, 512], data: fcOut });
  const emb = batchNorm({ shape: [1, 512], data: fcOut }, bnParams(weights, 'bn3', 512));
  emit('bn3', emb);
  const embedding = l2Normalize(emb.data);
  emit('embedding', { shape: [1, 512], data: embedding });
  return { embedding, featureMap };
}

export interface ArcfaceInputOptions {
  /**
   * Round the 2×2 average to uint8 as OpenCV's `cv2.resize(…, (112, 112))` does for an exact
   * halving (`(a + b + c + d + 2) >> 2`). Default true, to match the official pipeline; false keeps
   * the exact float average.
   */
  roundToUint8?: boolean;
}

/**
 * The official source-identity preprocessing (§1.4): a 224×224 aligned RGBA crop → 2×2 block
 * average to 112×112 → /255 → ImageNet mean/std per RGB channel → [1, 3, 112, 112].
 */
export function arcfaceInputFromAlignedCrop(rgba224: Uint8ClampedArray | Uint8Array, opts: ArcfaceInputOptions = {}): Tensor {
  if (rgba224.length !== 224 * 224 * 4) {
    throw new Error(`arcfaceInputFromAlignedCrop: expected 224×224 RGBA (${224 * 224 * 4} bytes), got ${rgba224.length}`);
  }
  const round = opts.roundToUint8 ?? true;
  const S = 112;
  const out = new Float32Array(3 * S * S);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const i00 = ((2 * y) * 224 + 2 * x) * 4;
      const i10 = i00 + 224 * 4;
      for (let c = 0; c < 3; c++) {
        const sum = rgba224[i00 + c]! + rgba224[i00 + 4 + c]! + rgba224[i10 + c]! + rgba224[i10 + 4 + c]!;
        const v = round ? (sum + 2) >> 2 : sum / 4;
        out[(c * S + y) * S + x] = (v / 255 - IMAGENET_MEAN[c]!) / IMAGENET_STD[c]!;
      }
    }
  }
  return { shape: [1, 3, S, S], data: out };
}
