import { describe, expect, it } from 'vitest';
import {
  arcfaceBatchNormFolds,
  arcfaceManifest,
  manifestElementCount,
  swapBatchNormFolds,
  swapManifest,
  type Manifest,
} from '../../../src/engine/weights/manifest';
import { elementCount } from '../../../src/engine/weights/tensor-map';

const shapeOf = (m: Manifest, name: string): readonly number[] | undefined => m.find((s) => s.name === name)?.shape;
const runningStats = (m: Manifest): number =>
  m.filter((s) => s.name.endsWith('._mean') || s.name.endsWith('._variance')).reduce((n, s) => n + elementCount(s.shape), 0);

// Totals from the reference doc (§1.1, §2.1, §10), which were derived independently of this code.
describe('MobileFaceSwap_224.pdparams manifest', () => {
  const m = swapManifest();

  it('has 167 keys and 20,706,030 floats', () => {
    expect(m).toHaveLength(167);
    expect(manifestElementCount(m)).toBe(20_706_030);
  });

  it('splits into 20,699,710 learnable and 6,320 BN running-stat floats', () => {
    expect(runningStats(m)).toBe(6_320);
    expect(manifestElementCount(m) - runningStats(m)).toBe(20_699_710);
  });

  it('has unique names', () => {
    expect(new Set(m.map((s) => s.name)).size).toBe(m.length);
  });

  it('uses the Paddle shapes listed in the reference', () => {
    expect(shapeOf(m, 'EncoderModulation.0.style.weight')).toEqual([512, 3]);
    expect(shapeOf(m, 'EncoderModulation.4.weight')).toEqual([512, 256, 1, 1]);
    expect(shapeOf(m, 'DecoderModulation.1.weight')).toEqual([128, 512, 1, 1]);
    expect(shapeOf(m, 'predictor.first.weight')).toEqual([512, 512, 4, 4]);
    expect(shapeOf(m, 'predictor.first_decoder.weight')).toEqual([512, 512, 2, 2]);
    expect(shapeOf(m, 'predictor.encoder.4.conv.weight')).toEqual([3, 32, 3, 3]);
    expect(shapeOf(m, 'predictor.decoder.3.weight.weight')).toEqual([128, 128, 3, 3]);
    expect(shapeOf(m, 'final.1.weight')).toEqual([8, 32, 1, 1]);
    expect(shapeOf(m, 'final.5._variance')).toEqual([3]);
    expect(shapeOf(m, 'mask.0.1.weight')).toEqual([512, 1, 3, 3]);
    expect(shapeOf(m, 'mask.4.2.weight')).toEqual([2, 8, 1, 1]);
    expect(shapeOf(m, 'mask.5.bias')).toEqual([1]);
  });

  it('folds the 18 BatchNorms that follow a conv', () => {
    const folds = swapBatchNormFolds();
    expect(folds).toHaveLength(18);
    expect(folds).toContainEqual({ layer: 'predictor.first', bn: 'predictor.norm', kind: 'conv' });
    expect(folds).toContainEqual({ layer: 'mask.3.2', bn: 'mask.3.3', kind: 'conv' });
  });
});

describe('arcface.pdparams manifest', () => {
  const m = arcfaceManifest();

  it('has 691 keys and 52,244,159 floats', () => {
    expect(m).toHaveLength(691);
    expect(manifestElementCount(m)).toBe(52_244_159);
  });

  it('splits into 52,193,215 learnable and 50,944 BN running-stat floats', () => {
    expect(runningStats(m)).toBe(50_944);
    expect(manifestElementCount(m) - runningStats(m)).toBe(52_193_215);
  });

  it('has unique names', () => {
    expect(new Set(m.map((s) => s.name)).size).toBe(m.length);
  });

  it('uses the Paddle shapes listed in the reference', () => {
    expect(shapeOf(m, 'conv1.weight')).toEqual([64, 3, 3, 3]);
    expect(shapeOf(m, 'prelu._weight')).toEqual([1]);
    expect(shapeOf(m, 'layer3.22.se.fc.0.weight')).toEqual([256, 16]);
    expect(shapeOf(m, 'layer3.22.se.fc.2.weight')).toEqual([16, 256]);
    expect(shapeOf(m, 'layer4.0.conv1.weight')).toEqual([256, 256, 3, 3]);
    expect(shapeOf(m, 'layer4.0.conv2.weight')).toEqual([512, 256, 3, 3]);
    expect(shapeOf(m, 'layer4.0.bn0._mean')).toEqual([256]);
    expect(shapeOf(m, 'fc.weight')).toEqual([25088, 512]);
    expect(shapeOf(m, 'bn3._variance')).toEqual([512]);
  });

  it('has projection shortcuts only on the first block of stages 2–4', () => {
    const shortcuts = m.filter((s) => s.name.endsWith('downsample.0.weight')).map((s) => s.name);
    expect(shortcuts).toEqual(['layer2.0.downsample.0.weight', 'layer3.0.downsample.0.weight', 'layer4.0.downsample.0.weight']);
  });

  it('folds every BN that follows a conv or the fc, but not bn0 or the head bn2', () => {
    const folds = arcfaceBatchNormFolds();
    expect(folds).toHaveLength(1 + 33 * 2 + 3 + 1);
    expect(folds.some((f) => f.bn.endsWith('.bn0') || f.bn === 'bn2')).toBe(false);
    expect(folds).toContainEqual({ layer: 'fc', bn: 'bn3', kind: 'linear' });
  });
});
