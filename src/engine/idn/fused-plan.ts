/**
 * The fused IDN frame: 12 dispatches over one activation arena (mobilefaceswap.md §4–§5).
 *
 *   1–5   E0..E4         [normalise →] depthwise 4×4 s2 → pointwise → LReLU, each into its skip slot
 *   6–9   D_j + mask.j   ×2 → depthwise 3×3 → pointwise → LReLU, decoder into its concat slot; the mask head's
 *                        stage j (which also reads only the level below) rides in the same dispatch
 *   10    head.pw + mask.4   ×2 → 1×1 32→8 (+BN) → LReLU, and the mask's last dw/pw stage
 *   11    head.conv1 + mask.conv   3×3 8→3 (+BN) → LReLU, and 3×3 2→1 → sigmoid
 *   12    head.conv2 + blend      3×3 3→3 → tanh → (t+1)/2 → gen·m + crop·(1−m)
 *
 * Steps name their buffers symbolically; the executor resolves them to GPU buffers once, at load.
 */
import type { KernelDefinition } from '../kernel';
import { fusedConv3x3, type FusedConv3x3Params } from '../../kernels/fused-conv3x3/fused-conv3x3';
import { fusedDwPw, fusedJobWorkgroups, type FusedDwPwParams, type FusedStageJob } from '../../kernels/fused-dwpw/fused-dwpw';
import { channelOffset, layoutArena, regionElements, type Region } from './arena';
import { DECODER_STAGES, ENCODER_CHANNELS, MASK_CHANNELS } from './layers';
import type { StaticWeights } from './static-weights';
import { chooseMicroTile, rowsToCover, type IdnTiling } from './tiling';

/** Where a binding's buffer comes from: a planned activation tensor, a static weight array, or a dynamic weight. */
export type BufferSource =
  | { readonly kind: 'tensor'; readonly name: string }
  | { readonly kind: 'static'; readonly name: string }
  | { readonly kind: 'depthwise'; readonly index: number }
  | { readonly kind: 'pointwise'; readonly index: number };

/** A location inside a planned tensor. */
export interface TensorSlot {
  readonly tensor: string;
  readonly offset: number;
  readonly elements: number;
}

export interface PlannedStep {
  readonly label: string;
  /** Which network nodes this dispatch computes, for the profiler. */
  readonly nodes: readonly string[];
  readonly kernel: KernelDefinition<any>;
  readonly params: unknown;
  readonly bindings: Readonly<Record<string, BufferSource>>;
}

/** A frame plan: dispatches, the activation tensors to allocate (elements) and the static weights to upload. */
export interface IdnPlan {
  readonly kind: 'fused' | 'unfused';
  readonly size: number;
  /** How the GEMM tiles were sized: for a CPU emulator or for a real GPU (tiling.ts). */
  readonly tiling: IdnTiling;
  readonly steps: readonly PlannedStep[];
  readonly tensors: ReadonlyMap<string, number>;
  readonly statics: ReadonlyMap<string, Float32Array>;
  readonly crop: TensorSlot;
  readonly out: TensorSlot;
  readonly mask: TensorSlot;
  /** Every named intermediate the plan keeps in memory, for the tensor inspector. */
  readonly inspectable: ReadonlyMap<string, TensorSlot & { readonly shape: readonly number[] }>;
}

const ARENA: BufferSource = { kind: 'tensor', name: 'arena' };
const STATIC: BufferSource = { kind: 'static', name: 'weights' };
const dw = (index: number): BufferSource => ({ kind: 'depthwise', index });
const pw = (index: number): BufferSource => ({ kind: 'pointwise', index });

/** How a plan sizes its GEMM tiles (see tiling.ts); the executor picks `tiling` from the adapter. */
export interface IdnPlanOptions {
  readonly tiling?: IdnTiling;
  /** GPU tiling only: the workgroup count a dispatch aims for. */
  readonly minWorkgroups?: number;
}

type DwPwGeometry = Pick<FusedDwPwParams, 'kernelSize' | 'stride' | 'pad'>;

function dwpwStep(label: string, nodes: string[], geometry: DwPwGeometry, jobs: FusedDwPwParams['jobs'], options: IdnPlanOptions, a: [BufferSource, BufferSource], b?: [BufferSource, BufferSource]): PlannedStep {
  const tile = chooseMicroTile(options.tiling ?? 'emulator', rowsToCover(...jobs.map((j) => j.outChannels)), (t) => jobs.reduce((n, j) => n + fusedJobWorkgroups({ ...geometry, ...t }, j), 0), options.minWorkgroups);
  const params: FusedDwPwParams = { ...geometry, ...tile, jobs };
  return {
    label,
    nodes,
    kernel: fusedDwPw,
    params,
    bindings: { activations: ARENA, a_dw_weight: a[0], a_pw_weight: a[1], b_dw_weight: (b ?? a)[0], b_pw_weight: (b ?? a)[1], biases: STATIC },
  };
}

