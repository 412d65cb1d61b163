// The playground's pure helpers, in Node (no browser): reference-node mapping, tensor statistics, heatmap colours.
import { describe, expect, it } from 'vitest';
import { planFusedIdn } from '../../src/engine/idn/fused-plan';
import { packStaticWeights } from '../../src/engine/idn/static-weights';
import { planUnfusedIdn } from '../../src/engine/idn/unfused-plan';
import { makeSyntheticSwapWeights } from '../../src/engine/weights/synthetic';
import { idnForward } from '../../src/model/reference/idn';
import { iinForward } from '../../src/model/reference/iin';
import { l2Normalize, makeTensor } from '../../src/model/reference/ops';
import { heatmapRgba } from '../../src/playground/lib/colormap';
import { CROP_NODE, referenceNodeFor } from '../../src/playground/lib/reference-names';
import { diffStats, tensorStats, unravel } from '../../src/playground/lib/tensor-stats';

describe('reference node mapping', () => {
  const weights = makeSyntheticSwapWeights(3);
  const statics = packStaticWeights(weights);
  // What the CPU reference emits, with shapes, at a small size (names do not depend on the size).
  const size = 64;
  const emitted = new Map<string, number[]>();
  const injected = iinForward(weights, l2Normalize(new Float32Array(512).fill(0.1)), makeTensor([1, 512, 7, 7], new Float32Array(512 * 49).fill(0.2)));
  idnForward(weights, injected, makeTensor([1, 3, size, size], new Float32Array(3 * size * size).fill(0.5)), (name, t) => emitted.set(name, t.shape));
  emitted.set(CROP_NODE, [1, 3, size, size]);

  for (const [kind, plan] of [['fused', planFusedIdn(size, statics)], ['unfused', planUnfusedIdn(size, statics)]] as const) {
    it(`maps every tensor the ${kind} plan keeps to a reference node of the same shape`, () => {
      for (const [name, slot] of plan.inspectable) {
        const node = referenceNodeFor(name);
        expect(node, name).toBeDefined();
        expect(emitted.get(node!), `${name} → ${node}`).toEqual([1, ...slot.shape]);
      }
    });
  }
});

describe('tensor statistics', () => {
  it('counts NaN and Inf apart from the finite range', () => {
    const s = tensorStats(Float32Array.from([1, -2, NaN, Infinity, 3, -Infinity]));
    expect(s).toEqual({ count: 6, min: -2, max: 3, mean: 2 / 3, nan: 1, inf: 2 });
  });

  it('reports the worst element and counts mismatches beyond tolerance', () => {
    const d = diffStats(Float32Array.from([0, 1, 2.5, 3]), Float32Array.from([0, 1, 2, 3]));
    expect(d.worstIndex).toBe(2);
    expect(d.maxAbs).toBeCloseTo(0.5);
    expect(d.mismatches).toBe(1);
    expect(d.maxRelToRange).toBeCloseTo(0.5 / 3);
    expect(diffStats(Float32Array.from([NaN]), Float32Array.from([NaN])).mismatches).toBe(0);
    expect(diffStats(Float32Array.from([NaN]), Float32Array.from([1])).mismatches).toBe(1);
  });

  it('unravels flat indices into (c, y, x)', () => {
    expect(unravel(2 * 12 + 1 * 4 + 3, [5, 3, 4])).toEqual([2, 1, 3]);
  });
});

describe('heatmap colours', () => {
  it('maps low → dark, high → bright, and non-finite values to magenta', () => {
    const px = heatmapRgba(Float32Array.from([0, 1, NaN]), 0, 3, 1, 0, 1);
    const lum = (i: number) => px[i * 4]! + px[i * 4 + 1]! + px[i * 4 + 2]!;
    expect(lum(1)).toBeGreaterThan(lum(0));
    expect([px[8], px[9], px[10]]).toEqual([255, 0, 200]);
    expect(px[3]).toBe(255);
  });
});
