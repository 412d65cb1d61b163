import { describe, expect, it } from 'vitest';
import {
  affine,
  affineFromRows,
  affineToRows,
  alignmentMatrix,
  applyAffine,
  arcfaceTemplate,
  composeAffine,
  DegenerateAffineError,
  estimateAffine,
  invertAffine,
  type Point,
} from '../../../src/engine/align/affine';
import { seededRandom } from '../../../src/engine/random';

/**
 * An independent least squares: Householder QR of the n×3 design [x y 1], then R·a = Qᵀ·b by back
 * substitution (what LAPACK-style lstsq does for a full-rank system), one right-hand side at a time.
 */
function lstsqQr(src: readonly Point[], dst: readonly Point[]): number[][] {
  const n = src.length;
  const A = src.map(([x, y]) => [x, y, 1]);
  const B = dst.map(([x, y]) => [x, y]);
  for (let k = 0; k < 3; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm += A[i]![k]! ** 2;
    norm = Math.sqrt(norm);
    const alpha = A[k]![k]! > 0 ? -norm : norm;
    const v = new Array<number>(n).fill(0);
    for (let i = k; i < n; i++) v[i] = A[i]![k]!;
    v[k]! -= alpha;
    const vv = v.reduce((s, e) => s + e * e, 0);
    const reflect = (col: (i: number) => number, set: (i: number, value: number) => void) => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += v[i]! * col(i);
      for (let i = k; i < n; i++) set(i, col(i) - (2 * dot * v[i]!) / vv);
    };
    for (let j = k; j < 3; j++) reflect((i) => A[i]![j]!, (i, value) => (A[i]![j] = value));
    for (let j = 0; j < 2; j++) reflect((i) => B[i]![j]!, (i, value) => (B[i]![j] = value));
  }
  // Solve R (upper 3×3 of A) · X = top 3 rows of B.
  const X = [
    [0, 0],
    [0, 0],
    [0, 0],
  ];
  for (let j = 0; j < 2; j++) {
    for (let r = 2; r >= 0; r--) {
      let s = B[r]![j]!;
      for (let k = r + 1; k < 3; k++) s -= A[r]![k]! * X[k]![j]!;
      X[r]![j] = s / A[r]![r]!;
    }
  }
  return X; // rows: coefficients of x, y, 1; columns: x', y' (numpy's A)
}

const FACE: Point[] = [
  [220, 187],
  [305, 186],
  [265, 243],
  [235, 276],
  [297, 275],
];

describe('ArcFace template', () => {
  it('is the 112 template scaled ×2 at 224 (reference §1.3 values)', () => {
    const t = arcfaceTemplate(224);
    const expected = [
      [76.5892, 103.3926],
      [147.0636, 103.0028],
      [112.0504, 143.4732],
      [83.0986, 184.731],
      [141.4598, 184.4082],
    ];
    t.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(expected[i]![0]!, 10);
      expect(y).toBeCloseTo(expected[i]![1]!, 10);
    });
  });
});

