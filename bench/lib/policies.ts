/**
 * How long each contender is timed in the full run. Counts are sized for this project's 2-core, GPU-less
 * machine (about 20 minutes in all): fast peers get many runs, slow peers (ORT's WebGPU EP and our ArcFace
 * on SwiftShader: 10 s – 2 min a run) a fixed small count. Every contender's first run (for the agreement
 * check) already warmed it up.
 */
import type { RunPolicy } from './stats';

export const FULL_POLICIES = {
  oursIdn: { warmup: 1, minRuns: 5, maxRuns: 30, budgetMs: 45_000 },
  ortWasmIdn: { warmup: 3, minRuns: 20, maxRuns: 200, budgetMs: 15_000 },
  ortWebgpuIdn: { warmup: 0, minRuns: 3, maxRuns: 5, budgetMs: 40_000 },
  oursIdentity: { warmup: 0, minRuns: 3, maxRuns: 3, budgetMs: 0 },
  oursArcfaceOnly: { warmup: 0, minRuns: 2, maxRuns: 2, budgetMs: 0 },
  ortWasmArcface: { warmup: 1, minRuns: 5, maxRuns: 30, budgetMs: 20_000 },
  ortWebgpuArcface: { warmup: 0, minRuns: 1, maxRuns: 3, budgetMs: 60_000 },
  // Node runs on lavapipe here (~1 s a frame: the budget decides) and on real GPUs (~1 ms: the count decides).
  nodeIdn: { warmup: 2, minRuns: 5, maxRuns: 300, budgetMs: 25_000 },
  nodeOrtWebgpuIdn: { warmup: 1, minRuns: 3, maxRuns: 300, budgetMs: 20_000 },
  nodeOrtWasmIdn: { warmup: 2, minRuns: 5, maxRuns: 200, budgetMs: 15_000 },
} satisfies Record<string, RunPolicy>;

/** Frames profiled per dispatch (timestamp queries) in Node. */
export const NODE_PROFILE_FRAMES = 10;

/** Upper bound for one page step that runs `policy` at about `perRunMs` a run (plus slack): past it, the step is abandoned. */
export function stepTimeoutMs(policy: RunPolicy, perRunMs: number): number {
  const runs = policy.warmup + Math.max(policy.minRuns, Math.min(policy.maxRuns, Math.ceil(policy.budgetMs / Math.max(1, perRunMs)) + 1));
  return Math.max(120_000, 3 * runs * perRunMs + policy.budgetMs);
}
