/**
 * safetensors, float32 only: an 8-byte little-endian header length, a JSON header
 * ({name: {dtype: "F32", shape, data_offsets: [begin, end]}, __metadata__: {string: string}}), then the
 * raw little-endian tensor bytes. One parsing core (bytes in → tensors out) serves Node files
 * (safetensors-node.ts) and browser downloads (loadSafetensorsFromUrl).
 */
import { concatBytes, float32LittleEndianBytes, HOST_LITTLE_ENDIAN } from './bytes';
import { SafetensorsFormatError, WeightsDownloadError } from './errors';
import type { Manifest } from './manifest';
import { manifestFromMetadata } from './naming';
import { elementCount, type HostTensor, type TensorMap } from './tensor-map';
import { validateTensors } from './validate';

export type SafetensorsMetadata = Record<string, string>;

export interface SafetensorsContents {
  /** In header order. Tensors may be views into the input bytes (when 4-byte aligned). */
  readonly tensors: TensorMap;
  readonly metadata: SafetensorsMetadata;
}

export interface SafetensorsReadOptions {
  /**
   * What the tensors must match: a manifest; 'auto' (default) derives it from the converter's
   * `__metadata__` (format, parts, bn_folded); 'none' checks only the container.
   */
  readonly manifest?: Manifest | 'auto' | 'none';
  /** Names the file in error messages. */
  readonly source?: string;
}

/** Same cap as the reference implementation: a bigger header is a broken or hostile file. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

// ---------------------------------------------------------------- writing

/** The 8-byte length and JSON header (space-padded so the data starts 8-byte aligned). */
export function encodeSafetensorsHeader(tensors: TensorMap, metadata: SafetensorsMetadata = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of tensors) {
    if (name === '__metadata__') throw new SafetensorsFormatError('a tensor cannot be named __metadata__');
    if (t.data.length !== elementCount(t.shape)) {
      throw new SafetensorsFormatError(`tensor '${name}' has ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    }
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((8 + json.length) / 8) * 8 - 8;
  if (padded !== json.length) {
    const spaced = new Uint8Array(padded).fill(0x20);
    spaced.set(json);
    json = spaced;
  }
  const out = new Uint8Array(8 + json.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

/** Header followed by each tensor's little-endian bytes (views of the tensors where possible). */
export function safetensorsChunks(tensors: TensorMap, metadata: SafetensorsMetadata = {}): Uint8Array[] {
  return [encodeSafetensorsHeader(tensors, metadata), ...[...tensors.values()].map((t) => float32LittleEndianBytes(t.data))];
}

/** A whole safetensors file in memory. */
export function encodeSafetensors(tensors: TensorMap, metadata: SafetensorsMetadata = {}): Uint8Array {
  return concatBytes(safetensorsChunks(tensors, metadata));
}

// ---------------------------------------------------------------- reading

interface HeaderEntry {
  readonly name: string;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/** Parses and checks a safetensors file held in memory, then checks it against the manifest. */
export function parseSafetensors(bytes: Uint8Array, options: SafetensorsReadOptions = {}): SafetensorsContents {
  const { entries, metadata, dataStart } = parseHeader(bytes);
  checkCoverage(entries, bytes.length - dataStart);
  const tensors: TensorMap = new Map();
  for (const e of entries) tensors.set(e.name, readTensor(bytes, dataStart + e.begin, e.shape));

  const manifest = options.manifest ?? 'auto';
  if (manifest !== 'none') {
    validateTensors(tensors, manifest === 'auto' ? manifestFromMetadata(metadata) : manifest, options.source ?? 'the safetensors file');
  }
  return { tensors, metadata };
}

function parseHeader(bytes: Uint8Array): { entries: HeaderEntry[]; metadata: SafetensorsMetadata; dataStart: number } {
  if (bytes.length < 8) throw new SafetensorsFormatError(`the file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength === 0n) throw new SafetensorsFormatError('the header length is 0');
  if (headerLength > BigInt(MAX_HEADER_BYTES)) throw new SafetensorsFormatError(`the header length ${headerLength} exceeds ${MAX_HEADER_BYTES} bytes`);
  if (headerLength > BigInt(bytes.length - 8)) {
    throw new SafetensorsFormatError(`the header length ${headerLength} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  }
  const dataStart = 8 + Number(headerLength);

  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (e) {
    throw new SafetensorsFormatError(`the header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(header)) throw new SafetensorsFormatError('the header is not a JSON object');

  let metadata: SafetensorsMetadata = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(value);
      continue;
    }
    entries.push(parseEntry(name, value, bytes.length - dataStart));
  }
  return { entries, metadata, dataStart };
}

