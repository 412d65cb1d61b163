import { ShapeMismatchError } from '../../engine/errors';
import type { KernelDefinition } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import { activationOverrides, residualUniforms, validateResidual, type GraphActivation, type ResidualSpec } from '../add-activation/add-activation';
import residualWgsl from '../add-activation/residual.wgsl?raw';
import activationWgsl from '../common/activation.wgsl?raw';
import { flatGrid } from '../common/grid';
import { requirePositiveInts } from '../common/shapes';
import { tfConvAxis, type TfPadding } from '../depthwise-same/depthwise-same';
import wgsl from './direct-conv.wgsl?raw';

export interface DirectConvParams {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly height: number;
  readonly width: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly stride: number;
  readonly padding: TfPadding;
  readonly activation?: GraphActivation;
  /** A shortcut added before the activation (binding `residual`). */
  readonly residual?: ResidualSpec;
}

const WORKGROUP_SIZE = 64;
/** Output channels per invocation; weights and bias are padded to a multiple of it. */
export const DIRECT_CONV_CHANNELS = 8;

export function directConvShape(p: DirectConvParams): { outHeight: number; outWidth: number; padTop: number; padLeft: number; paddedOut: number } {
  const y = tfConvAxis(p.height, p.kernelHeight, p.stride, p.padding);
  const x = tfConvAxis(p.width, p.kernelWidth, p.stride, p.padding);
  return { outHeight: y.out, outWidth: x.out, padTop: y.padBefore, padLeft: x.padBefore, paddedOut: Math.ceil(p.outChannels / DIRECT_CONV_CHANNELS) * DIRECT_CONV_CHANNELS };
}

/** [C_out, C_in, KH, KW] → tap-major [C_in·KH·KW, C_out padded to 8] (zeros in the padding). */
export function packDirectConvWeights(oihw: Float32Array, p: DirectConvParams): Float32Array {
  const taps = p.inChannels * p.kernelHeight * p.kernelWidth;
  const { paddedOut } = directConvShape(p);
  const out = new Float32Array(taps * paddedOut);
  for (let co = 0; co < p.outChannels; co++) for (let t = 0; t < taps; t++) out[t * paddedOut + co] = oihw[co * taps + t]!;
  return out;
}

/** Bias padded to a multiple of 8 (zeros when the conv has none). */
export function packDirectConvBias(bias: Float32Array | undefined, p: DirectConvParams): Float32Array {
  const out = new Float32Array(directConvShape(p).paddedOut);
  if (bias) out.set(bias);
  return out;
}

export const directConv: KernelDefinition<DirectConvParams> = {
  name: 'direct-conv',
  source: shaderSource(
    { file: 'common/activation.wgsl', code: activationWgsl },
    { file: 'direct-conv/direct-conv.wgsl', code: wgsl },
    { file: 'add-activation/residual.wgsl', code: residualWgsl },
  ),
  validate(p) {
    requirePositiveInts('direct-conv', { inChannels: p.inChannels, outChannels: p.outChannels, height: p.height, width: p.width, kernelHeight: p.kernelHeight, kernelWidth: p.kernelWidth, stride: p.stride });
    if (p.padding !== 'SAME' && p.padding !== 'VALID') throw new ShapeMismatchError('direct-conv', `padding must be SAME or VALID, got ${String(p.padding)}`);
    const s = directConvShape(p);
    if (s.outHeight <= 0 || s.outWidth <= 0) throw new ShapeMismatchError('direct-conv', `input ${p.height}×${p.width} is smaller than the ${p.kernelHeight}×${p.kernelWidth} VALID window`);
    if (p.residual) validateResidual('direct-conv', p.residual, p.outChannels, s.outHeight, s.outWidth);
  },
  variant: (p) => ({
    entryPoint: `main${p.residual ? '_residual' : ''}${p.activation === 'prelu' ? '_prelu' : ''}`,
    overrides: {
      RESIDUAL_POOL: p.residual?.pool ?? false,
      ...activationOverrides(p.activation === 'prelu' ? 'none' : (p.activation ?? 'none')),
      KERNEL_H: p.kernelHeight,
      KERNEL_W: p.kernelWidth,
      STRIDE: p.stride,
      WORKGROUP_SIZE,
    },
    workgroupSize: [WORKGROUP_SIZE, 1, 1],
  }),
  uniforms(p) {
    const s = directConvShape(p);
    return { c_in: p.inChannels, c_out: p.outChannels, in_h: p.height, in_w: p.width, out_h: s.outHeight, out_w: s.outWidth, pad_top: s.padTop, pad_left: s.padLeft, ...residualUniforms(p.residual) };
  },
  workgroups(p) {
    const s = directConvShape(p);
    const [x, y] = flatGrid(s.outHeight * s.outWidth, WORKGROUP_SIZE);
    return [x, y, s.paddedOut / DIRECT_CONV_CHANNELS];
  },
  bindingElements(p) {
    const s = directConvShape(p);
    return {
      input: p.inChannels * p.height * p.width,
      output: p.outChannels * s.outHeight * s.outWidth,
      weight: p.inChannels * p.kernelHeight * p.kernelWidth * s.paddedOut,
      bias: s.paddedOut,
      ...(p.activation === 'prelu' ? { alpha: p.outChannels } : {}),
      ...(p.residual ? { residual: p.residual.channels * p.residual.height * p.residual.width } : {}),
    };
  },
  cost(p) {
    const s = directConvShape(p);
    const taps = p.inChannels * p.kernelHeight * p.kernelWidth;
    const outputs = p.outChannels * s.outHeight * s.outWidth;
    return { macs: outputs * taps, bytesRead: 4 * (p.inChannels * p.height * p.width + taps * s.paddedOut + s.paddedOut), bytesWritten: 4 * outputs };
  },
};
