import { shaderSource } from '../../engine/shader-source';
import type { KernelDefinition } from '../../engine/kernel';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './l2-normalize.wgsl?raw';

export interface L2NormalizeParams {
  readonly length: number;
  /** Rows of partial sums to add before normalising (a split-K linear's output); default 1. */
  readonly parts?: number;
  readonly inOffset?: number;
  readonly outOffset?: number;
}

export const l2Normalize: KernelDefinition<L2NormalizeParams> = {
  name: 'l2-normalize',
  source: shaderSource({ file: 'l2-normalize/l2-normalize.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('l2-normalize', { length: p.length, parts: p.parts ?? 1 });
    requireOffsets('l2-normalize', { inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
  },
  variant: () => ({ entryPoint: 'main', overrides: {}, workgroupSize: [256, 1, 1], workgroupStorageBytes: 256 * 4 }),
  uniforms: (p) => ({ length: p.length, parts: p.parts ?? 1, in_offset: p.inOffset ?? 0, out_offset: p.outOffset ?? 0 }),
  // A vector of a few hundred values: one workgroup is plenty.
  workgroups: () => [1, 1, 1],
  bindingElements: (p) => ({ input: (p.inOffset ?? 0) + (p.parts ?? 1) * p.length, output: (p.outOffset ?? 0) + p.length }),
  cost: (p) => ({ macs: 2 * (p.parts ?? 1) * p.length + p.length, bytesRead: 8 * (p.parts ?? 1) * p.length, bytesWritten: 4 * p.length }),
};
