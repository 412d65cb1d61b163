import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { maskFilter, type MaskFilterOp, type MaskFilterParams } from './mask-filter';
import { BINARISE_ABOVE, maskFilterRef } from './mask-filter.ref';

/** A mask like the IDN's: mostly 0 or near 1, with values straddling the 0.001 threshold (and on it). */
function maskValues(rng: () => number, n: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng();
    v[i] = k < 0.3 ? 0 : k < 0.45 ? rng() * 0.002 : k < 0.5 ? BINARISE_ABOVE : rng();
  }
  return v;
}

function makeCase(title: string, p: MaskFilterParams, rng: () => number, tail = 0): KernelCase<MaskFilterParams> {
  const n = p.height * p.width;
  const input = maskValues(rng, n);
  const fade = p.fade ? randomArray(rng, n, 0, 1) : undefined;
  const buffers: Record<string, Float32Array> = { input: placed(input, p.inOffset ?? 0, tail, 0.5), output: sentinel(n, p.outOffset ?? 0, tail) };
  if (fade) buffers.fade = fade;
  return kernelCase({
    title: `mask-filter ${title}`,
    kernel: maskFilter,
    params: p,
    buffers,
    expected: () => ({ output: placed(maskFilterRef(placed(input, p.inOffset ?? 0), p, fade), p.outOffset ?? 0, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function maskFilterCases(rng: () => number, randomCount = 3): KernelCase<MaskFilterParams>[] {
  const S = 224;
  const cases = [
    makeCase('binarise + dilate 11 along x @224²', { height: S, width: S, op: 'dilate', axis: 'x', radius: 5, threshold: true }, rng),
    makeCase('dilate 11 along y @224²', { height: S, width: S, op: 'dilate', axis: 'y', radius: 5 }, rng),
    makeCase('erode 21 along x @224²', { height: S, width: S, op: 'erode', axis: 'x', radius: 10 }, rng),
    makeCase('erode 21 along y, window taller than the 37×23 image', { height: 23, width: 37, op: 'erode', axis: 'y', radius: 10 }, rng),
    makeCase('box 7 along x @224² (reflect-101)', { height: S, width: S, op: 'box', axis: 'x', radius: 3 }, rng),
    makeCase('box 7 along y × border fade @224²', { height: S, width: S, op: 'box', axis: 'y', radius: 3, fade: true }, rng),
    makeCase('box 7 on a 5×3 image (reflect-101 wraps twice)', { height: 3, width: 5, op: 'box', axis: 'y', radius: 3 }, rng),
    makeCase('1×1 box with offsets', { height: 1, width: 1, op: 'box', axis: 'x', radius: 3, inOffset: 4, outOffset: 9 }, rng, 3),
    makeCase('binarise + erode with offsets 13×29', { height: 13, width: 29, op: 'erode', axis: 'x', radius: 2, threshold: true, inOffset: 17, outOffset: 5 }, rng, 2),
  ];
  const ops: MaskFilterOp[] = ['dilate', 'erode', 'box'];
  for (let i = 0; i < randomCount; i++) {
    const p: MaskFilterParams = {
      height: randomInt(rng, 1, 40),
      width: randomInt(rng, 1, 40),
      op: ops[randomInt(rng, 0, 2)]!,
      axis: rng() < 0.5 ? 'x' : 'y',
      radius: randomInt(rng, 0, 12),
      threshold: rng() < 0.5,
      fade: rng() < 0.5,
    };
    cases.push(makeCase(`random #${i} ${p.op} ${p.axis} r${p.radius} ${p.height}×${p.width}${p.threshold ? ' binarised' : ''}${p.fade ? ' faded' : ''}`, p, rng));
  }
  return cases;
}
