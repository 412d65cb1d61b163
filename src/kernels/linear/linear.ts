import { ShapeMismatchError } from '../../engine/errors';
import { shaderSource } from '../../engine/shader-source';
import { ceilDiv, type KernelDefinition } from '../../engine/kernel';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './linear.wgsl?raw';

export interface LinearParams {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /**
   * Chunks of the reduction, one workgroup row each (default 1). With more than one the output holds
   * [splits, out] partial sums (bias in row 0) for the consumer to add.
   */
  readonly splits?: number;
  readonly hasBias?: boolean;
  readonly inOffset?: number;
  readonly outOffset?: number;
}

const TILE_OUT = 64;

export const linearChunk = (p: LinearParams): number => ceilDiv(p.inFeatures, p.splits ?? 1);

export const linear: KernelDefinition<LinearParams> = {
  name: 'linear',
  source: shaderSource({ file: 'linear/linear.wgsl', code: wgsl }),
  validate(p) {
    const splits = p.splits ?? 1;
    requirePositiveInts('linear', { inFeatures: p.inFeatures, outFeatures: p.outFeatures, splits });
    requireOffsets('linear', { inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
    if (splits > p.inFeatures) throw new ShapeMismatchError('linear', `splits = ${splits} exceeds inFeatures = ${p.inFeatures}`);
  },
  variant: (p) => ({ entryPoint: p.hasBias ? 'main_bias' : 'main', overrides: {}, workgroupSize: [TILE_OUT, 4, 1], workgroupStorageBytes: 256 * 4 }),
  uniforms: (p) => ({ in_features: p.inFeatures, out_features: p.outFeatures, chunk: linearChunk(p), in_offset: p.inOffset ?? 0, out_offset: p.outOffset ?? 0 }),
  workgroups: (p) => [ceilDiv(p.outFeatures, TILE_OUT), p.splits ?? 1, 1],
  bindingElements: (p) => ({
    input: (p.inOffset ?? 0) + p.inFeatures,
    output: (p.outOffset ?? 0) + (p.splits ?? 1) * p.outFeatures,
    weight: p.inFeatures * p.outFeatures,
    ...(p.hasBias ? { bias: p.outFeatures } : {}),
  }),
  cost: (p) => ({
    macs: p.inFeatures * p.outFeatures,
    bytesRead: 4 * (p.inFeatures * p.outFeatures + p.inFeatures * ceilDiv(p.outFeatures, TILE_OUT) + (p.hasBias ? p.outFeatures : 0)),
    bytesWritten: 4 * (p.splits ?? 1) * p.outFeatures,
  }),
};
