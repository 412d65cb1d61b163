import { ceilDiv, type KernelDefinition } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import { requirePositiveInts } from '../common/shapes';
import wgsl from './frame-to-texture.wgsl?raw';

export interface FrameToTextureParams {
  readonly width: number;
  readonly height: number;
}

export const frameToTexture: KernelDefinition<FrameToTextureParams> = {
  name: 'frame-to-texture',
  source: shaderSource({ file: 'frame-to-texture/frame-to-texture.wgsl', code: wgsl }),
  validate: (p) => requirePositiveInts('frame-to-texture', { width: p.width, height: p.height }),
  variant: () => ({ entryPoint: 'main', overrides: {}, workgroupSize: [8, 8, 1] }),
  uniforms: (p) => ({ width: p.width, height: p.height }),
  workgroups: (p) => [ceilDiv(p.width, 8), ceilDiv(p.height, 8), 1],
  bindingElements: (p) => ({ frame: p.width * p.height }),
  cost: (p) => ({ macs: 0, bytesRead: 4 * p.width * p.height, bytesWritten: 4 * p.width * p.height }),
};
