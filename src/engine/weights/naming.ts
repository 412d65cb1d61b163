/**
 * How the converter names tensors in its single .safetensors file, and what that file must hold.
 * Keys are the Paddle keys with a prefix per source checkpoint (`swap.`, `arcface.`), shapes stay in
 * Paddle layout; `__metadata__` records which parts are present and whether BN was folded.
 */
import { SafetensorsFormatError } from './errors';
import { foldedManifest } from './batchnorm';
import {
  arcfaceBatchNormFolds,
  arcfaceManifest,
  swapBatchNormFolds,
  swapManifest,
  type BatchNormFold,
  type Manifest,
} from './manifest';
import type { TensorMap } from './tensor-map';

export const CONVERTED_FORMAT = 'mobilefaceswap-webgpu/weights';
export const CONVERTED_FORMAT_VERSION = '1';

export const PART_PREFIX = { swap: 'swap.', arcface: 'arcface.' } as const;
export type CheckpointPart = keyof typeof PART_PREFIX;
export const CHECKPOINT_PARTS: readonly CheckpointPart[] = ['swap', 'arcface'];

export const NAMING_SCHEME =
  'swap.<key of MobileFaceSwap_224.pdparams>, arcface.<key of arcface.pdparams>; Paddle layouts ' +
  '(conv [O, I/groups, kh, kw], linear [in, out]); float32 little-endian';

export function partManifest(part: CheckpointPart, foldBn: boolean): Manifest {
  const manifest = part === 'swap' ? swapManifest() : arcfaceManifest();
  return foldBn ? foldedManifest(manifest, partFolds(part)) : manifest;
}

export function partFolds(part: CheckpointPart): readonly BatchNormFold[] {
  return part === 'swap' ? swapBatchNormFolds() : arcfaceBatchNormFolds();
}

/** The prefixed manifest of a converted file holding `parts`. */
export function convertedManifest(parts: readonly CheckpointPart[], foldBn: boolean): Manifest {
  return parts.flatMap((part) => partManifest(part, foldBn).map((spec) => ({ name: PART_PREFIX[part] + spec.name, shape: spec.shape })));
}

/** Reads `format`, `parts` and `bn_folded` from a converted file's metadata and returns its manifest. */
export function manifestFromMetadata(metadata: Readonly<Record<string, string>>): Manifest {
  if (metadata.format !== CONVERTED_FORMAT) {
    throw new SafetensorsFormatError(
      `__metadata__.format is ${JSON.stringify(metadata.format ?? null)}, not "${CONVERTED_FORMAT}" (not made by the converter)`,
    );
  }
  if (metadata.format_version !== CONVERTED_FORMAT_VERSION) {
    throw new SafetensorsFormatError(`format_version ${JSON.stringify(metadata.format_version ?? null)} is not supported (expected "${CONVERTED_FORMAT_VERSION}")`);
  }
  const parts = (metadata.parts ?? '').split(',').filter(Boolean);
  const unknown = parts.filter((p) => !(p in PART_PREFIX));
  if (parts.length === 0 || unknown.length) throw new SafetensorsFormatError(`__metadata__.parts is ${JSON.stringify(metadata.parts ?? null)}`);
  return convertedManifest(parts as CheckpointPart[], metadata.bn_folded === 'true');
}

export function prefixTensors(tensors: TensorMap, prefix: string): TensorMap {
  return new Map([...tensors].map(([name, t]) => [prefix + name, t]));
}

/** Splits a converted file's tensors back into per-checkpoint maps with the original Paddle keys. */
export function splitConverted(tensors: TensorMap): Partial<Record<CheckpointPart, TensorMap>> {
  const out: Partial<Record<CheckpointPart, TensorMap>> = {};
  for (const [name, tensor] of tensors) {
    for (const part of CHECKPOINT_PARTS) {
      const prefix = PART_PREFIX[part];
      if (name.startsWith(prefix)) (out[part] ??= new Map()).set(name.slice(prefix.length), tensor);
    }
  }
  return out;
}

/** Which checkpoint a key set belongs to: the one whose manifest it covers at least half of. */
export function identifyCheckpoint(tensors: TensorMap): CheckpointPart | undefined {
  let best: CheckpointPart | undefined;
  let bestShare = 0.5;
  for (const part of CHECKPOINT_PARTS) {
    const manifest = partManifest(part, false);
    const share = manifest.filter((spec) => tensors.has(spec.name)).length / manifest.length;
    if (share >= bestShare) [best, bestShare] = [part, share];
  }
  return best;
}
