/** The kernel library: a typed const object, one entry per folder under src/kernels. */
import { blend } from './blend/blend';
import { conv3x3 } from './conv3x3/conv3x3';
import { depthwiseConv } from './depthwise-conv/depthwise-conv';
import { fusedConv3x3 } from './fused-conv3x3/fused-conv3x3';
import { fusedDwPw } from './fused-dwpw/fused-dwpw';
import { normalizeInput } from './normalize-input/normalize-input';
import { pointwiseConv } from './pointwise-conv/pointwise-conv';
import { upsampleBilinear } from './upsample-bilinear/upsample-bilinear';

export const kernels = { depthwiseConv, upsampleBilinear, pointwiseConv, conv3x3, normalizeInput, blend, fusedDwPw, fusedConv3x3 } as const;
export type KernelName = keyof typeof kernels;
export { blend, conv3x3, depthwiseConv, fusedConv3x3, fusedDwPw, normalizeInput, pointwiseConv, upsampleBilinear };
