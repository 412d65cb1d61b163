/** Load-time upload of host tensors into GPU storage buffers (never per frame). */
import { createStorageBuffer } from '../buffers';
import type { HostTensor, TensorMap } from './tensor-map';

export interface UploadOptions {
  /** Upload only these names (default: all). Unknown names throw. */
  readonly names?: Iterable<string>;
  /** Prepended to each buffer label, e.g. `swap/`. */
  readonly labelPrefix?: string;
}

/** Name → storage buffer (STORAGE | COPY_DST | COPY_SRC), plus a destroy of all of them. */
export class GpuTensors extends Map<string, GPUBuffer> {
  /** Bytes allocated on the GPU (a tensor shared by several names counts once). */
  bytes = 0;

  /** The buffer of `name`, or an error naming it (a missing weight is a bug, not a fallback). */
  require(name: string): GPUBuffer {
    const buffer = this.get(name);
    if (!buffer) throw new Error(`no GPU buffer for tensor '${name}' (was it uploaded?)`);
    return buffer;
  }

  destroy(): void {
    for (const buffer of new Set(this.values())) buffer.destroy();
    this.clear();
    this.bytes = 0;
  }
}

/**
 * One buffer per distinct tensor, labelled with its name, filled through `mappedAtCreation` (size
 * rounded up to 4 bytes). Names that share the same HostTensor object share one buffer.
 */
export function uploadTensors(device: GPUDevice, tensors: TensorMap, options: UploadOptions = {}): GpuTensors {
  const out = new GpuTensors();
  const uploaded = new Map<HostTensor, GPUBuffer>();
  const prefix = options.labelPrefix ?? '';
  try {
    for (const name of options.names ?? tensors.keys()) {
      const tensor = tensors.get(name);
      if (!tensor) throw new Error(`cannot upload '${name}': no such tensor`);
      let buffer = uploaded.get(tensor);
      if (!buffer) {
        buffer = createStorageBuffer(device, tensor.data, `${prefix}${name}`);
        uploaded.set(tensor, buffer);
        out.bytes += buffer.size;
      }
      out.set(name, buffer);
    }
  } catch (e) {
    out.destroy(); // nothing half-uploaded stays alive
    throw e;
  }
  return out;
}
