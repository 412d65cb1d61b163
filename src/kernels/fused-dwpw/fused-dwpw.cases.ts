import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE } from '../common/case-helpers';
import { fusedDwPw, fusedJobGeometry, type FusedDwPwParams, type FusedStageJob } from './fused-dwpw';
import { fusedDwPwRef, type FusedJobWeights } from './fused-dwpw.ref';

type JobShape = Omit<FusedStageJob, 'inOffset' | 'outOffset' | 'dwWeightOffset' | 'pwWeightOffset' | 'dwBiasOffset' | 'pwBiasOffset'> & {
  readonly dwBias?: boolean;
  readonly pwBias?: boolean;
  /** Read the other job's input region (decoder and mask stages share the level below). */
  readonly sharedInput?: boolean;
};

/** Lays the jobs' inputs and outputs out in one arena with gaps (gaps must survive unchanged). */
function makeCase(title: string, geometry: Omit<FusedDwPwParams, 'jobs'>, shapes: readonly JobShape[], rng: () => number): KernelCase<FusedDwPwParams> {
  let cursor = 13;
  const take = (n: number) => {
    const at = cursor;
    cursor += n + 7;
    return at;
  };
  const jobs: FusedStageJob[] = [];
  const weights: FusedJobWeights[] = [];
  const biasValues: number[] = [5, 5, 5];
  shapes.forEach((s, i) => {
    const inOffset = s.sharedInput && i > 0 ? jobs[0]!.inOffset : take(s.inChannels * s.height * s.width);
    const draft: FusedStageJob = { ...s, inOffset, outOffset: 0 };
    const outOffset = take(s.outChannels * fusedJobGeometry(geometry, draft).pixels);
    const dwWeightOffset = s.depthwise ? randomInt(rng, 0, 3) : undefined;
    const pwWeightOffset = randomInt(rng, 0, 3);
    let dwBiasOffset: number | undefined;
    let pwBiasOffset: number | undefined;
    if (s.dwBias) {
      dwBiasOffset = biasValues.length;
      for (let c = 0; c < s.inChannels; c++) biasValues.push(rng() - 0.5);
    }
    if (s.pwBias) {
      pwBiasOffset = biasValues.length;
      for (let c = 0; c < s.outChannels; c++) biasValues.push(rng() - 0.5);
    }
    const k2 = geometry.kernelSize * geometry.kernelSize;
    const scale = 1 / Math.sqrt(s.inChannels);
    weights.push({
      dwWeight: s.depthwise ? randomArray(rng, (dwWeightOffset ?? 0) + s.inChannels * k2, -0.5, 0.5) : undefined,
      pwWeight: randomArray(rng, pwWeightOffset + s.outChannels * s.inChannels, -scale, scale),
    });
    jobs.push({ ...s, inOffset, outOffset, dwWeightOffset, pwWeightOffset, dwBiasOffset, pwBiasOffset });
  });
  const biases = new Float32Array(biasValues);
  const fullWeights = weights.map((w) => ({ ...w, biases }));
  const arena = randomArray(rng, cursor + 5, 0, 1);
  const params: FusedDwPwParams = { ...geometry, jobs: jobs as unknown as FusedDwPwParams['jobs'] };
  const unused = new Float32Array(1);
  return kernelCase({
    title: `fused-dwpw ${title}`,
    kernel: fusedDwPw,
    params,
    buffers: {
      activations: arena,
      a_dw_weight: weights[0]!.dwWeight ?? unused,
      a_pw_weight: weights[0]!.pwWeight,
      b_dw_weight: weights[1]?.dwWeight ?? unused,
      b_pw_weight: weights[1]?.pwWeight ?? unused,
      biases,
    },
    expected: () => ({ activations: fusedDwPwRef(arena, params, fullWeights) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

const encoder = { kernelSize: 4, stride: 2, pad: 1 } as const;
const decoder = { kernelSize: 3, stride: 1, pad: 1 } as const;

export function fusedDwPwCases(rng: () => number, randomCount = 3): KernelCase<FusedDwPwParams>[] {
  const cases = [
    makeCase('E0: normalise + dw4 s2 + pw 3→32 @224', { ...encoder, rowsPerThread: 4 }, [{ inChannels: 3, outChannels: 32, height: 224, width: 224, depthwise: true, normalize: true, activation: 'leakyRelu' }], rng),
    makeCase('E4: 256→512 @14→7', { ...encoder, rowsPerThread: 4 }, [{ inChannels: 256, outChannels: 512, height: 14, width: 14, depthwise: true, activation: 'leakyRelu' }], rng),
    makeCase('D0 + mask.0 from one input (×2, dw3, pw; mask with biases)', { ...decoder, rowsPerThread: 4 }, [
      { inChannels: 512, outChannels: 256, height: 7, width: 7, depthwise: true, upsample: true, activation: 'leakyRelu' },
      { inChannels: 512, outChannels: 128, height: 7, width: 7, depthwise: true, upsample: true, activation: 'leakyRelu', dwBias: true, pwBias: true, sharedInput: true },
    ], rng),
    makeCase('head.pw (×2, no dw, 32→8) + mask.4 (8→2), 16-channel tiles', { ...decoder, rowsPerThread: 1 }, [
      { inChannels: 32, outChannels: 8, height: 28, width: 28, depthwise: false, upsample: true, activation: 'leakyRelu', pwBias: true },
      { inChannels: 8, outChannels: 2, height: 28, width: 28, depthwise: true, upsample: true, activation: 'leakyRelu', dwBias: true, pwBias: true },
    ], rng),
    makeCase('odd 5→7 @9×11 ×2, 32-channel tiles', { ...decoder, rowsPerThread: 2 }, [{ inChannels: 5, outChannels: 7, height: 9, width: 11, depthwise: true, upsample: true, activation: 'none', pwBias: true }], rng),
    makeCase('GPU tiling: D1 + mask.1 with 16-channel × 16-pixel tiles', { ...decoder, rowsPerThread: 1, pixelsPerThread: 1 }, [
      { inChannels: 64, outChannels: 40, height: 6, width: 5, depthwise: true, upsample: true, activation: 'leakyRelu' },
      { inChannels: 64, outChannels: 24, height: 6, width: 5, depthwise: true, upsample: true, activation: 'leakyRelu', dwBias: true, pwBias: true, sharedInput: true },
    ], rng),
    makeCase('GPU tiling: E3-like dw4 s2, 32 px × 32 channels per tile', { ...encoder, rowsPerThread: 2, pixelsPerThread: 2 }, [{ inChannels: 37, outChannels: 45, height: 18, width: 14, depthwise: true, activation: 'leakyRelu' }], rng),
    makeCase('1×1 input ×2', { ...decoder, rowsPerThread: 4 }, [{ inChannels: 3, outChannels: 2, height: 1, width: 1, depthwise: true, upsample: true, activation: 'leakyRelu' }], rng),
  ];
  for (let i = 0; i < randomCount; i++) {
    const geometry = rng() < 0.5 ? encoder : decoder;
    const rows = ([1, 2, 4] as const)[randomInt(rng, 0, 2)]!;
    const pixelsPerThread = ([1, 2, 4] as const)[randomInt(rng, 0, 2)]!;
    const shape = (): JobShape => ({
      inChannels: randomInt(rng, 1, 40),
      outChannels: randomInt(rng, 1, 70),
      height: randomInt(rng, 2, 19),
      width: randomInt(rng, 2, 19),
      depthwise: geometry === encoder || rng() < 0.8,
      upsample: geometry === decoder && rng() < 0.5,
      activation: rng() < 0.5 ? 'leakyRelu' : 'none',
      pwBias: rng() < 0.5,
    });
    const first = shape();
    const shapes = rng() < 0.5 ? [first] : [first, { ...shape(), dwBias: false }];
    const withDwBias = shapes.map((s) => ({ ...s, dwBias: s.depthwise && rng() < 0.5 }));
    cases.push(makeCase(`random #${i} (${withDwBias.length} job${withDwBias.length > 1 ? 's' : ''}, k${geometry.kernelSize}, rows ${rows}, pixels ${pixelsPerThread})`, { ...geometry, rowsPerThread: rows, pixelsPerThread }, withDwBias, rng));
  }
  return cases;
}
