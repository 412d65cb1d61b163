import type { KernelDefinition } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import { activationOverrides, type GraphActivation } from '../add-activation/add-activation';
import activationWgsl from '../common/activation.wgsl?raw';
import { flatGrid } from '../common/grid';
import { requirePositiveInts } from '../common/shapes';
import wgsl from './channel-activation.wgsl?raw';

export interface ChannelActivationParams {
  readonly channels: number;
  /** Height × width. */
  readonly pixels: number;
  readonly activation: GraphActivation;
}

const WORKGROUP_SIZE = 64;

export const channelActivation: KernelDefinition<ChannelActivationParams> = {
  name: 'channel-activation',
  source: shaderSource({ file: 'common/activation.wgsl', code: activationWgsl }, { file: 'channel-activation/channel-activation.wgsl', code: wgsl }),
  validate: (p) => requirePositiveInts('channel-activation', { channels: p.channels, pixels: p.pixels }),
  variant: (p) => ({
    entryPoint: p.activation === 'prelu' ? 'main_prelu' : 'main',
    overrides: { ...activationOverrides(p.activation === 'prelu' ? 'none' : p.activation), WORKGROUP_SIZE },
    workgroupSize: [WORKGROUP_SIZE, 1, 1],
  }),
  uniforms: (p) => ({ channels: p.channels, pixels: p.pixels }),
  workgroups: (p) => flatGrid(p.channels * p.pixels, WORKGROUP_SIZE),
  bindingElements: (p) => ({ data: p.channels * p.pixels, ...(p.activation === 'prelu' ? { alpha: p.channels } : {}) }),
  cost: (p) => ({ macs: p.channels * p.pixels, bytesRead: 4 * p.channels * p.pixels, bytesWritten: 4 * p.channels * p.pixels }),
};
