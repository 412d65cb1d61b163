/**
 * ArcFace IR-SE-101 (reference §2) on the GPU, from an aligned 224×224 RGBA8 crop to the L2-normalised
 * 512-d embedding and the 512×7×7 feature map the IIN consumes.
 *
 * Every BatchNorm is folded at load: into the conv before it where there is one; bn0 (in front of each
 * block's zero-padded conv1) becomes conv2d's in-image input affine; the head's bn2 (after the last
 * block's PReLU) becomes the squeeze-excite output affine; bn3 folds into the fc. Per IR block:
 *   conv1 (affine bn0, bias bn1, PReLU) → conv2 (stride s, bias bn2) → [1×1 shortcut conv, bias] →
 *   global-avg-pool → squeeze-excite (gate · branch + shortcut → PReLU)
 * 4–5 dispatches per block, 33 blocks: the whole network is one compute pass of 140 dispatches.
 */
import type { GpuContext } from '../device';
import type { PipelineCache } from '../pipeline-cache';
import type { TensorMap } from '../weights/tensor-map';
import { arcfaceInput } from '../../kernels/arcface-input/arcface-input';
import { conv2d, conv2dOutputShape, type Conv2dParams } from '../../kernels/conv2d/conv2d';
import { globalAvgPool } from '../../kernels/global-avg-pool/global-avg-pool';
import { l2Normalize } from '../../kernels/l2-normalize/l2-normalize';
import { linear } from '../../kernels/linear/linear';
import { maxPool2x2 } from '../../kernels/max-pool-2x2/max-pool-2x2';
import { packSqueezeExcite, squeezeExcite } from '../../kernels/squeeze-excite/squeeze-excite';
import { GpuPlan, requireCopySource } from './gpu-plan';
import { batchNormAffine, foldConvBatchNorm, foldLinearBatchNorm, requireScalar, requireTensor } from './weights';

export const ARCFACE_CROP_SIZE = 224;
export const ARCFACE_INPUT_SIZE = 112;
export const ARCFACE_EMBEDDING_SIZE = 512;
export const ARCFACE_FEATURE_MAP_SHAPE = [512, 7, 7] as const;

const STAGE_BLOCKS = [3, 4, 23, 3] as const;
const STAGE_CHANNELS = [64, 128, 256, 512] as const;
const SE_REDUCTION = 16;
/** The fc's 25088-long reduction runs as 49 chunks of 512, added by l2-normalize. */
const FC_SPLITS = 49;

export class ArcFaceGpu {
  private constructor(
    private readonly plan: GpuPlan,
    /** Where `encode` reads the crop: 224×224 packed RGBA8 (R in the low byte). Write into it to skip the copy. */
    readonly inputBuffer: GPUBuffer,
    /** 512 floats, L2-normalised (`bn3` output / ‖·‖). */
    readonly embedding: GPUBuffer,
    /** 512·7·7 floats, NCHW (`bn2` output, not normalised). */
    readonly featureMap: GPUBuffer,
  ) {}

  /** Uploads and folds the weights, allocates every intermediate, compiles and prepares every dispatch. */
  static async create(gpu: GpuContext, cache: PipelineCache, weights: TensorMap): Promise<ArcFaceGpu> {
    const plan = new GpuPlan(gpu, cache, 'arcface');
    try {
      const inputBuffer = plan.scratch(ARCFACE_CROP_SIZE * ARCFACE_CROP_SIZE, 'rgba-crop');
      const [fc, fh, fw] = ARCFACE_FEATURE_MAP_SHAPE;
      const featureMap = plan.scratch(fc * fh * fw, 'feature-map');
      const embedding = plan.scratch(ARCFACE_EMBEDDING_SIZE, 'embedding');
      buildArcface(plan, weights, inputBuffer, featureMap, embedding);
      await plan.prepare();
      return new ArcFaceGpu(plan, inputBuffer, embedding, featureMap);
    } catch (e) {
      plan.destroy();
      throw e;
    }
  }

  /** MACs and dispatch count of one run. */
  get cost(): { macs: number; dispatches: number } {
    return this.plan.cost;
  }

  /**
   * Records the whole network. `input` (224×224 packed RGBA8, needs COPY_SRC) is first copied into
   * `inputBuffer` unless it is that buffer, so bind groups never change.
   */
  encode(encoder: GPUCommandEncoder, input: GPUBuffer): void {
    if (input !== this.inputBuffer) {
      requireCopySource(input, this.inputBuffer.size, 'arcface: input crop');
      encoder.copyBufferToBuffer(input, 0, this.inputBuffer, 0, this.inputBuffer.size);
    }
    const pass = encoder.beginComputePass({ label: 'arcface' });
    this.plan.encode(pass);
    pass.end();
  }

