import { ShapeMismatchError } from '../../engine/errors';
import { ceilDiv, type KernelDefinition } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import { ACTIVATIONS, requireOffsets, requirePositiveInts, type Activation } from '../common/shapes';
import wgsl from './fused-conv3x3.wgsl?raw';

export interface FusedConv3x3Job {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly height: number;
  readonly width: number;
  readonly activation: Activation;
  /** Element offsets into the activation arena. */
  readonly inOffset: number;
  readonly outOffset: number;
  /** Element offsets of the [C_out, C_in, 3, 3] weights and [C_out] bias in the weight buffer. */
  readonly weightOffset: number;
  readonly biasOffset: number;
  /** End with out = ((v+1)/2)·m + crop·(1−m), reading the [1,H,W] mask and the [C_out,H,W] crop from the arena. */
  readonly blend?: { readonly maskOffset: number; readonly cropOffset: number };
}

export interface FusedConv3x3Params {
  readonly jobs: readonly [FusedConv3x3Job] | readonly [FusedConv3x3Job, FusedConv3x3Job];
}

const NAME = 'fused-conv3x3';
const groupsOf = (j: FusedConv3x3Job) => ceilDiv(j.height * j.width, 64);

function jobUniforms(prefix: 'a' | 'b', j: FusedConv3x3Job | undefined): Record<string, number> {
  const names = ['cin', 'cout', 'height', 'width', 'in_offset', 'out_offset', 'w_offset', 'b_offset', 'activation', 'blend', 'mask_offset', 'crop_offset', 'groups'];
  const values = j
    ? [j.inChannels, j.outChannels, j.height, j.width, j.inOffset, j.outOffset, j.weightOffset, j.biasOffset, ACTIVATIONS[j.activation], j.blend ? 1 : 0, j.blend?.maskOffset ?? 0, j.blend?.cropOffset ?? 0, groupsOf(j)]
    : names.map(() => 0);
  return Object.fromEntries(names.map((n, i) => [`${prefix}_${n}`, values[i]!]));
}

export const fusedConv3x3: KernelDefinition<FusedConv3x3Params> = {
  name: NAME,
  source: shaderSource({ file: 'fused-conv3x3/fused-conv3x3.wgsl', code: wgsl }),
  validate(p) {
    if (p.jobs.length < 1 || p.jobs.length > 2) throw new ShapeMismatchError(NAME, `takes one or two jobs, got ${p.jobs.length}`);
    const writes: [number, number][] = [];
    const reads: [number, number][] = [];
    p.jobs.forEach((j, i) => {
      requirePositiveInts(`${NAME} job ${i}`, { inChannels: j.inChannels, outChannels: j.outChannels, height: j.height, width: j.width });
      requireOffsets(`${NAME} job ${i}`, { inOffset: j.inOffset, outOffset: j.outOffset, weightOffset: j.weightOffset, biasOffset: j.biasOffset });
      const plane = j.height * j.width;
      reads.push([j.inOffset, j.inOffset + j.inChannels * plane]);
      if (j.blend) {
        requireOffsets(`${NAME} job ${i}`, { maskOffset: j.blend.maskOffset, cropOffset: j.blend.cropOffset });
        reads.push([j.blend.maskOffset, j.blend.maskOffset + plane], [j.blend.cropOffset, j.blend.cropOffset + j.outChannels * plane]);
      }
      writes.push([j.outOffset, j.outOffset + j.outChannels * plane]);
    });
    for (const w of writes) {
      const clashes = [...reads, ...writes.filter((o) => o !== w)].some((r) => w[0] < r[1] && r[0] < w[1]);
      if (clashes) throw new ShapeMismatchError(NAME, `output range [${w}] overlaps a range this dispatch reads or writes`);
    }
  },
  variant: () => ({ entryPoint: 'main', overrides: {}, workgroupSize: [64, 1, 1] }),
  uniforms: (p) => ({ ...jobUniforms('a', p.jobs[0]), ...jobUniforms('b', p.jobs[1]) }),
  workgroups: (p) => [p.jobs.reduce((s, j) => s + groupsOf(j), 0), 1, 1],
  bindingElements(p) {
    let arena = 0;
    let weights = 0;
    for (const j of p.jobs) {
      const plane = j.height * j.width;
      arena = Math.max(arena, j.inOffset + j.inChannels * plane, j.outOffset + j.outChannels * plane);
      if (j.blend) arena = Math.max(arena, j.blend.maskOffset + plane, j.blend.cropOffset + j.outChannels * plane);
      weights = Math.max(weights, j.weightOffset + j.outChannels * j.inChannels * 9, j.biasOffset + j.outChannels);
    }
    return { activations: arena, weights };
  },
  cost(p) {
    let macs = 0;
    let bytesRead = 0;
    let bytesWritten = 0;
    for (const j of p.jobs) {
      const plane = j.height * j.width;
      macs += j.outChannels * j.inChannels * 9 * plane + (j.blend ? 3 * plane : 0);
      bytesRead += 4 * (j.inChannels * plane + j.outChannels * (j.inChannels * 9 + 1) + (j.blend ? (1 + j.outChannels) * plane : 0));
      bytesWritten += 4 * j.outChannels * plane;
    }
    return { macs, bytesRead, bytesWritten };
  },
};
