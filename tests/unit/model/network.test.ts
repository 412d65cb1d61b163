/**
 * The whole reference network on synthetic weights: ArcFace (112) → IIN → IDN (224).
 * Checks that every tensor is finite and activations are non-trivial, and logs per-stage
 * statistics and timings.
 *
 * Two weight sets run, both held to "bounded" and "not saturated":
 *  - the engine's generator (src/engine/weights/synthetic.ts);
 *  - the test generator (tests/unit/model/local-synthetic.ts), written independently.
 * Plain He init with identity BN stats would not pass: ArcFace's 33 residual blocks grow the feature
 * map, the predicted depthwise kernels inherit that scale, and the IDN compounds it per stage; both
 * generators damp the residual branches and the kernel-predicting convs for that reason.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { arcfaceForward, arcfaceInputFromAlignedCrop, type ArcfaceOutput } from '../../../src/model/reference/arcface';
import { idnForward, type IdnOutput } from '../../../src/model/reference/idn';
import { iinForward, type InjectedWeights } from '../../../src/model/reference/iin';
import { makeTensor, type Tensor } from '../../../src/model/reference/ops';
import { localArcfaceWeights, localSwapWeights } from './local-synthetic';
import { makeSyntheticArcfaceWeights, makeSyntheticSwapWeights } from '../../../src/engine/weights/synthetic';
import { stats, type Stats } from './naive';
import { syntheticAlignedCrop } from '../../support/synthetic-face';

interface WeightSet {
  swap: TensorMap;
  arcface: TensorMap;
}

async function sharedWeights(): Promise<WeightSet> {
  return { swap: makeSyntheticSwapWeights(1), arcface: makeSyntheticArcfaceWeights(2) };
}

async function localWeights(): Promise<WeightSet> {
  return { swap: localSwapWeights(1), arcface: localArcfaceWeights(2) };
}

function rgbaToCrop(rgba: Uint8ClampedArray): Tensor {
  const S = 224 * 224;
  const t = makeTensor([1, 3, 224, 224]);
  for (let i = 0; i < S; i++) for (let c = 0; c < 3; c++) t.data[c * S + i] = rgba[4 * i + c]! / 255;
  return t;
}

const fmt = (name: string, shape: number[], s: Stats): string =>
  `${name.padEnd(12)} ${JSON.stringify(shape).padEnd(18)} mean ${s.mean.toPrecision(4).padStart(11)}  std ${s.std
    .toPrecision(4)
    .padStart(10)}  min ${s.min.toPrecision(4).padStart(11)}  max ${s.max.toPrecision(4).padStart(10)}`;

interface ChainRun {
  arc: ArcfaceOutput;
  injected: InjectedWeights;
  idn: IdnOutput;
  arcStats: Map<string, { shape: number[]; s: Stats }>;
  idnStats: Map<string, { shape: number[]; s: Stats }>;
  timings: Record<string, number>;
  weights: WeightSet;
}

async function runChain(source: string, load: () => Promise<WeightSet>): Promise<ChainRun> {
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const weights = await load();
  timings.weights = performance.now() - t0;
  const rgba = syntheticAlignedCrop();
  const arcStats = new Map<string, { shape: number[]; s: Stats }>();
  const idnStats = new Map<string, { shape: number[]; s: Stats }>();

  t0 = performance.now();
  const arc = arcfaceForward(weights.arcface, arcfaceInputFromAlignedCrop(rgba), (n, t) =>
    arcStats.set(n, { shape: t.shape, s: stats(t.data) }),
  );
  timings.arcfaceForward = performance.now() - t0;

  t0 = performance.now();
  const injected = iinForward(weights.swap, arc.embedding, arc.featureMap);
  timings.iinForward = performance.now() - t0;

  const crop = rgbaToCrop(rgba);
  t0 = performance.now();
  const idn = idnForward(weights.swap, injected, crop);
  timings.idnForward = performance.now() - t0;
  // A second pass just for the statistics, so the timing above has no callback cost.
  idnForward(weights.swap, injected, crop, (n, t) => idnStats.set(n, { shape: t.shape, s: stats(t.data) }));

  const rounded = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)]));
  const lines = [`=== weights from ${source}; timings (ms) ${JSON.stringify(rounded)}`];
  for (const [n, { shape, s }] of arcStats) {
    if (!/^layer\d\.\d+$/.test(n) || /\.0$/.test(n) || n === 'layer3.22' || n === 'layer4.2') lines.push(fmt(n, shape, s));
  }
  injected.depthwise.forEach((k, i) => lines.push(fmt(`dw[${i}]`, k.shape, stats(k.data))));
  injected.pointwise.forEach((k, i) => lines.push(fmt(`pw[${i}]`, k.shape, stats(k.data))));
  for (const [n, { shape, s }] of idnStats) if (!/\.(dw|up|cat)$|^mask\.\d\.[0-3]$/.test(n)) lines.push(fmt(n, shape, s));
  console.log(lines.join('\n'));
  return { arc, injected, idn, arcStats, idnStats, timings, weights };
}

function chainSuite(source: string, load: () => Promise<WeightSet>, strict: boolean): void {
  describe(`ArcFace → IIN → IDN on synthetic weights from ${source}`, () => {
    let r: ChainRun;
    beforeAll(async () => {
      r = await runChain(source, load);
    }, 180_000);

    it('ArcFace returns a unit 512-d embedding and a [1, 512, 7, 7] feature map', () => {
      expect(r.arc.embedding.length).toBe(512);
      let s = 0;
      for (const v of r.arc.embedding) s += v * v;
      expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThan(1e-5);
      expect(r.arc.featureMap.shape).toEqual([1, 512, 7, 7]);
      expect(r.arcStats.get('stem')!.shape).toEqual([1, 64, 55, 55]);
      expect(r.arcStats.get('layer1.2')!.shape).toEqual([1, 64, 55, 55]);
      expect(r.arcStats.get('layer2.0')!.shape).toEqual([1, 128, 28, 28]);
      expect(r.arcStats.get('layer3.22')!.shape).toEqual([1, 256, 14, 14]);
      expect(r.arcStats.get('layer4.2')!.shape).toEqual([1, 512, 7, 7]);
      expect(r.arcStats.size).toBe(1 + 33 + 4);
    });

    it('every tensor is finite and every stage has non-trivial activations', () => {
      for (const [n, { s }] of [...r.arcStats, ...r.idnStats]) {
        expect(s.finite, n).toBe(true);
        expect(s.std, n).toBeGreaterThan(1e-3);
      }
      for (const k of [...r.injected.depthwise, ...r.injected.pointwise]) {
        const s = stats(k.data);
        expect(s.finite).toBe(true);
        expect(s.std).toBeGreaterThan(1e-3);
      }
      const o = stats(r.idn.out.data);
      expect(o.min).toBeGreaterThanOrEqual(0);
      expect(o.max).toBeLessThanOrEqual(1);
    });

    if (strict) {
      it('activations stay bounded (no stage std above 100)', () => {
        for (const [n, { s }] of [...r.arcStats, ...r.idnStats]) expect(s.std, n).toBeLessThan(100);
      });

      it('mask and tanh are not saturated', () => {
        const m = stats(r.idn.mask.data);
        expect(m.min).toBeGreaterThan(0);
        expect(m.max).toBeLessThan(1);
        const th = r.idnStats.get('final.8')!.s;
        expect(th.min).toBeGreaterThan(-1);
        expect(th.max).toBeLessThan(1);
        let saturated = 0;
        const t = r.idn.generated.data;
        for (let i = 0; i < t.length; i++) if (t[i]! < 1e-3 || t[i]! > 1 - 1e-3) saturated++;
        expect(saturated / t.length).toBeLessThan(0.01);
      });

      it('ArcFace names a missing projection shortcut', () => {
        const m: TensorMap = new Map(r.weights.arcface);
        m.delete('layer2.0.downsample.0.weight');
        const x = arcfaceInputFromAlignedCrop(syntheticAlignedCrop());
        expect(() => arcfaceForward(m, x)).toThrow(/layer2\.0\.downsample\.0\.weight/);
      });
    }
  });
}

// The engine's generator is held to the same bounds: its scales must keep every stage finite, bounded and unsaturated.
chainSuite('src/engine/weights/synthetic.ts', sharedWeights, true);
chainSuite('tests/unit/model/local-synthetic.ts', localWeights, true);
