import { shaderSource } from '../../engine/shader-source';
import type { KernelDefinition } from '../../engine/kernel';
import { flatGrid } from '../common/grid';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './normalize-input.wgsl?raw';

export interface NormalizeInputParams {
  /** Elements to normalise (3·H·W for the RGB crop). */
  readonly count: number;
  readonly inOffset?: number;
  readonly outOffset?: number;
}

const WORKGROUP_SIZE = 64;

export const normalizeInput: KernelDefinition<NormalizeInputParams> = {
  name: 'normalize-input',
  source: shaderSource({ file: 'normalize-input/normalize-input.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('normalize-input', { count: p.count });
    requireOffsets('normalize-input', { inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
  },
  variant: () => ({ entryPoint: 'main', overrides: { WORKGROUP_SIZE }, workgroupSize: [WORKGROUP_SIZE, 1, 1] }),
  uniforms: (p) => ({ count: p.count, in_offset: p.inOffset ?? 0, out_offset: p.outOffset ?? 0 }),
  workgroups: (p) => flatGrid(p.count, WORKGROUP_SIZE),
  bindingElements: (p) => ({ input: (p.inOffset ?? 0) + p.count, output: (p.outOffset ?? 0) + p.count }),
  cost: (p) => ({ macs: p.count, bytesRead: 4 * p.count, bytesWritten: 4 * p.count }),
};
