import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { conv2d, conv2dOutputShape, type Conv2dActivation, type Conv2dParams } from './conv2d';
import { conv2dRef } from './conv2d.ref';

function makeCase(title: string, p: Conv2dParams, rng: () => number, tail = 0): KernelCase<Conv2dParams> {
  const { outHeight, outWidth } = conv2dOutputShape(p);
  const input = randomArray(rng, p.inChannels * p.inHeight * p.inWidth);
  // Weights ~ 1/√K keep sums of hundreds of taps O(1), as folded ArcFace/IIN weights are.
  const scale = 1 / Math.sqrt(p.inChannels * p.kernelHeight * p.kernelWidth);
  const weight = randomArray(rng, p.outChannels * p.inChannels * p.kernelHeight * p.kernelWidth, -scale, scale);
  const bias = p.hasBias ? randomArray(rng, p.outChannels, -0.5, 0.5) : undefined;
  const slope = p.activation === 'prelu' ? 0.05 + 0.4 * rng() : undefined;
  // Scale in [0.5, 1.5] and shift in [−0.5, 0.5], like a trained BatchNorm.
  const inAffine = p.inputAffine
    ? Float32Array.from({ length: 2 * p.inChannels }, (_, i) => (i < p.inChannels ? 0.5 + rng() : rng() - 0.5))
    : undefined;
  const outOffset = p.outOffset ?? 0;
  return kernelCase({
    title: `conv2d ${title}`,
    kernel: conv2d,
    params: p,
    buffers: {
      input: placed(input, p.inOffset ?? 0, tail, 0.5),
      output: sentinel(p.outChannels * outHeight * outWidth, outOffset, tail),
      weight,
      ...(bias ? { bias } : {}),
      ...(slope !== undefined ? { slope: Float32Array.of(slope) } : {}),
      ...(inAffine ? { in_affine: inAffine } : {}),
    },
    expected: () => ({
      output: placed(conv2dRef({ input, weight, ...(bias ? { bias } : {}), ...(slope !== undefined ? { slope } : {}), ...(inAffine ? { inAffine } : {}) }, p), outOffset, tail),
    }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

const conv = (c: number, o: number, h: number, w: number, k: number, extra: Partial<Conv2dParams> = {}): Conv2dParams => ({
  inChannels: c,
  outChannels: o,
  inHeight: h,
  inWidth: w,
  kernelHeight: k,
  kernelWidth: k,
  ...extra,
});

export function conv2dCases(rng: () => number, randomCount = 4): KernelCase<Conv2dParams>[] {
  const cases = [
    // ArcFace shapes, shrunk in space so the browser suite stays quick.
    makeCase('stem 3→64 3×3 valid @24² + bias + PReLU', conv(3, 64, 24, 24, 3, { hasBias: true, activation: 'prelu' }), rng),
    makeCase('IR conv1 BN→3×3 p1 + bias + PReLU, 24→24 @11²', conv(24, 24, 11, 11, 3, { padding: 1, inputAffine: true, hasBias: true, activation: 'prelu' }), rng),
    makeCase('IR conv2 3×3 s2 p1 16→40 @15² + bias', conv(16, 40, 15, 15, 3, { padding: 1, stride: 2, hasBias: true }), rng),
    makeCase('shortcut 1×1 s2 20→36 @14² + bias', conv(20, 36, 14, 14, 1, { stride: 2, hasBias: true }), rng),
    makeCase('deep K: 72→70 3×3 p1 @9² (41 K steps)', conv(72, 70, 9, 9, 3, { padding: 1, hasBias: true }), rng),
    // IIN predictor shapes (channels reduced): 4×4 and 2×2 valid convs, 3×3 convs at 4×4 and 3×3.
    makeCase('IIN first 4×4 valid 40→33 @7² + LeakyReLU', conv(40, 33, 7, 7, 4, { hasBias: true, activation: 'leakyRelu' }), rng),
    makeCase('IIN first_decoder 2×2 valid 33→33 @4² + LeakyReLU', conv(33, 33, 4, 4, 2, { hasBias: true, activation: 'leakyRelu' }), rng),
    makeCase('narrow tile: 30 pixels in two 16-pixel tiles, 20→70 1×1', conv(20, 70, 6, 5, 1, { hasBias: true, activation: 'leakyRelu' }), rng),
    makeCase('IIN kernel conv 3×3 p1 @3² into an offset', conv(13, 3, 3, 3, 3, { padding: 1, hasBias: true, outOffset: 7 }), rng, 5),
    // Edges: no bias, rectangular kernel, big stride and padding, offsets, every optional part at once.
    makeCase('no bias 1→1 1×1 @1²', conv(1, 1, 1, 1, 1), rng),
    makeCase('2×5 kernel s3 p2 5→7 @13×11 + tanh', { ...conv(5, 7, 13, 11, 1), kernelHeight: 2, kernelWidth: 5, stride: 3, padding: 2, activation: 'tanh' }, rng),
    makeCase('affine, PReLU, no bias, offsets 6→9 @10×7', conv(6, 9, 10, 7, 3, { padding: 1, inputAffine: true, activation: 'prelu', inOffset: 11, outOffset: 13 }), rng, 4),
    makeCase('affine + bias, pad 2 (whole taps outside) 4→5 @5²', conv(4, 5, 5, 5, 3, { padding: 2, inputAffine: true, hasBias: true }), rng),
  ];
  const activations: Conv2dActivation[] = ['none', 'leakyRelu', 'prelu'];
  for (let i = 0; i < randomCount; i++) {
    const k = randomInt(rng, 1, 4);
    const pad = randomInt(rng, 0, k - 1);
    const stride = randomInt(rng, 1, 2);
    const p: Conv2dParams = {
      ...conv(randomInt(rng, 1, 40), randomInt(rng, 1, 80), randomInt(rng, k, 17), randomInt(rng, k, 17), k),
      stride,
      padding: pad,
      hasBias: rng() < 0.5,
      inputAffine: rng() < 0.3,
      activation: activations[randomInt(rng, 0, 2)]!,
      inOffset: randomInt(rng, 0, 20),
      outOffset: randomInt(rng, 0, 20),
    };
    const title = `random #${i} ${p.inChannels}→${p.outChannels} ${k}×${k} s${stride} p${pad} @${p.inHeight}×${p.inWidth}`;
    cases.push(makeCase(title, p, rng, 3));
  }
  return cases;
}
