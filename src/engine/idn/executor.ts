/**
 * Runs the planned IDN frame. Everything is created once, at load: the activation arena, the static and
 * dynamic weight buffers, the pipelines, the bind groups and the uniforms. A frame writes the crop, records
 * the fixed dispatch list into one compute pass and submits: no create* call, no map.
 */
import { createStorageBuffer, readFloats } from '../buffers';
import type { GpuContext } from '../device';
import { destroyDispatch, encodeDispatch, prepareDispatch, type PreparedDispatch } from '../dispatch';
import { InvalidArgumentError } from '../errors';
import type { KernelCost } from '../kernel';
import type { PipelineCache } from '../pipeline-cache';
import type { TensorMap } from '../weights/tensor-map';
import { checkInjectedKernels, depthwiseElements, pointwiseElements, DYNAMIC_LAYER_NAMES, type DynamicWeightBuffers, type InjectedKernels } from './dynamic-weights';
import { planFusedIdn, type BufferSource, type IdnPlan, type IdnPlanOptions, type TensorSlot } from './fused-plan';
import { planUnfusedIdn } from './unfused-plan';
import { packStaticWeights } from './static-weights';
import { tilingFor } from './tiling';

export interface IdnDispatchInfo {
  readonly label: string;
  readonly kernel: string;
  readonly nodes: readonly string[];
  readonly workgroups: readonly [number, number, number];
  readonly cost: KernelCost;
}

export interface IdnOutputs {
  /** Blended RGB crop [3, S, S] in [0, 1]. */
  readonly out: Float32Array;
  /** Sigmoid mask [1, S, S]. */
  readonly mask: Float32Array;
}

/** Optional per-dispatch timestamp writes (profiling mode: then each dispatch gets its own pass). */
export type TimestampWritesFor = (dispatchIndex: number) => GPUComputePassTimestampWrites | undefined;

export type IdnPlanKind = 'fused' | 'unfused';

export class IdnExecutor {
  private constructor(
    private readonly gpu: GpuContext,
    readonly plan: IdnPlan,
    private readonly tensors: ReadonlyMap<string, GPUBuffer>,
    private readonly staticBuffers: readonly GPUBuffer[],
    readonly dynamicWeights: DynamicWeightBuffers,
    private readonly prepared: readonly PreparedDispatch[],
  ) {}

  /**
   * Plan the IDN at `size` (a multiple of 32; 224 for the released weights) and create everything a frame
   * needs. `plan: 'fused'` (default) is the 12-dispatch frame; 'unfused' runs one dispatch per layer.
   * `tiling` defaults to the adapter's kind (CPU emulator or GPU; see tiling.ts).
   */
  static async create(gpu: GpuContext, cache: PipelineCache, swapWeights: TensorMap, options: { size?: number; plan?: IdnPlanKind } & IdnPlanOptions = {}): Promise<IdnExecutor> {
    const size = options.size ?? 224;
    if (!Number.isInteger(size) || size < 32 || size % 32 !== 0) {
      throw new InvalidArgumentError(`IDN crop size must be a positive multiple of 32 (the network halves it 5 times), got ${size}`);
    }
    const { device } = gpu;
    const statics = packStaticWeights(swapWeights);
    const planOptions: IdnPlanOptions = { tiling: options.tiling ?? tilingFor(gpu.capabilities), ...(options.minWorkgroups !== undefined ? { minWorkgroups: options.minWorkgroups } : {}) };
    const plan = (options.plan ?? 'fused') === 'fused' ? planFusedIdn(size, statics, planOptions) : planUnfusedIdn(size, statics, planOptions);
    const created: GPUBuffer[] = [];
    const track = (b: GPUBuffer) => (created.push(b), b);
    try {
      const tensors = new Map([...plan.tensors].map(([name, n]) => [name, track(createStorageBuffer(device, n, `idn/${name}`))] as const));
      const staticBuffers = new Map([...plan.statics].map(([name, data]) => [name, track(createStorageBuffer(device, data, `idn/${name}`))] as const));
      const dynamic: DynamicWeightBuffers = {
        depthwise: DYNAMIC_LAYER_NAMES.map((n, i) => track(createStorageBuffer(device, depthwiseElements(i), `idn/${n}.dw.weight`))),
        pointwise: DYNAMIC_LAYER_NAMES.map((n, i) => track(createStorageBuffer(device, pointwiseElements(i), `idn/${n}.pw.weight`))),
      };
      const resolve = (s: BufferSource): GPUBuffer => {
        switch (s.kind) {
          case 'tensor':
            return tensors.get(s.name)!;
          case 'static':
            return staticBuffers.get(s.name)!;
          case 'depthwise':
            return dynamic.depthwise[s.index]!;
          case 'pointwise':
            return dynamic.pointwise[s.index]!;
        }
      };
      const prepared: PreparedDispatch[] = [];
      for (const step of plan.steps) {
        const compiled = await cache.get(step.kernel, step.params);
        const resources = Object.fromEntries(Object.entries(step.bindings).map(([name, src]) => [name, resolve(src)]));
        prepared.push(prepareDispatch(gpu, compiled, step.kernel, step.params, resources, `idn/${step.label}`));
      }
      return new IdnExecutor(gpu, plan, tensors, [...staticBuffers.values()], dynamic, prepared);
    } catch (e) {
      created.forEach((b) => b.destroy());
      throw e;
    }
  }

