/** Order statistics of a list of timings (ms). Nearest-rank quantiles: with few runs they are actual samples. */
export interface TimingSummary {
  readonly runs: number;
  readonly warmup: number;
  readonly medianMs: number;
  readonly p10Ms: number;
  readonly p90Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samplesMs: readonly number[];
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function summarize(samplesMs: readonly number[], warmup: number): TimingSummary {
  return {
    runs: samplesMs.length,
    warmup,
    medianMs: median(samplesMs),
    p10Ms: quantile(samplesMs, 0.1),
    p90Ms: quantile(samplesMs, 0.9),
    minMs: samplesMs.length ? Math.min(...samplesMs) : NaN,
    maxMs: samplesMs.length ? Math.max(...samplesMs) : NaN,
    samplesMs: [...samplesMs],
  };
}

/**
 * How many times a contender runs: `warmup` untimed runs, then timed runs until `maxRuns`, or until
 * `budgetMs` of timed work is spent once `minRuns` are in (slow peers get a time budget, not a count).
 */
export interface RunPolicy {
  readonly warmup: number;
  readonly minRuns: number;
  readonly maxRuns: number;
  readonly budgetMs: number;
}

export async function timeRuns(once: () => Promise<void>, policy: RunPolicy, now: () => number = () => performance.now()): Promise<TimingSummary> {
  for (let i = 0; i < policy.warmup; i++) await once();
  const samples: number[] = [];
  const start = now();
  while (samples.length < policy.maxRuns && (samples.length < policy.minRuns || now() - start < policy.budgetMs)) {
    const t0 = now();
    await once();
    samples.push(now() - t0);
  }
  return summarize(samples, policy.warmup);
}
