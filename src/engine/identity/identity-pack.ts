/**
 * Identity packs: the 18 injected IDN kernels of one source identity (≈1.65 MB) in a safetensors file, with
 * what produced them. Loading a pack sets an identity without running ArcFace or the IIN.
 *
 * Tensors: `E0.dw` … `D3.dw` ([C, 1, K, K]) and `E0.pw` … `D3.pw` ([C_out, C_in, 1, 1]).
 * Metadata: format, version, weights ('official' | 'synthetic'), weights_fingerprint (of the swap weights
 * that made the kernels; a pack only makes sense with the same IDN head/mask weights), created, source.
 */
import { InvalidArgumentError } from '../errors';
import { DYNAMIC_LAYER_NAMES, DYNAMIC_WEIGHT_SHAPES, checkInjectedKernels, type InjectedKernels } from '../idn/dynamic-weights';
import { encodeSafetensors, parseSafetensors } from '../weights/safetensors';
import type { Manifest } from '../weights/manifest';
import type { TensorMap } from '../weights/tensor-map';

export const IDENTITY_PACK_FORMAT = 'mobilefaceswap-webgpu/identity-pack';
export const IDENTITY_PACK_VERSION = '1';

export interface IdentityPackInfo {
  readonly weights: 'official' | 'synthetic';
  /** Fingerprint of the swap weights that produced the kernels (see weightsFingerprint). */
  readonly weightsFingerprint: string;
  /** Free text: the source image's name, for people. */
  readonly source?: string;
  readonly created?: string;
}

export interface IdentityPack {
  readonly kernels: InjectedKernels;
  readonly info: IdentityPackInfo;
}

export function identityPackManifest(): Manifest {
  return DYNAMIC_LAYER_NAMES.flatMap((n, i) => [
    { name: `${n}.dw`, shape: [...DYNAMIC_WEIGHT_SHAPES[i]!.depthwise] },
    { name: `${n}.pw`, shape: [...DYNAMIC_WEIGHT_SHAPES[i]!.pointwise] },
  ]);
}

export function encodeIdentityPack(pack: IdentityPack): Uint8Array {
  checkInjectedKernels(pack.kernels);
  const tensors: TensorMap = new Map();
  DYNAMIC_LAYER_NAMES.forEach((n, i) => {
    tensors.set(`${n}.dw`, { shape: DYNAMIC_WEIGHT_SHAPES[i]!.depthwise, data: pack.kernels.depthwise[i]! });
    tensors.set(`${n}.pw`, { shape: DYNAMIC_WEIGHT_SHAPES[i]!.pointwise, data: pack.kernels.pointwise[i]! });
  });
  return encodeSafetensors(tensors, {
    format: IDENTITY_PACK_FORMAT,
    version: IDENTITY_PACK_VERSION,
    weights: pack.info.weights,
    weights_fingerprint: pack.info.weightsFingerprint,
    created: pack.info.created ?? new Date().toISOString(),
    ...(pack.info.source ? { source: pack.info.source } : {}),
  });
}

export function decodeIdentityPack(bytes: Uint8Array, source = 'the identity pack'): IdentityPack {
  const { tensors, metadata } = parseSafetensors(bytes, { manifest: identityPackManifest(), source });
  if (metadata.format !== IDENTITY_PACK_FORMAT) {
    throw new InvalidArgumentError(`${source} is not an identity pack (format "${metadata.format ?? 'missing'}"; expected "${IDENTITY_PACK_FORMAT}"). Save one with the engine's identity-pack export.`);
  }
  if (metadata.version !== IDENTITY_PACK_VERSION) {
    throw new InvalidArgumentError(`${source} is identity pack version ${metadata.version}; this engine reads version ${IDENTITY_PACK_VERSION}`);
  }
  if (metadata.weights !== 'official' && metadata.weights !== 'synthetic') {
    throw new InvalidArgumentError(`${source}: metadata "weights" must be "official" or "synthetic", got "${metadata.weights}"`);
  }
  const copy = (name: string) => Float32Array.from(tensors.get(name)!.data);
  return {
    kernels: { depthwise: DYNAMIC_LAYER_NAMES.map((n) => copy(`${n}.dw`)), pointwise: DYNAMIC_LAYER_NAMES.map((n) => copy(`${n}.pw`)) },
    info: { weights: metadata.weights, weightsFingerprint: metadata.weights_fingerprint ?? '', source: metadata.source, created: metadata.created },
  };
}

/**
 * A cheap, stable fingerprint of a weight map (FNV-1a over names, shapes and a strided sample of values),
 * so a pack made with other weights is recognised before it produces nonsense.
 */
export function weightsFingerprint(weights: TensorMap): string {
  let h = 0x811c9dc5;
  const mix = (x: number) => {
    h ^= x;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  const names = [...weights.keys()].sort();
  for (const name of names) {
    for (let i = 0; i < name.length; i++) mix(name.charCodeAt(i));
    const t = weights.get(name)!;
    t.shape.forEach(mix);
    const bits = new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length);
    const step = Math.max(1, Math.floor(bits.length / 64));
    for (let i = 0; i < bits.length; i += step) mix(bits[i]!);
  }
  return `fnv1a32:${h.toString(16).padStart(8, '0')}:${names.length}`;
}
