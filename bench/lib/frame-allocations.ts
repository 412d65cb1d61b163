/**
 * Measures GPU allocations per frame: wraps the device's create* methods (and buffer maps) while `work`
 * runs, with the same counter the engine tests use. Command encoders and passes are single-use by design
 * and are not counted.
 */
import { countGpuObjects } from '../../tests/support/count-gpu-objects';
import type { FrameAllocations } from './types';

export async function countAllocations<T>(device: GPUDevice, work: () => Promise<T>, framesOf: (result: T) => number): Promise<{ result: T; allocations: FrameAllocations }> {
  const counter = countGpuObjects(device);
  try {
    const result = await work();
    return { result, allocations: { frames: framesOf(result), createCalls: counter.total(), bufferMaps: counter.maps, byCall: { ...counter.counts } } };
  } finally {
    counter.restore();
  }
}
