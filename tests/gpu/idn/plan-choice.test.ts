// 'auto' plan choice: both plans built, timed on this device, the faster kept and the other freed.
import { describe, expect, it } from 'vitest';
import { FaceSwapEngine } from '../../../src/engine/face-swap-engine';
import { IdnExecutor } from '../../../src/engine/idn/executor';
import { AUTO_ROUNDS, createIdnForRequest, describePlanChoice, fasterPlan } from '../../../src/engine/idn/plan-choice';
import { localSwapWeights } from '../../unit/model/local-synthetic';
import { countGpuObjects } from '../../support/count-gpu-objects';
import { useNodeGpuFixture } from '../../support/node-gpu-fixture';

const fx = useNodeGpuFixture();

const swap = localSwapWeights(4);

describe("createIdnForRequest('auto')", () => {
  it('keeps the plan it timed faster, alive and working, and destroys the other', async () => {
    // Live buffers of one executor of each plan, for comparison with what 'auto' leaves behind.
    const liveOf = async (plan: 'fused' | 'unfused') => {
      const c = countGpuObjects(fx.gpu.device);
      const idn = await IdnExecutor.create(fx.gpu, fx.cache, swap, { size: 64, plan });
      const live = c.live;
      idn.destroy();
      c.restore();
      return live;
    };
    const expectedLive = { fused: await liveOf('fused'), unfused: await liveOf('unfused') };
    expect(expectedLive.fused).not.toBe(expectedLive.unfused);

    const counter = countGpuObjects(fx.gpu.device);
    const { executor, choice } = await createIdnForRequest(fx.gpu, fx.cache, swap, 64, 'auto');
    try {
      expect(choice.how).toBe('timed');
      expect(choice.msPerFrame!.fused).toBeGreaterThan(0);
      expect(choice.msPerFrame!.unfused).toBeGreaterThan(0);
      expect(choice.chosen).toBe(fasterPlan(choice.msPerFrame!));
      expect(executor.plan.kind).toBe(choice.chosen);
      expect(counter.live).toBe(expectedLive[choice.chosen]);
      expect(describePlanChoice(choice)).toContain(`best of ${AUTO_ROUNDS} rounds`);
      executor.run(new Float32Array(3 * 64 * 64).fill(0.25));
      const out = await executor.readOutputs();
      expect(out.out.every(Number.isFinite)).toBe(true);
    } finally {
      executor.destroy();
      counter.restore();
    }
    expect(counter.live).toBe(0);
  });

  it('builds only the requested plan otherwise, and the adapter default when none is requested', async () => {
    const byDefault = await createIdnForRequest(fx.gpu, fx.cache, swap, 64, undefined);
    expect(byDefault.choice).toEqual({ chosen: 'fused', how: 'default' });
    byDefault.executor.destroy();
    const { executor, choice } = await createIdnForRequest(fx.gpu, fx.cache, swap, 64, 'unfused');
    expect(choice).toEqual({ chosen: 'unfused', how: 'requested' });
    expect(executor.plan.kind).toBe('unfused');
    executor.destroy();
  });
});

describe('FaceSwapEngine plan option', () => {
  it("defaults to the fused plan on a CPU emulator and times both with plan: 'auto'", async () => {
    const byDefault = await FaceSwapEngine.create({ device: fx.gpu.device, cropSize: 64 });
    const auto = await FaceSwapEngine.create({ device: fx.gpu.device, cropSize: 64, plan: 'auto' });
    try {
      await byDefault.loadWeights({ synthetic: {} });
      expect(fx.gpu.capabilities.adapter.isSoftware).toBe(true);
      expect(byDefault.planChoice).toEqual({ chosen: 'fused', how: 'default' });
      expect(describePlanChoice(byDefault.planChoice!)).toBe('fused plan (the default on a CPU emulator, where timing both plans would take seconds)');
      await auto.loadWeights({ synthetic: {} });
      expect(auto.planChoice?.how).toBe('timed');
      expect(auto.executor.plan.kind).toBe(auto.planChoice?.chosen);
    } finally {
      byDefault.dispose();
      auto.dispose();
    }
  });
});
