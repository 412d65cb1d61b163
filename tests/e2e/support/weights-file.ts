/**
 * A converted-weights file as the converter writes it (safetensors, `swap.` names, converter metadata),
 * holding synthetic swap weights only: small enough to serve in a test, and marked synthetic so the page
 * must keep its banner.
 */
import { CONVERTED_FORMAT, CONVERTED_FORMAT_VERSION, NAMING_SCHEME, PART_PREFIX } from '../../../src/engine/weights/naming';
import { encodeSafetensors } from '../../../src/engine/weights/safetensors';
import { makeSyntheticSwapWeights, syntheticMetadata } from '../../../src/engine/weights/synthetic';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';

export function syntheticSwapSafetensors(seed: number): Uint8Array {
  const tensors: TensorMap = new Map([...makeSyntheticSwapWeights(seed)].map(([name, t]) => [PART_PREFIX.swap + name, t]));
  return encodeSafetensors(tensors, {
    format: CONVERTED_FORMAT,
    format_version: CONVERTED_FORMAT_VERSION,
    naming: NAMING_SCHEME,
    parts: 'swap',
    bn_folded: 'false',
    ...syntheticMetadata(seed),
  });
}
