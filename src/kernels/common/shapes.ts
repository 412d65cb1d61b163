import { ShapeMismatchError } from '../../engine/errors';

/** Throws a ShapeMismatchError naming the kernel unless every value is a positive integer. */
export function requirePositiveInts(kernel: string, values: Readonly<Record<string, number>>): void {
  for (const [name, v] of Object.entries(values)) {
    if (!Number.isInteger(v) || v <= 0) throw new ShapeMismatchError(kernel, `${name} must be a positive integer, got ${v}`);
  }
}

/** Throws unless every value is a non-negative integer (element offsets). */
export function requireOffsets(kernel: string, values: Readonly<Record<string, number>>): void {
  for (const [name, v] of Object.entries(values)) {
    if (!Number.isInteger(v) || v < 0) throw new ShapeMismatchError(kernel, `${name} must be a non-negative integer element offset, got ${v}`);
  }
}

/** Output size of a convolution along one axis; throws when it would be empty. */
export function convOutputSize(kernel: string, axis: string, input: number, size: number, stride: number, pad: number): number {
  const out = Math.floor((input + 2 * pad - size) / stride) + 1;
  if (out <= 0) throw new ShapeMismatchError(kernel, `input ${axis} ${input} is too small for a ${size}-wide kernel with stride ${stride} and padding ${pad}`);
  return out;
}

export const ACTIVATIONS = { none: 0, leakyRelu: 1, tanh: 2, sigmoid: 3 } as const;
export type Activation = keyof typeof ACTIVATIONS;
export const LEAKY_RELU_SLOPE = 0.1;
