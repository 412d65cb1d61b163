/** Messages between the page and the CPU-reference worker. */
export interface ReferenceRequest {
  readonly id: number;
  /** Only the static weights the IDN reads (`final.*`, `mask.*`): the IIN's are not needed once kernels exist. */
  readonly statics: readonly { readonly name: string; readonly shape: readonly number[]; readonly data: Float32Array }[];
  readonly depthwise: readonly Float32Array[];
  readonly pointwise: readonly Float32Array[];
  /** Planar [3, S, S] crop in [0, 1], exactly what the GPU frame read. */
  readonly crop: Float32Array;
  readonly size: number;
  /** Reference node names to send back. */
  readonly wanted: readonly string[];
}

export type ReferenceResponse =
  | { readonly id: number; readonly ok: true; readonly tensors: Readonly<Record<string, Float32Array>>; readonly ms: number }
  | { readonly id: number; readonly ok: false; readonly error: string };
