import { ShapeMismatchError } from '../../engine/errors';
import { shaderSource } from '../../engine/shader-source';
import type { KernelDefinition } from '../../engine/kernel';
import { flatGrid } from '../common/grid';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './squeeze-excite.wgsl?raw';

export interface SqueezeExciteParams {
  readonly channels: number;
  /** Hidden units of the SE bottleneck (C/16 in ArcFace); at most 256. */
  readonly reduced: number;
  /** Height × width of each channel plane. */
  readonly pixels: number;
  /** Apply a per-channel scale and shift after the PReLU (binding `out_affine`, [2, C]). */
  readonly outputAffine?: boolean;
  readonly outOffset?: number;
}

/** The SE block's own parameters, in checkpoint layouts. */
export interface SqueezeExciteWeights {
  /** `fc.0.weight`, Paddle [in = C, out = R]. */
  readonly fc1Weight: Float32Array;
  readonly fc1Bias: Float32Array;
  /** `fc.1._weight`, the PReLU between the two linears. */
  readonly slope: number;
  /** `fc.2.weight`, Paddle [in = R, out = C]. */
  readonly fc2Weight: Float32Array;
  readonly fc2Bias: Float32Array;
}

export const MAX_SE_REDUCED = 256;
const WORKGROUP_SIZE = 256;

export const squeezeExciteWeightCount = (channels: number, reduced: number): number => 2 * channels * reduced + reduced + 1 + channels;

/** Packs the SE parameters into the one `se_weights` buffer: [W1 | b1 | slope | W2 | b2]. */
export function packSqueezeExcite(w: SqueezeExciteWeights, channels: number, reduced: number): Float32Array {
  const expect = (name: string, a: Float32Array, n: number): void => {
    if (a.length !== n) throw new ShapeMismatchError('squeeze-excite', `${name} has ${a.length} values, expected ${n} (C = ${channels}, R = ${reduced})`);
  };
  expect('fc1Weight', w.fc1Weight, channels * reduced);
  expect('fc1Bias', w.fc1Bias, reduced);
  expect('fc2Weight', w.fc2Weight, reduced * channels);
  expect('fc2Bias', w.fc2Bias, channels);
  const out = new Float32Array(squeezeExciteWeightCount(channels, reduced));
  let at = 0;
  for (const part of [w.fc1Weight, w.fc1Bias, Float32Array.of(w.slope), w.fc2Weight, w.fc2Bias]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const squeezeExcite: KernelDefinition<SqueezeExciteParams> = {
  name: 'squeeze-excite',
  source: shaderSource({ file: 'squeeze-excite/squeeze-excite.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('squeeze-excite', { channels: p.channels, reduced: p.reduced, pixels: p.pixels });
    requireOffsets('squeeze-excite', { outOffset: p.outOffset ?? 0 });
    if (p.reduced > MAX_SE_REDUCED) throw new ShapeMismatchError('squeeze-excite', `reduced = ${p.reduced} exceeds the ${MAX_SE_REDUCED} hidden units kept in workgroup memory`);
  },
  variant: (p) => ({ entryPoint: p.outputAffine ? 'main_affine' : 'main', overrides: {}, workgroupSize: [WORKGROUP_SIZE, 1, 1], workgroupStorageBytes: MAX_SE_REDUCED * 4 }),
  uniforms: (p) => ({ channels: p.channels, reduced: p.reduced, pixels: p.pixels, out_offset: p.outOffset ?? 0 }),
  workgroups: (p) => flatGrid(p.channels * p.pixels, WORKGROUP_SIZE),
  bindingElements(p) {
    const n = p.channels * p.pixels;
    return {
      mean: p.channels,
      branch: n,
      shortcut: n,
      output: (p.outOffset ?? 0) + n,
      se_weights: squeezeExciteWeightCount(p.channels, p.reduced),
      slope: 1,
      ...(p.outputAffine ? { out_affine: 2 * p.channels } : {}),
    };
  },
  cost(p) {
    const n = p.channels * p.pixels;
    const groups = Math.ceil(n / WORKGROUP_SIZE);
    return { macs: groups * p.channels * p.reduced + n * (p.reduced + 2), bytesRead: 4 * (2 * n + p.channels + squeezeExciteWeightCount(p.channels, p.reduced)), bytesWritten: 4 * n };
  },
};
