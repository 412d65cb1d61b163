import { ShapeMismatchError } from '../../engine/errors';
import { shaderSource } from '../../engine/shader-source';
import { ceilDiv, type KernelDefinition } from '../../engine/kernel';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './modulate-weights.wgsl?raw';

export interface ModulateWeightsParams {
  /** Length of the style vector e (512: the ArcFace embedding). */
  readonly styleFeatures: number;
  /** C_in of the modulated 1×1 conv; at most 1024 (the gains live in workgroup memory). */
  readonly inChannels: number;
  readonly outChannels: number;
  /** Element offset of the [C_out, C_in] result inside the target buffer. */
  readonly outOffset?: number;
}

export const MAX_MODULATED_IN_CHANNELS = 1024;
const ROWS_PER_WORKGROUP = 32;

export const modulateWeights: KernelDefinition<ModulateWeightsParams> = {
  name: 'modulate-weights',
  source: shaderSource({ file: 'modulate-weights/modulate-weights.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('modulate-weights', { styleFeatures: p.styleFeatures, inChannels: p.inChannels, outChannels: p.outChannels });
    requireOffsets('modulate-weights', { outOffset: p.outOffset ?? 0 });
    if (p.inChannels > MAX_MODULATED_IN_CHANNELS) {
      throw new ShapeMismatchError('modulate-weights', `inChannels = ${p.inChannels} exceeds ${MAX_MODULATED_IN_CHANNELS} (the per-channel gains are kept in workgroup memory)`);
    }
  },
  variant: () => ({ entryPoint: 'main', overrides: {}, workgroupSize: [256, 1, 1], workgroupStorageBytes: (MAX_MODULATED_IN_CHANNELS + 256) * 4 }),
  uniforms: (p) => ({ style_features: p.styleFeatures, in_channels: p.inChannels, out_channels: p.outChannels, out_offset: p.outOffset ?? 0 }),
  workgroups: (p) => [ceilDiv(p.outChannels, ROWS_PER_WORKGROUP), 1, 1],
  bindingElements: (p) => ({
    embedding: p.styleFeatures,
    output: (p.outOffset ?? 0) + p.outChannels * p.inChannels,
    style_weight: p.styleFeatures * p.inChannels,
    style_bias: p.inChannels,
    weight: p.outChannels * p.inChannels,
  }),
  cost(p) {
    const groups = ceilDiv(p.outChannels, ROWS_PER_WORKGROUP);
    return {
      macs: groups * p.styleFeatures * p.inChannels + 3 * p.outChannels * p.inChannels,
      bytesRead: 4 * (groups * (p.styleFeatures * p.inChannels + p.inChannels) + 2 * p.outChannels * p.inChannels),
      bytesWritten: 4 * p.outChannels * p.inChannels,
    };
  },
};
