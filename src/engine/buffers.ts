/** Storage-buffer helpers used at load time and by checks; nothing here runs per frame. */

// GPUBufferUsage is a global that Node only has once node-gpu.ts has installed Dawn's globals: read it lazily.
export function storageUsage(): number {
  return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
}

/** A storage buffer holding `data` (size rounded up to 4 bytes; at least 4). */
export function createStorageBuffer(device: GPUDevice, data: Float32Array | number, label: string): GPUBuffer {
  const elements = typeof data === 'number' ? data : data.length;
  const size = Math.max(4, elements * 4);
  const buffer = device.createBuffer({ label, size, usage: storageUsage(), mappedAtCreation: typeof data !== 'number' });
  if (typeof data !== 'number') {
    new Float32Array(buffer.getMappedRange()).set(data);
    buffer.unmap();
  }
  return buffer;
}

/** Copy a buffer's first `elements` floats back to the CPU (a check or an inspector; never in the frame loop). */
export async function readFloats(device: GPUDevice, buffer: GPUBuffer, elements: number, offsetElements = 0): Promise<Float32Array> {
  const size = elements * 4;
  const staging = device.createBuffer({ label: `${buffer.label}/readback`, size: Math.max(4, size), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder({ label: 'readback' });
    encoder.copyBufferToBuffer(buffer, offsetElements * 4, staging, 0, size);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    return new Float32Array(staging.getMappedRange().slice(0));
  } finally {
    staging.destroy();
  }
}
