import { shaderSource } from '../../engine/shader-source';
import type { KernelDefinition } from '../../engine/kernel';
import { flatGrid } from '../common/grid';
import { requirePositiveInts } from '../common/shapes';
import wgsl from './blend.wgsl?raw';

export interface BlendParams {
  /** Height × width of the crop. */
  readonly pixels: number;
}

const WORKGROUP_SIZE = 64;

export const blend: KernelDefinition<BlendParams> = {
  name: 'blend',
  source: shaderSource({ file: 'blend/blend.wgsl', code: wgsl }),
  validate: (p) => requirePositiveInts('blend', { pixels: p.pixels }),
  variant: () => ({ entryPoint: 'main', overrides: { WORKGROUP_SIZE }, workgroupSize: [WORKGROUP_SIZE, 1, 1] }),
  uniforms: (p) => ({ pixels: p.pixels }),
  workgroups: (p) => flatGrid(3 * p.pixels, WORKGROUP_SIZE),
  bindingElements: (p) => ({ tanh_image: 3 * p.pixels, mask: p.pixels, crop: 3 * p.pixels, output: 3 * p.pixels }),
  cost: (p) => ({ macs: 3 * p.pixels * 2, bytesRead: 4 * 7 * p.pixels, bytesWritten: 4 * 3 * p.pixels }),
};
