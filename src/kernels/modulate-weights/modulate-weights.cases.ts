import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { modulateWeights, type ModulateWeightsParams } from './modulate-weights';
import { modulateWeightsRef } from './modulate-weights.ref';

function unitVector(rng: () => number, n: number): Float32Array {
  const v = randomArray(rng, n);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function makeCase(title: string, p: ModulateWeightsParams, rng: () => number, tail = 0): KernelCase<ModulateWeightsParams> {
  const embedding = unitVector(rng, p.styleFeatures);
  // Style weights large enough that 1 + s spreads well away from 1 (and sometimes crosses 0).
  const styleWeight = randomArray(rng, p.styleFeatures * p.inChannels, -0.08, 0.08);
  const styleBias = randomArray(rng, p.inChannels, -0.3, 0.3);
  const weight = randomArray(rng, p.outChannels * p.inChannels);
  return kernelCase({
    title: `modulate-weights ${title}`,
    kernel: modulateWeights,
    params: p,
    buffers: {
      embedding,
      output: sentinel(p.outChannels * p.inChannels, p.outOffset ?? 0, tail),
      style_weight: styleWeight,
      style_bias: styleBias,
      weight,
    },
    expected: () => ({ output: placed(modulateWeightsRef(embedding, styleWeight, styleBias, weight, p), p.outOffset ?? 0, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function modulateWeightsCases(rng: () => number, randomCount = 2): KernelCase<ModulateWeightsParams>[] {
  const cases = [
    makeCase('E0 3→32', { styleFeatures: 512, inChannels: 3, outChannels: 32 }, rng),
    makeCase('D0 512→256', { styleFeatures: 512, inChannels: 512, outChannels: 256 }, rng),
    makeCase('E4 256→512', { styleFeatures: 512, inChannels: 256, outChannels: 512 }, rng),
    makeCase('1→1, S 1', { styleFeatures: 1, inChannels: 1, outChannels: 1 }, rng),
    makeCase('odd 37→45 into an offset', { styleFeatures: 19, inChannels: 37, outChannels: 45, outOffset: 11 }, rng, 6),
  ];
  for (let i = 0; i < randomCount; i++) {
    const p = { styleFeatures: randomInt(rng, 1, 80), inChannels: randomInt(rng, 1, 300), outChannels: randomInt(rng, 1, 100) };
    cases.push(makeCase(`random #${i} S ${p.styleFeatures} ${p.inChannels}→${p.outChannels}`, p, rng));
  }
  return cases;
}
