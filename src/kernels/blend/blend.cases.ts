import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE } from '../common/case-helpers';
import { blend, type BlendParams } from './blend';
import { blendRef } from './blend.ref';

function makeCase(title: string, p: BlendParams, rng: () => number): KernelCase<BlendParams> {
  const tanhImage = randomArray(rng, 3 * p.pixels, -1, 1);
  const mask = randomArray(rng, p.pixels, 0, 1);
  // Pin a few mask values to the ends: m = 1 must give the generated pixel, m = 0 the input pixel.
  mask[0] = 1;
  if (p.pixels > 1) mask[p.pixels - 1] = 0;
  const crop = randomArray(rng, 3 * p.pixels, 0, 1);
  return kernelCase({
    title: `blend ${title}`,
    kernel: blend,
    params: p,
    buffers: { tanh_image: tanhImage, mask, crop, output: new Float32Array(3 * p.pixels).fill(-7777) },
    expected: () => ({ output: blendRef(tanhImage, mask, crop, p.pixels) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function blendCases(rng: () => number, randomCount = 2): KernelCase<BlendParams>[] {
  const cases = [makeCase('224²', { pixels: 224 * 224 }, rng), makeCase('1 pixel', { pixels: 1 }, rng), makeCase('37 pixels', { pixels: 37 }, rng)];
  for (let i = 0; i < randomCount; i++) {
    const pixels = randomInt(rng, 1, 4000);
    cases.push(makeCase(`random #${i} ${pixels}`, { pixels }, rng));
  }
  return cases;
}
