import { ShapeMismatchError } from '../../engine/errors';
import type { KernelDefinition, OverrideValue } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import activationWgsl from '../common/activation.wgsl?raw';
import { flatGrid } from '../common/grid';
import { ACTIVATIONS, requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './add-activation.wgsl?raw';
import residualWgsl from './residual.wgsl?raw';

/** The activations TF graphs put after a conv or an add: PReLU has one learned slope per channel. */
export type GraphActivation = 'none' | 'relu' | 'sigmoid' | 'prelu';

/** Override constants of common/activation.wgsl for a non-PReLU activation (ReLU is LeakyReLU with slope 0). */
export function activationOverrides(a: Exclude<GraphActivation, 'prelu'>): Record<string, OverrideValue> {
  switch (a) {
    case 'relu':
      return { ACTIVATION: ACTIVATIONS.leakyRelu, NEGATIVE_SLOPE: 0 };
    case 'sigmoid':
      return { ACTIVATION: ACTIVATIONS.sigmoid };
    default:
      return { ACTIVATION: ACTIVATIONS.none };
  }
}

/** A residual operand: a stored [C, H, W] tensor, optionally max-pooled 2×2/2 and placed at a channel offset. */
export interface ResidualSpec {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly pool?: boolean;
  /** The residual's first channel lands at this output channel (a channel Pad in front). */
  readonly channelOffset?: number;
}

/** Throws unless `r` fits an output of `channels` × `height` × `width`. */
export function validateResidual(kernel: string, r: ResidualSpec, channels: number, height: number, width: number): void {
  requirePositiveInts(kernel, { residualChannels: r.channels, residualHeight: r.height, residualWidth: r.width });
  requireOffsets(kernel, { channelOffset: r.channelOffset ?? 0 });
  if ((r.channelOffset ?? 0) + r.channels > channels) {
    throw new ShapeMismatchError(kernel, `residual channels ${r.channelOffset ?? 0}+${r.channels} exceed the output's ${channels}`);
  }
  const fits = (out: number, res: number) => (r.pool ? out === Math.ceil(res / 2) || out === Math.floor(res / 2) : out === res);
  if (!fits(height, r.height) || !fits(width, r.width)) {
    throw new ShapeMismatchError(kernel, `residual ${r.height}×${r.width}${r.pool ? ' pooled 2×2' : ''} does not match the output ${height}×${width}`);
  }
}

/** The uniform fields residual.wgsl reads (zeros when there is no residual). */
export function residualUniforms(r: ResidualSpec | undefined): Record<string, number> {
  return { res_channels: r?.channels ?? 0, res_channel_offset: r?.channelOffset ?? 0, res_h: r?.height ?? 0, res_w: r?.width ?? 0 };
}

export interface AddActivationParams {
  /** Shape of `input` and `output`. */
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** Shape of the stored `residual` tensor; `pool` halves it (2×2 max, stride 2) before adding. */
  readonly residual: ResidualSpec;
  readonly activation?: GraphActivation;
}

const WORKGROUP_SIZE = 64;

export const addActivation: KernelDefinition<AddActivationParams> = {
  name: 'add-activation',
  source: shaderSource(
    { file: 'common/activation.wgsl', code: activationWgsl },
    { file: 'add-activation/add-activation.wgsl', code: wgsl },
    { file: 'add-activation/residual.wgsl', code: residualWgsl },
  ),
  validate(p) {
    requirePositiveInts('add-activation', { channels: p.channels, height: p.height, width: p.width });
    validateResidual('add-activation', p.residual, p.channels, p.height, p.width);
  },
  variant: (p) => ({
    entryPoint: p.activation === 'prelu' ? 'main_prelu' : 'main',
    overrides: { ...activationOverrides(p.activation === 'prelu' ? 'none' : (p.activation ?? 'none')), RESIDUAL_POOL: p.residual.pool ?? false, WORKGROUP_SIZE },
    workgroupSize: [WORKGROUP_SIZE, 1, 1],
  }),
  uniforms: (p) => ({ channels: p.channels, height: p.height, width: p.width, ...residualUniforms(p.residual) }),
  workgroups: (p) => flatGrid(p.channels * p.height * p.width, WORKGROUP_SIZE),
  bindingElements: (p) => ({
    input: p.channels * p.height * p.width,
    residual: p.residual.channels * p.residual.height * p.residual.width,
    output: p.channels * p.height * p.width,
    ...(p.activation === 'prelu' ? { alpha: p.channels } : {}),
  }),
  cost(p) {
    const n = p.channels * p.height * p.width;
    return { macs: n * (p.residual.pool ? 4 : 1), bytesRead: 4 * (n + p.residual.channels * p.residual.height * p.residual.width), bytesWritten: 4 * n };
  },
};
