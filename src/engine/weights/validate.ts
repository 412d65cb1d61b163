/** Checks a TensorMap against a manifest and reports every problem at once. */
import { WeightValidationError, type MisshapedTensor } from './errors';
import type { Manifest } from './manifest';
import { elementCount, type TensorMap } from './tensor-map';

export interface ManifestMismatch {
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  /** Wrong shape, or data whose length does not match its own shape (shown as `actual`). */
  readonly misshaped: readonly MisshapedTensor[];
}

/** Lists missing, extra and mis-shaped keys without throwing. */
export function findManifestMismatches(tensors: TensorMap, manifest: Manifest): ManifestMismatch {
  const expected = new Map(manifest.map((spec) => [spec.name, spec.shape]));
  const missing: string[] = [];
  const misshaped: MisshapedTensor[] = [];
  for (const [name, shape] of expected) {
    const tensor = tensors.get(name);
    if (!tensor) missing.push(name);
    else if (!sameShape(tensor.shape, shape) || tensor.data.length !== elementCount(shape)) {
      const actual = tensor.data.length === elementCount(tensor.shape) ? tensor.shape : [tensor.data.length];
      misshaped.push({ name, expected: shape, actual });
    }
  }
  const extra = [...tensors.keys()].filter((name) => !expected.has(name));
  return { missing, extra, misshaped };
}

/** Throws one WeightValidationError listing every mismatch; `source` names the file in the message. */
export function validateTensors(tensors: TensorMap, manifest: Manifest, source: string): void {
  const { missing, extra, misshaped } = findManifestMismatches(tensors, manifest);
  if (missing.length || extra.length || misshaped.length) throw new WeightValidationError(source, missing, extra, misshaped);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
