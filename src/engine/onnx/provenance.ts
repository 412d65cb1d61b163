/**
 * Where an exported model's weights came from. A model built from synthetic weights says so in
 * three places a user will look (metadata_props, the model/graph doc string, the graph name), so
 * it can never be mistaken for an export of the released checkpoints.
 */

/** Same wording as the engine's synthetic-weights notice. */
export const SYNTHETIC_NOTICE = 'SYNTHETIC weights — not a real face swap';

export type WeightsProvenance = 'SYNTHETIC' | 'official';

export function provenanceOf(synthetic: boolean | undefined): WeightsProvenance {
  return synthetic === true ? 'SYNTHETIC' : 'official';
}

/** metadata_props entries shared by every export. `checkpoint` names the official source file. */
export function provenanceMetadata(provenance: WeightsProvenance, checkpoint: string): Record<string, string> {
  if (provenance === 'SYNTHETIC') {
    return {
      weights_provenance: 'SYNTHETIC',
      synthetic: 'true',
      notice: `${SYNTHETIC_NOTICE}: seeded random tensors with the official names and shapes, not ${checkpoint}`,
    };
  }
  return { weights_provenance: 'official', synthetic: 'false', source_checkpoint: checkpoint };
}

/** First line of the doc string: impossible to miss for synthetic weights. */
export function provenanceHeadline(provenance: WeightsProvenance, checkpoint: string): string {
  return provenance === 'SYNTHETIC'
    ? `*** ${SYNTHETIC_NOTICE.toUpperCase()} *** (not ${checkpoint})`
    : `Weights: ${checkpoint} (official release, as supplied to the exporter).`;
}

/** Graph names carry the marker too, since some viewers show only the graph name. */
export function provenanceGraphName(provenance: WeightsProvenance, base: string): string {
  return provenance === 'SYNTHETIC' ? `SYNTHETIC_${base}` : base;
}
