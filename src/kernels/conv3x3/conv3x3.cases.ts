import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import type { Activation } from '../common/shapes';
import { conv3x3, type Conv3x3Params } from './conv3x3';
import { conv3x3Ref } from './conv3x3.ref';

function makeCase(title: string, p: Conv3x3Params, rng: () => number, tail = 0): KernelCase<Conv3x3Params> {
  const pixels = p.height * p.width;
  const input = randomArray(rng, p.inChannels * pixels);
  const weight = randomArray(rng, p.outChannels * p.inChannels * 9, -0.4, 0.4);
  const bias = randomArray(rng, p.outChannels, -0.2, 0.2);
  return kernelCase({
    title: `conv3x3 ${title}`,
    kernel: conv3x3,
    params: p,
    buffers: { input: placed(input, p.inOffset ?? 0, tail, 0.1), output: sentinel(p.outChannels * pixels, p.outOffset ?? 0, tail), weight, bias },
    expected: () => ({ output: placed(conv3x3Ref(input, weight, bias, p), p.outOffset ?? 0, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function conv3x3Cases(rng: () => number, randomCount = 3): KernelCase<Conv3x3Params>[] {
  const cases = [
    makeCase('head 8→3 @224² + LeakyReLU', { inChannels: 8, outChannels: 3, height: 224, width: 224, activation: 'leakyRelu' }, rng),
    makeCase('head 3→3 @224² + tanh', { inChannels: 3, outChannels: 3, height: 224, width: 224, activation: 'tanh' }, rng),
    makeCase('mask 2→1 @224² + sigmoid', { inChannels: 2, outChannels: 1, height: 224, width: 224, activation: 'sigmoid' }, rng),
    makeCase('1×1 image', { inChannels: 2, outChannels: 3, height: 1, width: 1 }, rng),
    makeCase('offsets 5×7', { inChannels: 3, outChannels: 2, height: 5, width: 7, inOffset: 9, outOffset: 21, activation: 'tanh' }, rng, 6),
  ];
  const acts: Activation[] = ['none', 'leakyRelu', 'tanh', 'sigmoid'];
  for (let i = 0; i < randomCount; i++) {
    const p: Conv3x3Params = {
      inChannels: randomInt(rng, 1, 9),
      outChannels: randomInt(rng, 1, 9),
      height: randomInt(rng, 1, 37),
      width: randomInt(rng, 1, 37),
      activation: acts[randomInt(rng, 0, 3)]!,
    };
    cases.push(makeCase(`random #${i} ${p.inChannels}→${p.outChannels} ${p.height}×${p.width} ${p.activation}`, p, rng));
  }
  return cases;
}
