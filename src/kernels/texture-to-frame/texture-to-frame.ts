import { ceilDiv, type KernelDefinition } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import { requirePositiveInts } from '../common/shapes';
import wgsl from './texture-to-frame.wgsl?raw';

export interface TextureToFrameParams {
  readonly width: number;
  readonly height: number;
}

export const textureToFrame: KernelDefinition<TextureToFrameParams> = {
  name: 'texture-to-frame',
  source: shaderSource({ file: 'texture-to-frame/texture-to-frame.wgsl', code: wgsl }),
  validate: (p) => requirePositiveInts('texture-to-frame', { width: p.width, height: p.height }),
  variant: () => ({ entryPoint: 'main', overrides: {}, workgroupSize: [8, 8, 1] }),
  uniforms: (p) => ({ width: p.width, height: p.height }),
  workgroups: (p) => [ceilDiv(p.width, 8), ceilDiv(p.height, 8), 1],
  bindingElements: (p) => ({ frame: p.width * p.height }),
  cost: (p) => ({ macs: 0, bytesRead: 4 * p.width * p.height, bytesWritten: 4 * p.width * p.height }),
};
