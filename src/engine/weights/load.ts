/**
 * Where the engine's weights come from, in one place: deterministic synthetic weights, a converted
 * .safetensors file (bytes or URL, streamed with progress), or the two official .pdparams files themselves
 * (converted in memory — what the playground does with dropped files). Browser-safe: no Node imports.
 */
import { InvalidArgumentError } from '../errors';
import { WeightsError } from './errors';
import { partManifest, identifyCheckpoint, splitConverted, type CheckpointPart } from './naming';
import { readPdparams } from './pickle-reader';
import { loadSafetensorsFromUrl, parseSafetensors, type SafetensorsContents } from './safetensors';
import { isSyntheticMetadata, makeSyntheticArcfaceWeights, makeSyntheticSwapWeights, SYNTHETIC_MARKER_KEY, SYNTHETIC_NOTICE } from './synthetic';
import type { TensorMap } from './tensor-map';
import { validateTensors } from './validate';

export type WeightsSource =
  | { readonly synthetic: { readonly seed?: number } }
  | { readonly url: string }
  | { readonly bytes: Uint8Array; readonly name?: string }
  | { readonly pdparams: readonly { readonly bytes: Uint8Array; readonly name: string }[] };

export type WeightsProgress = (loadedBytes: number, totalBytes: number | undefined) => void;

export interface LoadedWeights {
  readonly swap: TensorMap;
  /** Absent when only the swap network was given: identities then come from packs or raw embeddings. */
  readonly arcface: TensorMap | undefined;
  readonly provenance: 'official' | 'synthetic';
  /** For people: where the weights came from. */
  readonly description: string;
}

export const DEFAULT_SYNTHETIC_SEED = 1;

export async function loadWeights(source: WeightsSource, onProgress?: WeightsProgress): Promise<LoadedWeights> {
  if ('synthetic' in source) {
    const seed = source.synthetic.seed ?? DEFAULT_SYNTHETIC_SEED;
    return { swap: makeSyntheticSwapWeights(seed), arcface: makeSyntheticArcfaceWeights(seed), provenance: 'synthetic', description: `${SYNTHETIC_NOTICE} (seed ${seed})` };
  }
  if ('url' in source) {
    const contents = await loadSafetensorsFromUrl(source.url, { onProgress, source: source.url });
    return fromConverted(contents, source.url);
  }
  if ('bytes' in source) {
    const name = source.name ?? 'the weights file';
    if (isPickle(source.bytes)) return fromPdparams([{ bytes: source.bytes, name }]);
    return fromConverted(parseSafetensors(source.bytes, { source: name }), name);
  }
  if ('pdparams' in source) return fromPdparams(source.pdparams);
  throw new InvalidArgumentError('loadWeights: give { synthetic }, { url }, { bytes } or { pdparams }');
}

function fromConverted(contents: SafetensorsContents, name: string): LoadedWeights {
  const { metadata, tensors } = contents;
  if (metadata.bn_folded === 'true') {
    throw new WeightsError(`${name} was converted with --fold-bn; the engine folds BatchNorm itself and needs the unfolded tensors: convert again without --fold-bn`);
  }
  const parts = splitConverted(tensors);
  if (!parts.swap) throw new WeightsError(`${name} holds no MobileFaceSwap_224 tensors (swap.*); convert it with --swap MobileFaceSwap_224.pdparams`);
  const synthetic = isSyntheticMetadata(metadata);
  return {
    swap: parts.swap,
    arcface: parts.arcface,
    provenance: synthetic ? 'synthetic' : 'official',
    description: synthetic ? `${SYNTHETIC_NOTICE} (${name})` : `official MobileFaceSwap weights converted from ${[metadata.swap_source, metadata.arcface_source].filter(Boolean).join(' + ') || name}`,
  };
}

function fromPdparams(files: readonly { bytes: Uint8Array; name: string }[]): LoadedWeights {
  const found: Partial<Record<CheckpointPart, TensorMap>> = {};
  let synthetic = false;
  for (const f of files) {
    const contents = readPdparams(f.bytes);
    const part = identifyCheckpoint(contents.tensors);
    if (!part) throw new WeightsError(`${f.name} is neither MobileFaceSwap_224.pdparams nor arcface.pdparams (its keys match neither)`);
    if (found[part]) throw new WeightsError(`two ${part === 'swap' ? 'MobileFaceSwap_224' : 'arcface'} checkpoints given (${f.name} is the second)`);
    validateTensors(contents.tensors, partManifest(part, false), f.name);
    found[part] = contents.tensors;
    synthetic ||= contents.structuredNames.has(SYNTHETIC_MARKER_KEY);
  }
  if (!found.swap) throw new WeightsError('MobileFaceSwap_224.pdparams is missing: the swap network needs it (arcface.pdparams alone cannot swap)');
  return {
    swap: found.swap,
    arcface: found.arcface,
    provenance: synthetic ? 'synthetic' : 'official',
    description: synthetic ? `${SYNTHETIC_NOTICE} (.pdparams written by the synthetic generator)` : `official MobileFaceSwap weights (${files.map((f) => f.name).join(' + ')})`,
  };
}

/** Pickles start with PROTO (0x80) and a protocol number; safetensors with an 8-byte little-endian length. */
function isPickle(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5;
}
