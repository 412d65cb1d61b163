/** Test helpers: the Python-made .pdparams fixtures and their expected values, and byte assembly. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../../src/engine/random';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/pdparams/', import.meta.url));

export interface ExpectedTensor {
  name: string;
  shape: number[];
  dtype_in_file: string;
  sha256_f32: string;
  first: number[];
  sum_f64: number;
}

export interface Expected {
  files: Record<string, { protocol: number; numpy_module: string; tensors: ExpectedTensor[]; structured_names: Record<string, string>; converted: string[] }>;
  refused: Record<string, string>;
  rejected: Record<string, { tensor: string; reason: string }>;
}

export const expected: Expected = JSON.parse(readFileSync(`${FIXTURE_DIR}expected.json`, 'utf8')) as Expected;

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURE_DIR}${name}`));
}

export function sha256F32(data: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/** Assembles bytes: numbers are single bytes, strings are written one byte per char. */
export function bytesOf(...parts: (number | string | Uint8Array)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else if (typeof p === 'string') for (const ch of p) out.push(ch.charCodeAt(0));
    else out.push(...p);
  }
  return new Uint8Array(out);
}

export function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

export function randomTensors(shapes: Record<string, number[]>, seed = 1): TensorMap {
  const r = seededRandom(seed);
  const out: TensorMap = new Map();
  for (const [name, shape] of Object.entries(shapes)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = r() * 2 - 1;
    out.set(name, { shape, data });
  }
  return out;
}
