import { shaderSource } from '../../engine/shader-source';
import type { KernelDefinition } from '../../engine/kernel';
import { flatGrid } from '../common/grid';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './arcface-input.wgsl?raw';

export interface ArcfaceInputParams {
  /** Output size; the RGBA crop is twice this in each axis (112 from the 224 aligned crop). */
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outOffset?: number;
}

const WORKGROUP_SIZE = 64;

export const arcfaceInput: KernelDefinition<ArcfaceInputParams> = {
  name: 'arcface-input',
  source: shaderSource({ file: 'arcface-input/arcface-input.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('arcface-input', { outHeight: p.outHeight, outWidth: p.outWidth });
    requireOffsets('arcface-input', { outOffset: p.outOffset ?? 0 });
  },
  variant: () => ({ entryPoint: 'main', overrides: { WORKGROUP_SIZE }, workgroupSize: [WORKGROUP_SIZE, 1, 1] }),
  uniforms: (p) => ({ out_h: p.outHeight, out_w: p.outWidth, out_offset: p.outOffset ?? 0 }),
  workgroups: (p) => flatGrid(p.outHeight * p.outWidth, WORKGROUP_SIZE),
  // `rgba` is u32 per pixel: one 4-byte element each, like an f32.
  bindingElements: (p) => ({ rgba: 4 * p.outHeight * p.outWidth, output: (p.outOffset ?? 0) + 3 * p.outHeight * p.outWidth }),
  cost: (p) => ({ macs: 12 * p.outHeight * p.outWidth, bytesRead: 16 * p.outHeight * p.outWidth, bytesWritten: 12 * p.outHeight * p.outWidth }),
};
