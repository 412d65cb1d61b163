import { ShapeMismatchError } from '../../engine/errors';
import { shaderSource } from '../../engine/shader-source';
import type { KernelDefinition } from '../../engine/kernel';
import { flatGrid } from '../common/grid';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './max-pool-2x2.wgsl?raw';

export interface MaxPool2x2Params {
  readonly channels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inOffset?: number;
  readonly outOffset?: number;
}

const WORKGROUP_SIZE = 64;

/** floor(in / 2) along each axis. */
export function maxPoolOutputShape(p: MaxPool2x2Params): { outHeight: number; outWidth: number } {
  return { outHeight: Math.floor(p.inHeight / 2), outWidth: Math.floor(p.inWidth / 2) };
}

export const maxPool2x2: KernelDefinition<MaxPool2x2Params> = {
  name: 'max-pool-2x2',
  source: shaderSource({ file: 'max-pool-2x2/max-pool-2x2.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('max-pool-2x2', { channels: p.channels, inHeight: p.inHeight, inWidth: p.inWidth });
    requireOffsets('max-pool-2x2', { inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
    if (p.inHeight < 2 || p.inWidth < 2) throw new ShapeMismatchError('max-pool-2x2', `input ${p.inHeight}×${p.inWidth} is smaller than the 2×2 window`);
  },
  variant: () => ({ entryPoint: 'main', overrides: { WORKGROUP_SIZE }, workgroupSize: [WORKGROUP_SIZE, 1, 1] }),
  uniforms(p) {
    const { outHeight, outWidth } = maxPoolOutputShape(p);
    return { channels: p.channels, in_h: p.inHeight, in_w: p.inWidth, out_h: outHeight, out_w: outWidth, in_offset: p.inOffset ?? 0, out_offset: p.outOffset ?? 0 };
  },
  workgroups(p) {
    const { outHeight, outWidth } = maxPoolOutputShape(p);
    return flatGrid(p.channels * outHeight * outWidth, WORKGROUP_SIZE);
  },
  bindingElements(p) {
    const { outHeight, outWidth } = maxPoolOutputShape(p);
    return { input: (p.inOffset ?? 0) + p.channels * p.inHeight * p.inWidth, output: (p.outOffset ?? 0) + p.channels * outHeight * outWidth };
  },
  cost(p) {
    const { outHeight, outWidth } = maxPoolOutputShape(p);
    const outputs = p.channels * outHeight * outWidth;
    return { macs: 3 * outputs, bytesRead: 16 * outputs, bytesWritten: 4 * outputs };
  },
};
