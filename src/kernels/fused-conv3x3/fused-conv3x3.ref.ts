import { blendRef } from '../blend/blend.ref';
import { conv3x3Ref } from '../conv3x3/conv3x3.ref';
import type { FusedConv3x3Params } from './fused-conv3x3';

/** CPU reference: each job is conv3x3 (+ the blend) from the unfused kernels' references. */
export function fusedConv3x3Ref(arena: Float32Array, weights: Float32Array, p: FusedConv3x3Params): Float32Array {
  const out = arena.slice();
  for (const j of p.jobs) {
    const plane = j.height * j.width;
    const input = arena.slice(j.inOffset, j.inOffset + j.inChannels * plane);
    const w = weights.slice(j.weightOffset, j.weightOffset + j.outChannels * j.inChannels * 9);
    const b = weights.slice(j.biasOffset, j.biasOffset + j.outChannels);
    let y = conv3x3Ref(input, w, b, { inChannels: j.inChannels, outChannels: j.outChannels, height: j.height, width: j.width, activation: j.activation });
    if (j.blend) {
      if (j.outChannels !== 3) throw new Error('the blend reference is for 3-channel images');
      const mask = arena.slice(j.blend.maskOffset, j.blend.maskOffset + plane);
      const crop = arena.slice(j.blend.cropOffset, j.blend.cropOffset + 3 * plane);
      y = blendRef(y, mask, crop, plane);
    }
    out.set(y, j.outOffset);
  }
  return out;
}
