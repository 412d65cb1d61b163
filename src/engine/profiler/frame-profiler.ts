/**
 * GPU timestamps per dispatch. Mode comes from the device (capabilities.timestampMode): with 'per-pass' each
 * timed dispatch gets its own compute pass with timestampWrites (pass boundaries add their own cost: this is
 * "profiling mode"); with 'none' only whole-frame wall time is available. The query set holds 2 × dispatches;
 * results are resolved into a QUERY_RESOLVE buffer and copied into a small ring of MAP_READ buffers, and a
 * frame is skipped (not stalled) when no ring buffer is free. Everything is created once.
 */
import type { Capabilities } from '../capabilities';

export class FrameProfiler {
  readonly supported: boolean;
  private readonly querySet: GPUQuerySet | undefined;
  private readonly resolveBuffer: GPUBuffer | undefined;
  private readonly ring: { buffer: GPUBuffer; busy: boolean }[] = [];
  private pending: { buffer: GPUBuffer; busy: boolean } | undefined;
  skippedFrames = 0;

  constructor(
    private readonly device: GPUDevice,
    capabilities: Capabilities,
    readonly dispatchCount: number,
    ringSize = 3,
  ) {
    this.supported = capabilities.timestampMode !== 'none';
    if (!this.supported) return;
    const bytes = 16 * dispatchCount;
    this.querySet = device.createQuerySet({ label: 'profiler/timestamps', type: 'timestamp', count: 2 * dispatchCount });
    this.resolveBuffer = device.createBuffer({ label: 'profiler/resolve', size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    for (let i = 0; i < ringSize; i++) {
      this.ring.push({ buffer: device.createBuffer({ label: `profiler/readback${i}`, size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }), busy: false });
    }
  }

  /** Timestamp writes for dispatch i (one pass per dispatch), or undefined when timestamps are unavailable. */
  readonly timestampWrites = (i: number): GPUComputePassTimestampWrites | undefined =>
    this.querySet ? { querySet: this.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } : undefined;

  /** After the frame's passes: resolve and copy into a free ring buffer. False when the frame is not timed. */
  encodeResolve(encoder: GPUCommandEncoder): boolean {
    if (!this.querySet || !this.resolveBuffer) return false;
    const slot = this.ring.find((r) => !r.busy);
    if (!slot) {
      this.skippedFrames++;
      this.pending = undefined;
      return false;
    }
    encoder.resolveQuerySet(this.querySet, 0, 2 * this.dispatchCount, this.resolveBuffer, 0);
    encoder.copyBufferToBuffer(this.resolveBuffer, 0, slot.buffer, 0, this.resolveBuffer.size);
    slot.busy = true;
    this.pending = slot;
    return true;
  }

  /** After submit: read the durations (ms) of the frame encoded last. Undefined when that frame was not timed. */
  async collect(): Promise<number[] | undefined> {
    const slot = this.pending;
    this.pending = undefined;
    if (!slot) return undefined;
    try {
      await slot.buffer.mapAsync(GPUMapMode.READ);
      const t = new BigInt64Array(slot.buffer.getMappedRange().slice(0));
      slot.buffer.unmap();
      return Array.from({ length: this.dispatchCount }, (_, i) => Number(t[2 * i + 1]! - t[2 * i]!) / 1e6);
    } finally {
      slot.busy = false;
    }
  }

  destroy(): void {
    this.querySet?.destroy();
    this.resolveBuffer?.destroy();
    this.ring.forEach((r) => r.buffer.destroy());
  }
}
