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
  cached = mod.create([]);
  return cached;
}
