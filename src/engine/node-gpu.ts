/**
 * Node only: Dawn through the npm package "webgpu". Kept out of the browser bundle by being the one module
 * that imports it. Installs the WebGPU globals (GPUBufferUsage, ...) the engine code uses.
 */
import { WebGpuUnavailableError } from './errors';

let cached: GPU | undefined;

export async function nodeGpu(): Promise<GPU> {
  if (cached) return cached;
  let mod: typeof import('webgpu');
  try {
    mod = await import('webgpu');
  } catch (e) {
    throw new WebGpuUnavailableError(`the npm package "webgpu" (Dawn) could not be loaded: ${(e as Error).message}`);
  }
  Object.assign(globalThis, mod.globals);
  // Dawn rounds timestamps (to ~65 µs on NVIDIA) against timing attacks on web pages; a Node process has no
  // such pages, and the profiler needs real per-dispatch times.
  cached = mod.create(['disable-dawn-features=timestamp_quantization']);
  return cached;
}
