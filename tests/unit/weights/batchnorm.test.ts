import { describe, expect, it } from 'vitest';
import { bnScaleShift, foldBatchNorm, foldBatchNorms, foldedManifest, type BatchNormParams } from '../../../src/engine/weights/batchnorm';
import { swapBatchNormFolds, swapManifest } from '../../../src/engine/weights/manifest';
import { makeSyntheticTensors } from '../../../src/engine/weights/synthetic';
import type { HostTensor } from '../../../src/engine/weights/tensor-map';
import { validateTensors } from '../../../src/engine/weights/validate';
import { randomTensors } from './fixtures';

function randomBn(channels: number, seed: number): BatchNormParams {
  const t = randomTensors({ w: [channels], b: [channels], m: [channels], v: [channels] }, seed);
  return {
    weight: t.get('w')!.data,
    bias: t.get('b')!.data,
    mean: t.get('m')!.data,
    variance: t.get('v')!.data.map((x) => 0.2 + Math.abs(x)),
  };
}

/** Direct conv (stride 1, zero padding p) of x [I, H, W] → [O, H', W'], the reference for folding. */
function conv2d(x: Float32Array, [c, h, w]: [number, number, number], weight: HostTensor, bias: Float32Array | undefined, pad: number): Float64Array {
  const [o, i, kh, kw] = weight.shape as [number, number, number, number];
  expect(i).toBe(c);
  const oh = h + 2 * pad - kh + 1;
  const ow = w + 2 * pad - kw + 1;
  const y = new Float64Array(o * oh * ow);
  for (let oc = 0; oc < o; oc++) {
    for (let yy = 0; yy < oh; yy++) {
      for (let xx = 0; xx < ow; xx++) {
        let s = bias ? bias[oc]! : 0;
        for (let ic = 0; ic < i; ic++) {
          for (let ky = 0; ky < kh; ky++) {
            for (let kx = 0; kx < kw; kx++) {
              const sy = yy + ky - pad;
              const sx = xx + kx - pad;
              if (sy < 0 || sx < 0 || sy >= h || sx >= w) continue;
              s += x[(ic * h + sy) * w + sx]! * weight.data[((oc * i + ic) * kh + ky) * kw + kx]!;
            }
          }
        }
        y[(oc * oh + yy) * ow + xx] = s;
      }
    }
  }
  return y;
}

describe('bnScaleShift', () => {
  it('computes γ/√(σ²+ε) and β − μ·scale with ε = 1e-5', () => {
    const { scale, shift } = bnScaleShift({
      weight: new Float32Array([2, 1]),
      bias: new Float32Array([0.5, -1]),
      mean: new Float32Array([1, 0]),
      variance: new Float32Array([3.99999, 0]),
    });
    expect(scale[0]).toBeCloseTo(1, 6);
    expect(shift[0]).toBeCloseTo(-0.5, 6);
    expect(scale[1]).toBeCloseTo(1 / Math.sqrt(1e-5), 2);
    expect(shift[1]).toBeCloseTo(-1, 6);
  });
});

describe('foldBatchNorm', () => {
  it('conv + BN equals the folded conv (3×3, padding 1, with bias)', () => {
    const t = randomTensors({ w: [5, 3, 3, 3], b: [5], x: [3, 6, 7] }, 3);
    const bn = randomBn(5, 4);
    const x = t.get('x')!.data;
    const plain = conv2d(x, [3, 6, 7], t.get('w')!, t.get('b')!.data, 1);
    const { scale, shift } = bnScaleShift(bn);
    const folded = foldBatchNorm(t.get('w')!, t.get('b')!, bn);
    const y = conv2d(x, [3, 6, 7], folded.weight, folded.bias.data, 1);
    const perChannel = 6 * 7;
    for (let k = 0; k < y.length; k++) {
      const c = Math.floor(k / perChannel);
      expect(y[k]).toBeCloseTo(plain[k]! * scale[c]! + shift[c]!, 4);
    }
    expect(folded.weight.shape).toEqual([5, 3, 3, 3]);
  });

  it('a conv without bias gets one', () => {
    const t = randomTensors({ w: [2, 2, 1, 1] }, 5);
    const bn = randomBn(2, 6);
    const folded = foldBatchNorm(t.get('w')!, undefined, bn);
    const { shift } = bnScaleShift(bn);
    expect([...folded.bias.data]).toEqual([...shift]);
  });

  it('linear [in, out] + BN1d equals the folded linear', () => {
    const t = randomTensors({ w: [6, 4], b: [4], x: [6] }, 7);
    const bn = randomBn(4, 8);
    const { scale, shift } = bnScaleShift(bn);
    const folded = foldBatchNorm(t.get('w')!, t.get('b')!, bn, 'linear');
    const x = t.get('x')!.data;
    for (let o = 0; o < 4; o++) {
      let plain = t.get('b')!.data[o]!;
      let fused = folded.bias.data[o]!;
      for (let i = 0; i < 6; i++) {
        plain += x[i]! * t.get('w')!.data[i * 4 + o]!;
        fused += x[i]! * folded.weight.data[i * 4 + o]!;
      }
      expect(fused).toBeCloseTo(plain * scale[o]! + shift[o]!, 5);
    }
  });

  it('refuses a channel-count mismatch', () => {
    const t = randomTensors({ w: [3, 2, 1, 1] }, 9);
    expect(() => foldBatchNorm(t.get('w')!, undefined, randomBn(4, 1))).toThrow(/4-channel BatchNorm/);
  });
});

describe('foldBatchNorms on the whole MobileFaceSwap checkpoint', () => {
  it('removes the folded BNs and matches foldedManifest', () => {
    const folds = swapBatchNormFolds();
    const tensors = makeSyntheticTensors(swapManifest(), 3);
    const folded = foldBatchNorms(tensors, folds);
    const manifest = foldedManifest(swapManifest(), folds);
    expect(() => validateTensors(folded, manifest, 'folded')).not.toThrow();
    expect([...folded.keys()]).toEqual(manifest.map((s) => s.name));
    expect(manifest).toHaveLength(167 - 18 * 4);
    expect(folded.has('predictor.norm.weight')).toBe(false);
    expect(folded.get('EncoderModulation.0.weight')).toBe(tensors.get('EncoderModulation.0.weight')); // untouched
  });
});
