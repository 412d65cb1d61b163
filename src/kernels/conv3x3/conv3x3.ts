import { shaderSource } from '../../engine/shader-source';
import type { KernelDefinition } from '../../engine/kernel';
import activationWgsl from '../common/activation.wgsl?raw';
import { flatGrid } from '../common/grid';
import { ACTIVATIONS, requireOffsets, requirePositiveInts, type Activation } from '../common/shapes';
import wgsl from './conv3x3.wgsl?raw';

export interface Conv3x3Params {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly height: number;
  readonly width: number;
  readonly activation?: Activation;
  readonly inOffset?: number;
  readonly outOffset?: number;
}

const WORKGROUP_SIZE = 64;

export const conv3x3: KernelDefinition<Conv3x3Params> = {
  name: 'conv3x3',
  source: shaderSource({ file: 'common/activation.wgsl', code: activationWgsl }, { file: 'conv3x3/conv3x3.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('conv3x3', { inChannels: p.inChannels, outChannels: p.outChannels, height: p.height, width: p.width });
    requireOffsets('conv3x3', { inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
  },
  variant: (p) => ({ entryPoint: 'main', overrides: { ACTIVATION: ACTIVATIONS[p.activation ?? 'none'], WORKGROUP_SIZE }, workgroupSize: [WORKGROUP_SIZE, 1, 1] }),
  uniforms: (p) => ({ c_in: p.inChannels, c_out: p.outChannels, height: p.height, width: p.width, in_offset: p.inOffset ?? 0, out_offset: p.outOffset ?? 0 }),
  workgroups: (p) => flatGrid(p.height * p.width, WORKGROUP_SIZE),
  bindingElements: (p) => ({
    input: (p.inOffset ?? 0) + p.inChannels * p.height * p.width,
    output: (p.outOffset ?? 0) + p.outChannels * p.height * p.width,
    weight: p.outChannels * p.inChannels * 9,
    bias: p.outChannels,
  }),
  cost: (p) => ({
    macs: p.outChannels * p.inChannels * 9 * p.height * p.width,
    bytesRead: 4 * (p.inChannels * p.height * p.width + p.outChannels * p.inChannels * 9 + p.outChannels),
    bytesWritten: 4 * p.outChannels * p.height * p.width,
  }),
};
