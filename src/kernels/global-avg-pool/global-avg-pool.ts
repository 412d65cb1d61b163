import { shaderSource } from '../../engine/shader-source';
import type { KernelDefinition } from '../../engine/kernel';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './global-avg-pool.wgsl?raw';

export interface GlobalAvgPoolParams {
  readonly channels: number;
  /** Height × width of each channel plane. */
  readonly pixels: number;
  readonly inOffset?: number;
  readonly outOffset?: number;
}

export const globalAvgPool: KernelDefinition<GlobalAvgPoolParams> = {
  name: 'global-avg-pool',
  source: shaderSource({ file: 'global-avg-pool/global-avg-pool.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('global-avg-pool', { channels: p.channels, pixels: p.pixels });
    requireOffsets('global-avg-pool', { inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
  },
  variant: () => ({ entryPoint: 'main', overrides: {}, workgroupSize: [64, 1, 1], workgroupStorageBytes: 64 * 4 }),
  uniforms: (p) => ({ channels: p.channels, pixels: p.pixels, in_offset: p.inOffset ?? 0, out_offset: p.outOffset ?? 0 }),
  // One workgroup per channel (prepareDispatch refuses more than the per-dimension limit).
  workgroups: (p) => [p.channels, 1, 1],
  bindingElements: (p) => ({ input: (p.inOffset ?? 0) + p.channels * p.pixels, output: (p.outOffset ?? 0) + p.channels }),
  cost: (p) => ({ macs: p.channels * p.pixels, bytesRead: 4 * p.channels * p.pixels, bytesWritten: 4 * p.channels }),
};
