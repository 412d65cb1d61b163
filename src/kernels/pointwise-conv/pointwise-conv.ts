import { ShapeMismatchError } from '../../engine/errors';
import { shaderSource } from '../../engine/shader-source';
import { ceilDiv, type KernelDefinition } from '../../engine/kernel';
import activationWgsl from '../common/activation.wgsl?raw';
import { ACTIVATIONS, requireOffsets, requirePositiveInts, type Activation } from '../common/shapes';
import wgsl from './pointwise-conv.wgsl?raw';

export interface PointwiseConvParams {
  readonly inChannels: number;
  readonly outChannels: number;
  /** Height × width of the feature map. */
  readonly pixels: number;
  readonly hasBias?: boolean;
  readonly activation?: Activation;
  readonly inOffset?: number;
  /** Writing at a channel offset of a wider buffer is how the IDN concatenates skips without a copy. */
  readonly outOffset?: number;
  /** Output channels per invocation (tile = 16·rows channels); default 4. */
  readonly rowsPerThread?: 1 | 2 | 4;
  /** Pixels per invocation (tile = 16·pixels pixels); default 4. */
  readonly pixelsPerThread?: 1 | 2 | 4;
}

const MICRO_TILE: readonly number[] = [1, 2, 4];

export const pointwiseConv: KernelDefinition<PointwiseConvParams> = {
  name: 'pointwise-conv',
  source: shaderSource({ file: 'common/activation.wgsl', code: activationWgsl }, { file: 'pointwise-conv/pointwise-conv.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('pointwise-conv', { inChannels: p.inChannels, outChannels: p.outChannels, pixels: p.pixels });
    requireOffsets('pointwise-conv', { inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
    for (const [name, v] of [['rowsPerThread', p.rowsPerThread], ['pixelsPerThread', p.pixelsPerThread]] as const) {
      if (v !== undefined && !MICRO_TILE.includes(v)) throw new ShapeMismatchError('pointwise-conv', `${name} must be 1, 2 or 4, got ${v}`);
    }
  },
  variant: (p) => ({
    entryPoint: p.hasBias ? 'main_bias' : 'main',
    overrides: { ACTIVATION: ACTIVATIONS[p.activation ?? 'none'], ROWS_PER_THREAD: p.rowsPerThread ?? 4, PIXELS_PER_THREAD: p.pixelsPerThread ?? 4 },
    workgroupSize: [16, 16, 1],
    workgroupStorageBytes: 2 * 1024 * 4,
  }),
  uniforms: (p) => ({ c_in: p.inChannels, c_out: p.outChannels, pixels: p.pixels, in_offset: p.inOffset ?? 0, out_offset: p.outOffset ?? 0 }),
  workgroups: (p) => [ceilDiv(p.pixels, 16 * (p.pixelsPerThread ?? 4)), ceilDiv(p.outChannels, 16 * (p.rowsPerThread ?? 4)), 1],
  bindingElements: (p) => ({
    input: (p.inOffset ?? 0) + p.inChannels * p.pixels,
    output: (p.outOffset ?? 0) + p.outChannels * p.pixels,
    weight: p.outChannels * p.inChannels,
    ...(p.hasBias ? { bias: p.outChannels } : {}),
  }),
  cost: (p) => ({
    macs: p.outChannels * p.inChannels * p.pixels,
    bytesRead: 4 * (p.inChannels * p.pixels + p.outChannels * p.inChannels + (p.hasBias ? p.outChannels : 0)),
    bytesWritten: 4 * p.outChannels * p.pixels,
  }),
};
