/**
 * Where every IDN activation lives in the one activation buffer ("arena"), at a given crop size. Skip
 * concatenations are laid out so that the decoder writes channels [0, C_dec) and the encoder wrote the skip
 * at [C_dec, C_dec + C_skip) of the same region: [decoder output, encoder skip], as the official concat.
 */
import { DECODER_STAGES, ENCODER_CHANNELS, MASK_CHANNELS } from './layers';

export interface Region {
  readonly offset: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export interface ArenaLayout {
  readonly size: number;
  readonly elements: number;
  /** The [0, 1] RGB input crop [3, S, S]. */
  readonly crop: Region;
  /** E0 output (not a skip). */
  readonly e0: Region;
  /** Bottleneck E4 [512, S/32, S/32]. */
  readonly bottleneck: Region;
  /** concat[j] = [D_j output, E_{3−j}] for j = 0, 1, 2. */
  readonly concat: readonly Region[];
  readonly d3: Region;
  readonly mask: readonly Region[];
  readonly headPointwise: Region;
  readonly headConv1: Region;
  /** Sigmoid mask [1, S, S]. */
  readonly maskOut: Region;
  /** Blended output [3, S, S]. */
  readonly out: Region;
}

export const regionElements = (r: Region) => r.channels * r.height * r.width;

export function layoutArena(size: number): ArenaLayout {
  let cursor = 0;
  const region = (channels: number, side: number): Region => {
    const r = { offset: cursor, channels, height: side, width: side };
    // Keep regions 64-element aligned: harmless, and readable offsets in the inspector.
    cursor += Math.ceil((channels * side * side) / 64) * 64;
    return r;
  };
  const crop = region(3, size);
  const e0 = region(ENCODER_CHANNELS[1], size / 2);
  const bottleneck = region(ENCODER_CHANNELS[5], size / 32);
  const concat = DECODER_STAGES.slice(0, 3).map((s, j) => region(s.out + s.skip, size / 2 ** (4 - j)));
  const d3 = region(DECODER_STAGES[3].out, size / 2);
  const mask = MASK_CHANNELS.slice(1).map((c, s) => region(c, size / 2 ** (4 - s)));
  const headPointwise = region(8, size);
  const headConv1 = region(3, size);
  const maskOut = region(1, size);
  const out = region(3, size);
  return { size, elements: cursor, crop, e0, bottleneck, concat, d3, mask, headPointwise, headConv1, maskOut, out };
}

/** Element offset of channel `c` inside a region. */
export function channelOffset(r: Region, c: number): number {
  return r.offset + c * r.height * r.width;
}
