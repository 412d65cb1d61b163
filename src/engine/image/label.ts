/**
 * A visible corner label (e.g. "AI-swapped") drawn into RGBA8 pixels: white 5×7 glyphs on a dark box,
 * scaled with the image so it stays legible from a 224² crop to a 4K frame. Pure TS, in place.
 */
import { checkRgba, ImageArgumentError } from './errors';
import { FONT_5X7, GLYPH_HEIGHT, GLYPH_WIDTH } from './font5x7';

export type LabelCorner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export interface LabelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Pixels per font dot. */
  readonly scale: number;
}

export interface LabelOptions {
  /** Pixels per font dot; default scales with min(width, height) (1 at ≤270 px, 3 at 512, 12 at 2160). */
  readonly scale?: number;
}

// The box keeps a quarter of what was under it, so the label reads on any background.
const BOX_KEEP = 0.25;
const INK = 255;

/** Box size for `text` at `scale`: text plus 2 dots of padding on every side. */
export function labelSize(text: string, scale: number): { width: number; height: number } {
  const pad = 2 * scale;
  const textWidth = text.length * (GLYPH_WIDTH + 1) * scale - scale;
  return { width: textWidth + 2 * pad, height: GLYPH_HEIGHT * scale + 2 * pad };
}

/**
 * Draw `text` in `corner`, 2 dots from the edges. The scale shrinks (down to 1) until the box fits; at 1 a
 * too-small image gets a clipped box. Returns the box actually drawn; nothing outside it changes.
 */
export function drawLabel(rgba: Uint8Array, width: number, height: number, text: string, corner: LabelCorner = 'bottom-right', options: LabelOptions = {}): LabelRect {
  checkRgba(rgba, width, height, 'drawLabel');
  for (const ch of text) {
    if (!FONT_5X7.has(ch)) throw new ImageArgumentError(`drawLabel: no glyph for ${JSON.stringify(ch)}; the built-in font has A–Z, a–z, 0–9, space, '-', ':' and '.'`);
  }
  if (text.length === 0) throw new ImageArgumentError('drawLabel: empty text');
  let scale = options.scale ?? Math.max(1, Math.round(Math.min(width, height) / 180));
  if (!Number.isInteger(scale) || scale < 1) throw new ImageArgumentError(`drawLabel: scale must be a positive integer, got ${scale}`);
  const fits = (s: number) => {
    const { width: bw, height: bh } = labelSize(text, s);
    return bw + 4 * s <= width && bh + 4 * s <= height;
  };
  while (scale > 1 && !fits(scale)) scale--;
  const box = labelSize(text, scale);
  const margin = 2 * scale;
  const left = corner.endsWith('left') ? margin : width - margin - box.width;
  const top = corner.startsWith('top') ? margin : height - margin - box.height;
  // Clip to the image (only a tiny image at scale 1 needs it).
  const x0 = Math.max(0, left);
  const y0 = Math.max(0, top);
  const x1 = Math.min(width, left + box.width);
  const y1 = Math.min(height, top + box.height);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * width + x);
      const ink = inkAt(text, scale, x - left - 2 * scale, y - top - 2 * scale);
      for (let c = 0; c < 3; c++) rgba[i + c] = ink ? INK : Math.round(rgba[i + c]! * BOX_KEEP);
      rgba[i + 3] = 255;
    }
  }
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0), scale };
}

/** Whether text-space pixel (tx, ty) is ink. */
function inkAt(text: string, scale: number, tx: number, ty: number): boolean {
  if (tx < 0 || ty < 0) return false;
  const dotX = Math.floor(tx / scale);
  const dotY = Math.floor(ty / scale);
  if (dotY >= GLYPH_HEIGHT) return false;
  const cell = Math.floor(dotX / (GLYPH_WIDTH + 1));
  const col = dotX % (GLYPH_WIDTH + 1);
  if (cell >= text.length || col >= GLYPH_WIDTH) return false;
  const rows = FONT_5X7.get(text[cell]!)!;
  return ((rows[dotY]! >> (GLYPH_WIDTH - 1 - col)) & 1) === 1;
}
