import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { pointwiseConv, type PointwiseConvParams } from './pointwise-conv';
import { pointwiseConvRef } from './pointwise-conv.ref';

function makeCase(title: string, p: PointwiseConvParams, rng: () => number, tail = 0): KernelCase<PointwiseConvParams> {
  const input = randomArray(rng, p.inChannels * p.pixels);
  // Unit-norm-ish filters, like the demodulated IDN weights, keep sums of hundreds of terms O(1).
  const scale = 1 / Math.sqrt(p.inChannels);
  const weight = randomArray(rng, p.outChannels * p.inChannels, -scale, scale);
  const bias = p.hasBias ? randomArray(rng, p.outChannels) : undefined;
  const inOffset = p.inOffset ?? 0;
  const outOffset = p.outOffset ?? 0;
  return kernelCase({
    title: `pointwise-conv ${title}`,
    kernel: pointwiseConv,
    params: p,
    buffers: {
      input: placed(input, inOffset, tail, 0.5),
      output: sentinel(p.outChannels * p.pixels, outOffset, tail),
      weight,
      ...(bias ? { bias } : {}),
    },
    expected: () => ({ output: placed(pointwiseConvRef(input, weight, bias, p), outOffset, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function pointwiseConvCases(rng: () => number, randomCount = 4): KernelCase<PointwiseConvParams>[] {
  const cases = [
    makeCase('E0 3→32 @112² + LeakyReLU', { inChannels: 3, outChannels: 32, pixels: 112 * 112, activation: 'leakyRelu' }, rng),
    makeCase('E4 256→512 @7² + LeakyReLU', { inChannels: 256, outChannels: 512, pixels: 49, activation: 'leakyRelu' }, rng),
    makeCase('D0 512→256 @14² into concat slot 0', { inChannels: 512, outChannels: 256, pixels: 196, activation: 'leakyRelu' }, rng, 256 * 196),
    makeCase('head 32→8 @64² + bias (folded BN)', { inChannels: 32, outChannels: 8, pixels: 64 * 64, hasBias: true, activation: 'leakyRelu' }, rng),
    makeCase('1→1 @1', { inChannels: 1, outChannels: 1, pixels: 1 }, rng),
    makeCase('odd 5→7 @13', { inChannels: 5, outChannels: 7, pixels: 13, hasBias: true }, rng),
    makeCase('tile edges 17→70 @130', { inChannels: 17, outChannels: 70, pixels: 130, activation: 'leakyRelu' }, rng),
    makeCase('GPU tiling 1×1: D0 512→256 @14²', { inChannels: 512, outChannels: 256, pixels: 196, activation: 'leakyRelu', rowsPerThread: 1, pixelsPerThread: 1 }, rng),
    makeCase('GPU tiling 2×1: odd 19→37 @45 + bias', { inChannels: 19, outChannels: 37, pixels: 45, hasBias: true, rowsPerThread: 2, pixelsPerThread: 1 }, rng),
    makeCase('GPU tiling 1×2: 33→20 @70 into a slot', { inChannels: 33, outChannels: 20, pixels: 70, outOffset: 2 * 70, rowsPerThread: 1, pixelsPerThread: 2 }, rng, 70),
    makeCase('concat slot at channel 3 of 10', { inChannels: 9, outChannels: 6, pixels: 50, outOffset: 3 * 50, inOffset: 11 }, rng, 50),
  ];
  for (let i = 0; i < randomCount; i++) {
    const p: PointwiseConvParams = {
      inChannels: randomInt(rng, 1, 90),
      outChannels: randomInt(rng, 1, 90),
      pixels: randomInt(rng, 1, 300),
      hasBias: rng() < 0.5,
      activation: rng() < 0.5 ? 'leakyRelu' : 'none',
      inOffset: randomInt(rng, 0, 40),
      outOffset: randomInt(rng, 0, 40),
      rowsPerThread: ([1, 2, 4] as const)[randomInt(rng, 0, 2)]!,
      pixelsPerThread: ([1, 2, 4] as const)[randomInt(rng, 0, 2)]!,
    };
    cases.push(makeCase(`random #${i} ${p.inChannels}→${p.outChannels} @${p.pixels}${p.hasBias ? ' +b' : ''} tile ${p.rowsPerThread}×${p.pixelsPerThread}`, p, rng, 5));
  }
  return cases;
}
