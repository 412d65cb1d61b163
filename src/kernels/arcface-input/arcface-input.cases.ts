import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { arcfaceInput, type ArcfaceInputParams } from './arcface-input';
import { arcfaceInputRef } from './arcface-input.ref';

function makeCase(title: string, p: ArcfaceInputParams, rng: () => number, tail = 0): KernelCase<ArcfaceInputParams> {
  // Any bytes, alpha included: the kernel must ignore alpha and carry every channel.
  const rgba = Uint32Array.from({ length: 4 * p.outHeight * p.outWidth }, () => Math.floor(rng() * 2 ** 32) >>> 0);
  return kernelCase({
    title: `arcface-input ${title}`,
    kernel: arcfaceInput,
    params: p,
    // The case harness moves Float32Arrays; a same-type copy keeps every bit pattern (NaN payloads included).
    buffers: { rgba: new Float32Array(rgba.buffer), output: sentinel(3 * p.outHeight * p.outWidth, p.outOffset ?? 0, tail) },
    expected: () => ({ output: placed(arcfaceInputRef(rgba, p), p.outOffset ?? 0, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function arcfaceInputCases(rng: () => number, randomCount = 1): KernelCase<ArcfaceInputParams>[] {
  const cases = [
    makeCase('224² crop → 3×112²', { outHeight: 112, outWidth: 112 }, rng),
    makeCase('2×2 → 1×1', { outHeight: 1, outWidth: 1 }, rng),
    makeCase('odd 5×7 into an offset', { outHeight: 5, outWidth: 7, outOffset: 9 }, rng, 4),
  ];
  for (let i = 0; i < randomCount; i++) {
    const p = { outHeight: randomInt(rng, 1, 60), outWidth: randomInt(rng, 1, 60) };
    cases.push(makeCase(`random #${i} ${p.outHeight}×${p.outWidth}`, p, rng));
  }
  return cases;
}
