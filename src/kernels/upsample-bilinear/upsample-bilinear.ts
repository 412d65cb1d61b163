import { shaderSource } from '../../engine/shader-source';
import type { KernelDefinition } from '../../engine/kernel';
import bilinearWgsl from '../common/bilinear.wgsl?raw';
import { flatGrid } from '../common/grid';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './upsample-bilinear.wgsl?raw';

export interface UpsampleBilinearParams {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly inOffset?: number;
  readonly outOffset?: number;
}

const WORKGROUP_SIZE = 64;

export const upsampleBilinear: KernelDefinition<UpsampleBilinearParams> = {
  name: 'upsample-bilinear',
  source: shaderSource({ file: 'common/bilinear.wgsl', code: bilinearWgsl }, { file: 'upsample-bilinear/upsample-bilinear.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('upsample-bilinear', { channels: p.channels, height: p.height, width: p.width });
    requireOffsets('upsample-bilinear', { inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
  },
  variant: () => ({ entryPoint: 'main', overrides: { WORKGROUP_SIZE }, workgroupSize: [WORKGROUP_SIZE, 1, 1] }),
  uniforms: (p) => ({ channels: p.channels, in_h: p.height, in_w: p.width, in_offset: p.inOffset ?? 0, out_offset: p.outOffset ?? 0 }),
  workgroups: (p) => flatGrid(4 * p.channels * p.height * p.width, WORKGROUP_SIZE),
  bindingElements: (p) => ({
    input: (p.inOffset ?? 0) + p.channels * p.height * p.width,
    output: (p.outOffset ?? 0) + 4 * p.channels * p.height * p.width,
  }),
  cost: (p) => ({ macs: 4 * p.channels * p.height * p.width * 3, bytesRead: 4 * p.channels * p.height * p.width, bytesWritten: 16 * p.channels * p.height * p.width }),
};
