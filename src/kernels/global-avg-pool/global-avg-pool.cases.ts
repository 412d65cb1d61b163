import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { globalAvgPool, type GlobalAvgPoolParams } from './global-avg-pool';
import { globalAvgPoolRef } from './global-avg-pool.ref';

function makeCase(title: string, p: GlobalAvgPoolParams, rng: () => number, tail = 0): KernelCase<GlobalAvgPoolParams> {
  // A positive offset per channel, like post-BN activations, so a wrong divisor shows.
  const input = randomArray(rng, p.channels * p.pixels, -1, 2);
  return kernelCase({
    title: `global-avg-pool ${title}`,
    kernel: globalAvgPool,
    params: p,
    buffers: { input: placed(input, p.inOffset ?? 0, tail, 100), output: sentinel(p.channels, p.outOffset ?? 0, tail) },
    expected: () => ({ output: placed(globalAvgPoolRef(input, p), p.outOffset ?? 0, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function globalAvgPoolCases(rng: () => number, randomCount = 2): KernelCase<GlobalAvgPoolParams>[] {
  const cases = [
    makeCase('ArcFace stage 1 SE 64 @55²', { channels: 64, pixels: 55 * 55 }, rng),
    makeCase('ArcFace stage 4 SE 512 @7²', { channels: 512, pixels: 49 }, rng),
    makeCase('1 channel, 1 pixel', { channels: 1, pixels: 1 }, rng),
    makeCase('offsets 7 @63', { channels: 7, pixels: 63, inOffset: 5, outOffset: 2 }, rng, 3),
  ];
  for (let i = 0; i < randomCount; i++) {
    const p = { channels: randomInt(rng, 1, 100), pixels: randomInt(rng, 1, 700) };
    cases.push(makeCase(`random #${i} ${p.channels} @${p.pixels}`, p, rng));
  }
  return cases;
}
