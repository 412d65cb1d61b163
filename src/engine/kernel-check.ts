/**
 * Runs one kernel case on a device and compares every buffer it writes with the CPU reference. Shared by the
 * self-check (the main job), the Node GPU tests and the browser tests, so all three check the same thing.
 */
import { createStorageBuffer, readFloats } from './buffers';
import { compareClose, describeClose, type CloseReport, type Tolerance } from './compare';
import type { GpuContext } from './device';
import { GpuValidationError } from './errors';
import { prepareDispatch, encodeDispatch, destroyDispatch } from './dispatch';
import type { KernelDefinition } from './kernel';
import type { PipelineCache } from './pipeline-cache';

export interface KernelCase<P = unknown> {
  readonly title: string;
  readonly kernel: KernelDefinition<P>;
  readonly params: P;
  /** Initial contents of every storage binding (written ones prefilled with a sentinel to catch stray writes). */
  readonly buffers: Readonly<Record<string, Float32Array>>;
  /** Expected final contents of every binding the kernel writes, from the kernel's `.ref.ts`. */
  expected(): Readonly<Record<string, Float32Array>>;
  readonly tolerance: Tolerance;
}

/** Identity helper that keeps the params type tied to the kernel. */
export function kernelCase<P>(c: KernelCase<P>): KernelCase<P> {
  return c;
}

export interface BindingResult {
  readonly binding: string;
  readonly report: CloseReport;
  readonly message: string;
}

export interface KernelCaseResult {
  readonly title: string;
  readonly kernel: string;
  readonly pass: boolean;
  readonly bindings: readonly BindingResult[];
  readonly gpuMilliseconds: number;
}

/** Value written around the region a kernel should write; a kernel that writes elsewhere changes it. */
export const SENTINEL = -7777;

export async function runKernelCase<P>(gpu: GpuContext, cache: PipelineCache, c: KernelCase<P>): Promise<KernelCaseResult> {
  const { device } = gpu;
  const compiled = await cache.get(c.kernel, c.params);
  const written = compiled.entry.bindings.filter((b) => b.kind === 'storage').map((b) => b.name);
  const buffers: Record<string, GPUBuffer> = {};
  for (const [name, data] of Object.entries(c.buffers)) buffers[name] = createStorageBuffer(device, data, `${c.kernel.name}/${name}`);
  device.pushErrorScope('validation');
  const prepared = (() => {
    try {
      return prepareDispatch(gpu, compiled, c.kernel, c.params, buffers, c.title);
    } catch (e) {
      void device.popErrorScope();
      Object.values(buffers).forEach((b) => b.destroy());
      throw e;
    }
  })();
  try {
    const encoder = device.createCommandEncoder({ label: c.title });
    const pass = encoder.beginComputePass({ label: c.title });
    encodeDispatch(pass, prepared);
    pass.end();
    const t0 = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    const gpuMilliseconds = performance.now() - t0;
    const err = await device.popErrorScope();
    if (err) throw new GpuValidationError(c.kernel.name, err.message);
    const expected = c.expected();
    const bindings: BindingResult[] = [];
    for (const name of written) {
      const exp = expected[name];
      if (!exp) throw new Error(`case "${c.title}": no expected values for written binding "${name}"`);
      const actual = await readFloats(device, buffers[name]!, exp.length);
      const report = compareClose(actual, exp, c.tolerance);
      bindings.push({ binding: name, report, message: describeClose(report, `${c.title} → ${name}`) });
    }
    return { title: c.title, kernel: c.kernel.name, pass: bindings.every((b) => b.report.pass), bindings, gpuMilliseconds };
  } finally {
    destroyDispatch(prepared);
    Object.values(buffers).forEach((b) => b.destroy());
  }
}
