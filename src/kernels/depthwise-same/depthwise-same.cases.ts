import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { depthwiseSame, depthwiseSameShape, type DepthwiseSameParams } from './depthwise-same';
import { depthwiseSameRef } from './depthwise-same.ref';

function makeCase(title: string, p: DepthwiseSameParams, rng: () => number): KernelCase<DepthwiseSameParams> {
  const s = depthwiseSameShape(p);
  const input = randomArray(rng, p.channels * p.height * p.width);
  const weight = randomArray(rng, p.channels * p.kernelSize * p.kernelSize);
  const outCount = p.channels * s.outHeight * s.outWidth;
  return kernelCase({
    title: `depthwise-same ${title}`,
    kernel: depthwiseSame,
    params: p,
    // A sentinel tail catches writes past the output.
    buffers: { input, weight, output: sentinel(outCount, 0, 5) },
    expected: () => ({ output: placed(depthwiseSameRef(input, weight, p), 0, 5) }),
    // ≤ 25 products of values in [−1, 1] summed in f32 against f64.
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function depthwiseSameCases(rng: () => number, randomCount = 3): KernelCase<DepthwiseSameParams>[] {
  const cases = [
    makeCase('BlazeFace 24 @128² 3×3 s1 SAME', { channels: 24, height: 128, width: 128, kernelSize: 3, stride: 1, padding: 'SAME' }, rng),
    makeCase('BlazeFace 24 @128² 3×3 s2 SAME (pads bottom/right only)', { channels: 24, height: 128, width: 128, kernelSize: 3, stride: 2, padding: 'SAME' }, rng),
    makeCase('FaceMesh 128 @6² 3×3 s2 SAME', { channels: 128, height: 6, width: 6, kernelSize: 3, stride: 2, padding: 'SAME' }, rng),
    makeCase('odd 5 @7×9 3×3 s2 SAME (pads both sides)', { channels: 5, height: 7, width: 9, kernelSize: 3, stride: 2, padding: 'SAME' }, rng),
    makeCase('5×5 s2 SAME on 10×11', { channels: 3, height: 10, width: 11, kernelSize: 5, stride: 2, padding: 'SAME' }, rng),
    makeCase('3×3 s1 VALID 4 @6×5', { channels: 4, height: 6, width: 5, kernelSize: 3, stride: 1, padding: 'VALID' }, rng),
    makeCase('1×1 image', { channels: 2, height: 1, width: 1, kernelSize: 3, stride: 1, padding: 'SAME' }, rng),
  ];
  for (let i = 0; i < randomCount; i++) {
    const p: DepthwiseSameParams = {
      channels: randomInt(rng, 1, 40),
      height: randomInt(rng, 1, 33),
      width: randomInt(rng, 1, 33),
      kernelSize: randomInt(rng, 0, 1) ? 3 : 5,
      stride: randomInt(rng, 1, 2),
      padding: 'SAME',
    };
    cases.push(makeCase(`random #${i} ${p.channels} @${p.height}×${p.width} ${p.kernelSize}×${p.kernelSize} s${p.stride}`, p, rng));
  }
  return cases;
}
