/**
 * IIN and IDN structure: shapes through every stage, the wiring between stages (checked against
 * naive formulas), and the properties the official model guarantees.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { idnForward, type IdnOutput } from '../../../src/model/reference/idn';
import { iinForward, type InjectedWeights } from '../../../src/model/reference/iin';
import { concatChannels, leakyRelu, makeTensor, upsampleBilinear2x, type Tensor } from '../../../src/model/reference/ops';
import { localSwapWeights, rng, unitUniform } from './local-synthetic';
import { maxAbsDiff, naiveConv, naiveUpsample, randomTensor, stats } from './naive';

/** A smooth synthetic "face crop" in [0, 1]. */
function makeCrop(H: number, W: number): Tensor {
  const x = makeTensor([1, 3, H, W]);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < H; y++) {
      for (let xx = 0; xx < W; xx++) {
        x.data[(c * H + y) * W + xx] = 0.5 + 0.4 * Math.sin((xx * (c + 1)) / 9 + y / 13) * Math.cos(y / 17 - c);
      }
    }
  }
  return x;
}

/** Feature map and embedding standing in for ArcFace output (the real chain is in network.test.ts). */
function makeIdentity(seed: number): { emb: Float32Array; fmap: Tensor } {
  const n = unitUniform(rng(seed));
  const fmap = randomTensor([1, 512, 7, 7], () => 1 + 1.5 * n());
  const e = new Float32Array(512);
  let s = 0;
  for (let i = 0; i < 512; i++) {
    e[i] = n();
    s += e[i]! * e[i]!;
  }
  for (let i = 0; i < 512; i++) e[i]! /= Math.sqrt(s);
  return { emb: e, fmap };
}

/** Map that records which keys were read, to prove every checkpoint parameter is consumed. */
class RecordingMap extends Map<string, { shape: readonly number[]; data: Float32Array }> {
  readonly used = new Set<string>();
  override get(key: string) {
    this.used.add(key);
    return super.get(key);
  }
}

function expectedShapes(H: number, W: number): Record<string, number[]> {
  const s = (c: number, d: number): number[] => [1, c, H / d, W / d];
  return {
    input: s(3, 1),
    E0: s(32, 2),
    E1: s(64, 4),
    E2: s(128, 8),
    E3: s(256, 16),
    E4: s(512, 32),
    'mask.0.4': s(128, 16),
    'mask.1.4': s(64, 8),
    'mask.2.4': s(32, 4),
    'mask.3.4': s(8, 2),
    'mask.4.4': s(2, 1),
    'mask.5': s(1, 1),
    mask: s(1, 1),
    'D0.up': s(512, 16),
    D0: s(256, 16),
    'D0.cat': s(512, 16),
    'D1.up': s(512, 8),
    D1: s(128, 8),
    'D1.cat': s(256, 8),
    'D2.up': s(256, 4),
    D2: s(64, 4),
    'D2.cat': s(128, 4),
    'D3.up': s(128, 2),
    D3: s(32, 2),
    'final.0': s(32, 1),
    'final.1': s(8, 1),
    'final.3': s(8, 1),
    'final.4': s(3, 1),
    'final.8': s(3, 1),
    generated: s(3, 1),
    out: s(3, 1),
  };
}

let weights: RecordingMap;
let injected: InjectedWeights;

beforeAll(() => {
  weights = new RecordingMap(localSwapWeights(11));
  const { emb, fmap } = makeIdentity(5);
  injected = iinForward(weights, emb, fmap);
});

