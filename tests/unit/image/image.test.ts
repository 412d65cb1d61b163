import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, detectImageFormat } from '../../../src/engine/image/decode';
import { ImageArgumentError, ImageDecodeError } from '../../../src/engine/image/errors';
import { crc32, encodePng, readPngTextChunks } from '../../../src/engine/image/png';
import { readImageFile, writeImageFile } from '../../../src/engine/image/node-io';
import { seededRandom } from '../../../src/engine/random';

const FACES = new URL('../../../assets/faces/', import.meta.url);

function randomRgba(w: number, h: number, seed: number): Uint8Array {
  const rng = seededRandom(seed);
  return Uint8Array.from({ length: 4 * w * h }, () => Math.floor(rng() * 256));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfs-image-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decodeImage', () => {
  it('reads the sample faces by magic bytes', async () => {
    const cases = [
      ['grace_hopper.jpg', 'jpeg', 512, 600],
      ['astronaut.png', 'png', 512, 512],
      ['joconde.jpg', 'jpeg', 743, 1155],
    ] as const;
    for (const [file, format, w, h] of cases) {
      const bytes = new Uint8Array(await readFile(new URL(file, FACES)));
      expect(detectImageFormat(bytes)).toBe(format);
      const img = decodeImage(bytes);
      expect([img.width, img.height]).toEqual([w, h]);
      expect(img.rgba.length).toBe(4 * w * h);
      // Opaque photographs: every alpha byte 255, and not a flat image.
      expect(img.rgba.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
      expect(new Set(img.rgba.filter((_, i) => i % 4 === 0)).size).toBeGreaterThan(100);
    }
  });

  it('refuses other formats and corrupt files with a typed error', () => {
    const expectDecodeError = (bytes: Uint8Array, reason: string, message: RegExp) => {
      try {
        decodeImage(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(ImageDecodeError);
        expect((e as ImageDecodeError).reason).toBe(reason);
        expect((e as Error).message).toMatch(message);
        return;
      }
      throw new Error('expected ImageDecodeError');
    };
    expectDecodeError(new TextEncoder().encode('GIF89a....'), 'unsupported-format', /not a PNG or JPEG.*47 49 46 38/);
    expectDecodeError(new Uint8Array(0), 'unsupported-format', /first bytes: none/);
    const png = encodePng(randomRgba(9, 7, 1), 9, 7);
    expectDecodeError(png.subarray(0, 40), 'corrupt', /PNG/);
    const broken = png.slice();
    broken[20]! ^= 0xff; // inside IHDR: the CRC no longer matches
    expectDecodeError(broken, 'corrupt', /PNG/);
    expectDecodeError(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3), 'corrupt', /JPEG/);
  });
});

describe('encodePng', () => {
  it('round-trips RGBA8 exactly, alpha included, at sizes that are not multiples of 4', () => {
    for (const [w, h] of [[1, 1], [13, 7], [50, 33]] as const) {
      const rgba = randomRgba(w, h, w * h);
      const back = decodeImage(encodePng(rgba, w, h));
      expect([back.width, back.height]).toEqual([w, h]);
      expect(Buffer.from(back.rgba).equals(Buffer.from(rgba))).toBe(true);
    }
  });

  it('writes tEXt chunks with valid CRCs that pngjs accepts and the reader returns', () => {
    const rgba = randomRgba(6, 5, 2);
    const bytes = encodePng(rgba, 6, 5, { textChunks: { Comment: 'AI-swapped', Software: 'mobilefaceswap-webgpu 0.1.0' } });
    expect(readPngTextChunks(bytes)).toEqual({ Comment: 'AI-swapped', Software: 'mobilefaceswap-webgpu 0.1.0' });
    // pngjs checks every chunk CRC while decoding.
    const png = PNG.sync.read(Buffer.from(bytes));
    expect(Buffer.from(png.data).equals(Buffer.from(rgba))).toBe(true);
    expect(readPngTextChunks(encodePng(rgba, 6, 5))).toEqual({});
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('refuses wrong sizes and text PNG cannot hold', () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2)).toThrow(ImageArgumentError);
    expect(() => encodePng(new Uint8Array(0), 0, 0)).toThrow(/positive integers/);
    const px = new Uint8Array(4);
    expect(() => encodePng(px, 1, 1, { textChunks: { '': 'x' } })).toThrow(/keyword/);
    expect(() => encodePng(px, 1, 1, { textChunks: { ' lead': 'x' } })).toThrow(/keyword/);
    expect(() => encodePng(px, 1, 1, { textChunks: { Comment: 'smile ☺' } })).toThrow(/Latin-1/);
  });
});

describe('node file IO', () => {
  it('writes PNG (with text) and JPEG by extension and reads them back', async () => {
    const w = 40;
    const h = 30;
    // Smooth content so JPEG stays close.
    const rgba = new Uint8Array(4 * w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([x * 6, y * 8, 128, 255], 4 * (y * w + x));
    const png = join(dir, 'a.png');
    await writeImageFile(png, { width: w, height: h, rgba }, { textChunks: { Comment: 'AI-swapped' } });
    const back = await readImageFile(png);
    expect(Buffer.from(back.rgba).equals(Buffer.from(rgba))).toBe(true);
    expect(readPngTextChunks(new Uint8Array(await readFile(png)))).toEqual({ Comment: 'AI-swapped' });
    const jpg = join(dir, 'a.JPG');
    await writeImageFile(jpg, { width: w, height: h, rgba }, { textChunks: { Comment: 'AI-swapped' } });
    const j = await readImageFile(jpg);
    expect([j.width, j.height]).toEqual([w, h]);
    let maxErr = 0;
    for (let i = 0; i < rgba.length; i++) if (i % 4 !== 3) maxErr = Math.max(maxErr, Math.abs(j.rgba[i]! - rgba[i]!));
    expect(maxErr).toBeLessThan(20);
    expect(new TextDecoder('latin1').decode(await readFile(jpg))).toContain('Comment: AI-swapped');
    await expect(writeImageFile(join(dir, 'a.gif'), { width: w, height: h, rgba })).rejects.toThrow(/\.png, \.jpg or \.jpeg/);
    await writeFile(join(dir, 'bad.png'), 'not an image');
    await expect(readImageFile(join(dir, 'bad.png'))).rejects.toThrow(ImageDecodeError);
  });
});