function parseMetadata(value: unknown): SafetensorsMetadata {
  if (!isPlainObject(value)) throw new SafetensorsFormatError('__metadata__ is not an object');
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new SafetensorsFormatError(`__metadata__.${k} is not a string`);
  }
  return value as SafetensorsMetadata;
}

function parseEntry(name: string, value: unknown, dataLength: number): HeaderEntry {
  const bad = (what: string): SafetensorsFormatError => new SafetensorsFormatError(`tensor '${name}': ${what}`);
  if (!isPlainObject(value)) throw bad('its header entry is not an object');
  const { dtype, shape, data_offsets: offsets } = value;
  if (dtype !== 'F32') throw bad(`dtype ${JSON.stringify(dtype)} is not supported (only "F32")`);
  if (!Array.isArray(shape) || !shape.every(isCount)) throw bad(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw bad(`data_offsets ${JSON.stringify(offsets)} is not [begin, end]`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw bad(`data_offsets [${begin}, ${end}] run backwards`);
  if (end > dataLength) throw bad(`data_offsets [${begin}, ${end}] run past the ${dataLength} data bytes (truncated?)`);
  const expected = elementCount(shape as number[]) * 4;
  if (end - begin !== expected) throw bad(`shape [${shape.join(', ')}] needs ${expected} bytes but data_offsets cover ${end - begin}`);
  return { name, shape: shape as number[], begin, end };
}

/** Tensors must tile the data section exactly: start at 0, no overlap, no hole, nothing after. */
function checkCoverage(entries: readonly HeaderEntry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous = '(start of data)';
  for (const e of sorted) {
    if (e.begin < cursor) throw new SafetensorsFormatError(`tensors '${previous}' and '${e.name}' overlap`);
    if (e.begin > cursor) throw new SafetensorsFormatError(`bytes ${cursor}..${e.begin} before '${e.name}' belong to no tensor`);
    cursor = e.end;
    previous = e.name;
  }
  if (cursor !== dataLength) throw new SafetensorsFormatError(`${dataLength - cursor} bytes after the last tensor belong to no tensor`);
}

function readTensor(bytes: Uint8Array, at: number, shape: number[]): HostTensor {
  const count = elementCount(shape);
  if (HOST_LITTLE_ENDIAN && (bytes.byteOffset + at) % 4 === 0) {
    return { shape, data: new Float32Array(bytes.buffer, bytes.byteOffset + at, count) };
  }
  const data = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, count * 4);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(i * 4, true);
  return { shape, data };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

// ---------------------------------------------------------------- browser download

export interface UrlLoadOptions extends SafetensorsReadOptions {
  /** Called per received chunk; `total` comes from content-length and is undefined when unknown. */
  readonly onProgress?: (loaded: number, total: number | undefined) => void;
  readonly signal?: AbortSignal;
  /** Injectable for tests; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

/** Streams a .safetensors file with fetch, reporting progress, then parses and validates it. */
export async function loadSafetensorsFromUrl(url: string, options: UrlLoadOptions = {}): Promise<SafetensorsContents> {
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(url, options.signal ? { signal: options.signal } : {});
  } catch (e) {
    throw new WeightsDownloadError(url, (e as Error).message);
  }
  if (!response.ok) throw new WeightsDownloadError(url, `HTTP ${response.status} ${response.statusText}`.trim(), response.status);
  const declared = Number(response.headers.get('content-length'));
  const bytes = await readBody(response, Number.isSafeInteger(declared) && declared > 0 ? declared : undefined, options.onProgress);
  return parseSafetensors(bytes, { ...options, source: options.source ?? url });
}

async function readBody(
  response: Response,
  declaredTotal: number | undefined,
  onProgress: UrlLoadOptions['onProgress'],
): Promise<Uint8Array> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.(bytes.length, bytes.length);
    return bytes;
  }
  // Preallocate from content-length; grow if the server sent more (e.g. a compressed transfer).
  let total = declaredTotal;
  let buffer = new Uint8Array(total ?? 1 << 20);
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > buffer.length) {
      const grown = new Uint8Array(Math.max(buffer.length * 2, loaded + value.length));
      grown.set(buffer.subarray(0, loaded));
      buffer = grown;
      if (total !== undefined && loaded + value.length > total) total = undefined;
    }
    buffer.set(value, loaded);
    loaded += value.length;
    onProgress?.(loaded, total);
  }
  return loaded === buffer.length ? buffer : buffer.subarray(0, loaded);
}
