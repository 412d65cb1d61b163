/**
 * The IDN (per-frame network) as a list of kernel invocations, one per layer, at a given crop size
 * (mobilefaceswap.md §4–§5). Up-sampling is already fused into the depthwise convs that follow it (as the
 * kernels allow); the fused frame plan merges further. Used by benchmarks and by the planner.
 */
import type { KernelDefinition } from '../kernel';
import { blend } from '../../kernels/blend/blend';
import { conv3x3 } from '../../kernels/conv3x3/conv3x3';
import { depthwiseConv } from '../../kernels/depthwise-conv/depthwise-conv';
import { normalizeInput } from '../../kernels/normalize-input/normalize-input';
import { pointwiseConv } from '../../kernels/pointwise-conv/pointwise-conv';
import { upsampleBilinear } from '../../kernels/upsample-bilinear/upsample-bilinear';

export interface IdnLayer {
  /** Node name, e.g. `E2.dw`, `D0.pw`, `mask.3.pw`, `head.conv1`. */
  readonly name: string;
  /** The part of the network: encoder, decoder, head, mask, blend. */
  readonly part: 'input' | 'encoder' | 'decoder' | 'head' | 'mask' | 'blend';
  readonly kernel: KernelDefinition<any>;
  readonly params: unknown;
}

export const ENCODER_CHANNELS = [3, 32, 64, 128, 256, 512] as const;
/** Decoder stage j: pointwise in → out, then concatenation with encoder skip E_{3−j} (none at D3). */
export const DECODER_STAGES = [
  { in: 512, out: 256, skip: 256 },
  { in: 512, out: 128, skip: 128 },
  { in: 256, out: 64, skip: 64 },
  { in: 128, out: 32, skip: 0 },
] as const;
export const MASK_CHANNELS = [512, 128, 64, 32, 8, 2] as const;

export function idnLayers(size = 224): IdnLayer[] {
  if (!Number.isInteger(size) || size <= 0 || size % 32 !== 0) throw new Error(`IDN input size must be a positive multiple of 32, got ${size}`);
  const layers: IdnLayer[] = [{ name: 'input.normalize', part: 'input', kernel: normalizeInput, params: { count: 3 * size * size } }];
  let h = size;
  for (let i = 0; i < 5; i++) {
    const cin = ENCODER_CHANNELS[i]!;
    const cout = ENCODER_CHANNELS[i + 1]!;
    layers.push({ name: `E${i}.dw`, part: 'encoder', kernel: depthwiseConv, params: { channels: cin, height: h, width: h, kernelSize: 4, stride: 2, pad: 1 } });
    h /= 2;
    layers.push({ name: `E${i}.pw`, part: 'encoder', kernel: pointwiseConv, params: { inChannels: cin, outChannels: cout, pixels: h * h, activation: 'leakyRelu' } });
  }
  // h is now size/32 (7 at 224).
  const bottleneck = h;
  DECODER_STAGES.forEach((s, j) => {
    layers.push({ name: `D${j}.dw`, part: 'decoder', kernel: depthwiseConv, params: { channels: s.in, height: h, width: h, kernelSize: 3, stride: 1, pad: 1, upsample: true } });
    h *= 2;
    layers.push({ name: `D${j}.pw`, part: 'decoder', kernel: pointwiseConv, params: { inChannels: s.in, outChannels: s.out, pixels: h * h, activation: 'leakyRelu' } });
  });
  layers.push({ name: 'head.upsample', part: 'head', kernel: upsampleBilinear, params: { channels: 32, height: h, width: h } });
  h *= 2;
  layers.push({ name: 'head.pw', part: 'head', kernel: pointwiseConv, params: { inChannels: 32, outChannels: 8, pixels: h * h, hasBias: true, activation: 'leakyRelu' } });
  layers.push({ name: 'head.conv1', part: 'head', kernel: conv3x3, params: { inChannels: 8, outChannels: 3, height: h, width: h, activation: 'leakyRelu' } });
  layers.push({ name: 'head.conv2', part: 'head', kernel: conv3x3, params: { inChannels: 3, outChannels: 3, height: h, width: h, activation: 'tanh' } });
  let m = bottleneck;
  for (let s = 0; s < 5; s++) {
    const cin = MASK_CHANNELS[s]!;
    const cout = MASK_CHANNELS[s + 1]!;
    layers.push({ name: `mask.${s}.dw`, part: 'mask', kernel: depthwiseConv, params: { channels: cin, height: m, width: m, kernelSize: 3, stride: 1, pad: 1, upsample: true, hasBias: true } });
    m *= 2;
    layers.push({ name: `mask.${s}.pw`, part: 'mask', kernel: pointwiseConv, params: { inChannels: cin, outChannels: cout, pixels: m * m, hasBias: true, activation: 'leakyRelu' } });
  }
  layers.push({ name: 'mask.conv', part: 'mask', kernel: conv3x3, params: { inChannels: 2, outChannels: 1, height: m, width: m, activation: 'sigmoid' } });
  layers.push({ name: 'blend', part: 'blend', kernel: blend, params: { pixels: size * size } });
  return layers;
}
