import { describe, expect, it } from 'vitest';
import { arcfaceManifest, swapManifest } from '../../../src/engine/weights/manifest';
import {
  isSyntheticMetadata,
  makeSyntheticArcfaceWeights,
  makeSyntheticSwapWeights,
  makeSyntheticTensors,
  SYNTHETIC_NOTICE,
  syntheticMetadata,
} from '../../../src/engine/weights/synthetic';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { validateTensors } from '../../../src/engine/weights/validate';
import { sha256F32 } from './fixtures';

function stats(data: Float32Array): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of data) {
    sum += x;
    sq += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = sum / data.length;
  return { mean, std: Math.sqrt(sq / data.length - mean * mean), min, max };
}

function sameBytes(a: TensorMap, b: TensorMap): boolean {
  if (a.size !== b.size) return false;
  for (const [name, t] of a) {
    const u = b.get(name);
    if (!u || !Buffer.from(t.data.buffer).equals(Buffer.from(u.data.buffer))) return false;
  }
  return true;
}

describe('synthetic weights', () => {
  const swap = makeSyntheticSwapWeights(1);
  const arcface = makeSyntheticArcfaceWeights(1);

  it('have exactly the official names and shapes', () => {
    expect(() => validateTensors(swap, swapManifest(), 'synthetic swap')).not.toThrow();
    expect(() => validateTensors(arcface, arcfaceManifest(), 'synthetic arcface')).not.toThrow();
  });

  it('are identical for the same seed and differ for another', () => {
    expect(sameBytes(swap, makeSyntheticSwapWeights(1))).toBe(true);
    expect(sameBytes(swap, makeSyntheticSwapWeights(2))).toBe(false);
  });

  it('are pinned: the same bytes on every machine and release (golden hashes)', () => {
    // Only integer ops, +, × and sqrt are used, so these hold on any JS engine. Update them only on purpose.
    expect(sha256F32(swap.get('EncoderModulation.0.weight')!.data)).toBe(GOLDEN.encoderModulation0);
    expect(sha256F32(swap.get('mask.0.3._variance')!.data)).toBe(GOLDEN.maskBnVariance);
  });

  it('do not depend on which other tensors are generated', () => {
    const one = makeSyntheticTensors([{ name: 'predictor.first.bias', shape: [512] }], 1);
    expect(one.get('predictor.first.bias')!.data).toEqual(swap.get('predictor.first.bias')!.data);
  });

  it('use He init for convs and Paddle linears (std = √(2 / fan_in))', () => {
    const conv = stats(swap.get('predictor.first.weight')!.data); // fan_in 512·4·4
    expect(conv.mean).toBeCloseTo(0, 4);
    expect(conv.std).toBeCloseTo(Math.sqrt(2 / 8192), 3);
    const fc = stats(arcface.get('fc.weight')!.data); // [25088, 512]: fan_in 25088
    expect(fc.std / Math.sqrt(2 / 25088)).toBeCloseTo(1, 2);
    expect(fc.max).toBeLessThanOrEqual(2 * Math.sqrt(3) * Math.sqrt(2 / 25088) + 1e-9); // bounded tails
  });

  it('have near-identity BN, small biases, PReLU 0.25 and style layers that keep (1 + s) near 1', () => {
    const bnWeight = stats(swap.get('predictor.norm.weight')!.data);
    expect(bnWeight.min).toBeGreaterThanOrEqual(0.95);
    expect(bnWeight.max).toBeLessThanOrEqual(1.05);
    const variance = stats(swap.get('predictor.norm._variance')!.data);
    expect(variance.min).toBeGreaterThanOrEqual(0.9);
    expect(variance.max).toBeLessThanOrEqual(1.1);
    expect(Math.abs(stats(swap.get('predictor.norm._mean')!.data).mean)).toBeLessThan(0.01);
    expect(stats(swap.get('predictor.first.bias')!.data).std).toBeLessThan(0.02);
    expect([...arcface.get('prelu._weight')!.data]).toEqual([0.25]);
    expect([...arcface.get('layer3.5.se.fc.1._weight')!.data]).toEqual([0.25]);
    // the last BN of each residual branch starts small (keeps 33 stacked blocks in range)
    expect(stats(arcface.get('layer3.5.bn2.weight')!.data).max).toBeLessThanOrEqual(0.105);
    const style = stats(swap.get('DecoderModulation.0.style.weight')!.data);
    expect(style.std).toBeCloseTo(0.1, 2);
    expect([...swap.get('DecoderModulation.0.style.bias')!.data].every((x) => x === 0)).toBe(true);
  });

  it('carry a notice that they are not a real face swap', () => {
    const meta = syntheticMetadata(7);
    expect(meta).toEqual({ synthetic: 'true', synthetic_seed: '7', notice: SYNTHETIC_NOTICE });
    expect(isSyntheticMetadata(meta)).toBe(true);
    expect(isSyntheticMetadata({ synthetic: 'false' })).toBe(false);
    expect(SYNTHETIC_NOTICE).toMatch(/SYNTHETIC.*not a real face swap/);
  });
});

const GOLDEN = {
  encoderModulation0: 'f46b67cd6f9b0f3f5f44de30661f7534c90200f992876947040bf23325bb5c63',
  maskBnVariance: '0f0b1c2651588ece9d4614c3c9e60a3829d529bf7a53aabff6604e5f7d83f82d',
};
