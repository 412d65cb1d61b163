import { describe, expect, it } from 'vitest';
import {
  add,
  batchNorm,
  bnParams,
  concatChannels,
  conv2d,
  globalAvgPool,
  l2Normalize,
  leakyRelu,
  linear,
  makeTensor,
  maxPool2x2,
  param,
  prelu,
  scaleChannels,
  sigmoid,
  tanh,
  upsampleBilinear2x,
  type Tensor,
} from '../../../src/model/reference/ops';
import { arcfaceInputFromAlignedCrop } from '../../../src/model/reference/arcface';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { maxAbsDiff, naiveConv, naiveUpsample, randomTensor } from './naive';
import { rng, unitUniform } from './local-synthetic';

const t = (shape: number[], values: number[]): Tensor => makeTensor(shape, Float32Array.from(values));

describe('conv2d', () => {
  it('identity 3×3 kernel with padding 1 returns the input', () => {
    const x = randomTensor([1, 2, 5, 4], unitUniform(rng(1)));
    // Kernel [2, 2, 3, 3]: output o copies input o through the centre tap only.
    const w = makeTensor([2, 2, 3, 3]);
    w.data[((0 * 2 + 0) * 3 + 1) * 3 + 1] = 1;
    w.data[((1 * 2 + 1) * 3 + 1) * 3 + 1] = 1;
    const y = conv2d(x, w, null, { padding: 1 });
    expect(y.shape).toEqual([1, 2, 5, 4]);
    expect(maxAbsDiff(y.data, x.data)).toBe(0);
  });

  it('hand-computed 2×2 all-ones kernel on a 3×3 ramp, valid and padded', () => {
    // in = [[1,2,3],[4,5,6],[7,8,9]]; each output is the sum of a 2×2 window.
    const x = t([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const w = t([1, 1, 2, 2], [1, 1, 1, 1]);
    const valid = conv2d(x, w, Float32Array.of(0.5));
    expect(valid.shape).toEqual([1, 1, 2, 2]);
    expect([...valid.data]).toEqual([12.5, 16.5, 24.5, 28.5]);
    // Padding 1, stride 2: windows start at (−1,−1), (−1,1), (1,−1), (1,1).
    const padded = conv2d(x, w, null, { padding: 1, stride: 2 });
    expect(padded.shape).toEqual([1, 1, 2, 2]);
    expect([...padded.data]).toEqual([1, 2 + 3, 4 + 7, 5 + 6 + 8 + 9]);
  });

  it('is cross-correlation (no kernel flip)', () => {
    const x = t([1, 1, 1, 3], [1, 2, 3]);
    const w = t([1, 1, 1, 2], [10, 1]);
    // out[0] = 10·1 + 1·2, out[1] = 10·2 + 1·3
    expect([...conv2d(x, w).data]).toEqual([12, 23]);
  });

  const cases: Array<[string, number[], number[], number, number, number]> = [
    ['3×3 s1 p1', [1, 5, 9, 7], [6, 5, 3, 3], 1, 1, 1],
    ['3×3 s2 p1 odd', [1, 4, 11, 9], [9, 4, 3, 3], 2, 1, 1],
    ['3×3 s1 p0 (ArcFace stem)', [1, 3, 12, 12], [8, 3, 3, 3], 1, 0, 1],
    ['1×1 s1', [1, 7, 5, 6], [5, 7, 1, 1], 1, 0, 1],
    ['1×1 s2 (downsample)', [1, 6, 8, 8], [10, 6, 1, 1], 2, 0, 1],
    ['4×4 s2 p1 depthwise', [1, 6, 16, 12], [6, 1, 4, 4], 2, 1, 6],
    ['3×3 p1 depthwise', [1, 5, 8, 8], [5, 1, 3, 3], 1, 1, 5],
    ['4×4 valid (IIN first)', [1, 6, 7, 7], [5, 6, 4, 4], 1, 0, 1],
    ['2×2 valid (IIN first_decoder)', [1, 6, 4, 4], [9, 6, 2, 2], 1, 0, 1],
    ['grouped 2 groups', [1, 6, 6, 5], [4, 3, 3, 3], 1, 1, 2],
  ];
  for (const [name, xs, ws, stride, pad, groups] of cases) {
    it(`matches the naive definition: ${name}`, () => {
      const n = unitUniform(rng(xs.length * 31 + ws[0]!));
      const x = randomTensor(xs, n);
      const w = randomTensor(ws, n);
      const b = randomTensor([ws[0]!], n).data;
      const ref = naiveConv(x, w, b, stride, pad, groups);
      const y = conv2d(x, w, b, { stride, padding: pad, groups });
      expect(y.shape).toEqual(ref.shape);
      expect(maxAbsDiff(y.data, ref.data)).toBeLessThan(1e-5);
    });
  }

  it('depthwise conv equals one single-channel conv per channel', () => {
    const n = unitUniform(rng(7));
    const C = 4;
    const x = randomTensor([1, C, 9, 10], n);
    const w = randomTensor([C, 1, 4, 4], n);
    const y = conv2d(x, w, null, { stride: 2, padding: 1, groups: C });
    const plane = 9 * 10;
    for (let c = 0; c < C; c++) {
      const xc = makeTensor([1, 1, 9, 10], x.data.slice(c * plane, (c + 1) * plane));
      const wc = makeTensor([1, 1, 4, 4], w.data.slice(c * 16, (c + 1) * 16));
      const yc = conv2d(xc, wc, null, { stride: 2, padding: 1 });
      const P = yc.data.length;
      expect(maxAbsDiff(y.data.slice(c * P, (c + 1) * P), yc.data)).toBeLessThan(1e-6);
    }
  });

  it('rejects inconsistent groups/channels', () => {
    expect(() => conv2d(makeTensor([1, 3, 4, 4]), makeTensor([4, 2, 1, 1]))).toThrow(/inconsistent/);
  });
});

describe('batchNorm', () => {
  it('applies (x − μ)/√(σ² + 1e-5)·γ + β per channel', () => {
    const x = t([1, 2, 1, 2], [1, 3, 10, 20]);
    const p = {
      weight: Float32Array.of(2, 0.5),
      bias: Float32Array.of(1, -1),
      mean: Float32Array.of(1, 10),
      variance: Float32Array.of(4 - 1e-5, 100 - 1e-5),
    };
    const y = batchNorm(x, p);
    // ch0: (1−1)/2·2+1 = 1, (3−1)/2·2+1 = 3; ch1: (10−10)/10·0.5−1 = −1, (20−10)/10·0.5−1 = −0.5
    expect(maxAbsDiff(y.data, Float32Array.of(1, 3, -1, -0.5))).toBeLessThan(1e-6);
  });

  it('treats a [1, C] vector as BatchNorm1d', () => {
    const y = batchNorm(t([1, 3], [1, 2, 3]), {
      weight: Float32Array.of(1, 1, 1),
      bias: Float32Array.of(0, 0, 0),
      mean: Float32Array.of(1, 1, 1),
      variance: Float32Array.of(1, 1, 1),
    });
    const s = 1 / Math.sqrt(1 + 1e-5);
    expect(maxAbsDiff(y.data, Float32Array.of(0, s, 2 * s))).toBeLessThan(1e-7);
  });
});

describe('activations', () => {
  it('leakyRelu uses slope 0.1 on negatives only', () => {
    expect([...leakyRelu(t([1, 1, 1, 4], [-2, -0.5, 0, 3])).data]).toEqual([
      Math.fround(-0.2),
      Math.fround(-0.05),
      0,
      3,
    ]);
  });
  it('prelu uses the one shared slope for every channel', () => {
    expect([...prelu(t([1, 2, 1, 1], [-4, -8]), 0.25).data]).toEqual([-1, -2]);
  });
  it('sigmoid and tanh at known points', () => {
    const s = sigmoid(t([1, 1, 1, 3], [0, Math.log(3), -Math.log(3)])).data;
    expect(maxAbsDiff(s, Float32Array.of(0.5, 0.75, 0.25))).toBeLessThan(1e-7);
    const th = tanh(t([1, 1, 1, 2], [0, Math.log(2)])).data; // tanh(ln 2) = (4 − 1)/(4 + 1)
    expect(maxAbsDiff(th, Float32Array.of(0, 0.6))).toBeLessThan(1e-7);
  });
});

describe('pooling and resampling', () => {
  it('maxPool2x2 takes the max of each block and drops an odd last row/column', () => {
    const x = t([1, 1, 3, 5], [1, 5, 2, 0, 9, 3, 4, 8, 1, 9, 9, 9, 9, 9, 9]);
    const y = maxPool2x2(x);
    expect(y.shape).toEqual([1, 1, 1, 2]);
    expect([...y.data]).toEqual([5, 8]);
  });

  it('upsample keeps corners and reproduces a linear ramp exactly (align_corners)', () => {
    // f(y, x) = 2y + x on a 2×2 grid: bilinear interpolation of an affine function is exact,
    // so out[i, j] = 2·(i/3) + j/3 for the 4×4 output (src = dst·(2−1)/(4−1)).
    const y = upsampleBilinear2x(t([1, 1, 2, 2], [0, 1, 2, 3]));
    expect(y.shape).toEqual([1, 1, 4, 4]);
    const expected = new Float32Array(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expected[i * 4 + j] = (2 * i) / 3 + j / 3;
    expect(maxAbsDiff(y.data, expected)).toBeLessThan(1e-6);
  });

  it('upsample of a single bump: out[1,1] = 4·(1/3)·(1/3)', () => {
    const y = upsampleBilinear2x(t([1, 1, 2, 2], [0, 0, 0, 4]));
    expect(y.data[1 * 4 + 1]).toBeCloseTo(4 / 9, 6);
    expect(y.data[2 * 4 + 2]).toBeCloseTo(4 * (2 / 3) * (2 / 3), 6);
    expect(y.data[15]).toBe(4);
  });

  it('upsample matches the per-pixel formula on random data (3 → 6, 7 → 14)', () => {
    const x = randomTensor([1, 3, 3, 7], unitUniform(rng(3)));
    expect(maxAbsDiff(upsampleBilinear2x(x).data, naiveUpsample(x).data)).toBeLessThan(1e-6);
  });

  it('upsample of a 1×1 map replicates it', () => {
    expect([...upsampleBilinear2x(t([1, 2, 1, 1], [3, -1])).data]).toEqual([3, 3, 3, 3, -1, -1, -1, -1]);
  });

  it('globalAvgPool is the per-channel mean', () => {
    expect([...globalAvgPool(t([1, 2, 2, 2], [1, 2, 3, 6, -1, -1, -1, -5]))]).toEqual([3, -2]);
  });
});

describe('dense and misc', () => {
  it('linear uses the Paddle [in, out] layout: y = x·W + b', () => {
    // W = [[1,2,3],[4,5,6]] (in = 2, out = 3); x = [1, 2] → [1+8, 2+10, 3+12] + b
    const y = linear(Float32Array.of(1, 2), t([2, 3], [1, 2, 3, 4, 5, 6]), Float32Array.of(0.5, 0, -1));
    expect([...y]).toEqual([9.5, 12, 14]);
  });
  it('l2Normalize', () => {
    expect([...l2Normalize(Float32Array.of(3, 4))].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.6, 0.8]);
  });
  it('concatChannels keeps argument order', () => {
    const y = concatChannels(t([1, 1, 1, 2], [1, 2]), t([1, 2, 1, 2], [3, 4, 5, 6]));
    expect(y.shape).toEqual([1, 3, 1, 2]);
    expect([...y.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('add and scaleChannels', () => {
    expect([...add(t([1, 1, 1, 2], [1, 2]), t([1, 1, 1, 2], [10, 20])).data]).toEqual([11, 22]);
    expect([...scaleChannels(t([1, 2, 1, 2], [1, 2, 3, 4]), Float32Array.of(2, -1)).data]).toEqual([2, 4, -3, -4]);
  });
});

describe('weight lookup', () => {
  const m: TensorMap = new Map([['a.weight', { shape: [2, 3], data: new Float32Array(6) }]]);
  it('names a missing key', () => {
    expect(() => param(m, 'b.weight', [2, 3])).toThrow(/"b\.weight"/);
    expect(() => bnParams(m, 'final.2', 8)).toThrow(/"final\.2\.weight"/);
  });
  it('names a mis-shaped key and both shapes', () => {
    expect(() => param(m, 'a.weight', [3, 2])).toThrow(/"a\.weight" has shape \[2, 3\], expected \[3, 2\]/);
  });
});

describe('arcfaceInputFromAlignedCrop', () => {
  it('averages 2×2 blocks (rounded like OpenCV), scales to [0,1] and applies ImageNet mean/std in RGB order', () => {
    const rgba = new Uint8ClampedArray(224 * 224 * 4);
    for (let i = 0; i < 224 * 224; i++) {
      rgba[4 * i] = 255; // R
      rgba[4 * i + 1] = 0; // G
      rgba[4 * i + 2] = 128; // B
      rgba[4 * i + 3] = 7; // alpha is ignored
    }
    // Top-left block of G: 0, 1, 1, 1 → exact average 0.75, OpenCV (3 + 2) >> 2 = 1.
    rgba[1 + 4] = 1;
    rgba[1 + 224 * 4] = 1;
    rgba[1 + 224 * 4 + 4] = 1;
    const x = arcfaceInputFromAlignedCrop(rgba);
    expect(x.shape).toEqual([1, 3, 112, 112]);
    const S = 112 * 112;
    expect(x.data[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(x.data[S]).toBeCloseTo((1 / 255 - 0.456) / 0.224, 5);
    expect(x.data[S + 1]).toBeCloseTo((0 - 0.456) / 0.224, 5);
    expect(x.data[2 * S + 5000]).toBeCloseTo((128 / 255 - 0.406) / 0.225, 5);
    const exact = arcfaceInputFromAlignedCrop(rgba, { roundToUint8: false });
    expect(exact.data[S]).toBeCloseTo((0.75 / 255 - 0.456) / 0.224, 5);
  });
});
