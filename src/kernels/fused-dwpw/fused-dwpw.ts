import { ShapeMismatchError } from '../../engine/errors';
import { ceilDiv, type KernelDefinition } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import bilinearWgsl from '../common/bilinear.wgsl?raw';
import { convOutputSize, requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './fused-dwpw.wgsl?raw';

/** One IDN stage: [normalise] → [×2 up-sample] → [depthwise (+bias)] → pointwise (+bias) → activation. */
export interface FusedStageJob {
  readonly inChannels: number;
  readonly outChannels: number;
  /** Stored input height/width (before the optional ×2). */
  readonly height: number;
  readonly width: number;
  readonly depthwise: boolean;
  readonly upsample?: boolean;
  /** (x − 0.5)/0.5 on the input (the IDN's first op), applied before zero padding as the network does. */
  readonly normalize?: boolean;
  readonly activation: 'none' | 'leakyRelu';
  /** Element offsets into the activation arena. */
  readonly inOffset: number;
  readonly outOffset: number;
  /** Element offsets into this job's weight buffers. */
  readonly dwWeightOffset?: number;
  readonly pwWeightOffset?: number;
  /** Element offsets into the shared bias buffer; absent = no bias. */
  readonly dwBiasOffset?: number;
  readonly pwBiasOffset?: number;
}

export interface FusedDwPwParams {
  /** Depthwise geometry shared by both jobs of a dispatch. */
  readonly kernelSize: 3 | 4;
  readonly stride: 1 | 2;
  readonly pad: number;
  /** Output-channel rows per invocation: the tile covers 16·rows channels (4 → 64; 1 → 16 for narrow stages). */
  readonly rowsPerThread: 1 | 2 | 4;
  /**
   * Pixels per invocation: the tile covers 16·pixels pixels (default 4 → 64). Smaller tiles mean more, lighter
   * workgroups — what a real GPU needs on the deep, low-resolution stages (see planFusedIdn's tiling).
   */
  readonly pixelsPerThread?: 1 | 2 | 4;
  readonly jobs: readonly [FusedStageJob] | readonly [FusedStageJob, FusedStageJob];
}

const NAME = 'fused-dwpw';
const FLAGS = { depthwise: 1, upsample: 2, dwBias: 4, pwBias: 8, normalize: 16 } as const;

export function fusedJobGeometry(p: Pick<FusedDwPwParams, 'kernelSize' | 'stride' | 'pad'>, j: FusedStageJob) {
  const inH = j.upsample ? 2 * j.height : j.height;
  const inW = j.upsample ? 2 * j.width : j.width;
  const outH = j.depthwise ? convOutputSize(NAME, 'height', inH, p.kernelSize, p.stride, p.pad) : inH;
  const outW = j.depthwise ? convOutputSize(NAME, 'width', inW, p.kernelSize, p.stride, p.pad) : inW;
  return { inH, inW, outH, outW, pixels: outH * outW };
}

/** Workgroups for one job at a given micro-tile: pixel tiles × output-channel tiles. */
export function fusedJobWorkgroups(p: Pick<FusedDwPwParams, 'kernelSize' | 'stride' | 'pad' | 'rowsPerThread' | 'pixelsPerThread'>, j: FusedStageJob): number {
  return jobTiles(p, j).groups;
}

function jobTiles(p: Pick<FusedDwPwParams, 'kernelSize' | 'stride' | 'pad' | 'rowsPerThread' | 'pixelsPerThread'>, j: FusedStageJob) {
  const { pixels } = fusedJobGeometry(p, j);
  const tilesP = ceilDiv(pixels, 16 * (p.pixelsPerThread ?? 4));
  return { tilesP, groups: tilesP * ceilDiv(j.outChannels, 16 * p.rowsPerThread) };
}

/** Element ranges of the arena a job reads and writes, for overlap checks. */
export function jobRanges(p: FusedDwPwParams, j: FusedStageJob) {
  const g = fusedJobGeometry(p, j);
  return {
    read: [j.inOffset, j.inOffset + j.inChannels * j.height * j.width] as const,
    write: [j.outOffset, j.outOffset + j.outChannels * g.pixels] as const,
  };
}

const overlaps = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[1] && b[0] < a[1];

function jobUniforms(prefix: 'a' | 'b', p: FusedDwPwParams, j: FusedStageJob | undefined): Record<string, number> {
  const names = ['cin', 'cout', 'src_h', 'src_w', 'in_h', 'in_w', 'out_h', 'out_w', 'in_offset', 'out_offset', 'dw_w_offset', 'pw_w_offset', 'dw_b_offset', 'pw_b_offset', 'flags', 'activation', 'tiles_p', 'groups'];
  if (!j) return Object.fromEntries(names.map((n) => [`${prefix}_${n}`, 0]));
  const g = fusedJobGeometry(p, j);
  const t = jobTiles(p, j);
  const flags =
    (j.depthwise ? FLAGS.depthwise : 0) |
    (j.upsample ? FLAGS.upsample : 0) |
    (j.dwBiasOffset !== undefined ? FLAGS.dwBias : 0) |
    (j.pwBiasOffset !== undefined ? FLAGS.pwBias : 0) |
    (j.normalize ? FLAGS.normalize : 0);
  const values = [j.inChannels, j.outChannels, j.height, j.width, g.inH, g.inW, g.outH, g.outW, j.inOffset, j.outOffset,
    j.dwWeightOffset ?? 0, j.pwWeightOffset ?? 0, j.dwBiasOffset ?? 0, j.pwBiasOffset ?? 0, flags, j.activation === 'leakyRelu' ? 1 : 0, t.tilesP, t.groups];
  return Object.fromEntries(names.map((n, i) => [`${prefix}_${n}`, values[i]!]));
}

export const fusedDwPw: KernelDefinition<FusedDwPwParams> = {
  name: NAME,
  source: shaderSource({ file: 'common/bilinear.wgsl', code: bilinearWgsl }, { file: 'fused-dwpw/fused-dwpw.wgsl', code: wgsl }),
  validate(p) {
    if (p.jobs.length < 1 || p.jobs.length > 2) throw new ShapeMismatchError(NAME, `takes one or two jobs, got ${p.jobs.length}`);
    if (![1, 2, 4].includes(p.rowsPerThread)) throw new ShapeMismatchError(NAME, `rowsPerThread must be 1, 2 or 4, got ${p.rowsPerThread}`);
    if (p.pixelsPerThread !== undefined && ![1, 2, 4].includes(p.pixelsPerThread)) throw new ShapeMismatchError(NAME, `pixelsPerThread must be 1, 2 or 4, got ${p.pixelsPerThread}`);
    requirePositiveInts(NAME, { kernelSize: p.kernelSize, stride: p.stride });
    if (p.kernelSize > 4 || p.pad >= p.kernelSize) throw new ShapeMismatchError(NAME, `kernel size ${p.kernelSize} with padding ${p.pad} is not supported (at most 4, padding smaller than the kernel)`);
    p.jobs.forEach((j, i) => {
      requirePositiveInts(`${NAME} job ${i}`, { inChannels: j.inChannels, outChannels: j.outChannels, height: j.height, width: j.width });
      requireOffsets(`${NAME} job ${i}`, { pad: p.pad, inOffset: j.inOffset, outOffset: j.outOffset, dwWeightOffset: j.dwWeightOffset ?? 0, pwWeightOffset: j.pwWeightOffset ?? 0, dwBiasOffset: j.dwBiasOffset ?? 0, pwBiasOffset: j.pwBiasOffset ?? 0 });
      if (j.normalize && j.upsample) throw new ShapeMismatchError(NAME, `job ${i}: normalisation is only for the network input, which is never up-sampled`);
      if (!j.depthwise && j.dwBiasOffset !== undefined) throw new ShapeMismatchError(NAME, `job ${i}: a depthwise bias without a depthwise conv`);
      fusedJobGeometry(p, j);
      const r = jobRanges(p, j);
      if (overlaps(r.read, r.write)) throw new ShapeMismatchError(NAME, `job ${i} writes [${r.write}] over its own input [${r.read}]`);
    });
    if (p.jobs.length === 2) {
      const [a, b] = p.jobs.map((j) => jobRanges(p, j)) as [ReturnType<typeof jobRanges>, ReturnType<typeof jobRanges>];
      if (overlaps(a.write, b.write) || overlaps(a.write, b.read) || overlaps(b.write, a.read)) {
        throw new ShapeMismatchError(NAME, 'the two jobs of one dispatch must not write where the other reads or writes (they run concurrently)');
      }
    }
  },
  variant: (p) => ({
    entryPoint: 'main',
    overrides: { KERNEL_SIZE: p.kernelSize, STRIDE: p.stride, PAD: p.pad, ROWS_PER_THREAD: p.rowsPerThread, PIXELS_PER_THREAD: p.pixelsPerThread ?? 4 },
    workgroupSize: [256, 1, 1],
    workgroupStorageBytes: (1024 + 1024 + 256) * 4,
  }),
  uniforms: (p) => ({ ...jobUniforms('a', p, p.jobs[0]), ...jobUniforms('b', p, p.jobs[1]) }),
  workgroups: (p) => [p.jobs.reduce((s, j) => s + jobTiles(p, j).groups, 0), 1, 1],
  bindingElements(p) {
    const k2 = p.kernelSize * p.kernelSize;
    const need = (j: FusedStageJob | undefined) => ({
      dw: j && j.depthwise ? (j.dwWeightOffset ?? 0) + j.inChannels * k2 : 1,
      pw: j ? (j.pwWeightOffset ?? 0) + j.outChannels * j.inChannels : 1,
      bias: j ? Math.max(j.dwBiasOffset !== undefined ? j.dwBiasOffset + j.inChannels : 1, j.pwBiasOffset !== undefined ? j.pwBiasOffset + j.outChannels : 1) : 1,
    });
    const a = need(p.jobs[0]);
    const b = need(p.jobs[1]);
    const arena = Math.max(...p.jobs.map((j) => Math.max(jobRanges(p, j).read[1], jobRanges(p, j).write[1])));
    return { activations: arena, a_dw_weight: a.dw, a_pw_weight: a.pw, b_dw_weight: b.dw, b_pw_weight: b.pw, biases: Math.max(a.bias, b.bias) };
  },
  cost(p) {
    let macs = 0;
    let bytesRead = 0;
    let bytesWritten = 0;
    for (const j of p.jobs) {
      const g = fusedJobGeometry(p, j);
      macs += (j.depthwise ? j.inChannels * g.pixels * p.kernelSize * p.kernelSize : 0) + j.outChannels * j.inChannels * g.pixels;
      bytesRead += 4 * (j.inChannels * j.height * j.width + j.outChannels * j.inChannels + (j.depthwise ? j.inChannels * p.kernelSize * p.kernelSize : 0));
      bytesWritten += 4 * j.outChannels * g.pixels;
    }
    return { macs, bytesRead, bytesWritten };
  },
};
