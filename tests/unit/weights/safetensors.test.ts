import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SafetensorsFormatError, WeightsDownloadError, WeightValidationError } from '../../../src/engine/weights/errors';
import { CONVERTED_FORMAT, CONVERTED_FORMAT_VERSION, convertedManifest, prefixTensors } from '../../../src/engine/weights/naming';
import {
  encodeSafetensors,
  encodeSafetensorsHeader,
  loadSafetensorsFromUrl,
  parseSafetensors,
} from '../../../src/engine/weights/safetensors';
import { readSafetensorsFile, writeSafetensorsFile } from '../../../src/engine/weights/safetensors-node';
import { makeSyntheticSwapWeights } from '../../../src/engine/weights/synthetic';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { randomTensors } from './fixtures';

const small = randomTensors({ 'a.weight': [2, 3, 1, 1], 'a.bias': [2], 'c': [5], 'scalar': [] }, 5);

/** A file whose header is exactly `header` (as JSON) followed by `dataBytes` bytes. */
function fileWith(header: unknown, dataBytes: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function formatError(bytes: Uint8Array): SafetensorsFormatError {
  try {
    parseSafetensors(bytes, { manifest: 'none' });
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsFormatError);
    return e as SafetensorsFormatError;
  }
  throw new Error('expected a SafetensorsFormatError');
}

function expectSame(a: TensorMap, b: TensorMap): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, t] of a) {
    expect(b.get(name)!.shape).toEqual(t.shape);
    expect(b.get(name)!.data).toEqual(t.data);
  }
}

