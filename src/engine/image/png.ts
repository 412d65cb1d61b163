/**
 * PNG encoding with optional tEXt chunks (e.g. the provenance note "AI-swapped"), and a reader for them.
 * pngjs writes the pixels; the text chunks are spliced in after IHDR, because pngjs does not write tEXt.
 */
import { Buffer } from 'node:buffer';
import { PNG } from 'pngjs';
import { checkRgba, ImageArgumentError, ImageDecodeError } from './errors';

export interface PngOptions {
  /** tEXt chunks, keyword → text (Latin-1; keyword 1–79 characters). */
  readonly textChunks?: Readonly<Record<string, string>>;
}

export function encodePng(rgba: Uint8Array, width: number, height: number, options: PngOptions = {}): Uint8Array {
  checkRgba(rgba, width, height, 'encodePng');
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  const bytes = new Uint8Array(PNG.sync.write(png, { colorType: 6, inputHasAlpha: true }));
  const texts = Object.entries(options.textChunks ?? {});
  if (texts.length === 0) return bytes;
  const chunks = texts.map(([k, v]) => textChunk(k, v));
  // IHDR is always first: 8-byte signature + (4 length + 4 type + 13 data + 4 CRC).
  const afterIhdr = 8 + 25;
  const total = bytes.length + chunks.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(total);
  out.set(bytes.subarray(0, afterIhdr), 0);
  let at = afterIhdr;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  out.set(bytes.subarray(afterIhdr), at);
  return out;
}

/** Every tEXt chunk of a PNG, keyword → text. */
export function readPngTextChunks(bytes: Uint8Array): Record<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, string> = {};
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = latin1(bytes.subarray(at + 4, at + 8));
    const dataEnd = at + 8 + length;
    if (dataEnd + 4 > bytes.length) throw new ImageDecodeError('corrupt', `PNG chunk "${type}" at byte ${at} runs past the end of the file`);
    if (type === 'tEXt') {
      const data = bytes.subarray(at + 8, dataEnd);
      const nul = data.indexOf(0);
      if (nul < 1) throw new ImageDecodeError('corrupt', `PNG tEXt chunk at byte ${at} has no keyword`);
      out[latin1(data.subarray(0, nul))] = latin1(data.subarray(nul + 1));
    }
    if (type === 'IEND') break;
    at = dataEnd + 4;
  }
  return out;
}

function textChunk(keyword: string, text: string): Uint8Array {
  if (keyword.length < 1 || keyword.length > 79 || keyword !== keyword.trim() || !isLatin1(keyword, false)) {
    throw new ImageArgumentError(`PNG tEXt keyword must be 1–79 Latin-1 characters without leading/trailing spaces or NUL, got ${JSON.stringify(keyword)}`);
  }
  if (!isLatin1(text, true)) throw new ImageArgumentError(`PNG tEXt text for "${keyword}" must be Latin-1 without NUL`);
  const data = new Uint8Array(keyword.length + 1 + text.length);
  for (let i = 0; i < keyword.length; i++) data[i] = keyword.charCodeAt(i);
  for (let i = 0; i < text.length; i++) data[keyword.length + 1 + i] = text.charCodeAt(i);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set([0x74, 0x45, 0x58, 0x74], 4); // "tEXt"
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

function isLatin1(s: string, allowLineBreaks: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || c > 255) return false;
    if (!allowLineBreaks && c < 32) return false;
  }
  return true;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, polynomial 0xEDB88320), as every PNG chunk carries over its type and data. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
