import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { upsampleBilinear, type UpsampleBilinearParams } from './upsample-bilinear';
import { upsampleBilinearRef } from './upsample-bilinear.ref';

function makeCase(title: string, p: UpsampleBilinearParams, rng: () => number, tail = 0): KernelCase<UpsampleBilinearParams> {
  const input = randomArray(rng, p.channels * p.height * p.width);
  return kernelCase({
    title: `upsample-bilinear ${title}`,
    kernel: upsampleBilinear,
    params: p,
    buffers: { input: placed(input, p.inOffset ?? 0, tail, 0), output: sentinel(4 * input.length, p.outOffset ?? 0, tail) },
    expected: () => ({ output: placed(upsampleBilinearRef(input, p.channels, p.height, p.width), p.outOffset ?? 0, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function upsampleBilinearCases(rng: () => number, randomCount = 3): KernelCase<UpsampleBilinearParams>[] {
  const cases = [
    makeCase('D0 512×7² → 14²', { channels: 512, height: 7, width: 7 }, rng),
    makeCase('head 32×112² → 224²', { channels: 32, height: 112, width: 112 }, rng),
    makeCase('1×1 → 2×2', { channels: 5, height: 1, width: 1 }, rng),
    makeCase('1×9 row', { channels: 2, height: 1, width: 9 }, rng),
    makeCase('offsets', { channels: 3, height: 4, width: 5, inOffset: 7, outOffset: 13 }, rng, 4),
  ];
  for (let i = 0; i < randomCount; i++) {
    const p = { channels: randomInt(rng, 1, 17), height: randomInt(rng, 1, 23), width: randomInt(rng, 1, 23), inOffset: randomInt(rng, 0, 9), outOffset: randomInt(rng, 0, 9) };
    cases.push(makeCase(`random #${i} ${p.channels}×${p.height}×${p.width}`, p, rng, 2));
  }
  return cases;
}
