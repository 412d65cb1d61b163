/**
 * Which IDN plan a device runs fastest is an empirical question: the fused plan reads and writes a third of
 * the memory in a third of the dispatches, but recomputes depthwise values per output tile and holds more
 * per workgroup; which side wins depends on the GPU (see the benchmark figures in the README). So on a real
 * GPU the engine builds both plans once, at load, times a few frames of each, keeps the faster and destroys
 * the other. Both plans compute the same numbers (tests/gpu/idn), so the choice changes speed only.
 */
import type { GpuContext } from '../device';
import type { PipelineCache } from '../pipeline-cache';
import type { TensorMap } from '../weights/tensor-map';
import { IdnExecutor, type IdnPlanKind } from './executor';

/** What the engine's `plan` option takes: a plan, or 'auto' (time both on this device, keep the faster). */
export type IdnPlanRequest = IdnPlanKind | 'auto';

export interface PlanChoice {
  readonly chosen: IdnPlanKind;
  /** 'requested': asked for by name; 'default': the adapter's default (a CPU emulator's); 'timed': chosen by 'auto'. */
  readonly how: 'requested' | 'default' | 'timed';
  /** Timed only: milliseconds per frame with frames queued back to back (best of the rounds). */
  readonly msPerFrame?: Readonly<Record<IdnPlanKind, number>>;
  readonly framesPerRound?: number;
}

/** Frames per timing round and rounds per plan: 2 × (1 + 24) frames, about 0.1 s on a GPU that runs a frame in 1–2 ms. */
export const AUTO_FRAMES_PER_ROUND = 8;
export const AUTO_ROUNDS = 3;

/** The default request: time both plans on a real GPU; on a CPU emulator (a frame takes 0.5–20 s) take the fused plan. */
export function defaultPlanRequest(gpu: GpuContext): IdnPlanRequest {
  return gpu.capabilities.adapter.isSoftware ? 'fused' : 'auto';
}

/** The faster plan of measured per-frame times; ties go to the fused plan (less memory held). */
export function fasterPlan(msPerFrame: Readonly<Record<IdnPlanKind, number>>): IdnPlanKind {
  return msPerFrame.unfused < msPerFrame.fused ? 'unfused' : 'fused';
}

async function msPerFrame(gpu: GpuContext, idn: IdnExecutor, crop: Float32Array, frames: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) idn.run(crop);
  await gpu.device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) / frames;
}

/**
 * Builds the requested IDN executor (undefined: the adapter's default); for 'auto', builds both, times them in alternating rounds (after one
 * warm-up frame each) and returns the faster, the other destroyed.
 */
export async function createIdnForRequest(gpu: GpuContext, cache: PipelineCache, swapWeights: TensorMap, size: number, request: IdnPlanRequest | undefined): Promise<{ executor: IdnExecutor; choice: PlanChoice }> {
  const plan = request ?? defaultPlanRequest(gpu);
  if (plan !== 'auto') return { executor: await IdnExecutor.create(gpu, cache, swapWeights, { size, plan }), choice: { chosen: plan, how: request ? 'requested' : 'default' } };
  const fused = await IdnExecutor.create(gpu, cache, swapWeights, { size, plan: 'fused' });
  let unfused: IdnExecutor | undefined;
  try {
    unfused = await IdnExecutor.create(gpu, cache, swapWeights, { size, plan: 'unfused' });
    const crop = new Float32Array(3 * size * size).fill(0.5);
    const best = { fused: Infinity, unfused: Infinity };
    await msPerFrame(gpu, fused, crop, 1);
    await msPerFrame(gpu, unfused, crop, 1);
    for (let r = 0; r < AUTO_ROUNDS; r++) {
      best.fused = Math.min(best.fused, await msPerFrame(gpu, fused, crop, AUTO_FRAMES_PER_ROUND));
      best.unfused = Math.min(best.unfused, await msPerFrame(gpu, unfused, crop, AUTO_FRAMES_PER_ROUND));
    }
    const chosen = fasterPlan(best);
    const [keep, drop] = chosen === 'fused' ? [fused, unfused] : [unfused, fused];
    drop.destroy();
    return { executor: keep, choice: { chosen, how: 'timed', msPerFrame: best, framesPerRound: AUTO_FRAMES_PER_ROUND } };
  } catch (e) {
    fused.destroy();
    unfused?.destroy();
    throw e;
  }
}

/** One line for reports and the playground. */
export function describePlanChoice(c: PlanChoice): string {
  if (c.how === 'default') return `${c.chosen} plan (the default on a CPU emulator, where timing both plans would take seconds)`;
  if (c.how === 'requested' || !c.msPerFrame) return `${c.chosen} plan (as requested)`;
  const f = (v: number) => (v >= 10 ? v.toFixed(1) : v.toFixed(3));
  return `${c.chosen} plan, timed faster on this device (fused ${f(c.msPerFrame.fused)} ms vs unfused ${f(c.msPerFrame.unfused)} ms per frame, best of ${AUTO_ROUNDS} rounds of ${c.framesPerRound} queued frames)`;
}