  destroy(): void {
    this.plan.destroy();
  }
}

function buildArcface(plan: GpuPlan, weights: TensorMap, crop: GPUBuffer, featureMap: GPUBuffer, embedding: GPUBuffer): void {
  const S = ARCFACE_INPUT_SIZE;
  const input = plan.scratch(3 * S * S, 'input112');
  plan.add(arcfaceInput, { outHeight: S, outWidth: S }, { rgba: crop, output: input }, 'preprocess');

  // Stem: conv 3×3 valid (112 → 110), BN folded, PReLU, then max pool (110 → 55).
  const stemConv: Conv2dParams = { inChannels: 3, outChannels: 64, inHeight: S, inWidth: S, kernelHeight: 3, kernelWidth: 3, hasBias: true, activation: 'prelu' };
  const { outHeight: stemH, outWidth: stemW } = conv2dOutputShape(stemConv);
  const stem = foldConvBatchNorm(weights, 'conv1', 'bn1', [64, 3, 3, 3]);
  const stemOut = plan.scratch(64 * stemH * stemW, 'stem');
  plan.add(
    conv2d,
    stemConv,
    { input, output: stemOut, weight: plan.upload(stem.weight, 'conv1'), bias: plan.upload(stem.bias, 'conv1.bias'), slope: plan.upload(requireScalar(weights, 'prelu._weight'), 'prelu') },
    'stem.conv',
  );

  // Activations of every block fit in the largest one (64×55×55): ping-pong x, plus the block's scratch.
  let h = Math.floor(stemH / 2);
  let w = Math.floor(stemW / 2);
  const largest = 64 * h * w;
  const x = [plan.scratch(largest, 'x0'), plan.scratch(largest, 'x1')] as const;
  const scratch = { inner: plan.scratch(largest, 'inner'), branch: plan.scratch(largest, 'branch'), shortcut: plan.scratch(largest, 'shortcut'), mean: plan.scratch(512, 'se-mean') };
  plan.add(maxPool2x2, { channels: 64, inHeight: stemH, inWidth: stemW }, { input: stemOut, output: x[0] }, 'stem.pool');

  let current = 0;
  let cin = 64;
  const lastStage = STAGE_BLOCKS.length - 1;
  for (let s = 0; s < STAGE_BLOCKS.length; s++) {
    const cout = STAGE_CHANNELS[s]!;
    for (let b = 0; b < STAGE_BLOCKS[s]!; b++) {
      const isLast = s === lastStage && b === STAGE_BLOCKS[s]! - 1;
      const out = isLast ? featureMap : x[1 - current]!;
      const shape = irBlock(plan, weights, `layer${s + 1}.${b}`, { input: x[current]!, output: out, ...scratch }, { cin, cout, h, w, stride: s > 0 && b === 0 ? 2 : 1, headAffine: isLast });
      h = shape.h;
      w = shape.w;
      cin = cout;
      current = 1 - current;
    }
  }
  if (h !== ARCFACE_FEATURE_MAP_SHAPE[1] || w !== ARCFACE_FEATURE_MAP_SHAPE[2]) throw new Error(`arcface: feature map is ${h}×${w}, expected 7×7`);

  // Head: flatten (NCHW order) → fc with bn3 folded (split-K partial sums) → add the partials and L2-normalise.
  const features = 512 * h * w;
  const fcLayer = foldLinearBatchNorm(weights, 'fc', 'bn3', features, ARCFACE_EMBEDDING_SIZE);
  const partials = plan.scratch(FC_SPLITS * ARCFACE_EMBEDDING_SIZE, 'fc-partials');
  plan.add(
    linear,
    { inFeatures: features, outFeatures: ARCFACE_EMBEDDING_SIZE, splits: FC_SPLITS, hasBias: true },
    { input: featureMap, output: partials, weight: plan.upload(fcLayer.weight, 'fc'), bias: plan.upload(fcLayer.bias, 'fc.bias') },
    'fc',
  );
  plan.add(l2Normalize, { length: ARCFACE_EMBEDDING_SIZE, parts: FC_SPLITS }, { input: partials, output: embedding }, 'l2');
}

interface BlockBuffers {
  readonly input: GPUBuffer;
  readonly output: GPUBuffer;
  readonly inner: GPUBuffer;
  readonly branch: GPUBuffer;
  readonly shortcut: GPUBuffer;
  readonly mean: GPUBuffer;
}