describe('iinForward', () => {
  it('produces kernels of the IDN shapes, in order [E0..E4, D0..D3]', () => {
    expect(injected.depthwise.map((t) => t.shape)).toEqual([
      [3, 1, 4, 4],
      [32, 1, 4, 4],
      [64, 1, 4, 4],
      [128, 1, 4, 4],
      [256, 1, 4, 4],
      [512, 1, 3, 3],
      [512, 1, 3, 3],
      [256, 1, 3, 3],
      [128, 1, 3, 3],
    ]);
    expect(injected.pointwise.map((t) => t.shape)).toEqual([
      [32, 3, 1, 1],
      [64, 32, 1, 1],
      [128, 64, 1, 1],
      [256, 128, 1, 1],
      [512, 256, 1, 1],
      [256, 512, 1, 1],
      [128, 512, 1, 1],
      [64, 256, 1, 1],
      [32, 128, 1, 1],
    ]);
    for (const k of [...injected.depthwise, ...injected.pointwise]) expect(stats(k.data).finite).toBe(true);
  });

  it('every modulated pointwise filter has unit L2 norm', () => {
    for (const pw of injected.pointwise) {
      const [O, I] = pw.shape as [number, number];
      for (let o = 0; o < O; o++) {
        let s = 0;
        for (let c = 0; c < I; c++) s += pw.data[o * I + c]! ** 2;
        expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThan(1e-5);
      }
    }
  });

  it('modulation matches a hand computation: s = b_style when W_style = 0', () => {
    const m: TensorMap = new Map(weights);
    const cin = 3;
    const cout = 32;
    m.set('EncoderModulation.0.style.weight', { shape: [512, cin], data: new Float32Array(512 * cin) });
    m.set('EncoderModulation.0.style.bias', { shape: [cin], data: Float32Array.of(0, 1, -0.5) });
    const base = new Float32Array(cout * cin);
    base.set([1, 2, 2], 0); // filter 0: w̃ = [1·1, 2·2, 2·0.5] = [1, 4, 1] → /√18
    base.set([3, 0, 4], 3); // filter 1: w̃ = [3, 0, 2] → /√13
    m.set('EncoderModulation.0.weight', { shape: [cout, cin, 1, 1], data: base });
    const { emb, fmap } = makeIdentity(5);
    const pw0 = iinForward(m, emb, fmap).pointwise[0]!;
    const r18 = Math.sqrt(18);
    const r13 = Math.sqrt(13);
    expect(maxAbsDiff(pw0.data.slice(0, 6), Float32Array.of(1 / r18, 4 / r18, 1 / r18, 3 / r13, 0, 2 / r13))).toBeLessThan(1e-6);
    // An all-zero base filter stays finite thanks to the 1e-16 epsilon.
    expect([...pw0.data.slice(6, 9)]).toEqual([0, 0, 0]);
  });

  it('predictor.encoder.k feeds IDN encoder stage 4 − k; decoder.j feeds decoder stage j', () => {
    const { emb, fmap } = makeIdentity(5);
    const bump = (key: string, channel: number, delta: number): InjectedWeights => {
      const m: TensorMap = new Map(weights);
      const t = weights.get(key)!;
      const data = t.data.slice();
      data[channel]! += delta;
      m.set(key, { shape: t.shape, data });
      return iinForward(m, emb, fmap);
    };
    // The kernel conv's bias shifts every tap of one predicted kernel channel by exactly delta.
    const checkOnly = (changed: InjectedWeights, stage: number, channel: number): void => {
      for (let i = 0; i < 9; i++) {
        const a = injected.depthwise[i]!;
        const b = changed.depthwise[i]!;
        if (i !== stage) {
          expect(maxAbsDiff(a.data, b.data)).toBe(0);
          continue;
        }
        const taps = a.shape[2]! * a.shape[3]!;
        for (let j = 0; j < a.data.length; j++) {
          const expected = Math.floor(j / taps) === channel ? 0.5 : 0;
          expect(Math.abs(b.data[j]! - a.data[j]! - expected)).toBeLessThan(1e-5);
        }
      }
    };
    for (let k = 0; k < 5; k++) checkOnly(bump(`predictor.encoder.${k}.weight.bias`, 1, 0.5), 4 - k, 1);
    for (let j = 0; j < 4; j++) checkOnly(bump(`predictor.decoder.${j}.weight.bias`, 2, 0.5), 5 + j, 2);
  });

  it('the decoder trunk (first_decoder) does not touch encoder kernels', () => {
    const { emb, fmap } = makeIdentity(5);
    const m: TensorMap = new Map(weights);
    const t = weights.get('predictor.first_decoder.bias')!;
    m.set('predictor.first_decoder.bias', { shape: t.shape, data: t.data.map((v) => v + 1) });
    const r = iinForward(m, emb, fmap);
    for (let i = 0; i < 5; i++) expect(maxAbsDiff(r.depthwise[i]!.data, injected.depthwise[i]!.data)).toBe(0);
    for (let i = 5; i < 9; i++) expect(maxAbsDiff(r.depthwise[i]!.data, injected.depthwise[i]!.data)).toBeGreaterThan(0);
  });

  it('names a missing checkpoint key', () => {
    const m: TensorMap = new Map(weights);
    m.delete('predictor.decoder.2.norm._variance');
    const { emb, fmap } = makeIdentity(5);
    expect(() => iinForward(m, emb, fmap)).toThrow(/predictor\.decoder\.2\.norm\._variance/);
  });
});

