/**
 * How big a block of outputs each invocation of the IDN's GEMM kernels (fused-dwpw, pointwise-conv) owns.
 *
 * The two kinds of adapter want opposite things. A CPU emulator (lavapipe, SwiftShader) pays a high fixed cost
 * per workgroup and per barrier, and has only a few cores to fill: the largest block (4 channels × 4 pixels,
 * 64 × 64 tiles) is fastest there. A real GPU has 100+ multiprocessors to fill, and the IDN's deep stages are
 * small (D0 is 14 × 14 pixels at 224): 64 × 64 tiles give them a few dozen workgroups, each walking hundreds
 * of input channels alone. There the block shrinks, stage by stage, until the dispatch has enough workgroups.
 */
import type { Capabilities } from '../capabilities';

export type IdnTiling = 'emulator' | 'gpu';

export interface MicroTile {
  readonly rowsPerThread: 1 | 2 | 4;
  readonly pixelsPerThread: 1 | 2 | 4;
}

/** Workgroups a GPU-tiled dispatch aims for: a few per multiprocessor on large GPUs (an H100/H200 has 132). */
export const GPU_MIN_WORKGROUPS = 512;

/** Candidate blocks, largest first (outputs per invocation 16, 8, 4, 2, 1); at equal size, more pixels first (wider coalesced rows). */
const CANDIDATES: readonly MicroTile[] = [
  { rowsPerThread: 4, pixelsPerThread: 4 },
  { rowsPerThread: 2, pixelsPerThread: 4 },
  { rowsPerThread: 4, pixelsPerThread: 2 },
  { rowsPerThread: 1, pixelsPerThread: 4 },
  { rowsPerThread: 2, pixelsPerThread: 2 },
  { rowsPerThread: 4, pixelsPerThread: 1 },
  { rowsPerThread: 1, pixelsPerThread: 2 },
  { rowsPerThread: 2, pixelsPerThread: 1 },
  { rowsPerThread: 1, pixelsPerThread: 1 },
];

export function tilingFor(capabilities: Capabilities): IdnTiling {
  return capabilities.adapter.isSoftware ? 'emulator' : 'gpu';
}

/**
 * The block for one dispatch. `maxRows` caps the channel rows (no point in 64-channel tiles for 8 outputs);
 * `workgroupsFor` counts the dispatch's workgroups for a candidate block.
 */
export function chooseMicroTile(tiling: IdnTiling, maxRows: 1 | 2 | 4, workgroupsFor: (t: MicroTile) => number, minWorkgroups = GPU_MIN_WORKGROUPS): MicroTile {
  if (tiling === 'emulator') return { rowsPerThread: maxRows, pixelsPerThread: 4 };
  const fitting = CANDIDATES.filter((t) => t.rowsPerThread <= maxRows);
  return fitting.find((t) => workgroupsFor(t) >= minWorkgroups) ?? fitting.at(-1)!;
}

/** Channel rows per invocation: the smallest tile (16, 32 or 64 channels) that covers the widest job. */
export function rowsToCover(...outChannels: number[]): 1 | 2 | 4 {
  const c = Math.max(...outChannels);
  return c <= 16 ? 1 : c <= 32 ? 2 : 4;
}
