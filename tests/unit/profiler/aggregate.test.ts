import { describe, expect, it } from 'vitest';
import { ProfileAggregator } from '../../../src/engine/profiler/aggregate';

describe('profile aggregation', () => {
  it('computes mean, p50, p95 and share per dispatch, dropping negative deltas', () => {
    const agg = new ProfileAggregator(['a', 'b'], 100);
    for (let i = 1; i <= 20; i++) agg.add([i, 3]);
    agg.add([-5, NaN]);
    const [a, b] = agg.stats();
    expect(a!.samples).toBe(20);
    expect(a!.meanMs).toBeCloseTo(10.5);
    expect(a!.p50Ms).toBe(11);
    expect(a!.p95Ms).toBe(20);
    expect(b!.p50Ms).toBe(3);
    expect(a!.share + b!.share).toBeCloseTo(1);
    expect(a!.share).toBeCloseTo(11 / 14);
    expect(agg.toCsv().split('\n')[1]).toMatch(/^"a",20,10.5,11,20,/);
  });

  it('keeps a bounded ring of samples and detects 100 µs quantisation', () => {
    const agg = new ProfileAggregator(['x'], 10);
    for (let i = 0; i < 50; i++) agg.add([0.1 * (i % 7 + 1)]);
    expect(agg.stats()[0]!.samples).toBe(10);
    expect(agg.quantisationMs()).toBe(0.1);
    const fine = new ProfileAggregator(['x'], 10);
    for (let i = 0; i < 10; i++) fine.add([0.1234 + i * 0.0071]);
    expect(fine.quantisationMs()).toBeUndefined();
    expect(() => fine.add([1, 2])).toThrow(/2 durations for 1/);
  });
});