describe('estimateAffine', () => {
  it('recovers a known 6-DOF affine (shear and unequal scales, not a similarity) exactly from 5 points', () => {
    const known = affine(0.83, -0.21, 0.37, 1.12, -57.5, 33.25);
    const dst = FACE.map((p) => applyAffine(known, p));
    const m = estimateAffine(FACE, dst);
    for (let i = 0; i < 6; i++) expect(m[i]).toBeCloseTo(known[i]!, 10);
  });

  it('agrees with an independent QR least squares on noisy points', () => {
    const rng = seededRandom(7);
    for (let trial = 0; trial < 50; trial++) {
      const src: Point[] = FACE.map(([x, y]) => [x * (0.2 + 8 * rng()) + 1000 * rng(), y + 40 * (rng() - 0.5)]);
      const dst: Point[] = src.map(([x, y]) => [0.5 * x - 0.1 * y + 20 + 5 * (rng() - 0.5), 0.2 * x + 0.7 * y - 8 + 5 * (rng() - 0.5)]);
      const m = estimateAffine(src, dst);
      const X = lstsqQr(src, dst);
      // numpy's A maps [x y 1] to [x' y']: column 0 is (a, c, tx), column 1 is (b, d, ty).
      const rows = affineToRows(m);
      for (let r = 0; r < 3; r++) {
        const tol = r === 2 ? 1e-7 : 1e-10;
        expect(Math.abs(rows[0][r]! - X[r]![0]!), `x' coefficient ${r}`).toBeLessThan(tol * Math.max(1, Math.abs(X[r]![0]!)));
        expect(Math.abs(rows[1][r]! - X[r]![1]!), `y' coefficient ${r}`).toBeLessThan(tol * Math.max(1, Math.abs(X[r]![1]!)));
      }
    }
  });

  it('leaves residuals orthogonal to the design (the least-squares condition)', () => {
    const dst: Point[] = arcfaceTemplate(224).map(([x, y], i) => [x + [0.3, -1, 2, 0, -0.7][i]!, y + [1, 0.2, -0.4, 0.9, -1][i]!]);
    const m = estimateAffine(FACE, dst);
    for (const k of [0, 1] as const) {
      const dots = [0, 0, 0];
      FACE.forEach((p, i) => {
        const r = applyAffine(m, p)[k] - dst[i]![k];
        dots[0]! += r * p[0];
        dots[1]! += r * p[1];
        dots[2]! += r;
      });
      for (const d of dots) expect(Math.abs(d)).toBeLessThan(1e-8);
    }
  });

  it('stays accurate far from the origin (a face in a corner of an 8K frame)', () => {
    const known = affine(0.21, 0.02, -0.03, 0.2, -1500, -900);
    const src = FACE.map(([x, y]) => [x + 7300, y + 4100] as Point);
    const m = estimateAffine(src, src.map((p) => applyAffine(known, p)));
    for (const p of src) {
      const [u, v] = applyAffine(m, p);
      const [eu, ev] = applyAffine(known, p);
      expect(Math.abs(u - eu) + Math.abs(v - ev)).toBeLessThan(1e-8);
    }
  });

  it('refuses collinear, coincident, non-finite and mismatched point sets with a typed error', () => {
    const line: Point[] = [0, 1, 2, 3, 4].map((t) => [10 + 3 * t, 5 + 2 * t]);
    const expectReason = (f: () => unknown, reason: string) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DegenerateAffineError);
        expect((e as DegenerateAffineError).reason).toBe(reason);
        expect((e as DegenerateAffineError).code).toBe('invalid-argument');
        return;
      }
      throw new Error('expected a DegenerateAffineError');
    };
    expectReason(() => estimateAffine(line, arcfaceTemplate()), 'collinear');
    expectReason(() => estimateAffine(Array(5).fill([3, 4]), arcfaceTemplate()), 'collinear');
    expectReason(() => estimateAffine([[0, 0], [1, NaN], [0, 1], [1, 1], [2, 2]], arcfaceTemplate()), 'not-finite');
    expectReason(() => estimateAffine(FACE, [[0, 0], [1, Infinity], [0, 1], [1, 1], [2, 2]]), 'not-finite');
    expectReason(() => estimateAffine(FACE.slice(0, 4), arcfaceTemplate()), 'count');
    expectReason(() => estimateAffine(FACE.slice(0, 2), FACE.slice(0, 2)), 'count');
    expectReason(() => alignmentMatrix(FACE.slice(0, 3)), 'count');
    expect(() => estimateAffine(line, arcfaceTemplate())).toThrow(/collinear/);
  });
});

describe('invertAffine', () => {
  it('round-trips points and composes to the identity', () => {
    const m = alignmentMatrix(FACE, 224);
    const inv = invertAffine(m);
    const id = composeAffine(m, inv);
    [1, 0, 0, 1, 0, 0].forEach((v, i) => expect(id[i]).toBeCloseTo(v, 12));
    for (const p of [...FACE, [0, 0] as Point, [511, 599] as Point]) {
      const [x, y] = applyAffine(inv, applyAffine(m, p));
      expect(x).toBeCloseTo(p[0], 9);
      expect(y).toBeCloseTo(p[1], 9);
    }
    // The aligned landmarks land near the template (hand-picked points: a 6-DOF fit of 5 leaves residuals of a few pixels).
    FACE.forEach((p, i) => {
      const [x, y] = applyAffine(m, p);
      const [tx, ty] = arcfaceTemplate(224)[i]!;
      expect(Math.hypot(x - tx, y - ty)).toBeLessThan(12);
    });
  });

  it('converts to and from OpenCV 2×3 rows', () => {
    const m = affineFromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect([...m]).toEqual([1, 4, 2, 5, 3, 6]);
    expect(affineToRows(m)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('refuses singular and non-finite matrices', () => {
    expect(() => invertAffine(affine(1, 2, 2, 4, 0, 0))).toThrow(DegenerateAffineError);
    expect(() => invertAffine(affine(1, 0, 0, NaN, 0, 0))).toThrow(/non-finite/);
    // A tiny but well-conditioned scale is still invertible.
    expect(invertAffine(affine(1e-5, 0, 0, 1e-5, 0, 0))[0]).toBeCloseTo(1e5, 5);
  });
});