interface BlockShape {
  readonly cin: number;
  readonly cout: number;
  readonly h: number;
  readonly w: number;
  readonly stride: number;
  /** The network's last block also applies the head's bn2, so its output is the feature map. */
  readonly headAffine: boolean;
}

/** One IR-SE block (reference §2.1); returns its output size. */
function irBlock(plan: GpuPlan, weights: TensorMap, prefix: string, buf: BlockBuffers, shape: BlockShape): { h: number; w: number } {
  const { cin, cout, h, w, stride } = shape;
  const slope = plan.upload(requireScalar(weights, `${prefix}.prelu._weight`), `${prefix}.prelu`);

  const conv1 = foldConvBatchNorm(weights, `${prefix}.conv1`, `${prefix}.bn1`, [cin, cin, 3, 3]);
  plan.add(
    conv2d,
    { inChannels: cin, outChannels: cin, inHeight: h, inWidth: w, kernelHeight: 3, kernelWidth: 3, padding: 1, inputAffine: true, hasBias: true, activation: 'prelu' },
    {
      input: buf.input,
      output: buf.inner,
      weight: plan.upload(conv1.weight, `${prefix}.conv1`),
      bias: plan.upload(conv1.bias, `${prefix}.conv1.bias`),
      slope,
      in_affine: plan.upload(batchNormAffine(weights, `${prefix}.bn0`, cin), `${prefix}.bn0`),
    },
    `${prefix}.conv1`,
  );

  const conv2Params: Conv2dParams = { inChannels: cin, outChannels: cout, inHeight: h, inWidth: w, kernelHeight: 3, kernelWidth: 3, stride, padding: 1, hasBias: true };
  const { outHeight: oh, outWidth: ow } = conv2dOutputShape(conv2Params);
  const conv2 = foldConvBatchNorm(weights, `${prefix}.conv2`, `${prefix}.bn2`, [cout, cin, 3, 3]);
  plan.add(
    conv2d,
    conv2Params,
    { input: buf.inner, output: buf.branch, weight: plan.upload(conv2.weight, `${prefix}.conv2`), bias: plan.upload(conv2.bias, `${prefix}.conv2.bias`) },
    `${prefix}.conv2`,
  );

  // The checkpoint says whether the block projects its shortcut (first block of a stage that changes shape).
  let shortcut = buf.input;
  if (weights.has(`${prefix}.downsample.0.weight`)) {
    const down = foldConvBatchNorm(weights, `${prefix}.downsample.0`, `${prefix}.downsample.1`, [cout, cin, 1, 1]);
    plan.add(
      conv2d,
      { inChannels: cin, outChannels: cout, inHeight: h, inWidth: w, kernelHeight: 1, kernelWidth: 1, stride, hasBias: true },
      { input: buf.input, output: buf.shortcut, weight: plan.upload(down.weight, `${prefix}.downsample`), bias: plan.upload(down.bias, `${prefix}.downsample.bias`) },
      `${prefix}.downsample`,
    );
    shortcut = buf.shortcut;
  } else if (stride !== 1 || cin !== cout) {
    throw new Error(`arcface: block ${prefix} changes shape (${cin}→${cout}, stride ${stride}) but "${prefix}.downsample.0.weight" is missing`);
  }

  const pixels = oh * ow;
  const reduced = cout / SE_REDUCTION;
  plan.add(globalAvgPool, { channels: cout, pixels }, { input: buf.branch, output: buf.mean }, `${prefix}.se.pool`);
  const se = packSqueezeExcite(
    {
      fc1Weight: requireTensor(weights, `${prefix}.se.fc.0.weight`, [cout, reduced]),
      fc1Bias: requireTensor(weights, `${prefix}.se.fc.0.bias`, [reduced]),
      slope: requireScalar(weights, `${prefix}.se.fc.1._weight`)[0]!,
      fc2Weight: requireTensor(weights, `${prefix}.se.fc.2.weight`, [reduced, cout]),
      fc2Bias: requireTensor(weights, `${prefix}.se.fc.2.bias`, [cout]),
    },
    cout,
    reduced,
  );
  plan.add(
    squeezeExcite,
    { channels: cout, reduced, pixels, outputAffine: shape.headAffine },
    {
      mean: buf.mean,
      branch: buf.branch,
      shortcut,
      output: buf.output,
      se_weights: plan.upload(se, `${prefix}.se`),
      slope,
      ...(shape.headAffine ? { out_affine: plan.upload(batchNormAffine(weights, 'bn2', cout), 'bn2') } : {}),
    },
    `${prefix}.se`,
  );
  return { h: oh, w: ow };
}
