/** Every kernel's case table (IDN shapes, edge cases, seeded random shapes), for tests and the self-check. */
import type { KernelCase } from '../engine/kernel-check';
import { seededRandom } from '../engine/random';
import { addActivationCases } from './add-activation/add-activation.cases';
import { arcfaceInputCases } from './arcface-input/arcface-input.cases';
import { blendCases } from './blend/blend.cases';
import { channelActivationCases } from './channel-activation/channel-activation.cases';
import { conv2dCases } from './conv2d/conv2d.cases';
import { conv3x3Cases } from './conv3x3/conv3x3.cases';
import { depthwiseConvCases } from './depthwise-conv/depthwise-conv.cases';
import { depthwiseSameCases } from './depthwise-same/depthwise-same.cases';
import { directConvCases } from './direct-conv/direct-conv.cases';
import { fusedConv3x3Cases } from './fused-conv3x3/fused-conv3x3.cases';
import { fusedDwPwCases } from './fused-dwpw/fused-dwpw.cases';
import { globalAvgPoolCases } from './global-avg-pool/global-avg-pool.cases';
import { l2NormalizeCases } from './l2-normalize/l2-normalize.cases';
import { linearCases } from './linear/linear.cases';
import { maskFilterCases } from './mask-filter/mask-filter.cases';
import { maxPool2x2Cases } from './max-pool-2x2/max-pool-2x2.cases';
import { modulateWeightsCases } from './modulate-weights/modulate-weights.cases';
import { normalizeInputCases } from './normalize-input/normalize-input.cases';
import { pasteBackCases } from './paste-back/paste-back.cases';
import { pointwiseConvCases } from './pointwise-conv/pointwise-conv.cases';
import { squeezeExciteCases } from './squeeze-excite/squeeze-excite.cases';
import { upsampleBilinearCases } from './upsample-bilinear/upsample-bilinear.cases';
import { warpAffineCases } from './warp-affine/warp-affine.cases';

export const caseTables: Readonly<Record<string, (rng: () => number) => KernelCase<any>[]>> = {
  'depthwise-conv': depthwiseConvCases,
  'upsample-bilinear': upsampleBilinearCases,
  'pointwise-conv': pointwiseConvCases,
  conv3x3: conv3x3Cases,
  'normalize-input': normalizeInputCases,
  blend: blendCases,
  'fused-dwpw': fusedDwPwCases,
  'fused-conv3x3': fusedConv3x3Cases,
  conv2d: conv2dCases,
  'max-pool-2x2': maxPool2x2Cases,
  'global-avg-pool': globalAvgPoolCases,
  'squeeze-excite': squeezeExciteCases,
  linear: linearCases,
  'l2-normalize': l2NormalizeCases,
  'modulate-weights': modulateWeightsCases,
  'arcface-input': arcfaceInputCases,
  'warp-affine': warpAffineCases,
  'mask-filter': maskFilterCases,
  'paste-back': pasteBackCases,
  'depthwise-same': depthwiseSameCases,
  'add-activation': addActivationCases,
  'channel-activation': channelActivationCases,
  'direct-conv': directConvCases,
};

/** All cases of one kernel, reproducible from the seed. */
export function casesFor(kernel: string, seed = 20260101): KernelCase<any>[] {
  const table = caseTables[kernel];
  if (!table) throw new Error(`no case table for kernel "${kernel}"`);
  return table(seededRandom(seed));
}
