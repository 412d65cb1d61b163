/**
 * Counts the GPU objects a device creates (buffers, bind groups, pipelines, ...) and buffer maps, by
 * wrapping its create* methods. Command encoders and passes are single-use by design and are not counted.
 */
const COUNTED = [
  'createBuffer', 'createTexture', 'createSampler', 'createBindGroup', 'createBindGroupLayout', 'createPipelineLayout',
  'createShaderModule', 'createComputePipeline', 'createComputePipelineAsync', 'createRenderPipeline', 'createRenderPipelineAsync', 'createQuerySet',
] as const;

export interface ObjectCounter {
  readonly counts: Record<string, number>;
  readonly maps: number;
  /** Buffers, textures and query sets created since counting began and not destroyed yet. */
  readonly live: number;
  total(): number;
  restore(): void;
}

export function countGpuObjects(device: GPUDevice): ObjectCounter {
  const counts: Record<string, number> = {};
  const originals = new Map<string, unknown>();
  const state = { maps: 0, live: 0 };
  const dev = device as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of COUNTED) {
    const original = dev[name]!;
    originals.set(name, original);
    dev[name] = (...args: unknown[]) => {
      counts[name] = (counts[name] ?? 0) + 1;
      const result = original.apply(device, args);
      if (name === 'createBuffer' || name === 'createTexture' || name === 'createQuerySet') {
        const object = result as { destroy(): void };
        const destroy = object.destroy.bind(object);
        let destroyed = false;
        state.live++;
        (object as unknown as Record<string, unknown>).destroy = () => {
          if (!destroyed) state.live--;
          destroyed = true;
          destroy();
        };
      }
      if (name === 'createBuffer') {
        const buffer = result as GPUBuffer;
        const mapAsync = buffer.mapAsync.bind(buffer);
        (buffer as unknown as Record<string, unknown>).mapAsync = (...a: Parameters<GPUBuffer['mapAsync']>) => {
          state.maps++;
          return mapAsync(...a);
        };
      }
      return result;
    };
  }
  return {
    counts,
    get maps() {
      return state.maps;
    },
    get live() {
      return state.live;
    },
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    restore: () => {
      for (const [name, fn] of originals) dev[name] = fn as (...args: unknown[]) => unknown;
    },
  };
}
