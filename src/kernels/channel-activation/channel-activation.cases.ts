import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import type { GraphActivation } from '../add-activation/add-activation';
import { placed } from '../common/case-helpers';
import { channelActivation, type ChannelActivationParams } from './channel-activation';
import { channelActivationRef } from './channel-activation.ref';

function makeCase(title: string, p: ChannelActivationParams, rng: () => number): KernelCase<ChannelActivationParams> {
  const data = randomArray(rng, p.channels * p.pixels, -4, 4);
  const alpha = p.activation === 'prelu' ? randomArray(rng, p.channels) : undefined;
  return kernelCase({
    title: `channel-activation ${title}`,
    kernel: channelActivation,
    params: p,
    // A tail of 9s past the tensor must survive: the kernel writes only its C·HW elements.
    buffers: { data: placed(data, 0, 3, 9), ...(alpha ? { alpha } : {}) },
    expected: () => ({ data: placed(channelActivationRef(data, alpha, p), 0, 3, 9) }),
    // A single activation in f32; sigmoid's exp may differ from Math.exp by a few ulps.
    tolerance: { atol: 1e-6, rtol: 1e-5 },
  });
}

export function channelActivationCases(rng: () => number, randomCount = 2): KernelCase<ChannelActivationParams>[] {
  const cases = [
    makeCase('FaceMesh stem 16 @96² PReLU', { channels: 16, pixels: 96 * 96, activation: 'prelu' }, rng),
    makeCase('BlazeFace 96 @8² ReLU', { channels: 96, pixels: 64, activation: 'relu' }, rng),
    makeCase('1 @1 sigmoid', { channels: 1, pixels: 1, activation: 'sigmoid' }, rng),
    makeCase('identity 5 @7', { channels: 5, pixels: 7, activation: 'none' }, rng),
  ];
  const acts: GraphActivation[] = ['none', 'relu', 'sigmoid', 'prelu'];
  for (let i = 0; i < randomCount; i++) {
    const p: ChannelActivationParams = { channels: randomInt(rng, 1, 50), pixels: randomInt(rng, 1, 700), activation: acts[randomInt(rng, 0, 3)]! };
    cases.push(makeCase(`random #${i} ${p.channels} @${p.pixels} ${p.activation}`, p, rng));
  }
  return cases;
}
