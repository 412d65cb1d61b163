/**
 * Runs a lowered face-network plan on the CPU with every kernel's `.ref.ts`: checks the lowering (layouts,
 * weight transposes, fusions, padding) against tfjs without a GPU.
 */
import { addActivationRef } from '../../../src/kernels/add-activation/add-activation.ref';
import { channelActivationRef } from '../../../src/kernels/channel-activation/channel-activation.ref';
import { conv2dRef } from '../../../src/kernels/conv2d/conv2d.ref';
import { depthwiseSameRef } from '../../../src/kernels/depthwise-same/depthwise-same.ref';
import { DIRECT_CONV_CHANNELS, directConvShape, type DirectConvParams } from '../../../src/kernels/direct-conv/direct-conv';
import { directConvRef } from '../../../src/kernels/direct-conv/direct-conv.ref';
import { pointwiseConvRef } from '../../../src/kernels/pointwise-conv/pointwise-conv.ref';
import { nchwToNhwc, type BufferRef, type NetworkPlan } from '../../../src/engine/face/graph-plan';

export function runPlanOnCpu(plan: NetworkPlan, planar: Float32Array): Record<string, Float32Array> {
  const tensors = new Map<number, Float32Array>();
  tensors.set(plan.input.tensor, planar);
  const get = (r: BufferRef | undefined) => (r === undefined ? undefined : r.kind === 'tensor' ? tensors.get(r.id)! : plan.weights.get(r.key)!);
  for (const s of plan.steps) {
    const b = s.bindings;
    const outId = (b['output'] ?? b['data'])!;
    if (outId.kind !== 'tensor') throw new Error('output must be a tensor');
    switch (s.kernel) {
      case 'pointwise-conv':
        tensors.set(outId.id, pointwiseConvRef(get(b['input'])!, get(b['weight'])!, get(b['bias']), s.params));
        break;
      case 'conv2d':
        tensors.set(outId.id, conv2dRef({ input: get(b['input'])!, weight: get(b['weight'])!, bias: get(b['bias']), slope: get(b['slope'])?.[0] }, s.params));
        break;
      case 'direct-conv':
        tensors.set(outId.id, directConvRefPacked(get(b['input'])!, get(b['weight'])!, get(b['bias'])!, get(b['alpha']), s.params, get(b['residual'])));
        break;
      case 'depthwise-same':
        tensors.set(outId.id, depthwiseSameRef(get(b['input'])!, get(b['weight'])!, s.params));
        break;
      case 'add-activation':
        tensors.set(outId.id, addActivationRef(get(b['input'])!, get(b['residual'])!, get(b['alpha']), s.params));
        break;
      case 'channel-activation':
        tensors.set(outId.id, channelActivationRef(get(b['data'])!, get(b['alpha']), s.params));
        break;
    }
  }
  return Object.fromEntries(plan.outputs.map((o) => [o.name, nchwToNhwc(tensors.get(o.tensor)!, o.channels, o.height, o.width)]));
}

/** direct-conv's reference takes [C_out, C_in, KH, KW] weights: undo the plan's tap-major packing. */
function directConvRefPacked(input: Float32Array, packed: Float32Array, bias8: Float32Array, alpha: Float32Array | undefined, p: DirectConvParams, residual?: Float32Array): Float32Array {
  const taps = p.inChannels * p.kernelHeight * p.kernelWidth;
  const { paddedOut } = directConvShape(p);
  if (paddedOut % DIRECT_CONV_CHANNELS !== 0) throw new Error('bad padding');
  const oihw = new Float32Array(p.outChannels * taps);
  for (let co = 0; co < p.outChannels; co++) for (let t = 0; t < taps; t++) oihw[co * taps + t] = packed[t * paddedOut + co]!;
  return directConvRef(input, oihw, bias8.subarray(0, p.outChannels), alpha, p, residual);
}
