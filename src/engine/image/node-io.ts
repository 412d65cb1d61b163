/** Node-only file helpers: read a PNG/JPEG into RGBA8, write RGBA8 as PNG (with tEXt chunks) or JPEG. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import jpeg from 'jpeg-js';
import { Buffer } from 'node:buffer';
import { decodeImage, type RgbaImage } from './decode';
import { checkRgba, ImageArgumentError } from './errors';
import { encodePng, type PngOptions } from './png';

export async function readImageFile(path: string): Promise<RgbaImage> {
  const bytes = await readFile(path);
  return decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export interface WriteImageOptions extends PngOptions {
  /** JPEG quality 1–100 (default 92). */
  readonly jpegQuality?: number;
}

/**
 * Write by extension: `.png` (lossless; text chunks as tEXt) or `.jpg`/`.jpeg` (text chunks become JPEG
 * comments "keyword: text").
 */
export async function writeImageFile(path: string, image: RgbaImage, options: WriteImageOptions = {}): Promise<void> {
  checkRgba(image.rgba, image.width, image.height, `writeImageFile(${path})`);
  // Create the folder: writing into a missing one must not fail (the original project's issue #19 failed silently).
  await mkdir(dirname(path), { recursive: true });
  const ext = path.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'png') {
    await writeFile(path, encodePng(image.rgba, image.width, image.height, options));
    return;
  }
  if (ext === 'jpg' || ext === 'jpeg') {
    const comments = Object.entries(options.textChunks ?? {}).map(([k, v]) => `${k}: ${v}`);
    const data = Buffer.from(image.rgba.buffer, image.rgba.byteOffset, image.rgba.byteLength);
    const encoded = jpeg.encode({ width: image.width, height: image.height, data, comments }, options.jpegQuality ?? 92);
    await writeFile(path, encoded.data);
    return;
  }
  throw new ImageArgumentError(`writeImageFile: cannot tell the format of ${JSON.stringify(path)}; use a .png, .jpg or .jpeg name`);
}
