/** A named float32 tensor held on the CPU (row-major, C order, Paddle layout unless stated). */
export interface HostTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Parameter name → tensor, exactly as the checkpoint names it (e.g. `predictor.encoder.0.conv.weight`). */
export type TensorMap = Map<string, HostTensor>;

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
