import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE } from '../common/case-helpers';
import type { Activation } from '../common/shapes';
import { fusedConv3x3, type FusedConv3x3Job, type FusedConv3x3Params } from './fused-conv3x3';
import { fusedConv3x3Ref } from './fused-conv3x3.ref';

interface JobShape {
  inChannels: number;
  outChannels: number;
  height: number;
  width: number;
  activation: Activation;
  blend?: boolean;
}

function makeCase(title: string, shapes: readonly JobShape[], rng: () => number): KernelCase<FusedConv3x3Params> {
  let cursor = 11;
  const take = (n: number) => {
    const at = cursor;
    cursor += n + 5;
    return at;
  };
  let wCursor = 3;
  const jobs: FusedConv3x3Job[] = shapes.map((s) => {
    const plane = s.height * s.width;
    const inOffset = take(s.inChannels * plane);
    const outOffset = take(s.outChannels * plane);
    const blend = s.blend ? { maskOffset: take(plane), cropOffset: take(s.outChannels * plane) } : undefined;
    const weightOffset = wCursor;
    wCursor += s.outChannels * s.inChannels * 9;
    const biasOffset = wCursor;
    wCursor += s.outChannels + 2;
    return { ...s, inOffset, outOffset, weightOffset, biasOffset, blend };
  });
  const arena = randomArray(rng, cursor + 3, 0, 1);
  const weights = randomArray(rng, wCursor, -0.4, 0.4);
  const params = { jobs: jobs as unknown as FusedConv3x3Params['jobs'] };
  return kernelCase({
    title: `fused-conv3x3 ${title}`,
    kernel: fusedConv3x3,
    params,
    buffers: { activations: arena, weights },
    expected: () => ({ activations: fusedConv3x3Ref(arena, weights, params) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function fusedConv3x3Cases(rng: () => number, randomCount = 2): KernelCase<FusedConv3x3Params>[] {
  const cases = [
    makeCase('head.conv1 8→3 LeakyReLU + mask.conv 2→1 sigmoid @224', [
      { inChannels: 8, outChannels: 3, height: 224, width: 224, activation: 'leakyRelu' },
      { inChannels: 2, outChannels: 1, height: 224, width: 224, activation: 'sigmoid' },
    ], rng),
    makeCase('head.conv2 3→3 tanh + in-crop blend @224', [{ inChannels: 3, outChannels: 3, height: 224, width: 224, activation: 'tanh', blend: true }], rng),
    makeCase('odd 5×7, blend + plain', [
      { inChannels: 3, outChannels: 3, height: 5, width: 7, activation: 'tanh', blend: true },
      { inChannels: 4, outChannels: 2, height: 3, width: 1, activation: 'none' },
    ], rng),
  ];
  const acts: Activation[] = ['none', 'leakyRelu', 'tanh', 'sigmoid'];
  for (let i = 0; i < randomCount; i++) {
    const shape = (): JobShape => ({ inChannels: randomInt(rng, 1, 9), outChannels: randomInt(rng, 1, 5), height: randomInt(rng, 1, 30), width: randomInt(rng, 1, 30), activation: acts[randomInt(rng, 0, 3)]! });
    cases.push(makeCase(`random #${i}`, rng() < 0.5 ? [shape()] : [shape(), shape()], rng));
  }
  return cases;
}
