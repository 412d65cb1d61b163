/** Building blocks for kernel cases: buffers with element offsets and sentinel padding. */
import { SENTINEL } from '../../engine/kernel-check';

/** `values` placed at `offset` inside a buffer of `offset + values.length + tail` elements filled with `fill`. */
export function placed(values: Float32Array, offset = 0, tail = 0, fill = SENTINEL): Float32Array {
  const out = new Float32Array(offset + values.length + tail).fill(fill);
  out.set(values, offset);
  return out;
}

/** A sentinel-filled output buffer of `offset + count + tail` elements. */
export function sentinel(count: number, offset = 0, tail = 0): Float32Array {
  return new Float32Array(offset + count + tail).fill(SENTINEL);
}

export const DEFAULT_TOLERANCE = { atol: 2e-5, rtol: 1e-4 } as const;
