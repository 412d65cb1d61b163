import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { l2Normalize, type L2NormalizeParams } from './l2-normalize';
import { l2NormalizeRef } from './l2-normalize.ref';

function makeCase(title: string, p: L2NormalizeParams, rng: () => number, tail = 0): KernelCase<L2NormalizeParams> {
  const input = randomArray(rng, (p.parts ?? 1) * p.length, -3, 3);
  return kernelCase({
    title: `l2-normalize ${title}`,
    kernel: l2Normalize,
    params: p,
    buffers: { input: placed(input, p.inOffset ?? 0, tail, 50), output: sentinel(p.length, p.outOffset ?? 0, tail) },
    expected: () => ({ output: placed(l2NormalizeRef(input, p), p.outOffset ?? 0, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function l2NormalizeCases(rng: () => number, randomCount = 2): KernelCase<L2NormalizeParams>[] {
  const cases = [
    makeCase('ArcFace embedding 512', { length: 512 }, rng),
    makeCase('512 from 49 split-K rows', { length: 512, parts: 49 }, rng),
    makeCase('1 element', { length: 1 }, rng),
    makeCase('offsets 300 ×3', { length: 300, parts: 3, inOffset: 4, outOffset: 7 }, rng, 2),
  ];
  for (let i = 0; i < randomCount; i++) {
    const p = { length: randomInt(rng, 1, 1100), parts: randomInt(rng, 1, 5) };
    cases.push(makeCase(`random #${i} ${p.length} ×${p.parts}`, p, rng));
  }
  return cases;
}
