import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import type { Activation } from '../common/shapes';
import { depthwiseConv, depthwiseOutputShape, type DepthwiseConvParams } from './depthwise-conv';
import { depthwiseConvRef } from './depthwise-conv.ref';

function makeCase(title: string, p: DepthwiseConvParams, rng: () => number, tail = 0): KernelCase<DepthwiseConvParams> {
  const { outH, outW } = depthwiseOutputShape(p);
  const input = randomArray(rng, p.channels * p.height * p.width);
  const weight = randomArray(rng, p.channels * p.kernelSize * p.kernelSize, -0.5, 0.5);
  const bias = p.hasBias ? randomArray(rng, p.channels) : undefined;
  const outCount = p.channels * outH * outW;
  const inOffset = p.inOffset ?? 0;
  const outOffset = p.outOffset ?? 0;
  return kernelCase({
    title: `depthwise-conv ${title}`,
    kernel: depthwiseConv,
    params: p,
    buffers: {
      input: placed(input, inOffset, tail, 0.25),
      output: sentinel(outCount, outOffset, tail),
      weight,
      ...(bias ? { bias } : {}),
    },
    expected: () => ({ output: placed(depthwiseConvRef(input, weight, bias, p), outOffset, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

const encoder = { kernelSize: 4, stride: 2, pad: 1 } as const;
const decoder = { kernelSize: 3, stride: 1, pad: 1 } as const;

/** The table (IDN shapes and edge cases) plus `randomCount` seeded random shapes. */
export function depthwiseConvCases(rng: () => number, randomCount = 4): KernelCase<DepthwiseConvParams>[] {
  const cases = [
    makeCase('E0 3×224² k4 s2', { channels: 3, height: 224, width: 224, ...encoder }, rng),
    makeCase('E1 32×112² k4 s2', { channels: 32, height: 112, width: 112, ...encoder }, rng),
    makeCase('odd 5×7×9 k4 s2', { channels: 5, height: 7, width: 9, ...encoder }, rng),
    makeCase('2×2 input k4 s2', { channels: 3, height: 2, width: 2, ...encoder }, rng),
    makeCase('D0 fused ×2 512×7² k3', { channels: 512, height: 7, width: 7, ...decoder, upsample: true }, rng),
    makeCase('fused ×2 1×1 input', { channels: 2, height: 1, width: 1, ...decoder, upsample: true }, rng),
    makeCase('mask.3 fused ×2 32×56² k3 + bias', { channels: 32, height: 56, width: 56, ...decoder, upsample: true, hasBias: true }, rng),
    makeCase('13×10×11 k3 + bias + LeakyReLU', { channels: 13, height: 10, width: 11, ...decoder, hasBias: true, activation: 'leakyRelu' }, rng),
    makeCase('offsets in 37 / out 101', { channels: 4, height: 5, width: 6, ...decoder, inOffset: 37, outOffset: 101 }, rng, 9),
  ];
  const activations: Activation[] = ['none', 'leakyRelu'];
  for (let i = 0; i < randomCount; i++) {
    const geometry = rng() < 0.5 ? encoder : decoder;
    const p: DepthwiseConvParams = {
      channels: randomInt(rng, 1, 21),
      height: randomInt(rng, 2, 29),
      width: randomInt(rng, 2, 29),
      ...geometry,
      upsample: geometry === decoder && rng() < 0.5,
      hasBias: rng() < 0.5,
      activation: activations[randomInt(rng, 0, 1)]!,
      inOffset: randomInt(rng, 0, 50),
      outOffset: randomInt(rng, 0, 50),
    };
    cases.push(makeCase(`random #${i} ${p.channels}×${p.height}×${p.width} k${p.kernelSize}${p.upsample ? ' ×2' : ''}${p.hasBias ? ' +b' : ''}`, p, rng, 3));
  }
  return cases;
}
