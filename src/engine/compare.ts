/** Element-wise closeness |a − e| ≤ atol + rtol·|e|, reporting the worst element so a failure says where. */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

export interface CloseReport {
  readonly pass: boolean;
  readonly maxAbsError: number;
  /** Index of the element that exceeds its tolerance the most (or the largest error when all pass). */
  readonly worstIndex: number;
  readonly actual: number;
  readonly expected: number;
  readonly mismatches: number;
}

export function compareClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): CloseReport {
  if (actual.length !== expected.length) {
    return { pass: false, maxAbsError: Infinity, worstIndex: -1, actual: actual.length, expected: expected.length, mismatches: Math.abs(actual.length - expected.length) };
  }
  let maxAbsError = 0;
  let worstIndex = -1;
  let worstExcess = -Infinity;
  let mismatches = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const err = Number.isNaN(a) !== Number.isNaN(e) ? Infinity : Number.isNaN(a) ? 0 : Math.abs(a - e);
    const excess = err - (tol.atol + tol.rtol * Math.abs(e));
    if (excess > 0) mismatches++;
    if (err > maxAbsError) maxAbsError = err;
    if (excess > worstExcess) {
      worstExcess = excess;
      worstIndex = i;
    }
  }
  return {
    pass: mismatches === 0,
    maxAbsError,
    worstIndex,
    actual: worstIndex >= 0 ? actual[worstIndex]! : NaN,
    expected: worstIndex >= 0 ? expected[worstIndex]! : NaN,
    mismatches,
  };
}

export function describeClose(r: CloseReport, label: string): string {
  if (r.worstIndex < 0 && !r.pass) return `${label}: length ${r.actual} ≠ expected ${r.expected}`;
  return `${label}: ${r.pass ? 'ok' : `${r.mismatches} elements out of tolerance`}, max |err| ${r.maxAbsError.toExponential(2)}, worst at index ${r.worstIndex} (got ${r.actual}, expected ${r.expected})`;
}
