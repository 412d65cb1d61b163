// The tiling policy of the IDN's GEMM kernels: big blocks for CPU emulators, enough workgroups for GPUs.
import { describe, expect, it } from 'vitest';
import { fusedDwPw, type FusedDwPwParams } from '../../src/kernels/fused-dwpw/fused-dwpw';
import { pointwiseConv, type PointwiseConvParams } from '../../src/kernels/pointwise-conv/pointwise-conv';
import { planFusedIdn } from '../../src/engine/idn/fused-plan';
import { packStaticWeights } from '../../src/engine/idn/static-weights';
import { planUnfusedIdn } from '../../src/engine/idn/unfused-plan';
import { chooseMicroTile, GPU_MIN_WORKGROUPS, rowsToCover, tilingFor } from '../../src/engine/idn/tiling';
import { localSwapWeights } from './model/local-synthetic';

const statics = packStaticWeights(localSwapWeights(3));
const groups = (kernel: { workgroups: (p: never) => readonly number[] }, params: unknown) => kernel.workgroups(params as never).reduce((a, b) => a * b, 1);

describe('chooseMicroTile', () => {
  it('gives CPU emulators the largest block the channel count allows', () => {
    expect(chooseMicroTile('emulator', 4, () => 1)).toEqual({ rowsPerThread: 4, pixelsPerThread: 4 });
    expect(chooseMicroTile('emulator', 1, () => 1)).toEqual({ rowsPerThread: 1, pixelsPerThread: 4 });
  });

  it('gives GPUs the largest block that still reaches the workgroup target, else the smallest', () => {
    // Workgroups grow as the block shrinks: 16 outputs per invocation → 100 workgroups, 4 → 400, 1 → 1600.
    const count = (t: { rowsPerThread: number; pixelsPerThread: number }) => 1600 / (t.rowsPerThread * t.pixelsPerThread);
    expect(chooseMicroTile('gpu', 4, count, 400)).toEqual({ rowsPerThread: 1, pixelsPerThread: 4 });
    expect(chooseMicroTile('gpu', 4, count, 800)).toEqual({ rowsPerThread: 1, pixelsPerThread: 2 });
    expect(chooseMicroTile('gpu', 4, count, 100)).toEqual({ rowsPerThread: 4, pixelsPerThread: 4 });
    expect(chooseMicroTile('gpu', 4, () => 3, 512)).toEqual({ rowsPerThread: 1, pixelsPerThread: 1 });
    expect(chooseMicroTile('gpu', 1, count, 100)).toEqual({ rowsPerThread: 1, pixelsPerThread: 4 });
  });

  it('reads the adapter kind from the capabilities and covers channel counts with 16/32/64-channel tiles', () => {
    expect(tilingFor({ adapter: { isSoftware: true } } as never)).toBe('emulator');
    expect(tilingFor({ adapter: { isSoftware: false } } as never)).toBe('gpu');
    expect([rowsToCover(8), rowsToCover(16), rowsToCover(17, 2), rowsToCover(32), rowsToCover(33), rowsToCover(512)]).toEqual([1, 1, 2, 2, 4, 4]);
  });
});

describe('IDN plans with GPU tiling at 224', () => {
  it('fused: every GEMM dispatch reaches the target or already uses the smallest block; the emulator plan keeps 4-pixel blocks', () => {
    const gpu = planFusedIdn(224, statics, { tiling: 'gpu' });
    const emulator = planFusedIdn(224, statics, { tiling: 'emulator' });
    expect(gpu.tiling).toBe('gpu');
    const dwpw = gpu.steps.filter((s) => s.kernel === fusedDwPw);
    expect(dwpw.length).toBe(10);
    for (const s of dwpw) {
      const p = s.params as FusedDwPwParams;
      const smallest = p.rowsPerThread === 1 && p.pixelsPerThread === 1;
      expect(groups(fusedDwPw, p) >= GPU_MIN_WORKGROUPS || smallest, `${s.label}: ${groups(fusedDwPw, p)} workgroups at ${p.rowsPerThread}×${p.pixelsPerThread}`).toBe(true);
    }
    // D0 + mask.0 (14×14 pixels, 256 + 128 channels) is the deep stage that needs it most: 24 workgroups → ≥ 10× more.
    const d0 = (plan: typeof gpu) => groups(fusedDwPw, plan.steps.find((s) => s.label === 'D0 + mask.0')!.params);
    expect(d0(emulator)).toBe(24);
    expect(d0(gpu)).toBeGreaterThanOrEqual(10 * d0(emulator));
    for (const s of emulator.steps.filter((x) => x.kernel === fusedDwPw)) expect((s.params as FusedDwPwParams).pixelsPerThread).toBe(4);
  });

  it('unfused: the pointwise GEMMs follow the same policy', () => {
    const gpu = planUnfusedIdn(224, statics, { tiling: 'gpu' });
    const pws = gpu.steps.filter((s) => s.kernel === pointwiseConv);
    expect(pws.length).toBe(15);
    for (const s of pws) {
      const p = s.params as PointwiseConvParams;
      expect(groups(pointwiseConv, p) >= GPU_MIN_WORKGROUPS || (p.rowsPerThread === 1 && p.pixelsPerThread === 1), s.label).toBe(true);
    }
  });
});

describe('plan choice helpers', () => {
  it('prefers the faster plan, the fused one on a tie, and times plans only on real GPUs by default', async () => {
    const { defaultPlanRequest, describePlanChoice, fasterPlan } = await import('../../src/engine/idn/plan-choice');
    expect(fasterPlan({ fused: 1.2, unfused: 0.6 })).toBe('unfused');
    expect(fasterPlan({ fused: 0.6, unfused: 1.2 })).toBe('fused');
    expect(fasterPlan({ fused: 1, unfused: 1 })).toBe('fused');
    expect(defaultPlanRequest({ capabilities: { adapter: { isSoftware: true } } } as never)).toBe('fused');
    expect(defaultPlanRequest({ capabilities: { adapter: { isSoftware: false } } } as never)).toBe('auto');
    expect(describePlanChoice({ chosen: 'fused', how: 'requested' })).toBe('fused plan (as requested)');
    expect(describePlanChoice({ chosen: 'unfused', how: 'timed', msPerFrame: { fused: 1.36, unfused: 0.64 }, framesPerRound: 8 })).toBe(
      'unfused plan, timed faster on this device (fused 1.360 ms vs unfused 0.640 ms per frame, best of 3 rounds of 8 queued frames)',
    );
  });
});
