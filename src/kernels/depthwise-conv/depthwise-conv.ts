import { shaderSource } from '../../engine/shader-source';
import type { KernelDefinition } from '../../engine/kernel';
import { ShapeMismatchError } from '../../engine/errors';
import activationWgsl from '../common/activation.wgsl?raw';
import bilinearWgsl from '../common/bilinear.wgsl?raw';
import { flatGrid } from '../common/grid';
import { ACTIVATIONS, convOutputSize, requireOffsets, requirePositiveInts, type Activation } from '../common/shapes';
import wgsl from './depthwise-conv.wgsl?raw';

export interface DepthwiseConvParams {
  readonly channels: number;
  /** Height/width of the stored input tensor. */
  readonly height: number;
  readonly width: number;
  readonly kernelSize: 3 | 4;
  readonly stride: 1 | 2;
  readonly pad: number;
  /** Bilinear ×2 (align_corners) up-sampling of the input fused in front of the conv. */
  readonly upsample?: boolean;
  readonly hasBias?: boolean;
  readonly activation?: Activation;
  /** Element offsets into the input/output buffers (channel concatenation writes at an offset). */
  readonly inOffset?: number;
  readonly outOffset?: number;
}

const WORKGROUP_SIZE = 64;

export function depthwiseOutputShape(p: DepthwiseConvParams): { inH: number; inW: number; outH: number; outW: number } {
  const inH = p.upsample ? 2 * p.height : p.height;
  const inW = p.upsample ? 2 * p.width : p.width;
  return {
    inH,
    inW,
    outH: convOutputSize('depthwise-conv', 'height', inH, p.kernelSize, p.stride, p.pad),
    outW: convOutputSize('depthwise-conv', 'width', inW, p.kernelSize, p.stride, p.pad),
  };
}

export const depthwiseConv: KernelDefinition<DepthwiseConvParams> = {
  name: 'depthwise-conv',
  source: shaderSource(
    { file: 'common/activation.wgsl', code: activationWgsl },
    { file: 'common/bilinear.wgsl', code: bilinearWgsl },
    { file: 'depthwise-conv/depthwise-conv.wgsl', code: wgsl },
  ),
  validate(p) {
    requirePositiveInts('depthwise-conv', { channels: p.channels, height: p.height, width: p.width, kernelSize: p.kernelSize, stride: p.stride });
    requireOffsets('depthwise-conv', { pad: p.pad, inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
    if (p.pad >= p.kernelSize) throw new ShapeMismatchError('depthwise-conv', `padding ${p.pad} must be smaller than the kernel size ${p.kernelSize}`);
    depthwiseOutputShape(p);
  },
  variant(p) {
    return {
      entryPoint: p.hasBias ? 'main_bias' : 'main',
      overrides: {
        KERNEL_SIZE: p.kernelSize,
        STRIDE: p.stride,
        PAD: p.pad,
        UPSAMPLE: p.upsample ?? false,
        ACTIVATION: ACTIVATIONS[p.activation ?? 'none'],
        WORKGROUP_SIZE,
      },
      workgroupSize: [WORKGROUP_SIZE, 1, 1],
    };
  },
  uniforms(p) {
    const s = depthwiseOutputShape(p);
    return {
      channels: p.channels,
      src_h: p.height,
      src_w: p.width,
      in_h: s.inH,
      in_w: s.inW,
      out_h: s.outH,
      out_w: s.outW,
      in_offset: p.inOffset ?? 0,
      out_offset: p.outOffset ?? 0,
    };
  },
  workgroups(p) {
    const s = depthwiseOutputShape(p);
    return flatGrid(p.channels * s.outH * s.outW, WORKGROUP_SIZE);
  },
  bindingElements(p) {
    const s = depthwiseOutputShape(p);
    return {
      input: (p.inOffset ?? 0) + p.channels * p.height * p.width,
      output: (p.outOffset ?? 0) + p.channels * s.outH * s.outW,
      weight: p.channels * p.kernelSize * p.kernelSize,
      ...(p.hasBias ? { bias: p.channels } : {}),
    };
  },
  cost(p) {
    const s = depthwiseOutputShape(p);
    const outputs = p.channels * s.outH * s.outW;
    return {
      macs: outputs * p.kernelSize * p.kernelSize,
      bytesRead: 4 * (p.channels * p.height * p.width + p.channels * p.kernelSize * p.kernelSize + (p.hasBias ? p.channels : 0)),
      bytesWritten: 4 * outputs,
    };
  },
};