describe('idnForward', () => {
  const runs = new Map<number, { r: IdnOutput; tensors: Map<string, Tensor>; crop: Tensor }>();
  const run = (size: number) => {
    let hit = runs.get(size);
    if (!hit) {
      const crop = makeCrop(size, size);
      const tensors = new Map<string, Tensor>();
      const r = idnForward(weights, injected, crop, (name, t) => {
        expect(tensors.has(name)).toBe(false);
        tensors.set(name, t);
      });
      hit = { r, tensors, crop };
      runs.set(size, hit);
    }
    return hit;
  };

  for (const size of [224, 64]) {
    it(`has the expected shape at every stage (${size}×${size})`, () => {
      const { r, tensors } = run(size);
      for (const [name, shape] of Object.entries(expectedShapes(size, size))) {
        expect(tensors.get(name)?.shape, name).toEqual(shape);
      }
      expect(r.out.shape).toEqual([1, 3, size, size]);
      expect(r.mask.shape).toEqual([1, 1, size, size]);
      expect(r.generated.shape).toEqual([1, 3, size, size]);
      expect(r.bottleneck.shape).toEqual([1, 512, size / 32, size / 32]);
      for (const [name, t] of tensors) expect(stats(t.data).finite, name).toBe(true);
    });
  }

  it('supports non-square crops (96×160)', () => {
    const r = idnForward(weights, injected, makeCrop(96, 160));
    expect(r.out.shape).toEqual([1, 3, 96, 160]);
    expect(r.bottleneck.shape).toEqual([1, 512, 3, 5]);
  });

  it('uses every key of the swap checkpoint (IIN + IDN heads)', () => {
    run(64);
    const unused = [...weights.keys()].filter((k) => !weights.used.has(k));
    expect(unused).toEqual([]);
    expect(weights.size).toBe(167);
  });

  it('wires the stages as in the official UNet (checked with naive formulas at 64×64)', () => {
    const { tensors, crop } = run(64);
    const g = (n: string): Tensor => tensors.get(n)!;
    // x = (data − 0.5)/0.5
    expect(maxAbsDiff(g('input').data, crop.data.map((v) => (v - 0.5) / 0.5))).toBeLessThan(1e-6);
    // Encoder: depthwise k4 s2 p1, pointwise, LReLU 0.1.
    let prev = g('input');
    for (let i = 0; i < 5; i++) {
      const C = prev.shape[1]!;
      const dw = naiveConv(prev, injected.depthwise[i]!, null, 2, 1, C);
      expect(maxAbsDiff(g(`E${i}.dw`).data, dw.data), `E${i}.dw`).toBeLessThan(1e-4);
      const pw = naiveConv(g(`E${i}.dw`), injected.pointwise[i]!, null, 1, 0, 1);
      expect(maxAbsDiff(g(`E${i}.pw`).data, pw.data), `E${i}.pw`).toBeLessThan(1e-4);
      expect(maxAbsDiff(g(`E${i}`).data, g(`E${i}.pw`).data.map((v) => (v < 0 ? 0.1 * v : v)))).toBeLessThan(1e-7);
      prev = g(`E${i}`);
    }
    // Decoder: up, depthwise 3×3 p1, pointwise, LReLU, concat [y, E_{3−j}].
    let y = g('E4');
    for (let j = 0; j < 4; j++) {
      expect(maxAbsDiff(g(`D${j}.up`).data, naiveUpsample(y).data), `D${j}.up`).toBeLessThan(1e-5);
      const C = y.shape[1]!;
      const dw = naiveConv(g(`D${j}.up`), injected.depthwise[5 + j]!, null, 1, 1, C);
      expect(maxAbsDiff(g(`D${j}.dw`).data, dw.data), `D${j}.dw`).toBeLessThan(1e-4);
      const pw = naiveConv(g(`D${j}.dw`), injected.pointwise[5 + j]!, null, 1, 0, 1);
      expect(maxAbsDiff(g(`D${j}.pw`).data, pw.data), `D${j}.pw`).toBeLessThan(1e-4);
      y = g(`D${j}`);
      if (j < 3) {
        const cat = g(`D${j}.cat`);
        const n = y.data.length;
        expect(maxAbsDiff(cat.data.subarray(0, n), y.data)).toBe(0);
        expect(maxAbsDiff(cat.data.subarray(n), g(`E${3 - j}`).data)).toBe(0);
        y = cat;
      }
    }
    expect(tensors.has('D3.cat')).toBe(false);
    // Head and mask start by up-sampling D3 and E4 respectively.
    expect(maxAbsDiff(g('final.0').data, naiveUpsample(g('D3')).data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(g('mask.0.0').data, naiveUpsample(g('E4')).data)).toBeLessThan(1e-5);
    // The final.1 conv is 1×1 with bias.
    const f1 = naiveConv(g('final.0'), weights.get('final.1.weight') as Tensor, weights.get('final.1.bias')!.data, 1, 0, 1);
    expect(maxAbsDiff(g('final.1').data, f1.data)).toBeLessThan(1e-4);
    // generated = (tanh + 1)/2
    expect(maxAbsDiff(g('generated').data, g('final.8').data.map((v) => (v + 1) / 2))).toBeLessThan(1e-7);
    // Sanity of the helpers used above.
    expect(maxAbsDiff(upsampleBilinear2x(g('E4')).data, naiveUpsample(g('E4')).data)).toBeLessThan(1e-5);
    expect(concatChannels(g('D2'), g('E1')).shape).toEqual(g('D2.cat').shape);
    expect(leakyRelu(g('D3.pw')).data).toEqual(g('D3').data);
  });

  it('mask is in (0, 1) and out is the convex blend gen·m + data·(1 − m)', () => {
    const { r, crop } = run(224);
    const S = 224 * 224;
    let outside = 0;
    for (let i = 0; i < S; i++) if (!(r.mask.data[i]! > 0 && r.mask.data[i]! < 1)) outside++;
    expect(outside).toBe(0);
    let maxErr = 0;
    let notBetween = 0;
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < S; i++) {
        const m = r.mask.data[i]!;
        const g = r.generated.data[c * S + i]!;
        const d = crop.data[c * S + i]!;
        const o = r.out.data[c * S + i]!;
        maxErr = Math.max(maxErr, Math.abs(o - (g * m + d * (1 - m))));
        if (o < Math.min(g, d) - 1e-6 || o > Math.max(g, d) + 1e-6) notBetween++;
      }
    }
    expect(maxErr).toBeLessThan(1e-6);
    expect(notBetween).toBe(0);
  });

  it('a huge mask bias gives m → 1 (out = gen) and m → 0 (out = input)', () => {
    const crop = makeCrop(64, 64);
    const withBias = (b: number): IdnOutput => {
      const m: TensorMap = new Map(weights);
      m.set('mask.5.bias', { shape: [1], data: Float32Array.of(b) });
      return idnForward(m, injected, crop);
    };
    const on = withBias(1e4);
    expect(stats(on.mask.data).min).toBe(1);
    expect(maxAbsDiff(on.out.data, on.generated.data)).toBeLessThan(1e-7);
    const off = withBias(-1e4);
    expect(stats(off.mask.data).max).toBeLessThan(1e-30);
    expect(maxAbsDiff(off.out.data, crop.data)).toBeLessThan(1e-7);
  });

  it('rejects crops that are not a multiple of 32, and mis-shaped kernels', () => {
    expect(() => idnForward(weights, injected, makeCrop(48, 64))).toThrow(/multiples of 32/);
    const bad: InjectedWeights = { depthwise: injected.depthwise.slice(), pointwise: injected.pointwise.slice() };
    bad.depthwise[2] = makeTensor([64, 1, 3, 3]);
    expect(() => idnForward(weights, bad, makeCrop(64, 64))).toThrow(/depthwise kernel E2/);
  });

  it('names a mis-shaped checkpoint key', () => {
    const m: TensorMap = new Map(weights);
    m.set('mask.5.weight', { shape: [1, 2, 1, 1], data: new Float32Array(2) });
    expect(() => idnForward(m, injected, makeCrop(64, 64))).toThrow(/"mask\.5\.weight" has shape \[1, 2, 1, 1\], expected \[1, 2, 3, 3\]/);
  });
});
