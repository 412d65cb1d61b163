/**
 * A prepared dispatch whose uniforms and workgroup counts change per frame without creating GPU objects.
 * prepareDispatch (src/engine/dispatch.ts) writes a dispatch's uniform buffer once; here the same buffer is
 * rewritten with queue.writeBuffer, packed by reflect.ts's packUniform at the reflected offsets. Binding
 * sizes are re-checked on every update because offsets (and so the elements needed) may change.
 *
 * queue.writeBuffer lands before the next submit, so one UniformDispatch may be encoded only once per
 * submitted command buffer.
 */
import type { GpuContext } from '../device';
import { destroyDispatch, prepareDispatch, type PreparedDispatch } from '../dispatch';
import { BindingTooSmallError, DeviceLimitError, InvalidArgumentError } from '../errors';
import type { KernelDefinition } from '../kernel';
import type { CompiledKernel } from '../pipeline-cache';
import { packUniform, type UniformLayout } from '../reflect';

export class UniformDispatch<P> {
  private workgroups: readonly [number, number, number];

  private constructor(
    private readonly gpu: GpuContext,
    private readonly kernel: KernelDefinition<P>,
    private readonly prepared: PreparedDispatch,
    private readonly resources: Readonly<Record<string, GPUBuffer>>,
    private readonly uniformBuffer: GPUBuffer,
    private readonly layout: UniformLayout,
  ) {
    this.workgroups = prepared.workgroups;
  }

  static prepare<P>(gpu: GpuContext, compiled: CompiledKernel, kernel: KernelDefinition<P>, params: P, resources: Readonly<Record<string, GPUBuffer>>, label: string): UniformDispatch<P> {
    const uniforms = compiled.entry.bindings.filter((b) => b.kind === 'uniform');
    if (uniforms.length !== 1 || !uniforms[0]!.uniform) {
      throw new InvalidArgumentError(`kernel "${kernel.name}": a per-frame dispatch needs exactly one uniform struct, found ${uniforms.length}`);
    }
    const prepared = prepareDispatch(gpu, compiled, kernel, params, resources, label);
    // prepareDispatch creates exactly one buffer per uniform binding, and nothing else.
    const uniformBuffer = prepared.ownedBuffers[0];
    if (prepared.ownedBuffers.length !== 1 || !uniformBuffer) {
      destroyDispatch(prepared);
      throw new InvalidArgumentError(`kernel "${kernel.name}": expected prepareDispatch to own one uniform buffer, got ${prepared.ownedBuffers.length}`);
    }
    return new UniformDispatch(gpu, kernel, prepared, resources, uniformBuffer, uniforms[0]!.uniform);
  }

  /** New parameters for the same bound buffers: validated, sizes checked, uniforms written. */
  update(params: P): void {
    const { kernel } = this;
    kernel.validate(params);
    const sizes = kernel.bindingElements(params);
    for (const [name, buffer] of Object.entries(this.resources)) {
      const needed = (sizes[name] ?? 0) * 4;
      if (buffer.size < needed) throw new BindingTooSmallError(kernel.name, name, needed, buffer.size);
    }
    const workgroups = kernel.workgroups(params);
    const max = this.gpu.capabilities.limits.maxComputeWorkgroupsPerDimension;
    workgroups.forEach((n, axis) => {
      if (n > max) throw new DeviceLimitError(kernel.name, `maxComputeWorkgroupsPerDimension (axis ${'xyz'[axis]})`, n, max, 'the region is too large for one dispatch');
    });
    this.gpu.device.queue.writeBuffer(this.uniformBuffer, 0, packUniform(kernel.name, this.layout, kernel.uniforms(params)));
    this.workgroups = workgroups;
  }

  encode(pass: GPUComputePassEncoder): void {
    const [x, y, z] = this.workgroups;
    if (x * y * z === 0) return;
    pass.setPipeline(this.prepared.pipeline);
    this.prepared.bindGroups.forEach((g, i) => pass.setBindGroup(i, g));
    pass.dispatchWorkgroups(x, y, z);
  }

  destroy(): void {
    destroyDispatch(this.prepared);
  }
}
