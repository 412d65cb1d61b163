import { ShapeMismatchError } from '../../engine/errors';
import { shaderSource } from '../../engine/shader-source';
import { ceilDiv, type KernelDefinition } from '../../engine/kernel';
import activationWgsl from '../common/activation.wgsl?raw';
import { ACTIVATIONS, convOutputSize, requireOffsets, requirePositiveInts, type Activation } from '../common/shapes';
import wgsl from './conv2d.wgsl?raw';

/** The shared activations, plus PReLU with one learned slope (read from the `slope` binding). */
export type Conv2dActivation = Activation | 'prelu';

export interface Conv2dParams {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  /** Same stride and zero padding along both axes (default 1 and 0: a "valid" conv). */
  readonly stride?: number;
  readonly padding?: number;
  readonly hasBias?: boolean;
  readonly activation?: Conv2dActivation;
  /**
   * Per-input-channel scale and shift applied to in-image taps (binding `in_affine`, [2, C_in]): a
   * BatchNorm in front of a zero-padded conv, which cannot be folded into the weights exactly.
   */
  readonly inputAffine?: boolean;
  readonly inOffset?: number;
  /** Element offset of the output inside a larger buffer (a concat slot, or a weight buffer of the IDN). */
  readonly outOffset?: number;
}

/** Tile sizes of conv2d.wgsl: 64 output channels × 64 output pixels (16 on the narrow tile), K step 16. */
export const CONV2D_TILE = { outChannels: 64, pixels: 64, narrowPixels: 16, k: 16 } as const;

/** Maps this small (the IIN's 4×4 and 3×3) take the narrow tile: a wide one would be mostly padding. */
const NARROW_TILE_MAX_PIXELS = 32;

/** Output pixels per workgroup tile for these parameters. */
export function conv2dTilePixels(p: Conv2dParams): number {
  const { outHeight, outWidth } = conv2dOutputShape(p);
  return outHeight * outWidth <= NARROW_TILE_MAX_PIXELS ? CONV2D_TILE.narrowPixels : CONV2D_TILE.pixels;
}

export function conv2dOutputShape(p: Conv2dParams): { outHeight: number; outWidth: number } {
  const stride = p.stride ?? 1;
  const pad = p.padding ?? 0;
  return {
    outHeight: convOutputSize('conv2d', 'height', p.inHeight, p.kernelHeight, stride, pad),
    outWidth: convOutputSize('conv2d', 'width', p.inWidth, p.kernelWidth, stride, pad),
  };
}

/** The entry point that binds exactly the optional inputs these parameters use. */
function entryPoint(p: Conv2dParams): string {
  return `main${p.inputAffine ? '_affine' : ''}${p.hasBias ? '_bias' : ''}${p.activation === 'prelu' ? '_prelu' : ''}`;
}

export const conv2d: KernelDefinition<Conv2dParams> = {
  name: 'conv2d',
  source: shaderSource({ file: 'common/activation.wgsl', code: activationWgsl }, { file: 'conv2d/conv2d.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('conv2d', {
      inChannels: p.inChannels,
      outChannels: p.outChannels,
      inHeight: p.inHeight,
      inWidth: p.inWidth,
      kernelHeight: p.kernelHeight,
      kernelWidth: p.kernelWidth,
      stride: p.stride ?? 1,
    });
    requireOffsets('conv2d', { inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
    const pad = p.padding ?? 0;
    if (!Number.isInteger(pad) || pad < 0) throw new ShapeMismatchError('conv2d', `padding must be a non-negative integer, got ${pad}`);
    conv2dOutputShape(p);
  },
  variant: (p) => ({
    entryPoint: entryPoint(p),
    overrides: {
      ACTIVATION: ACTIVATIONS[p.activation === 'prelu' || !p.activation ? 'none' : p.activation],
      PIXELS_PER_THREAD: conv2dTilePixels(p) / 16,
    },
    workgroupSize: [16, 16, 1],
    workgroupStorageBytes: 2 * 1024 * 4,
  }),
  uniforms(p) {
    const { outHeight, outWidth } = conv2dOutputShape(p);
    return {
      c_in: p.inChannels,
      c_out: p.outChannels,
      in_h: p.inHeight,
      in_w: p.inWidth,
      out_h: outHeight,
      out_w: outWidth,
      kernel_h: p.kernelHeight,
      kernel_w: p.kernelWidth,
      stride: p.stride ?? 1,
      pad: p.padding ?? 0,
      in_offset: p.inOffset ?? 0,
      out_offset: p.outOffset ?? 0,
    };
  },
  workgroups(p) {
    const { outHeight, outWidth } = conv2dOutputShape(p);
    return [ceilDiv(outHeight * outWidth, conv2dTilePixels(p)), ceilDiv(p.outChannels, CONV2D_TILE.outChannels), 1];
  },
  bindingElements(p) {
    const { outHeight, outWidth } = conv2dOutputShape(p);
    return {
      input: (p.inOffset ?? 0) + p.inChannels * p.inHeight * p.inWidth,
      output: (p.outOffset ?? 0) + p.outChannels * outHeight * outWidth,
      weight: p.outChannels * p.inChannels * p.kernelHeight * p.kernelWidth,
      ...(p.hasBias ? { bias: p.outChannels } : {}),
      ...(p.activation === 'prelu' ? { slope: 1 } : {}),
      ...(p.inputAffine ? { in_affine: 2 * p.inChannels } : {}),
    };
  },
  cost(p) {
    const { outHeight, outWidth } = conv2dOutputShape(p);
    const taps = p.inChannels * p.kernelHeight * p.kernelWidth;
    const pixels = outHeight * outWidth;
    return {
      macs: p.outChannels * taps * pixels,
      bytesRead: 4 * (p.inChannels * p.inHeight * p.inWidth + p.outChannels * taps + (p.hasBias ? p.outChannels : 0) + (p.inputAffine ? 2 * p.inChannels : 0)),
      bytesWritten: 4 * p.outChannels * pixels,
    };
  },
};
