/**
 * The IDN's identity-dependent weights: 9 depthwise kernels (predicted) and 9 pointwise kernels (modulated)
 * in IDN order [E0..E4, D0..D3]. Each lives in its own GPU buffer that the IIN writes in place, so switching
 * identity changes no bind group and no pipeline.
 */
import { DECODER_STAGES, ENCODER_CHANNELS } from './layers';

export interface DynamicWeightShape {
  readonly depthwise: readonly [channels: number, one: 1, k: number, k2: number];
  readonly pointwise: readonly [out: number, inp: number, one: 1, one2: 1];
}

export const DYNAMIC_WEIGHT_SHAPES: readonly DynamicWeightShape[] = [
  ...[0, 1, 2, 3, 4].map((i) => ({
    depthwise: [ENCODER_CHANNELS[i]!, 1, 4, 4] as const,
    pointwise: [ENCODER_CHANNELS[i + 1]!, ENCODER_CHANNELS[i]!, 1, 1] as const,
  })),
  ...DECODER_STAGES.map((s) => ({ depthwise: [s.in, 1, 3, 3] as const, pointwise: [s.out, s.in, 1, 1] as const })),
];

export const DYNAMIC_LAYER_NAMES = ['E0', 'E1', 'E2', 'E3', 'E4', 'D0', 'D1', 'D2', 'D3'] as const;

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
export const depthwiseElements = (i: number) => count(DYNAMIC_WEIGHT_SHAPES[i]!.depthwise);
export const pointwiseElements = (i: number) => count(DYNAMIC_WEIGHT_SHAPES[i]!.pointwise);

/** Host copies of the 18 injected kernels (what an identity pack stores). */
export interface InjectedKernels {
  readonly depthwise: readonly Float32Array[];
  readonly pointwise: readonly Float32Array[];
}

/** GPU buffers the IIN writes into: the IDN's own weight buffers. */
export interface DynamicWeightBuffers {
  readonly depthwise: readonly GPUBuffer[];
  readonly pointwise: readonly GPUBuffer[];
}

export function checkInjectedKernels(k: InjectedKernels): void {
  if (k.depthwise.length !== 9 || k.pointwise.length !== 9) {
    throw new Error(`injected kernels: expected 9 depthwise and 9 pointwise tensors, got ${k.depthwise.length} and ${k.pointwise.length}`);
  }
  for (let i = 0; i < 9; i++) {
    if (k.depthwise[i]!.length !== depthwiseElements(i)) {
      throw new Error(`injected kernels: depthwise ${DYNAMIC_LAYER_NAMES[i]} has ${k.depthwise[i]!.length} values, expected ${depthwiseElements(i)} ([${DYNAMIC_WEIGHT_SHAPES[i]!.depthwise.join(', ')}])`);
    }
    if (k.pointwise[i]!.length !== pointwiseElements(i)) {
      throw new Error(`injected kernels: pointwise ${DYNAMIC_LAYER_NAMES[i]} has ${k.pointwise[i]!.length} values, expected ${pointwiseElements(i)} ([${DYNAMIC_WEIGHT_SHAPES[i]!.pointwise.join(', ')}])`);
    }
  }
}
