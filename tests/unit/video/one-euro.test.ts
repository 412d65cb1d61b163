import { describe, expect, it } from 'vitest';
import { OneEuroFilter, PointSmoother } from '../../../src/engine/video/one-euro';
import { seededRandom } from '../../../src/engine/random';

const std = (a: number[]) => {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};

describe('1€ filter', () => {
  it('removes most jitter from a still point', () => {
    const rng = seededRandom(1);
    const f = new OneEuroFilter({ minCutoff: 1, beta: 0.05 });
    const raw: number[] = [];
    const out: number[] = [];
    for (let i = 0; i < 300; i++) {
      const v = 100 + 2 * (rng() - 0.5);
      raw.push(v);
      out.push(f.filter(v, 1 / 30));
    }
    expect(std(out.slice(50))).toBeLessThan(0.35 * std(raw.slice(50)));
  });

  it('follows a moving point with little lag (beta raises the cut-off with speed)', () => {
    const slow = new OneEuroFilter({ minCutoff: 1, beta: 0 });
    const adaptive = new OneEuroFilter({ minCutoff: 1, beta: 0.05 });
    let lagSlow = 0;
    let lagAdaptive = 0;
    for (let i = 0; i < 60; i++) {
      const v = 10 * i; // 300 px/s at 30 fps
      lagSlow = v - slow.filter(v, 1 / 30);
      lagAdaptive = v - adaptive.filter(v, 1 / 30);
    }
    expect(lagAdaptive).toBeLessThan(0.5 * lagSlow);
  });

  it('passes the first sample through and restarts after reset', () => {
    const s = new PointSmoother(2);
    expect(s.smooth([[1, 2], [3, 4]], 1 / 30)).toEqual([[1, 2], [3, 4]]);
    s.reset();
    expect(s.smooth([[9, 9], [8, 8]], 1 / 30)).toEqual([[9, 9], [8, 8]]);
    expect(() => s.smooth([[1, 1]], 1)).toThrow(/2 points/);
  });
});