  get size(): number {
    return this.plan.size;
  }

  /** The dispatches of one frame, in order, with their cost from the plan. */
  get dispatches(): IdnDispatchInfo[] {
    return this.plan.steps.map((s, i) => ({ label: s.label, kernel: s.kernel.name, nodes: s.nodes, workgroups: this.prepared[i]!.workgroups, cost: s.kernel.cost(s.params) }));
  }

  /** Bytes of GPU memory the frame's activations and weights occupy. */
  get allocatedBytes(): number {
    const all = [...this.tensors.values(), ...this.staticBuffers, ...this.dynamicWeights.depthwise, ...this.dynamicWeights.pointwise];
    return all.reduce((s, b) => s + b.size, 0);
  }

  /** Upload injected kernels computed on the host (identity packs, CPU reference). The GPU IIN writes the same buffers directly. */
  writeInjectedKernels(kernels: InjectedKernels): void {
    checkInjectedKernels(kernels);
    const q = this.gpu.device.queue;
    kernels.depthwise.forEach((d, i) => q.writeBuffer(this.dynamicWeights.depthwise[i]!, 0, d as Float32Array<ArrayBuffer>));
    kernels.pointwise.forEach((p, i) => q.writeBuffer(this.dynamicWeights.pointwise[i]!, 0, p as Float32Array<ArrayBuffer>));
  }

  /** Where the [3, S, S] crop goes, for kernels (e.g. the warp) that write it on the GPU. */
  get cropTarget(): { buffer: GPUBuffer; offset: number; elements: number } {
    return { buffer: this.tensors.get(this.plan.crop.tensor)!, offset: this.plan.crop.offset, elements: this.plan.crop.elements };
  }

  /** Where the outputs live, for copying them onward on the GPU. */
  get outputTargets(): { out: { buffer: GPUBuffer; offset: number }; mask: { buffer: GPUBuffer; offset: number } } {
    const at = (slot: TensorSlot) => ({ buffer: this.tensors.get(slot.tensor)!, offset: slot.offset });
    return { out: at(this.plan.out), mask: at(this.plan.mask) };
  }

  /** Write the [3, S, S] RGB crop in [0, 1] (planar, NCHW). */
  writeCrop(rgb: Float32Array): void {
    const { buffer, offset, elements } = this.cropTarget;
    if (rgb.length !== elements) throw new InvalidArgumentError(`IDN crop must be [3, ${this.size}, ${this.size}] = ${elements} floats, got ${rgb.length}`);
    this.gpu.device.queue.writeBuffer(buffer, offset * 4, rgb as Float32Array<ArrayBuffer>);
  }

  /** Record the frame: one compute pass (or, with timestamp writes, one pass per dispatch). */
  encode(encoder: GPUCommandEncoder, timestampWrites?: TimestampWritesFor): void {
    if (!timestampWrites) {
      const pass = encoder.beginComputePass({ label: `idn frame (${this.plan.kind})` });
      for (const d of this.prepared) encodeDispatch(pass, d);
      pass.end();
      return;
    }
    this.prepared.forEach((d, i) => {
      const tw = timestampWrites(i);
      const pass = encoder.beginComputePass(tw ? { label: d.label, timestampWrites: tw } : { label: d.label });
      encodeDispatch(pass, d);
      pass.end();
    });
  }

  /** Convenience for checks and the CLI: write, record, submit. */
  run(rgb: Float32Array): void {
    this.writeCrop(rgb);
    const encoder = this.gpu.device.createCommandEncoder({ label: 'idn frame' });
    this.encode(encoder);
    this.gpu.device.queue.submit([encoder.finish()]);
  }

  /** Read a planned tensor back by its inspector name (inspection and tests, never per frame). */
  readTensor(name: string): Promise<Float32Array> {
    const slot = this.plan.inspectable.get(name);
    if (!slot) throw new InvalidArgumentError(`the ${this.plan.kind} IDN plan keeps no tensor "${name}"; it keeps: ${[...this.plan.inspectable.keys()].join(', ')}`);
    return readFloats(this.gpu.device, this.tensors.get(slot.tensor)!, slot.elements, slot.offset);
  }

  async readOutputs(): Promise<IdnOutputs> {
    return { out: await this.readTensor('out'), mask: await this.readTensor('mask') };
  }

  destroy(): void {
    this.prepared.forEach(destroyDispatch);
    this.tensors.forEach((b) => b.destroy());
    this.staticBuffers.forEach((b) => b.destroy());
    this.dynamicWeights.depthwise.forEach((b) => b.destroy());
    this.dynamicWeights.pointwise.forEach((b) => b.destroy());
  }
}
