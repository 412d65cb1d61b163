import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { normalizeInput, type NormalizeInputParams } from './normalize-input';
import { normalizeInputRef } from './normalize-input.ref';

function makeCase(title: string, p: NormalizeInputParams, rng: () => number, tail = 0): KernelCase<NormalizeInputParams> {
  const input = randomArray(rng, p.count, 0, 1);
  return kernelCase({
    title: `normalize-input ${title}`,
    kernel: normalizeInput,
    params: p,
    buffers: { input: placed(input, p.inOffset ?? 0, tail, 0), output: sentinel(p.count, p.outOffset ?? 0, tail) },
    expected: () => ({ output: placed(normalizeInputRef(input), p.outOffset ?? 0, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function normalizeInputCases(rng: () => number, randomCount = 2): KernelCase<NormalizeInputParams>[] {
  const cases = [makeCase('3×224²', { count: 3 * 224 * 224 }, rng), makeCase('1 element', { count: 1 }, rng), makeCase('offsets', { count: 1001, inOffset: 3, outOffset: 5 }, rng, 7)];
  for (let i = 0; i < randomCount; i++) {
    const count = randomInt(rng, 1, 5000);
    cases.push(makeCase(`random #${i} ${count}`, { count }, rng));
  }
  return cases;
}
