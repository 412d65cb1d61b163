/** Summary numbers for the tensor inspector; pure functions over Float32Arrays. */
export interface TensorStats {
  readonly count: number;
  /** Over finite values only; NaN when there are none. */
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly nan: number;
  readonly inf: number;
}

export function tensorStats(data: Float32Array, offset = 0, length = data.length - offset): TensorStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  let nan = 0;
  let inf = 0;
  for (let i = offset; i < offset + length; i++) {
    const v = data[i]!;
    if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) inf++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      finite++;
    }
  }
  return finite ? { count: length, min, max, mean: sum / finite, nan, inf } : { count: length, min: NaN, max: NaN, mean: NaN, nan, inf };
}

export interface DiffStats {
  readonly maxAbs: number;
  readonly meanAbs: number;
  /** Largest |a − b| relative to the reference's range, so the number reads the same for any scale. */
  readonly maxRelToRange: number;
  readonly worstIndex: number;
  readonly actual: number;
  readonly expected: number;
  /** Elements where exactly one side is NaN/Inf, or |a − b| > atol + rtol·|b|. */
  readonly mismatches: number;
}

export const DIFF_TOLERANCE = { atol: 5e-4, rtol: 2e-3 } as const;

export function diffStats(actual: Float32Array, expected: Float32Array, tol = DIFF_TOLERANCE): DiffStats {
  if (actual.length !== expected.length) throw new Error(`diff: lengths differ (${actual.length} vs ${expected.length})`);
  let maxAbs = 0;
  let sum = 0;
  let worstIndex = -1;
  let mismatches = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isFinite(e)) {
      if (e < lo) lo = e;
      if (e > hi) hi = e;
    }
    const bothBad = !Number.isFinite(a) && !Number.isFinite(e) && Object.is(a, e);
    const d = bothBad ? 0 : Number.isFinite(a) && Number.isFinite(e) ? Math.abs(a - e) : Infinity;
    if (d > tol.atol + tol.rtol * Math.abs(e)) mismatches++;
    sum += Number.isFinite(d) ? d : 0;
    if (worstIndex < 0 || d > maxAbs) {
      maxAbs = d;
      worstIndex = i;
    }
  }
  const range = hi > lo ? hi - lo : Math.max(Math.abs(hi), 1e-12);
  return {
    maxAbs,
    meanAbs: actual.length ? sum / actual.length : 0,
    maxRelToRange: maxAbs / range,
    worstIndex,
    actual: worstIndex >= 0 ? actual[worstIndex]! : NaN,
    expected: worstIndex >= 0 ? expected[worstIndex]! : NaN,
    mismatches,
  };
}

/** |a − b| element-wise (NaN/Inf where either side is not finite), for the diff heatmap. */
export function absDiff(actual: Float32Array, expected: Float32Array): Float32Array {
  const out = new Float32Array(actual.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(actual[i]! - expected[i]!);
  return out;
}

/** Flat index → (channel, y, x) for a [C, H, W] tensor. */
export function unravel(index: number, shape: readonly number[]): number[] {
  const out: number[] = [];
  let rest = index;
  for (let d = shape.length - 1; d >= 0; d--) {
    out.unshift(rest % shape[d]!);
    rest = Math.floor(rest / shape[d]!);
  }
  return out;
}
