import { describe, expect, it } from 'vitest';
import { WeightValidationError } from '../../../src/engine/weights/errors';
import type { Manifest } from '../../../src/engine/weights/manifest';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { findManifestMismatches, validateTensors } from '../../../src/engine/weights/validate';

const manifest: Manifest = [
  { name: 'a.weight', shape: [2, 3] },
  { name: 'a.bias', shape: [2] },
  { name: 'b.weight', shape: [4, 1, 3, 3] },
  { name: 'c._mean', shape: [4] },
];

function tensors(entries: Record<string, number[]>): TensorMap {
  return new Map(Object.entries(entries).map(([n, s]) => [n, { shape: s, data: new Float32Array(s.reduce((a, b) => a * b, 1)) }]));
}

describe('validateTensors', () => {
  it('accepts an exact match', () => {
    expect(() => validateTensors(tensors({ 'a.weight': [2, 3], 'a.bias': [2], 'b.weight': [4, 1, 3, 3], 'c._mean': [4] }), manifest, 'x')).not.toThrow();
  });

  it('lists missing, extra and mis-shaped keys together in one error', () => {
    const bad = tensors({ 'a.weight': [3, 2], 'b.weight': [4, 1, 3, 3], 'c._mean': [5], 'd.extra': [1], 'e.extra': [2] });
    let error: unknown;
    try {
      validateTensors(bad, manifest, 'MobileFaceSwap_224.pdparams');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeightValidationError);
    const e = error as WeightValidationError;
    expect(e.name).toBe('WeightValidationError');
    expect(e.source).toBe('MobileFaceSwap_224.pdparams');
    expect(e.missing).toEqual(['a.bias']);
    expect(e.extra).toEqual(['d.extra', 'e.extra']);
    expect(e.misshaped).toEqual([
      { name: 'a.weight', expected: [2, 3], actual: [3, 2] },
      { name: 'c._mean', expected: [4], actual: [5] },
    ]);
    expect(e.message).toContain('MobileFaceSwap_224.pdparams');
    expect(e.message).toContain('1 missing (a.bias)');
    expect(e.message).toContain('2 unexpected (d.extra, e.extra)');
    expect(e.message).toContain('a.weight: expected [2, 3], got [3, 2]');
    expect(e.message).toMatch(/official .*pdparams.*convert/); // says what to do
  });

  it('shortens long lists in the message but keeps them whole on the error', () => {
    const e = (() => {
      try {
        validateTensors(new Map(), Array.from({ length: 40 }, (_, i) => ({ name: `k${i}`, shape: [1] })), 'f');
      } catch (err) {
        return err as WeightValidationError;
      }
      throw new Error('no error');
    })();
    expect(e.missing).toHaveLength(40);
    expect(e.message).toContain('(+35 more)');
  });

  it('flags data whose length does not match its own shape', () => {
    const m: TensorMap = new Map([['a.bias', { shape: [2], data: new Float32Array(3) }]]);
    expect(findManifestMismatches(m, [{ name: 'a.bias', shape: [2] }]).misshaped).toEqual([{ name: 'a.bias', expected: [2], actual: [3] }]);
  });
});
