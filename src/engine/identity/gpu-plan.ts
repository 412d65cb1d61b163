/**
 * A fixed sequence of prepared dispatches plus every buffer it owns. Built once (weights uploaded,
 * scratch allocated, pipelines compiled, bind groups and uniforms made); encoding it afterwards only
 * records commands, so running it again creates no GPU object.
 */
import { createStorageBuffer } from '../buffers';
import type { GpuContext } from '../device';
import { destroyDispatch, encodeDispatch, prepareDispatch, type BindingResources, type PreparedDispatch } from '../dispatch';
import type { KernelDefinition } from '../kernel';
import type { PipelineCache } from '../pipeline-cache';

interface Step {
  readonly kernel: KernelDefinition<any>;
  readonly params: unknown;
  readonly resources: BindingResources;
  readonly label: string;
}

export class GpuPlan {
  private readonly steps: Step[] = [];
  private readonly owned: GPUBuffer[] = [];
  private dispatches: PreparedDispatch[] = [];
  private totalMacs = 0;

  constructor(
    private readonly gpu: GpuContext,
    private readonly cache: PipelineCache,
    readonly label: string,
  ) {}

  /** A storage buffer filled with `data` (weights), destroyed with the plan. */
  upload(data: Float32Array, name: string): GPUBuffer {
    return this.own(createStorageBuffer(this.gpu.device, data, `${this.label}/${name}`));
  }

  /** A zero-filled storage buffer of `elements` floats (activations), destroyed with the plan. */
  scratch(elements: number, name: string): GPUBuffer {
    return this.own(createStorageBuffer(this.gpu.device, elements, `${this.label}/${name}`));
  }

  private own(buffer: GPUBuffer): GPUBuffer {
    this.owned.push(buffer);
    return buffer;
  }

  /** Appends one dispatch; shapes are validated now, pipelines compiled in `prepare`. */
  add<P>(kernel: KernelDefinition<P>, params: P, resources: BindingResources, label: string): void {
    if (this.dispatches.length > 0) throw new Error(`${this.label}: plan already prepared; "${label}" cannot be added`);
    kernel.validate(params);
    this.totalMacs += kernel.cost(params).macs;
    this.steps.push({ kernel, params, resources, label: `${this.label}/${label}` });
  }

  /** Compiles every pipeline (concurrently; the cache shares identical variants) and prepares every dispatch. */
  async prepare(): Promise<void> {
    const compiled = await Promise.all(this.steps.map((s) => this.cache.get(s.kernel, s.params)));
    this.dispatches = this.steps.map((s, i) => prepareDispatch(this.gpu, compiled[i]!, s.kernel, s.params, s.resources, s.label));
  }

  encode(pass: GPUComputePassEncoder): void {
    for (const d of this.dispatches) encodeDispatch(pass, d);
  }

  /** MACs and dispatches of one run. */
  get cost(): { macs: number; dispatches: number } {
    return { macs: this.totalMacs, dispatches: this.steps.length };
  }

  destroy(): void {
    for (const d of this.dispatches) destroyDispatch(d);
    for (const b of this.owned) b.destroy();
    this.dispatches = [];
    this.owned.length = 0;
  }
}

/** Checked before recording, so a wrong buffer is a clear error rather than an uncaptured validation error. */
export function requireCopySource(buffer: GPUBuffer, bytes: number, what: string): void {
  if (buffer.size < bytes) throw new Error(`${what}: buffer holds ${buffer.size} bytes, needs ${bytes}`);
  if ((buffer.usage & GPUBufferUsage.COPY_SRC) === 0) throw new Error(`${what}: buffer needs COPY_SRC usage to be copied in`);
}
