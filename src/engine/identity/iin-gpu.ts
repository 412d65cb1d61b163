/**
 * The Identity Injection Network (reference §3) on the GPU: turns one identity (ArcFace embedding +
 * 7×7 feature map) into the IDN's 9 depthwise and 9 pointwise kernels, written IN PLACE into the IDN's own
 * weight buffers, so switching identity re-runs this and changes no bind group or pipeline anywhere.
 *
 *  - predictor trunk: conv 4×4 valid (7 → 4) → BN → LReLU; encoder.k ConvBlocks on 4×4 (a→b: conv → BN →
 *    LReLU, then the raw kernel conv b→b, written straight into depthwise target 4 − k); conv 2×2 valid on the
 *    trunk (4 → 3) → BN → LReLU; decoder.j ConvBlocks on 3×3 into depthwise target 5 + j. BNs are folded.
 *  - modulation: one modulate-weights dispatch per IDN layer into pointwise target i.
 */
import type { GpuContext } from '../device';
import type { PipelineCache } from '../pipeline-cache';
import type { TensorMap } from '../weights/tensor-map';
import { conv2d, type Conv2dParams } from '../../kernels/conv2d/conv2d';
import { modulateWeights } from '../../kernels/modulate-weights/modulate-weights';
import { depthwiseElements, DYNAMIC_LAYER_NAMES, DYNAMIC_WEIGHT_SHAPES, pointwiseElements, type DynamicWeightBuffers } from '../idn/dynamic-weights';
import { ARCFACE_EMBEDDING_SIZE, ARCFACE_FEATURE_MAP_SHAPE } from './arcface-gpu';
import { GpuPlan, requireCopySource } from './gpu-plan';
import { foldConvBatchNorm, requireTensor } from './weights';

/** ConvBlock `predictor.encoder.k` maps ENCODER_CHAIN[k] → [k + 1] channels; `predictor.decoder.j` likewise. */
const ENCODER_CHAIN = [512, 256, 128, 64, 32, 3] as const;
const DECODER_CHAIN = [512, 512, 512, 256, 128] as const;
const TRUNK_CHANNELS = 512;

/** The IDN's weight buffers, order [E0..E4, D0..D3]: depthwise [C, 1, K, K], pointwise [C_out, C_in]. */
export type IinTargets = DynamicWeightBuffers;

export class IinGpu {
  private constructor(
    private readonly plan: GpuPlan,
    /** Where `encode` reads the embedding (512 floats, L2-normalised); write into it to skip the copy. */
    readonly embeddingInput: GPUBuffer,
    /** Where `encode` reads the feature map (512·7·7 floats). */
    readonly featureMapInput: GPUBuffer,
  ) {}

  static async create(gpu: GpuContext, cache: PipelineCache, swapWeights: TensorMap, targets: IinTargets): Promise<IinGpu> {
    checkTargets(targets);
    const plan = new GpuPlan(gpu, cache, 'iin');
    try {
      const [fc, fh, fw] = ARCFACE_FEATURE_MAP_SHAPE;
      const embeddingInput = plan.scratch(ARCFACE_EMBEDDING_SIZE, 'embedding');
      const featureMapInput = plan.scratch(fc * fh * fw, 'feature-map');
      buildPredictor(plan, swapWeights, featureMapInput, targets.depthwise);
      buildModulation(plan, swapWeights, embeddingInput, targets.pointwise);
      await plan.prepare();
      return new IinGpu(plan, embeddingInput, featureMapInput);
    } catch (e) {
      plan.destroy();
      throw e;
    }
  }

  get cost(): { macs: number; dispatches: number } {
    return this.plan.cost;
  }

  /**
   * Records the IIN. `embedding` and `featureMap` (e.g. ArcFaceGpu's outputs; they need COPY_SRC) are copied
   * into this object's inputs unless they are those buffers.
   */
  encode(encoder: GPUCommandEncoder, embedding: GPUBuffer, featureMap: GPUBuffer): void {
    if (embedding !== this.embeddingInput) {
      requireCopySource(embedding, this.embeddingInput.size, 'iin: embedding');
      encoder.copyBufferToBuffer(embedding, 0, this.embeddingInput, 0, this.embeddingInput.size);
    }
    if (featureMap !== this.featureMapInput) {
      requireCopySource(featureMap, this.featureMapInput.size, 'iin: feature map');
      encoder.copyBufferToBuffer(featureMap, 0, this.featureMapInput, 0, this.featureMapInput.size);
    }
    const pass = encoder.beginComputePass({ label: 'iin' });
    this.plan.encode(pass);
    pass.end();
  }

  /** Frees what this object created; the targets belong to the IDN and stay. */
  destroy(): void {
    this.plan.destroy();
  }
}

function checkTargets(targets: IinTargets): void {
  const check = (kind: 'depthwise' | 'pointwise', list: readonly GPUBuffer[], elements: (i: number) => number): void => {
    if (list.length !== DYNAMIC_LAYER_NAMES.length) throw new Error(`iin: expected ${DYNAMIC_LAYER_NAMES.length} ${kind} targets [E0..E4, D0..D3], got ${list.length}`);
    list.forEach((b, i) => {
      if (b.size < 4 * elements(i)) throw new Error(`iin: ${kind} target ${DYNAMIC_LAYER_NAMES[i]} holds ${b.size} bytes, needs ${4 * elements(i)}`);
      if ((b.usage & GPUBufferUsage.STORAGE) === 0) throw new Error(`iin: ${kind} target ${DYNAMIC_LAYER_NAMES[i]} lacks STORAGE usage`);
    });
  };
  check('depthwise', targets.depthwise, depthwiseElements);
  check('pointwise', targets.pointwise, pointwiseElements);
}

