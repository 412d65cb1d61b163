/** Node-only file access for safetensors (kept apart so browser bundles never import node:fs). */
import { open, readFile, rename, rm } from 'node:fs/promises';
import {
  parseSafetensors,
  safetensorsChunks,
  type SafetensorsContents,
  type SafetensorsMetadata,
  type SafetensorsReadOptions,
} from './safetensors';
import type { TensorMap } from './tensor-map';

/** Reads, checks and validates a .safetensors file (see parseSafetensors for the options). */
export async function readSafetensorsFile(path: string, options: SafetensorsReadOptions = {}): Promise<SafetensorsContents> {
  const bytes = await readFile(path);
  return parseSafetensors(bytes, { ...options, source: options.source ?? path });
}

/**
 * Writes tensors chunk by chunk (no whole-file copy in memory) to `<path>.partial`, then renames it,
 * so a failed run never leaves a truncated file under the final name. Returns the bytes written.
 */
export async function writeSafetensorsFile(
  path: string,
  tensors: TensorMap,
  metadata: SafetensorsMetadata = {},
  onProgress?: (written: number, total: number) => void,
): Promise<number> {
  const chunks = safetensorsChunks(tensors, metadata);
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const partial = `${path}.partial`;
  const file = await open(partial, 'w');
  let written = 0;
  try {
    for (const chunk of chunks) {
      await file.write(chunk);
      written += chunk.length;
      onProgress?.(written, total);
    }
  } catch (e) {
    await file.close();
    await rm(partial, { force: true });
    throw e;
  }
  await file.close();
  await rename(partial, path);
  return written;
}
