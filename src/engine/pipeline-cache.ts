/**
 * Compiles kernels once and caches their pipelines by compile-time facts only (see pipelineCacheKey).
 * Shader modules are created inside error scopes and their compilation messages are mapped back to the
 * kernel's own `.wgsl` file and line; pipelines are created with createComputePipelineAsync.
 */
import type { GpuContext } from './device';
import { DeviceLimitError, InvalidArgumentError, KernelCompileError, PipelineCreationError, type WgslDiagnostic } from './errors';
import { overrideConstants, pipelineCacheKey, type KernelDefinition, type KernelVariant } from './kernel';
import { layoutEntry, reflectWgsl, type ReflectedEntryPoint, type ReflectedModule } from './reflect';
import { joinedCode, locateLine } from './shader-source';

export interface CompiledKernel {
  readonly kernel: string;
  readonly key: string;
  readonly variant: KernelVariant;
  readonly pipeline: GPUComputePipeline;
  readonly entry: ReflectedEntryPoint;
  readonly bindGroupLayouts: readonly GPUBindGroupLayout[];
}

interface ModuleRecord {
  readonly module: GPUShaderModule;
  readonly reflection: ReflectedModule;
}

export class PipelineCache {
  private readonly modules = new Map<string, Promise<ModuleRecord>>();
  private readonly pipelines = new Map<string, Promise<CompiledKernel>>();
  private hits = 0;

  constructor(private readonly gpu: GpuContext) {}

  get stats(): { modules: number; pipelines: number; hits: number } {
    return { modules: this.modules.size, pipelines: this.pipelines.size, hits: this.hits };
  }

  /** Reflection of a kernel's WGSL, without touching the GPU. */
  static reflect(kernel: KernelDefinition<never> | KernelDefinition<any>): ReflectedModule {
    return reflectWgsl(kernel.name, joinedCode(kernel.source));
  }

  async get<P>(kernel: KernelDefinition<P>, params: P): Promise<CompiledKernel> {
    kernel.validate(params);
    const variant = kernel.variant(params);
    const key = pipelineCacheKey(kernel.name, variant);
    const existing = this.pipelines.get(key);
    if (existing) {
      this.hits++;
      return existing;
    }
    const created = this.compile(kernel, variant, key);
    this.pipelines.set(key, created);
    // A failed compile must not poison the cache: a later call retries (and fails with the same message).
    created.catch(() => this.pipelines.delete(key));
    return created;
  }

  private moduleFor(kernel: KernelDefinition<unknown>): Promise<ModuleRecord> {
    let rec = this.modules.get(kernel.name);
    if (!rec) {
      rec = this.createModule(kernel);
      this.modules.set(kernel.name, rec);
      rec.catch(() => this.modules.delete(kernel.name));
    }
    return rec;
  }

  private async createModule(kernel: KernelDefinition<unknown>): Promise<ModuleRecord> {
    const { device } = this.gpu;
    const code = joinedCode(kernel.source);
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ code, label: kernel.name });
    const info = await module.getCompilationInfo();
    const scopeError = await device.popErrorScope();
    const diagnostics: WgslDiagnostic[] = info.messages
      .filter((m) => m.type === 'error')
      .map((m) => {
        const where = locateLine(kernel.source, m.lineNum);
        return { type: m.type, message: m.message, file: where.file, line: where.line, column: m.linePos, sourceLine: where.text };
      });
    if (diagnostics.length > 0 || scopeError) throw new KernelCompileError(kernel.name, diagnostics, scopeError?.message);
    // Reflection after a successful compile, so WGSL errors are reported by the GPU compiler with lines.
    return { module, reflection: reflectWgsl(kernel.name, code) };
  }

  private async compile<P>(kernel: KernelDefinition<P>, variant: KernelVariant, key: string): Promise<CompiledKernel> {
    checkWorkgroupLimits(this.gpu, kernel.name, variant);
    const { module, reflection } = await this.moduleFor(kernel as KernelDefinition<unknown>);
    const entry = reflection.entryPoints.get(variant.entryPoint);
    if (!entry) {
      throw new InvalidArgumentError(`kernel "${kernel.name}": no @compute entry point "${variant.entryPoint}" in its WGSL (has: ${[...reflection.entryPoints.keys()].join(', ')})`);
    }
    for (const name of Object.keys(variant.overrides)) {
      if (!reflection.overrides.has(name)) {
        throw new InvalidArgumentError(`kernel "${kernel.name}": override constant "${name}" is not declared in its WGSL (declares: ${[...reflection.overrides.keys()].join(', ')})`);
      }
    }
    const storageCount = entry.bindings.filter((b) => b.kind === 'storage' || b.kind === 'read-only-storage').length;
    const maxStorage = this.gpu.capabilities.limits.maxStorageBuffersPerShaderStage;
    if (storageCount > maxStorage) {
      throw new DeviceLimitError(kernel.name, 'maxStorageBuffersPerShaderStage', storageCount, maxStorage, 'split the kernel or pack buffers together');
    }
    const { device } = this.gpu;
    const bindGroupLayouts: GPUBindGroupLayout[] = [];
    for (let g = 0; g < entry.groupCount; g++) {
      bindGroupLayouts.push(
        device.createBindGroupLayout({
          label: `${kernel.name}/group${g}`,
          entries: entry.bindings.filter((b) => b.group === g).map(layoutEntry),
        }),
      );
    }
    const layout = device.createPipelineLayout({ label: key, bindGroupLayouts });
    device.pushErrorScope('validation');
    let pipeline: GPUComputePipeline;
    try {
      pipeline = await device.createComputePipelineAsync({
        label: key,
        layout,
        compute: { module, entryPoint: variant.entryPoint, constants: overrideConstants(variant) },
      });
    } catch (e) {
      await device.popErrorScope();
      throw new PipelineCreationError(kernel.name, (e as Error).message);
    }
    const err = await device.popErrorScope();
    if (err) throw new PipelineCreationError(kernel.name, err.message);
    return { kernel: kernel.name, key, variant, pipeline, entry, bindGroupLayouts };
  }
}

export function checkWorkgroupLimits(gpu: GpuContext, kernel: string, variant: KernelVariant): void {
  const l = gpu.capabilities.limits;
  const [x, y, z] = variant.workgroupSize;
  const hint = 'use a smaller workgroup-size override for this kernel';
  if (x * y * z > l.maxComputeInvocationsPerWorkgroup) throw new DeviceLimitError(kernel, 'maxComputeInvocationsPerWorkgroup', x * y * z, l.maxComputeInvocationsPerWorkgroup, hint);
  if (x > l.maxComputeWorkgroupSizeX) throw new DeviceLimitError(kernel, 'maxComputeWorkgroupSizeX', x, l.maxComputeWorkgroupSizeX, hint);
  if (y > l.maxComputeWorkgroupSizeY) throw new DeviceLimitError(kernel, 'maxComputeWorkgroupSizeY', y, l.maxComputeWorkgroupSizeY, hint);
  if (z > l.maxComputeWorkgroupSizeZ) throw new DeviceLimitError(kernel, 'maxComputeWorkgroupSizeZ', z, l.maxComputeWorkgroupSizeZ, hint);
  const wg = variant.workgroupStorageBytes ?? 0;
  if (wg > l.maxComputeWorkgroupStorageSize) throw new DeviceLimitError(kernel, 'maxComputeWorkgroupStorageSize', wg, l.maxComputeWorkgroupStorageSize, 'use smaller tiles');
}
