/**
 * Runs a lowered TF graph (graph-plan.ts) on the GPU. Everything is created once, in `create`: weight buffers,
 * the activation slots, the pipelines, bind groups and uniforms, and a mappable staging buffer for the
 * outputs. A run writes the input, records the fixed dispatch list into one compute pass plus the output
 * copies, submits and maps the staging buffer: no other create* call.
 */
import { createStorageBuffer, readFloats } from '../buffers';
import type { GpuContext } from '../device';
import { destroyDispatch, encodeDispatch, prepareDispatch, type PreparedDispatch } from '../dispatch';
import { EngineError, InvalidArgumentError } from '../errors';
import type { PipelineCache } from '../pipeline-cache';
import { assignSlots, type SlotAssignment } from './buffer-slots';
import { KERNELS, nchwToNhwc, planGraph, type NetworkPlan, type PlanOutput } from './graph-plan';
import type { TfjsGraph } from './tfjs-graph';

export interface NetworkOptions {
  readonly label?: string;
  /** Give every tensor its own buffer so intermediates can be read back (tests, debugging). */
  readonly keepIntermediates?: boolean;
}

export class GraphNetwork {
  private busy: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly gpu: GpuContext,
    readonly plan: NetworkPlan,
    private readonly slots: SlotAssignment,
    private readonly slotBuffers: readonly GPUBuffer[],
    private readonly weightBuffers: readonly GPUBuffer[],
    private readonly prepared: readonly PreparedDispatch[],
    private readonly staging: GPUBuffer,
    private readonly outputOffsets: readonly number[],
    readonly label: string,
  ) {}

  static async create(gpu: GpuContext, cache: PipelineCache, graph: TfjsGraph, options: NetworkOptions = {}): Promise<GraphNetwork> {
    const label = options.label ?? 'network';
    const plan = planGraph(graph);
    const slots = assignSlots(plan, options.keepIntermediates ?? false);
    const { device } = gpu;
    const created: GPUBuffer[] = [];
    const prepared: PreparedDispatch[] = [];
    const track = (b: GPUBuffer) => (created.push(b), b);
    try {
      const slotBuffers = slots.slotElements.map((n, i) => track(createStorageBuffer(device, n, `${label}/slot${i}`)));
      const weightBuffers = new Map([...plan.weights].map(([key, data]) => [key, track(createStorageBuffer(device, data, `${label}/${key}`))] as const));
      for (const step of plan.steps) {
        const kernel = KERNELS[step.kernel];
        const compiled = await cache.get(kernel, step.params);
        const resources = Object.fromEntries(
          Object.entries(step.bindings).map(([name, ref]) => [name, ref.kind === 'tensor' ? slotBuffers[slots.slotOf[ref.id]!]! : weightBuffers.get(ref.key)!]),
        );
        prepared.push(prepareDispatch(gpu, compiled, kernel, step.params, resources, `${label}/${step.label}`));
      }
      const outputOffsets: number[] = [];
      let bytes = 0;
      for (const o of plan.outputs) {
        outputOffsets.push(bytes);
        bytes += outputElements(o) * 4;
      }
      const staging = track(device.createBuffer({ label: `${label}/outputs`, size: Math.max(4, bytes), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
      return new GraphNetwork(gpu, plan, slots, slotBuffers, [...weightBuffers.values()], prepared, staging, outputOffsets, label);
    } catch (e) {
      prepared.forEach(destroyDispatch);
      created.forEach((b) => b.destroy());
      throw e;
    }
  }

  get input(): { channels: number; height: number; width: number } {
    const { channels, height, width } = this.plan.input;
    return { channels, height, width };
  }

  get dispatchCount(): number {
    return this.prepared.length;
  }

  /** Bytes of GPU memory held (activation slots and weights). */
  get allocatedBytes(): number {
    return [...this.slotBuffers, ...this.weightBuffers].reduce((s, b) => s + b.size, 0);
  }

  /** Write the input, [C, H, W] planar float32 (the graph's NHWC input, transposed by the caller's pre-processing). */
  writeInput(planar: Float32Array): void {
    const { channels: C, height: H, width: W } = this.plan.input;
    if (planar.length !== C * H * W) throw new InvalidArgumentError(`${this.label}: input must be [${C}, ${H}, ${W}] = ${C * H * W} floats, got ${planar.length}`);
    this.gpu.device.queue.writeBuffer(this.bufferOf(this.plan.input.tensor), 0, planar as Float32Array<ArrayBuffer>);
  }

  /** Record the dispatches (one compute pass). */
  encode(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: this.label });
    for (const d of this.prepared) encodeDispatch(pass, d);
    pass.end();
  }

  /**
   * Run on `planar` input and read every graph output back, by signature name, in TF's element order (a
   * reshape of the NHWC tensor). Calls are serialised: the staging buffer is mapped by one run at a time.
   */
  run(planar: Float32Array): Promise<Record<string, Float32Array>> {
    const result = this.busy.then(() => this.runNow(planar));
    this.busy = result.catch(() => undefined);
    return result;
  }

  private async runNow(planar: Float32Array): Promise<Record<string, Float32Array>> {
    const { device } = this.gpu;
    this.writeInput(planar);
    const encoder = device.createCommandEncoder({ label: this.label });
    this.encode(encoder);
    this.plan.outputs.forEach((o, i) => encoder.copyBufferToBuffer(this.bufferOf(o.tensor), 0, this.staging, this.outputOffsets[i]!, outputElements(o) * 4));
    device.queue.submit([encoder.finish()]);
    await this.staging.mapAsync(GPUMapMode.READ);
    try {
      const all = new Float32Array(this.staging.getMappedRange());
      const out: Record<string, Float32Array> = {};
      this.plan.outputs.forEach((o, i) => {
        const start = this.outputOffsets[i]! / 4;
        out[o.name] = nchwToNhwc(all.subarray(start, start + outputElements(o)), o.channels, o.height, o.width);
      });
      return out;
    } finally {
      this.staging.unmap();
    }
  }

  /**
   * Read a graph node's value (NCHW) after a run. Only meaningful with `keepIntermediates`, or for outputs:
   * otherwise the tensor's buffer may already hold a later tensor.
   */
  async readNode(node: string): Promise<{ data: Float32Array; channels: number; height: number; width: number }> {
    const id = this.plan.nodeTensors.get(node);
    if (id === undefined) throw new EngineError('invalid-argument', `${this.label}: node "${node}" has no stored tensor (views and constants have none)`);
    const t = this.plan.tensors[id]!;
    return { data: await readFloats(this.gpu.device, this.bufferOf(id), t.elements), channels: t.channels, height: t.height, width: t.width };
  }

  destroy(): void {
    this.prepared.forEach(destroyDispatch);
    this.slotBuffers.forEach((b) => b.destroy());
    this.weightBuffers.forEach((b) => b.destroy());
    this.staging.destroy();
  }

  private bufferOf(tensor: number): GPUBuffer {
    return this.slotBuffers[this.slots.slotOf[tensor]!]!;
  }
}

function outputElements(o: PlanOutput): number {
  return o.channels * o.height * o.width;
}
