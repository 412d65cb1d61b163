/**
 * 2-D affine maths for alignment (reference §1.3). A transform is a gl-matrix `mat2d` [a, b, c, d, tx, ty]:
 * x' = a·x + c·y + tx, y' = b·x + d·y + ty, i.e. OpenCV's 2×3 matrix [[a, c, tx], [b, d, ty]]. Matrices are
 * kept in Float64Array: gl-matrix's default Float32Array would lose the precision the fit needs.
 */
import { mat2d, vec2, type ReadonlyMat2d, type ReadonlyVec2 } from 'gl-matrix';
import { EngineError } from '../errors';

export type Affine = Float64Array;
export type Point = readonly [number, number];

/** The insightface/ArcFace 112×112 five-point template: left eye, right eye, nose, left and right mouth corner. */
export const ARCFACE_TEMPLATE_112: readonly Point[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/** The template for a square crop of `size` (×2 at 224), as MobileFaceSwap scales it. */
export function arcfaceTemplate(size = 224): Point[] {
  const s = size / 112;
  return ARCFACE_TEMPLATE_112.map(([x, y]) => [x * s, y * s] as const);
}

/** The point set cannot define an affine transform (fewer than 3 points, collinear, or not finite). */
export class DegenerateAffineError extends EngineError {
  readonly reason: 'count' | 'not-finite' | 'collinear' | 'singular';
  constructor(reason: DegenerateAffineError['reason'], detail: string) {
    super('invalid-argument', `affine: ${detail}`);
    this.reason = reason;
  }
}

export function affine(a: number, b: number, c: number, d: number, tx: number, ty: number): Affine {
  return Float64Array.of(a, b, c, d, tx, ty);
}

/** From OpenCV's row-major 2×3 [[m00, m01, m02], [m10, m11, m12]]. */
export function affineFromRows(rows: readonly [readonly number[], readonly number[]]): Affine {
  const [r0, r1] = rows;
  return affine(r0[0]!, r1[0]!, r0[1]!, r1[1]!, r0[2]!, r1[2]!);
}

/** OpenCV's row-major 2×3. */
export function affineToRows(m: ReadonlyMat2d): [[number, number, number], [number, number, number]] {
  return [
    [m[0]!, m[2]!, m[4]!],
    [m[1]!, m[3]!, m[5]!],
  ];
}

export function applyAffine(m: ReadonlyMat2d, p: Point): Point {
  const out = vec2.transformMat2d(new Float64Array(2), p as unknown as ReadonlyVec2, m);
  return [out[0]!, out[1]!];
}

/** a∘b: apply b, then a. */
export function composeAffine(a: ReadonlyMat2d, b: ReadonlyMat2d): Affine {
  return mat2d.multiply(new Float64Array(6), a, b) as Affine;
}

/** The inverse; what OpenCV's warpAffine samples with, and the "back" matrix of the paste. */
export function invertAffine(m: ReadonlyMat2d): Affine {
  if (![...m].every(Number.isFinite)) throw new DegenerateAffineError('not-finite', `cannot invert a matrix with non-finite entries [${[...m].join(', ')}]`);
  const det = m[0]! * m[3]! - m[1]! * m[2]!;
  const scale = Math.max(Math.abs(m[0]!), Math.abs(m[1]!), Math.abs(m[2]!), Math.abs(m[3]!));
  // Relative test, so a tiny but well-conditioned scale is still invertible.
  if (!(Math.abs(det) > 1e-12 * scale * scale)) throw new DegenerateAffineError('singular', `matrix is singular (det ${det}); it maps the plane onto a line`);
  return mat2d.invert(new Float64Array(6), m) as Affine;
}

/**
 * Least-squares 6-DOF affine from `src` to `dst` (≥ 3 pairs): what numpy.linalg.lstsq of [x y 1]·A ≈ [x' y']
 * gives, as MobileFaceSwap computes it. Two independent normal-equation solves (one per output coordinate)
 * with the source points centred first: the minimiser is the same, the 3×3 system is far better conditioned.
 */
export function estimateAffine(src: readonly Point[], dst: readonly Point[]): Affine {
  if (src.length !== dst.length) throw new DegenerateAffineError('count', `${src.length} source points but ${dst.length} destination points`);
  if (src.length < 3) throw new DegenerateAffineError('count', `an affine fit needs at least 3 point pairs, got ${src.length}`);
  for (const [name, pts] of [['source', src], ['destination', dst]] as const) {
    pts.forEach((p, i) => {
      if (p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new DegenerateAffineError('not-finite', `${name} point ${i} is not two finite numbers: [${p.join(', ')}]`);
    });
  }
  const n = src.length;
  let mx = 0;
  let my = 0;
  for (const [x, y] of src) {
    mx += x / n;
    my += y / n;
  }
  // Normal matrix of the centred design [x−mx, y−my, 1]; its rank says whether the points span the plane.
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of src) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  const spread = sxx + syy;
  const det2 = sxx * syy - sxy * sxy;
  // det/trace² is the smallest-to-largest eigenvalue ratio up to a factor: ~0 for collinear points.
  if (!(spread > 0) || !(det2 > 1e-12 * spread * spread)) {
    throw new DegenerateAffineError('collinear', `the ${n} source points are (nearly) collinear or coincide, so no unique affine maps them; check the landmarks`);
  }
  const normal = [
    [sxx, sxy, 0],
    [sxy, syy, 0],
    [0, 0, n],
  ];
  const solveFor = (k: 0 | 1): [number, number, number] => {
    const rhs = [0, 0, 0];
    src.forEach(([x, y], i) => {
      const t = dst[i]![k];
      rhs[0]! += (x - mx) * t;
      rhs[1]! += (y - my) * t;
      rhs[2]! += t;
    });
    return solve3(normal, rhs);
  };
  const [a, c, ex] = solveFor(0);
  const [b, d, ey] = solveFor(1);
  // Undo the centring: x' = a(x − mx) + c(y − my) + ex.
  return affine(a, b, c, d, ex - a * mx - c * my, ey - b * mx - d * my);
}

/** Gaussian elimination with partial pivoting on a 3×3 system (the caller has ruled out singularity). */
function solve3(m: readonly (readonly number[])[], rhs: readonly number[]): [number, number, number] {
  const a = m.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = col + 1; r < 3; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      for (let k = col; k < 4; k++) a[r]![k]! -= f * a[col]![k]!;
    }
  }
  const x = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = a[r]![3]!;
    for (let k = r + 1; k < 3; k++) s -= a[r]![k]! * x[k]!;
    x[r] = s / a[r]![r]!;
  }
  return [x[0]!, x[1]!, x[2]!];
}

/** The forward matrix (frame → crop) aligning five landmarks onto the ArcFace template at `size`. */
export function alignmentMatrix(landmarks: readonly Point[], size = 224): Affine {
  if (landmarks.length !== 5) throw new DegenerateAffineError('count', `alignment needs the 5 landmarks (eyes, nose, mouth corners), got ${landmarks.length}`);
  return estimateAffine(landmarks, arcfaceTemplate(size));
}