describe('safetensors encode/parse', () => {
  it('round-trips tensors and metadata', () => {
    const bytes = encodeSafetensors(small, { hello: 'world' });
    const { tensors, metadata } = parseSafetensors(bytes, { manifest: 'none' });
    expectSame(small, tensors);
    expect(metadata).toEqual({ hello: 'world' });
  });

  it('writes the documented layout: u64 LE header length, padded JSON, F32 entries, contiguous offsets', () => {
    const header = encodeSafetensorsHeader(small, { k: 'v' });
    const n = Number(new DataView(header.buffer).getBigUint64(0, true));
    expect(header.length).toBe(8 + n);
    expect(header.length % 8).toBe(0);
    const json = JSON.parse(new TextDecoder().decode(header.subarray(8))) as Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>;
    expect(json.__metadata__).toEqual({ k: 'v' });
    expect(json['a.weight']).toEqual({ dtype: 'F32', shape: [2, 3, 1, 1], data_offsets: [0, 24] });
    expect(json['a.bias']!.data_offsets).toEqual([24, 32]);
    expect(json.scalar).toEqual({ dtype: 'F32', shape: [], data_offsets: [52, 56] });
  });

  it('returns views when aligned and copies when not', () => {
    const bytes = encodeSafetensors(small);
    expect(parseSafetensors(bytes, { manifest: 'none' }).tensors.get('c')!.data.buffer).toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const unaligned = parseSafetensors(shifted.subarray(1), { manifest: 'none' });
    expectSame(small, unaligned.tensors);
  });

  it.each<[string, () => Uint8Array, RegExp]>([
    ['a file shorter than 8 bytes', () => new Uint8Array(5), /too short/],
    ['a zero header length', () => new Uint8Array(16), /header length is 0/],
    ['a header length past the end', () => encodeSafetensors(small).subarray(0, 40), /runs past the end/],
    ['an absurd header length', () => { const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, 1n << 40n, true); return b; }, /exceeds/],
    ['invalid JSON', () => { const b = fileWith({}, 0); b[8] = 0x5b; return b; }, /not valid UTF-8 JSON/],
    ['a JSON array', () => fileWith([1], 0), /not a JSON object/],
    ['non-string metadata', () => fileWith({ __metadata__: { n: 1 } }, 0), /__metadata__\.n is not a string/],
    ['an F16 tensor', () => fileWith({ x: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, 4), /tensor 'x': dtype "F16" is not supported/],
    ['a bad shape', () => fileWith({ x: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4), /shape \[-1\]/],
    ['shape vs byte size', () => fileWith({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8), /needs 12 bytes but data_offsets cover 8/],
    ['offsets past the data', () => fileWith({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, 4), /run past the 4 data bytes/],
    ['backwards offsets', () => fileWith({ x: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, 4), /run backwards/],
    ['overlapping tensors', () => fileWith({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, y: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 12), /'x' and 'y' overlap/],
    ['a hole', () => fileWith({ x: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8), /bytes 0\.\.4 before 'x' belong to no tensor/],
    ['trailing bytes', () => fileWith({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 12), /8 bytes after the last tensor/],
  ])('rejects %s', (_what, make, message) => {
    expect(formatError(make()).message).toMatch(message);
  });

  it('every truncation of a valid file is rejected', () => {
    const bytes = encodeSafetensors(small, { k: 'v' });
    for (let n = 0; n < bytes.length; n++) formatError(bytes.subarray(0, n));
  });
});

describe('safetensors manifest checks', () => {
  const converted = (tensors: TensorMap, parts: string): Uint8Array =>
    encodeSafetensors(tensors, { format: CONVERTED_FORMAT, format_version: CONVERTED_FORMAT_VERSION, parts, bn_folded: 'false' });

  it("'auto' validates a converted file against the manifest its metadata names", () => {
    const swap = prefixTensors(makeSyntheticSwapWeights(1), 'swap.');
    const { tensors } = parseSafetensors(converted(swap, 'swap'));
    expect(tensors.size).toBe(167);
    expect(() => parseSafetensors(converted(swap, 'swap,arcface'), { source: 'w.safetensors' })).toThrow(WeightValidationError);
  });

  it("'auto' refuses a file the converter did not make", () => {
    expect(() => parseSafetensors(encodeSafetensors(small))).toThrow(/not made by the converter/);
    expect(() => parseSafetensors(encodeSafetensors(small, { format: CONVERTED_FORMAT, format_version: '99', parts: 'swap' }))).toThrow(/format_version "99"/);
  });

  it('an explicit manifest reports every mismatch together', () => {
    const manifest = convertedManifest(['swap'], false).slice(0, 3);
    try {
      parseSafetensors(encodeSafetensors(small), { manifest, source: 'x.safetensors' });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(WeightValidationError);
      expect((e as WeightValidationError).missing).toHaveLength(3);
      expect((e as WeightValidationError).extra).toHaveLength(4);
      expect((e as Error).message).toContain('x.safetensors');
    }
  });
});

describe('safetensors files (Node)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'safetensors-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes chunk by chunk with progress and reads back', async () => {
    const path = join(dir, 'a.safetensors');
    const progress: number[] = [];
    const bytes = await writeSafetensorsFile(path, small, { a: 'b' }, (done) => progress.push(done));
    expect(progress.at(-1)).toBe(bytes);
    expect(readFileSync(path).length).toBe(bytes);
    const { tensors, metadata } = await readSafetensorsFile(path, { manifest: 'none' });
    expectSame(small, tensors);
    expect(metadata).toEqual({ a: 'b' });
  });

  it('names the file in validation errors', async () => {
    const path = join(dir, 'b.safetensors');
    writeFileSync(path, encodeSafetensors(small, { format: CONVERTED_FORMAT, format_version: CONVERTED_FORMAT_VERSION, parts: 'arcface' }));
    await expect(readSafetensorsFile(path)).rejects.toThrow(path);
  });
});

describe('loadSafetensorsFromUrl', () => {
  const bytes = encodeSafetensors(small, { k: 'v' });

  /** A fetch that streams `body` in `chunk`-byte pieces with the given headers. */
  function fakeFetch(body: Uint8Array, headers: Record<string, string>, chunk = 7, status = 200): typeof fetch {
    return (async () => {
      let at = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= body.length) return controller.close();
          controller.enqueue(body.slice(at, at + chunk));
          at += chunk;
        },
      });
      return new Response(status === 200 ? stream : null, { status, headers });
    }) as typeof fetch;
  }

  it('streams with progress from content-length', async () => {
    const events: [number, number | undefined][] = [];
    const { tensors } = await loadSafetensorsFromUrl('https://example.test/w.safetensors', {
      manifest: 'none',
      fetch: fakeFetch(bytes, { 'content-length': String(bytes.length) }),
      onProgress: (loaded, total) => events.push([loaded, total]),
    });
    expectSame(small, tensors);
    expect(events.length).toBe(Math.ceil(bytes.length / 7));
    expect(events.every(([, total]) => total === bytes.length)).toBe(true);
    expect(events.map(([l]) => l)).toEqual([...events.map(([l]) => l)].sort((a, b) => a - b));
    expect(events.at(-1)).toEqual([bytes.length, bytes.length]);
  });

  it('works without content-length (total unknown) and when the server sends more than declared', async () => {
    const events: (number | undefined)[] = [];
    const noLength = await loadSafetensorsFromUrl('u', { manifest: 'none', fetch: fakeFetch(bytes, {}, 1000), onProgress: (_l, t) => events.push(t) });
    expectSame(small, noLength.tensors);
    expect(events.every((t) => t === undefined)).toBe(true);
    const understated = await loadSafetensorsFromUrl('u', { manifest: 'none', fetch: fakeFetch(bytes, { 'content-length': '10' }) });
    expectSame(small, understated.tensors);
  });

  it('reports HTTP errors and network failures as WeightsDownloadError', async () => {
    const notFound = loadSafetensorsFromUrl('https://example.test/missing', { fetch: fakeFetch(bytes, {}, 7, 404) });
    await expect(notFound).rejects.toBeInstanceOf(WeightsDownloadError);
    await expect(notFound).rejects.toThrow(/HTTP 404/);
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(loadSafetensorsFromUrl('https://example.test/w', { fetch: offline })).rejects.toThrow(/could not download .*fetch failed/);
  });

  it('validates what it downloaded', async () => {
    await expect(loadSafetensorsFromUrl('https://example.test/w', { fetch: fakeFetch(bytes.subarray(0, 50), {}) })).rejects.toBeInstanceOf(SafetensorsFormatError);
  });
});
