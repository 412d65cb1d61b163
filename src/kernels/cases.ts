/** Every kernel's case table (IDN shapes, edge cases, seeded random shapes), for tests and the self-check. */
import type { KernelCase } from '../engine/kernel-check';
import { seededRandom } from '../engine/random';
import { blendCases } from './blend/blend.cases';
import { conv3x3Cases } from './conv3x3/conv3x3.cases';
import { fusedConv3x3Cases } from './fused-conv3x3/fused-conv3x3.cases';
import { fusedDwPwCases } from './fused-dwpw/fused-dwpw.cases';
import { depthwiseConvCases } from './depthwise-conv/depthwise-conv.cases';
import { normalizeInputCases } from './normalize-input/normalize-input.cases';
import { pointwiseConvCases } from './pointwise-conv/pointwise-conv.cases';
import { upsampleBilinearCases } from './upsample-bilinear/upsample-bilinear.cases';

export const caseTables: Readonly<Record<string, (rng: () => number) => KernelCase<any>[]>> = {
  'depthwise-conv': depthwiseConvCases,
  'upsample-bilinear': upsampleBilinearCases,
  'pointwise-conv': pointwiseConvCases,
  conv3x3: conv3x3Cases,
  'normalize-input': normalizeInputCases,
  blend: blendCases,
  'fused-dwpw': fusedDwPwCases,
  'fused-conv3x3': fusedConv3x3Cases,
};

/** All cases of one kernel, reproducible from the seed. */
export function casesFor(kernel: string, seed = 20260101): KernelCase<any>[] {
  const table = caseTables[kernel];
  if (!table) throw new Error(`no case table for kernel "${kernel}"`);
  return table(seededRandom(seed));
}
