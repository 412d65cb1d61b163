import { graphActivationRef } from '../add-activation/add-activation.ref';
import type { ChannelActivationParams } from './channel-activation';

/** CPU reference: data[c, p] = act(data[c, p]) with channel c's PReLU slope. Returns a new array. */
export function channelActivationRef(data: Float32Array, alpha: Float32Array | undefined, p: ChannelActivationParams): Float32Array {
  const out = new Float32Array(p.channels * p.pixels);
  for (let i = 0; i < out.length; i++) out[i] = graphActivationRef(data[i]!, p.activation, alpha?.[Math.floor(i / p.pixels)]);
  return out;
}
