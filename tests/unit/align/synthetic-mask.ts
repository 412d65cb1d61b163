import { seededRandom } from '../../../src/engine/random';

/** An IDN-like mask: a noisy sigmoid blob, zero background, values straddling 0.001, a few holes. */
export function syntheticIdnMask(S: number, seed = 1): Float32Array {
  const rng = seededRandom(seed);
  const m = new Float32Array(S * S);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const d = Math.hypot((x - S * 0.5) / (S * 0.33), (y - S * 0.55) / (S * 0.42));
      const v = 1 / (1 + Math.exp(12 * (d - 1))) + 0.002 * (rng() - 0.5);
      m[y * S + x] = rng() < 0.01 ? 0 : Math.max(0, v);
    }
  }
  return m;
}
