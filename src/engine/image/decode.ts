/**
 * PNG and JPEG to RGBA8, chosen by magic bytes (never by file name). pngjs needs Node's zlib and Buffer, so
 * this module is for Node; a browser decodes with createImageBitmap instead.
 */
import { Buffer } from 'node:buffer';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ImageDecodeError } from './errors';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width·height pixels, 4 bytes each (R, G, B, A), rows top to bottom. */
  readonly rgba: Uint8Array;
}

export type ImageFormat = 'png' | 'jpeg';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const JPEG_MAGIC = [0xff, 0xd8, 0xff] as const;

// Refuse absurd sizes before allocating (a corrupt header can claim gigapixels).
const MAX_MEGAPIXELS = 100;

export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const starts = (magic: readonly number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
  if (starts(PNG_MAGIC)) return 'png';
  if (starts(JPEG_MAGIC)) return 'jpeg';
  return undefined;
}

export function decodeImage(bytes: Uint8Array): RgbaImage {
  const format = detectImageFormat(bytes);
  if (!format) {
    const head = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new ImageDecodeError('unsupported-format', `not a PNG or JPEG (first bytes: ${head || 'none'}); only PNG and JPEG are read`);
  }
  const image = format === 'png' ? decodePng(bytes) : decodeJpeg(bytes);
  if (image.width <= 0 || image.height <= 0 || image.rgba.length !== image.width * image.height * 4) {
    throw new ImageDecodeError('corrupt', `${format} decoded to an inconsistent ${image.width}×${image.height} image`);
  }
  return image;
}

function decodePng(bytes: Uint8Array): RgbaImage {
  try {
    // pngjs expands palette/grey/16-bit to 8-bit RGBA.
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (png.width * png.height > MAX_MEGAPIXELS * 1e6) throw new Error(`${png.width}×${png.height} is over ${MAX_MEGAPIXELS} megapixels`);
    return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
  } catch (e) {
    throw new ImageDecodeError('corrupt', `PNG: ${messageOf(e)}`);
  }
}

function decodeJpeg(bytes: Uint8Array): RgbaImage {
  try {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 2048 });
    return { width: img.width, height: img.height, rgba: img.data };
  } catch (e) {
    throw new ImageDecodeError('corrupt', `JPEG: ${messageOf(e)}`);
  }
}

// jpeg-js throws plain strings for some corrupt streams.
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
