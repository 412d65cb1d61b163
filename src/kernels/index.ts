/** The kernel library: a typed const object, one entry per folder under src/kernels. */
import { addActivation } from './add-activation/add-activation';
import { arcfaceInput } from './arcface-input/arcface-input';
import { blend } from './blend/blend';
import { channelActivation } from './channel-activation/channel-activation';
import { conv2d } from './conv2d/conv2d';
import { conv3x3 } from './conv3x3/conv3x3';
import { depthwiseConv } from './depthwise-conv/depthwise-conv';
import { depthwiseSame } from './depthwise-same/depthwise-same';
import { directConv } from './direct-conv/direct-conv';
import { fusedConv3x3 } from './fused-conv3x3/fused-conv3x3';
import { fusedDwPw } from './fused-dwpw/fused-dwpw';
import { globalAvgPool } from './global-avg-pool/global-avg-pool';
import { l2Normalize } from './l2-normalize/l2-normalize';
import { linear } from './linear/linear';
import { maskFilter } from './mask-filter/mask-filter';
import { maxPool2x2 } from './max-pool-2x2/max-pool-2x2';
import { modulateWeights } from './modulate-weights/modulate-weights';
import { normalizeInput } from './normalize-input/normalize-input';
import { pasteBack } from './paste-back/paste-back';
import { pointwiseConv } from './pointwise-conv/pointwise-conv';
import { squeezeExcite } from './squeeze-excite/squeeze-excite';
import { upsampleBilinear } from './upsample-bilinear/upsample-bilinear';
import { warpAffine } from './warp-affine/warp-affine';

export const kernels = { depthwiseConv, upsampleBilinear, pointwiseConv, conv3x3, normalizeInput, blend, fusedDwPw, fusedConv3x3, conv2d, maxPool2x2, globalAvgPool, squeezeExcite, linear, l2Normalize, modulateWeights, arcfaceInput, depthwiseSame, addActivation, channelActivation, warpAffine, maskFilter, pasteBack } as const;
export type KernelName = keyof typeof kernels;
export { addActivation, arcfaceInput, blend, channelActivation, conv2d, conv3x3, depthwiseConv, depthwiseSame, directConv, fusedConv3x3, fusedDwPw, globalAvgPool, l2Normalize, linear, maxPool2x2, modulateWeights, normalizeInput, pointwiseConv, squeezeExcite, upsampleBilinear, warpAffine, maskFilter, pasteBack };
