import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { linear, type LinearParams } from './linear';
import { linearRef } from './linear.ref';

function makeCase(title: string, p: LinearParams, rng: () => number, tail = 0): KernelCase<LinearParams> {
  const input = randomArray(rng, p.inFeatures);
  const scale = 1 / Math.sqrt(p.inFeatures);
  const weight = randomArray(rng, p.inFeatures * p.outFeatures, -scale, scale);
  const bias = p.hasBias ? randomArray(rng, p.outFeatures) : undefined;
  return kernelCase({
    title: `linear ${title}`,
    kernel: linear,
    params: p,
    buffers: {
      input: placed(input, p.inOffset ?? 0, tail, 3),
      output: sentinel((p.splits ?? 1) * p.outFeatures, p.outOffset ?? 0, tail),
      weight,
      ...(bias ? { bias } : {}),
    },
    expected: () => ({ output: placed(linearRef(input, weight, bias, p), p.outOffset ?? 0, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function linearCases(rng: () => number, randomCount = 3): KernelCase<LinearParams>[] {
  const cases = [
    makeCase('ArcFace fc shape cut to 3136→512, 7 splits + bias', { inFeatures: 3136, outFeatures: 512, splits: 7, hasBias: true }, rng),
    makeCase('IIN style 512→3 + bias', { inFeatures: 512, outFeatures: 3, hasBias: true }, rng),
    makeCase('1→1', { inFeatures: 1, outFeatures: 1 }, rng),
    makeCase('uneven chunks 101→70, 4 splits', { inFeatures: 101, outFeatures: 70, splits: 4 }, rng),
    makeCase('offsets 33→65 + bias', { inFeatures: 33, outFeatures: 65, hasBias: true, inOffset: 5, outOffset: 9 }, rng, 3),
  ];
  for (let i = 0; i < randomCount; i++) {
    const inFeatures = randomInt(rng, 1, 600);
    const p: LinearParams = { inFeatures, outFeatures: randomInt(rng, 1, 200), splits: randomInt(rng, 1, Math.min(9, inFeatures)), hasBias: rng() < 0.5 };
    cases.push(makeCase(`random #${i} ${p.inFeatures}→${p.outFeatures} ×${p.splits}${p.hasBias ? ' +b' : ''}`, p, rng));
  }
  return cases;
}
