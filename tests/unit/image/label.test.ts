import { describe, expect, it } from 'vitest';
import { ImageArgumentError } from '../../../src/engine/image/errors';
import { FONT_5X7, GLYPH_HEIGHT, GLYPH_WIDTH } from '../../../src/engine/image/font5x7';
import { drawLabel, labelSize, type LabelCorner } from '../../../src/engine/image/label';

function grey(w: number, h: number, v = 150): Uint8Array {
  const rgba = new Uint8Array(4 * w * h).fill(v);
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  return rgba;
}

describe('5×7 font', () => {
  it('has every character the label needs, each 7 rows of 5 columns, and no two letters alike', () => {
    const needed = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -:.';
    for (const ch of needed) {
      const rows = FONT_5X7.get(ch);
      expect(rows, ch).toBeDefined();
      expect(rows!.length).toBe(GLYPH_HEIGHT);
      for (const r of rows!) expect(r).toBeLessThan(1 << GLYPH_WIDTH);
    }
    const shapes = new Set([...needed].map((ch) => FONT_5X7.get(ch)!.join(',')));
    expect(shapes.size).toBe(needed.length);
    expect(FONT_5X7.get(' ')!.every((r) => r === 0)).toBe(true);
  });
});

describe('drawLabel', () => {
  const W = 512;
  const H = 600;
  const corners: LabelCorner[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];

  for (const corner of corners) {
    it(`draws "AI-swapped" in the ${corner} corner and nowhere else`, () => {
      const before = grey(W, H);
      const rgba = before.slice();
      const rect = drawLabel(rgba, W, H, 'AI-swapped', corner);
      // Scaled with the image: 3 px per dot at 512×600.
      expect(rect.scale).toBe(3);
      expect(rect).toMatchObject(labelSize('AI-swapped', 3));
      const margin = 2 * rect.scale;
      expect(rect.x).toBe(corner.endsWith('left') ? margin : W - margin - rect.width);
      expect(rect.y).toBe(corner.startsWith('top') ? margin : H - margin - rect.height);
      let changedOutside = 0;
      let ink = 0;
      let box = 0;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const i = 4 * (y * W + x);
          const inside = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
          const same = rgba[i] === before[i] && rgba[i + 1] === before[i + 1] && rgba[i + 2] === before[i + 2] && rgba[i + 3] === before[i + 3];
          if (!inside && !same) changedOutside++;
          if (inside) {
            if (rgba[i] === 255 && rgba[i + 1] === 255 && rgba[i + 2] === 255) ink++;
            else if (rgba[i] === Math.round(150 * 0.25)) box++;
            else throw new Error(`unexpected colour at (${x}, ${y}): ${rgba[i]}`);
          }
        }
      }
      expect(changedOutside).toBe(0);
      // Ink is the glyph dots ×9 (3×3 px each); the rest of the box is darkened.
      const dots = [...'AI-swapped'].reduce((s, ch) => s + FONT_5X7.get(ch)!.reduce((t, r) => t + r.toString(2).split('1').length - 1, 0), 0);
      expect(ink).toBe(dots * 9);
      expect(box).toBe(rect.width * rect.height - ink);
    });
  }

  it('is legible as text: the first glyph of the label matches the font dot for dot', () => {
    const rgba = grey(300, 200);
    const rect = drawLabel(rgba, 300, 200, 'A', 'top-left', { scale: 2 });
    const rows = FONT_5X7.get('A')!;
    for (let dy = 0; dy < GLYPH_HEIGHT; dy++) {
      for (let dx = 0; dx < GLYPH_WIDTH; dx++) {
        const x = rect.x + 4 + 2 * dx;
        const y = rect.y + 4 + 2 * dy;
        const on = rgba[4 * (y * 300 + x)] === 255;
        expect(on, `dot ${dx},${dy}`).toBe(((rows[dy]! >> (4 - dx)) & 1) === 1);
      }
    }
  });

  it('scales with the image and shrinks to fit', () => {
    expect(drawLabel(grey(224, 224), 224, 224, 'AI-swapped').scale).toBe(1);
    expect(drawLabel(grey(2160, 1300), 2160, 1300, 'AI-swapped').scale).toBe(7);
    // 70 px wide cannot hold the 3× label: it drops to the scale that fits.
    const r = drawLabel(grey(70, 600), 70, 600, 'AI-swapped', 'top-left', { scale: 3 });
    expect(r.scale).toBe(1);
    // Tiny image: clipped, never out of bounds.
    const tiny = drawLabel(grey(20, 8), 20, 8, 'AI-swapped', 'bottom-right');
    expect(tiny.x + tiny.width).toBeLessThanOrEqual(20);
    expect(tiny.y + tiny.height).toBeLessThanOrEqual(8);
  });

  it('refuses characters outside the font, empty text and wrong buffers', () => {
    expect(() => drawLabel(grey(100, 100), 100, 100, 'AI swapped!')).toThrow(/no glyph for "!"/);
    expect(() => drawLabel(grey(100, 100), 100, 100, '')).toThrow(ImageArgumentError);
    expect(() => drawLabel(new Uint8Array(5), 100, 100, 'A')).toThrow(/40000 bytes/);
  });
});
