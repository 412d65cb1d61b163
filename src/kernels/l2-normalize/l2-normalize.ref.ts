import type { L2NormalizeParams } from './l2-normalize';

/** CPU reference: v = Σ_p input[p, :] (float64), out = v / sqrt(Σ v²). */
export function l2NormalizeRef(input: Float32Array, p: L2NormalizeParams): Float32Array {
  const parts = p.parts ?? 1;
  const v = new Float64Array(p.length);
  for (let r = 0; r < parts; r++) for (let i = 0; i < p.length; i++) v[i]! += input[r * p.length + i]!;
  let sq = 0;
  for (const x of v) sq += x * x;
  const norm = Math.sqrt(sq);
  return Float32Array.from(v, (x) => x / norm);
}