const LEAKY = 'leakyRelu' as const;

function buildPredictor(plan: GpuPlan, W: TensorMap, featureMap: GPUBuffer, depthwise: readonly GPUBuffer[]): void {
  const [, fh, fw] = ARCFACE_FEATURE_MAP_SHAPE;
  const C = TRUNK_CHANNELS;
  // Trunk: conv 4×4 valid, 7 → 4.
  const trunk = foldConvBatchNorm(W, 'predictor.first', 'predictor.norm', [C, C, 4, 4]);
  const z = plan.scratch(C * 16, 'trunk');
  addConv(plan, 'predictor.first', { inChannels: C, outChannels: C, inHeight: fh, inWidth: fw, kernelHeight: 4, kernelWidth: 4, hasBias: true, activation: LEAKY }, featureMap, z, trunk.weight, trunk.bias);

  // Two scratch maps per chain, ping-ponged between ConvBlocks.
  const encoderMaps = [plan.scratch(C * 16, 'enc-u0'), plan.scratch(C * 16, 'enc-u1')] as const;
  let x = z;
  for (let k = 0; k < 5; k++) {
    const u = encoderMaps[k % 2]!;
    convBlock(plan, W, `predictor.encoder.${k}`, ENCODER_CHAIN[k]!, ENCODER_CHAIN[k + 1]!, 4, x, u, depthwise[4 - k]!);
    x = u;
  }

  // Decoder chain: conv 2×2 valid on the trunk, 4 → 3.
  const first = foldConvBatchNorm(W, 'predictor.first_decoder', 'predictor.decoder_norm', [C, C, 2, 2]);
  const y0 = plan.scratch(C * 9, 'dec-y0');
  addConv(plan, 'predictor.first_decoder', { inChannels: C, outChannels: C, inHeight: 4, inWidth: 4, kernelHeight: 2, kernelWidth: 2, hasBias: true, activation: LEAKY }, z, y0, first.weight, first.bias);
  const decoderMaps = [plan.scratch(C * 9, 'dec-u0'), plan.scratch(C * 9, 'dec-u1')] as const;
  let y = y0;
  for (let j = 0; j < 4; j++) {
    const u = decoderMaps[j % 2]!;
    convBlock(plan, W, `predictor.decoder.${j}`, DECODER_CHAIN[j]!, DECODER_CHAIN[j + 1]!, 3, y, u, depthwise[5 + j]!);
    y = u;
  }
}

/** ConvBlock a→b at size×size: u = LReLU(BN(conv3×3(x))) into `u`; the raw kernel conv3×3(u) into `kernelTarget`. */
function convBlock(plan: GpuPlan, W: TensorMap, prefix: string, a: number, b: number, size: number, x: GPUBuffer, u: GPUBuffer, kernelTarget: GPUBuffer): void {
  const conv = foldConvBatchNorm(W, `${prefix}.conv`, `${prefix}.norm`, [b, a, 3, 3]);
  const same = { inHeight: size, inWidth: size, kernelHeight: 3, kernelWidth: 3, padding: 1, hasBias: true };
  addConv(plan, `${prefix}.conv`, { ...same, inChannels: a, outChannels: b, activation: LEAKY }, x, u, conv.weight, conv.bias);
  const kernelWeight = requireTensor(W, `${prefix}.weight.weight`, [b, b, 3, 3]);
  const kernelBias = requireTensor(W, `${prefix}.weight.bias`, [b]);
  addConv(plan, `${prefix}.weight`, { ...same, inChannels: b, outChannels: b }, u, kernelTarget, kernelWeight, kernelBias);
}

function addConv(plan: GpuPlan, name: string, p: Conv2dParams, input: GPUBuffer, output: GPUBuffer, weight: Float32Array, bias: Float32Array): void {
  plan.add(conv2d, p, { input, output, weight: plan.upload(weight, name), bias: plan.upload(bias, `${name}.bias`) }, name);
}

function buildModulation(plan: GpuPlan, W: TensorMap, embedding: GPUBuffer, pointwise: readonly GPUBuffer[]): void {
  const S = ARCFACE_EMBEDDING_SIZE;
  for (let i = 0; i < DYNAMIC_LAYER_NAMES.length; i++) {
    const prefix = i < 5 ? `EncoderModulation.${i}` : `DecoderModulation.${i - 5}`;
    const [cout, cin] = DYNAMIC_WEIGHT_SHAPES[i]!.pointwise;
    plan.add(
      modulateWeights,
      { styleFeatures: S, inChannels: cin, outChannels: cout },
      {
        embedding,
        output: pointwise[i]!,
        style_weight: plan.upload(requireTensor(W, `${prefix}.style.weight`, [S, cin]), `${prefix}.style`),
        style_bias: plan.upload(requireTensor(W, `${prefix}.style.bias`, [cin]), `${prefix}.style.bias`),
        weight: plan.upload(requireTensor(W, `${prefix}.weight`, [cout, cin, 1, 1]), prefix),
      },
      DYNAMIC_LAYER_NAMES[i]!,
    );
  }
}
