import { describe, expect, it } from 'vitest';
import { decodeIdentityPack, encodeIdentityPack, weightsFingerprint } from '../../../src/engine/identity/identity-pack';
import { depthwiseElements, pointwiseElements } from '../../../src/engine/idn/dynamic-weights';
import { encodeSafetensors } from '../../../src/engine/weights/safetensors';
import { seededRandom, randomArray } from '../../../src/engine/random';

function kernels(seed: number) {
  const rng = seededRandom(seed);
  return {
    depthwise: Array.from({ length: 9 }, (_, i) => randomArray(rng, depthwiseElements(i))),
    pointwise: Array.from({ length: 9 }, (_, i) => randomArray(rng, pointwiseElements(i))),
  };
}

describe('identity packs', () => {
  it('round-trip the 18 kernels bit for bit with their provenance, in about 1.65 MB', () => {
    const k = kernels(1);
    const bytes = encodeIdentityPack({ kernels: k, info: { weights: 'synthetic', weightsFingerprint: 'fnv1a32:deadbeef:167', source: 'grace_hopper.jpg' } });
    expect(bytes.length).toBeGreaterThan(1.6e6);
    expect(bytes.length).toBeLessThan(1.7e6);
    const back = decodeIdentityPack(bytes);
    expect(back.info).toMatchObject({ weights: 'synthetic', weightsFingerprint: 'fnv1a32:deadbeef:167', source: 'grace_hopper.jpg' });
    back.kernels.depthwise.forEach((d, i) => expect(d).toEqual(k.depthwise[i]));
    back.kernels.pointwise.forEach((p, i) => expect(p).toEqual(k.pointwise[i]));
  });

  it('refuse kernels of the wrong size, other safetensors files and truncated files', () => {
    const k = kernels(2);
    const bad = { ...k, pointwise: k.pointwise.map((p, i) => (i === 3 ? p.subarray(1) : p)) };
    expect(() => encodeIdentityPack({ kernels: bad, info: { weights: 'official', weightsFingerprint: 'x' } })).toThrow(/pointwise E3/);
    const other = encodeSafetensors(new Map([['x', { shape: [1], data: new Float32Array(1) }]]), {});
    expect(() => decodeIdentityPack(other, 'weights.safetensors')).toThrow(/weights\.safetensors/);
    const good = encodeIdentityPack({ kernels: k, info: { weights: 'official', weightsFingerprint: 'x' } });
    expect(() => decodeIdentityPack(good.subarray(0, good.length - 100))).toThrow();
  });

  it('fingerprints weights stably and tells different weights apart', () => {
    const a = new Map([['w', { shape: [4], data: Float32Array.from([1, 2, 3, 4]) }]]);
    const b = new Map([['w', { shape: [4], data: Float32Array.from([1, 2, 3, 5]) }]]);
    expect(weightsFingerprint(a)).toBe(weightsFingerprint(new Map(a)));
    expect(weightsFingerprint(a)).not.toBe(weightsFingerprint(b));
  });
});
