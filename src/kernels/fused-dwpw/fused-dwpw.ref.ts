import { depthwiseConvRef } from '../depthwise-conv/depthwise-conv.ref';
import { normalizeInputRef } from '../normalize-input/normalize-input.ref';
import { pointwiseConvRef } from '../pointwise-conv/pointwise-conv.ref';
import { upsampleBilinearRef } from '../upsample-bilinear/upsample-bilinear.ref';
import { fusedJobGeometry, type FusedDwPwParams, type FusedStageJob } from './fused-dwpw';

export interface FusedJobWeights {
  readonly dwWeight?: Float32Array;
  readonly pwWeight: Float32Array;
  readonly biases?: Float32Array;
}

/** CPU reference: the fused stage composed from the unfused kernels' references, job by job. */
export function fusedDwPwRef(arena: Float32Array, p: FusedDwPwParams, weights: readonly FusedJobWeights[]): Float32Array {
  const out = arena.slice();
  p.jobs.forEach((j: FusedStageJob, i) => {
    const w = weights[i]!;
    const k2 = p.kernelSize * p.kernelSize;
    let x: Float32Array = arena.slice(j.inOffset, j.inOffset + j.inChannels * j.height * j.width);
    if (j.normalize) x = normalizeInputRef(x);
    const dwBias = j.dwBiasOffset !== undefined ? w.biases!.subarray(j.dwBiasOffset, j.dwBiasOffset + j.inChannels) : undefined;
    const staged = j.depthwise
      ? depthwiseConvRef(x, w.dwWeight!.subarray(j.dwWeightOffset ?? 0, (j.dwWeightOffset ?? 0) + j.inChannels * k2), dwBias, {
          channels: j.inChannels, height: j.height, width: j.width, kernelSize: p.kernelSize, stride: p.stride, pad: p.pad, upsample: j.upsample ?? false,
        })
      : j.upsample ? upsampleBilinearRef(x, j.inChannels, j.height, j.width) : x;
    const { pixels } = fusedJobGeometry(p, j);
    const pwOff = j.pwWeightOffset ?? 0;
    const pwBias = j.pwBiasOffset !== undefined ? w.biases!.subarray(j.pwBiasOffset, j.pwBiasOffset + j.outChannels) : undefined;
    const y = pointwiseConvRef(staged, w.pwWeight.subarray(pwOff, pwOff + j.outChannels * j.inChannels), pwBias, {
      inChannels: j.inChannels, outChannels: j.outChannels, pixels, activation: j.activation,
    });
    out.set(y, j.outOffset);
  });
  return out;
}
