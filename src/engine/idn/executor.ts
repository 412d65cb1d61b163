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
import { regionElements, type ArenaLayout, type Region } from './arena';
import { checkInjectedKernels, depthwiseElements, pointwiseElements, DYNAMIC_LAYER_NAMES, type DynamicWeightBuffers, type InjectedKernels } from './dynamic-weights';
import { planFusedIdn, type BufferSource, type PlannedStep } from './fused-plan';
import { packStaticWeights } from './static-weights';

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

export class IdnExecutor {
  private constructor(
    private readonly gpu: GpuContext,
    readonly size: number,
    readonly layout: ArenaLayout,
    private readonly arena: GPUBuffer,
    private readonly statics: GPUBuffer,
    readonly dynamicWeights: DynamicWeightBuffers,
    private readonly steps: readonly PlannedStep[],
    private readonly prepared: readonly PreparedDispatch[],
  ) {}

  static async create(gpu: GpuContext, cache: PipelineCache, swapWeights: TensorMap, options: { size?: number } = {}): Promise<IdnExecutor> {
    const size = options.size ?? 224;
    if (!Number.isInteger(size) || size < 32 || size % 32 !== 0) {
      throw new InvalidArgumentError(`IDN crop size must be a positive multiple of 32 (the network halves it 5 times), got ${size}`);
    }
    const { device } = gpu;
    const statics = packStaticWeights(swapWeights);
    const plan = planFusedIdn(size, statics);
    const created: GPUBuffer[] = [];
    const track = (b: GPUBuffer) => (created.push(b), b);
    try {
      const arena = track(createStorageBuffer(device, plan.arena.elements, 'idn/activations'));
      const staticBuffer = track(createStorageBuffer(device, statics.data, 'idn/static-weights'));
      const dynamic: DynamicWeightBuffers = {
        depthwise: DYNAMIC_LAYER_NAMES.map((n, i) => track(createStorageBuffer(device, depthwiseElements(i), `idn/${n}.dw.weight`))),
        pointwise: DYNAMIC_LAYER_NAMES.map((n, i) => track(createStorageBuffer(device, pointwiseElements(i), `idn/${n}.pw.weight`))),
      };
      const resolve = (s: BufferSource): GPUBuffer =>
        s.kind === 'arena' ? arena : s.kind === 'static' ? staticBuffer : s.kind === 'depthwise' ? dynamic.depthwise[s.index]! : dynamic.pointwise[s.index]!;
      const prepared: PreparedDispatch[] = [];
      for (const step of plan.steps) {
        const compiled = await cache.get(step.kernel, step.params);
        const resources = Object.fromEntries(Object.entries(step.bindings).map(([name, src]) => [name, resolve(src)]));
        prepared.push(prepareDispatch(gpu, compiled, step.kernel, step.params, resources, `idn/${step.label}`));
      }
      return new IdnExecutor(gpu, size, plan.arena, arena, staticBuffer, dynamic, plan.steps, prepared);
    } catch (e) {
      created.forEach((b) => b.destroy());
      throw e;
    }
  }

  /** The dispatches of one frame, in order, with their cost from the plan. */
  get dispatches(): IdnDispatchInfo[] {
    return this.steps.map((s, i) => ({ label: s.label, kernel: s.kernel.name, nodes: s.nodes, workgroups: this.prepared[i]!.workgroups, cost: s.kernel.cost(s.params) }));
  }

  /** Upload injected kernels computed on the host (identity packs, CPU reference). The GPU IIN writes the same buffers directly. */
  writeInjectedKernels(kernels: InjectedKernels): void {
    checkInjectedKernels(kernels);
    const q = this.gpu.device.queue;
    kernels.depthwise.forEach((d, i) => q.writeBuffer(this.dynamicWeights.depthwise[i]!, 0, d as Float32Array<ArrayBuffer>));
    kernels.pointwise.forEach((p, i) => q.writeBuffer(this.dynamicWeights.pointwise[i]!, 0, p as Float32Array<ArrayBuffer>));
  }

  /** The activation buffer and where the crop goes, for kernels (e.g. the warp) that write the crop on the GPU. */
  get cropTarget(): { buffer: GPUBuffer; offset: number; elements: number } {
    return { buffer: this.arena, offset: this.layout.crop.offset, elements: regionElements(this.layout.crop) };
  }

  /** Write the [3, S, S] RGB crop in [0, 1] (planar, NCHW). */
  writeCrop(rgb: Float32Array): void {
    const n = regionElements(this.layout.crop);
    if (rgb.length !== n) throw new InvalidArgumentError(`IDN crop must be [3, ${this.size}, ${this.size}] = ${n} floats, got ${rgb.length}`);
    this.gpu.device.queue.writeBuffer(this.arena, this.layout.crop.offset * 4, rgb as Float32Array<ArrayBuffer>);
  }

  /** Record the frame: one compute pass (or, with timestamp writes, one pass per dispatch). */
  encode(encoder: GPUCommandEncoder, timestampWrites?: TimestampWritesFor): void {
    if (!timestampWrites) {
      const pass = encoder.beginComputePass({ label: 'idn frame' });
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

  /** Convenience for checks and the CLI: write, run, submit. */
  run(rgb: Float32Array): void {
    this.writeCrop(rgb);
    const encoder = this.gpu.device.createCommandEncoder({ label: 'idn frame' });
    this.encode(encoder);
    this.gpu.device.queue.submit([encoder.finish()]);
  }

  /** Read any arena region back (inspection and tests, never per frame). */
  readRegion(region: Region): Promise<Float32Array> {
    return readFloats(this.gpu.device, this.arena, regionElements(region), region.offset);
  }

  async readOutputs(): Promise<IdnOutputs> {
    return { out: await this.readRegion(this.layout.out), mask: await this.readRegion(this.layout.maskOut) };
  }

  /** Where the outputs live, for copying them onward on the GPU. */
  get outputTargets(): { buffer: GPUBuffer; out: Region; mask: Region } {
    return { buffer: this.arena, out: this.layout.out, mask: this.layout.maskOut };
  }

  destroy(): void {
    this.prepared.forEach(destroyDispatch);
    this.arena.destroy();
    this.statics.destroy();
    this.dynamicWeights.depthwise.forEach((b) => b.destroy());
    this.dynamicWeights.pointwise.forEach((b) => b.destroy());
  }
}
