/**
 * A prepared dispatch: pipeline, bind groups (resources bound by their WGSL names), a uniform buffer written
 * once, and workgroup counts. Preparing validates everything up front; encoding one costs no allocation.
 */
import type { GpuContext } from './device';
import { BindingTooSmallError, DeviceLimitError, InvalidArgumentError, MissingBindingError, UnknownBindingError } from './errors';
import type { KernelDefinition } from './kernel';
import type { CompiledKernel } from './pipeline-cache';
import { packUniform } from './reflect';

export interface PreparedDispatch {
  readonly kernel: string;
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroups: readonly GPUBindGroup[];
  readonly workgroups: readonly [number, number, number];
  /** GPU objects this dispatch created (its uniform buffer), for disposal. */
  readonly ownedBuffers: readonly GPUBuffer[];
}

/** Storage buffers by binding name; texture bindings take a GPUTextureView. */
export type BindingResources = Readonly<Record<string, GPUBuffer | GPUTextureView>>;

export function prepareDispatch<P>(
  gpu: GpuContext,
  compiled: CompiledKernel,
  kernel: KernelDefinition<P>,
  params: P,
  resources: BindingResources,
  label = kernel.name,
): PreparedDispatch {
  kernel.validate(params);
  const { device, capabilities } = gpu;
  const bindings = compiled.entry.bindings;
  const storageNames = bindings.filter((b) => b.kind !== 'uniform').map((b) => b.name);
  for (const name of Object.keys(resources)) {
    if (!storageNames.includes(name)) throw new UnknownBindingError(kernel.name, name, storageNames);
  }
  for (const name of storageNames) {
    if (!resources[name]) throw new MissingBindingError(kernel.name, name, storageNames);
  }
  const sizes = kernel.bindingElements(params);
  const workgroups = kernel.workgroups(params);
  const maxGroups = capabilities.limits.maxComputeWorkgroupsPerDimension;
  workgroups.forEach((n, axis) => {
    if (n > maxGroups) throw new DeviceLimitError(kernel.name, `maxComputeWorkgroupsPerDimension (axis ${'xyz'[axis]})`, n, maxGroups, 'the tensor is too large for one dispatch; split it');
  });

  const ownedBuffers: GPUBuffer[] = [];
  const resourceFor = (name: string, kind: string): GPUBindingResource => {
    if (kind === 'texture' || kind === 'storage-texture') {
      const view = resources[name]!;
      if (isBuffer(view)) throw new InvalidArgumentError(`kernel "${kernel.name}": binding "${name}" is a texture; give a GPUTextureView, not a buffer`);
      return view;
    }
    if (kind === 'uniform') {
      const layout = bindings.find((b) => b.name === name)!.uniform!;
      const bytes = packUniform(kernel.name, layout, kernel.uniforms(params));
      const buffer = device.createBuffer({ label: `${label}/${name}`, size: bytes.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(buffer, 0, bytes);
      ownedBuffers.push(buffer);
      return { buffer };
    }
    const buffer = resources[name]!;
    if (!isBuffer(buffer)) throw new InvalidArgumentError(`kernel "${kernel.name}": binding "${name}" is a storage buffer; give a GPUBuffer, not a texture view`);
    const needed = (sizes[name] ?? 0) * 4;
    if (buffer.size < needed) throw new BindingTooSmallError(kernel.name, name, needed, buffer.size);
    if (buffer.size > capabilities.limits.maxStorageBufferBindingSize) {
      throw new DeviceLimitError(kernel.name, `maxStorageBufferBindingSize (binding "${name}")`, buffer.size, capabilities.limits.maxStorageBufferBindingSize, 'split the tensor');
    }
    return { buffer };
  };

  const bindGroups = compiled.bindGroupLayouts.map((layout, group) =>
    device.createBindGroup({
      label: `${label}/group${group}`,
      layout,
      entries: bindings.filter((b) => b.group === group).map((b) => ({ binding: b.binding, resource: resourceFor(b.name, b.kind) })),
    }),
  );
  return { kernel: kernel.name, label, pipeline: compiled.pipeline, bindGroups, workgroups, ownedBuffers };
}

const isBuffer = (r: GPUBuffer | GPUTextureView): r is GPUBuffer => 'size' in r && 'usage' in r;

export function encodeDispatch(pass: GPUComputePassEncoder, d: PreparedDispatch): void {
  pass.setPipeline(d.pipeline);
  d.bindGroups.forEach((g, i) => pass.setBindGroup(i, g));
  pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
}

export function destroyDispatch(d: PreparedDispatch): void {
  for (const b of d.ownedBuffers) b.destroy();
}
