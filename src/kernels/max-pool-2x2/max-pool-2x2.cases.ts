import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { placed, sentinel } from '../common/case-helpers';
import { maxPool2x2, maxPoolOutputShape, type MaxPool2x2Params } from './max-pool-2x2';
import { maxPool2x2Ref } from './max-pool-2x2.ref';

function makeCase(title: string, p: MaxPool2x2Params, rng: () => number, tail = 0): KernelCase<MaxPool2x2Params> {
  const { outHeight, outWidth } = maxPoolOutputShape(p);
  const input = randomArray(rng, p.channels * p.inHeight * p.inWidth);
  return kernelCase({
    title: `max-pool-2x2 ${title}`,
    kernel: maxPool2x2,
    params: p,
    buffers: { input: placed(input, p.inOffset ?? 0, tail, 9), output: sentinel(p.channels * outHeight * outWidth, p.outOffset ?? 0, tail) },
    expected: () => ({ output: placed(maxPool2x2Ref(input, p), p.outOffset ?? 0, tail) }),
    // A max selects one input: exact.
    tolerance: { atol: 0, rtol: 0 },
  });
}

export function maxPool2x2Cases(rng: () => number, randomCount = 2): KernelCase<MaxPool2x2Params>[] {
  const cases = [
    makeCase('ArcFace stem 64 @110² → 55²', { channels: 64, inHeight: 110, inWidth: 110 }, rng),
    makeCase('odd 3 @7×5 drops the last row and column', { channels: 3, inHeight: 7, inWidth: 5 }, rng),
    makeCase('2×2 → 1×1', { channels: 1, inHeight: 2, inWidth: 2 }, rng),
    makeCase('offsets', { channels: 5, inHeight: 9, inWidth: 12, inOffset: 7, outOffset: 3 }, rng, 4),
  ];
  for (let i = 0; i < randomCount; i++) {
    const p = { channels: randomInt(rng, 1, 20), inHeight: randomInt(rng, 2, 40), inWidth: randomInt(rng, 2, 40) };
    cases.push(makeCase(`random #${i} ${p.channels} @${p.inHeight}×${p.inWidth}`, p, rng));
  }
  return cases;
}
