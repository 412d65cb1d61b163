import { ShapeMismatchError } from '../../engine/errors';
import type { KernelDefinition } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import { flatGrid } from '../common/grid';
import { requirePositiveInts } from '../common/shapes';
import wgsl from './depthwise-same.wgsl?raw';

export type TfPadding = 'SAME' | 'VALID';

export interface DepthwiseSameParams {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: TfPadding;
}

const WORKGROUP_SIZE = 64;

/** TensorFlow's output size and leading padding along one axis (SAME: ceil(in/stride); VALID: no padding). */
export function tfConvAxis(input: number, kernel: number, stride: number, padding: TfPadding): { out: number; padBefore: number; padAfter: number } {
  if (padding === 'VALID') return { out: Math.floor((input - kernel) / stride) + 1, padBefore: 0, padAfter: 0 };
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + kernel - input, 0);
  return { out, padBefore: Math.floor(total / 2), padAfter: total - Math.floor(total / 2) };
}

export function depthwiseSameShape(p: DepthwiseSameParams): { outHeight: number; outWidth: number; padTop: number; padLeft: number } {
  const y = tfConvAxis(p.height, p.kernelSize, p.stride, p.padding);
  const x = tfConvAxis(p.width, p.kernelSize, p.stride, p.padding);
  return { outHeight: y.out, outWidth: x.out, padTop: y.padBefore, padLeft: x.padBefore };
}

export const depthwiseSame: KernelDefinition<DepthwiseSameParams> = {
  name: 'depthwise-same',
  source: shaderSource({ file: 'depthwise-same/depthwise-same.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('depthwise-same', { channels: p.channels, height: p.height, width: p.width, kernelSize: p.kernelSize, stride: p.stride });
    if (p.padding !== 'SAME' && p.padding !== 'VALID') throw new ShapeMismatchError('depthwise-same', `padding must be SAME or VALID, got ${String(p.padding)}`);
    const s = depthwiseSameShape(p);
    if (s.outHeight <= 0 || s.outWidth <= 0) throw new ShapeMismatchError('depthwise-same', `input ${p.height}×${p.width} is smaller than the ${p.kernelSize}×${p.kernelSize} VALID window`);
  },
  variant: (p) => ({
    entryPoint: 'main',
    overrides: { KERNEL_SIZE: p.kernelSize, STRIDE: p.stride, WORKGROUP_SIZE },
    workgroupSize: [WORKGROUP_SIZE, 1, 1],
  }),
  uniforms(p) {
    const s = depthwiseSameShape(p);
    return { channels: p.channels, in_h: p.height, in_w: p.width, out_h: s.outHeight, out_w: s.outWidth, pad_top: s.padTop, pad_left: s.padLeft };
  },
  workgroups(p) {
    const s = depthwiseSameShape(p);
    return flatGrid(p.channels * s.outHeight * s.outWidth, WORKGROUP_SIZE);
  },
  bindingElements(p) {
    const s = depthwiseSameShape(p);
    return { input: p.channels * p.height * p.width, output: p.channels * s.outHeight * s.outWidth, weight: p.channels * p.kernelSize * p.kernelSize };
  },
  cost(p) {
    const s = depthwiseSameShape(p);
    const outputs = p.channels * s.outHeight * s.outWidth;
    return { macs: outputs * p.kernelSize * p.kernelSize, bytesRead: 4 * (p.channels * p.height * p.width + p.channels * p.kernelSize ** 2), bytesWritten: 4 * outputs };
  },
};
