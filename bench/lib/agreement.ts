/**
 * Output agreement between contenders. Timings are only reported when every pair agrees: a fast wrong
 * answer is not a result. Tolerances are stated in the report next to the measured errors.
 */
import { compareClose, type Tolerance } from '../../src/engine/compare';

/** IDN outputs live in [0, 1] (blended crop, sigmoid mask): the GPU-vs-CPU tolerance of tests/gpu/idn. */
export const IDN_TOLERANCE: Tolerance = { atol: 2e-4, rtol: 1e-3 };
/**
 * ArcFace: error relative to each tensor's largest magnitude (the feature map is unnormalised and comes out
 * of 33 residual blocks summed in a different order per runtime); the identity tests bound it by 1e-4.
 */
export const ARCFACE_RELATIVE_TOLERANCE = 1e-4;

export interface PairAgreement {
  readonly a: string;
  readonly b: string;
  readonly tensor: string;
  readonly maxAbsDiff: number;
  /** max |a − b| / max |b|. */
  readonly maxRelToScale: number;
  readonly mismatches: number;
  readonly tolerance: string;
  readonly pass: boolean;
}

export function agreeClose(a: string, b: string, tensor: string, x: Float32Array, y: Float32Array, tol: Tolerance = IDN_TOLERANCE): PairAgreement {
  const r = compareClose(x, y, tol);
  return { a, b, tensor, maxAbsDiff: r.maxAbsError, maxRelToScale: r.maxAbsError / maxAbs(y), mismatches: r.mismatches, tolerance: `|Δ| ≤ ${tol.atol} + ${tol.rtol}·|ref|`, pass: r.pass };
}

export function agreeRelative(a: string, b: string, tensor: string, x: Float32Array, y: Float32Array, rel = ARCFACE_RELATIVE_TOLERANCE): PairAgreement {
  const sameLength = x.length === y.length;
  let worst = sameLength ? 0 : Infinity;
  let bad = 0;
  const scale = maxAbs(y);
  for (let i = 0; sameLength && i < x.length; i++) {
    const d = Math.abs(x[i]! - y[i]!);
    if (!(d <= worst)) worst = d; // NaN counts as worst
    if (!(d <= rel * scale)) bad++;
  }
  return { a, b, tensor, maxAbsDiff: worst, maxRelToScale: worst / scale, mismatches: sameLength ? bad : Math.abs(x.length - y.length), tolerance: `max|Δ| ≤ ${rel}·max|ref|`, pass: sameLength && bad === 0 && scale > 0 };
}

function maxAbs(x: Float32Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}