export function planFusedIdn(size: number, statics: StaticWeights, options: IdnPlanOptions = {}): IdnPlan {
  const arena = layoutArena(size);
  const steps: PlannedStep[] = [];
  const encoderOut: Region[] = [arena.e0, arena.concat[2]!, arena.concat[1]!, arena.concat[0]!, arena.bottleneck];
  const encoderOutOffset = (i: number) => (i === 0 || i === 4 ? encoderOut[i]!.offset : channelOffset(encoderOut[i]!, DECODER_STAGES[3 - i]!.out));

  for (let i = 0; i < 5; i++) {
    const side = size / 2 ** i;
    const job: FusedStageJob = {
      inChannels: ENCODER_CHANNELS[i]!,
      outChannels: ENCODER_CHANNELS[i + 1]!,
      height: side,
      width: side,
      depthwise: true,
      normalize: i === 0,
      activation: 'leakyRelu',
      inOffset: i === 0 ? arena.crop.offset : encoderOutOffset(i - 1),
      outOffset: encoderOutOffset(i),
    };
    steps.push(dwpwStep(`E${i}`, [...(i === 0 ? ['input.normalize'] : []), `E${i}.dw`, `E${i}.pw`], { kernelSize: 4, stride: 2, pad: 1 }, [job], options, [dw(i), pw(i)]));
  }

  const decoderIn: Region[] = [arena.bottleneck, arena.concat[0]!, arena.concat[1]!, arena.concat[2]!];
  const maskJob = (s: number): FusedStageJob => {
    const input = s === 0 ? arena.bottleneck : arena.mask[s - 1]!;
    const o = statics.mask[s]!;
    return {
      inChannels: MASK_CHANNELS[s]!,
      outChannels: MASK_CHANNELS[s + 1]!,
      height: input.height,
      width: input.width,
      depthwise: true,
      upsample: true,
      activation: 'leakyRelu',
      inOffset: input.offset,
      outOffset: arena.mask[s]!.offset,
      dwWeightOffset: o.dwWeight,
      pwWeightOffset: o.pwWeight,
      dwBiasOffset: o.dwBias,
      pwBiasOffset: o.pwBias,
    };
  };
  for (let j = 0; j < 4; j++) {
    const s = DECODER_STAGES[j]!;
    const input = decoderIn[j]!;
    const decoder: FusedStageJob = {
      inChannels: s.in,
      outChannels: s.out,
      height: input.height,
      width: input.width,
      depthwise: true,
      upsample: true,
      activation: 'leakyRelu',
      inOffset: input.offset,
      outOffset: j < 3 ? arena.concat[j]!.offset : arena.d3.offset,
    };
    const mask = maskJob(j);
    steps.push(dwpwStep(`D${j} + mask.${j}`, [`D${j}.up`, `D${j}.dw`, `D${j}.pw`, `mask.${j}`], { kernelSize: 3, stride: 1, pad: 1 }, [decoder, mask], options, [dw(5 + j), pw(5 + j)], [STATIC, STATIC]));
  }

  const headPw: FusedStageJob = {
    inChannels: 32,
    outChannels: 8,
    height: arena.d3.height,
    width: arena.d3.width,
    depthwise: false,
    upsample: true,
    activation: 'leakyRelu',
    inOffset: arena.d3.offset,
    outOffset: arena.headPointwise.offset,
    pwWeightOffset: statics.headPointwise.weight,
    pwBiasOffset: statics.headPointwise.bias,
  };
  const mask4 = maskJob(4);
  steps.push(dwpwStep('head.pw + mask.4', ['final.0 (×2)', 'final.1-3', 'mask.4'], { kernelSize: 3, stride: 1, pad: 1 }, [headPw, mask4], options, [STATIC, STATIC], [STATIC, STATIC]));

  const conv1: FusedConv3x3Params = {
    jobs: [
      { inChannels: 8, outChannels: 3, height: size, width: size, activation: 'leakyRelu', inOffset: arena.headPointwise.offset, outOffset: arena.headConv1.offset, weightOffset: statics.headConv1.weight, biasOffset: statics.headConv1.bias },
      { inChannels: 2, outChannels: 1, height: size, width: size, activation: 'sigmoid', inOffset: arena.mask[4]!.offset, outOffset: arena.maskOut.offset, weightOffset: statics.maskConv.weight, biasOffset: statics.maskConv.bias },
    ],
  };
  steps.push({ label: 'head.conv1 + mask.conv', nodes: ['final.4-6', 'mask.5', 'mask.sigmoid'], kernel: fusedConv3x3, params: conv1, bindings: { activations: ARENA, weights: STATIC } });
  const conv2: FusedConv3x3Params = {
    jobs: [
      {
        inChannels: 3, outChannels: 3, height: size, width: size, activation: 'tanh',
        inOffset: arena.headConv1.offset, outOffset: arena.out.offset, weightOffset: statics.headConv2.weight, biasOffset: statics.headConv2.bias,
        blend: { maskOffset: arena.maskOut.offset, cropOffset: arena.crop.offset },
      },
    ],
  };
  steps.push({ label: 'head.conv2 + blend', nodes: ['final.7-8', 'generated', 'blend'], kernel: fusedConv3x3, params: conv2, bindings: { activations: ARENA, weights: STATIC } });
  const slot = (r: Region): TensorSlot & { shape: number[] } => ({ tensor: 'arena', offset: r.offset, elements: regionElements(r), shape: [r.channels, r.height, r.width] });
  const inspectable = new Map<string, TensorSlot & { shape: number[] }>([
    ['crop', slot(arena.crop)],
    ['E0', slot(arena.e0)],
    ...arena.concat.map((r, j) => [`D${j} ⧺ E${3 - j}`, slot(r)] as const),
    ['E4 (bottleneck)', slot(arena.bottleneck)],
    ['D3', slot(arena.d3)],
    ...arena.mask.map((r, s) => [`mask.${s}`, slot(r)] as const),
    ['final.3 (head pw)', slot(arena.headPointwise)],
    ['final.6 (head conv1)', slot(arena.headConv1)],
    ['mask', slot(arena.maskOut)],
    ['out', slot(arena.out)],
  ]);
  return {
    kind: 'fused',
    size,
    tiling: options.tiling ?? 'emulator',
    steps,
    tensors: new Map([['arena', arena.elements]]),
    statics: new Map([['weights', statics.data]]),
    crop: slot(arena.crop),
    out: slot(arena.out),
    mask: slot(arena.maskOut),
    inspectable,
  };
}
