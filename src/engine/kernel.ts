/**
 * The kernel contract. A kernel is a `.wgsl` file plus one of these definitions plus a CPU reference
 * (`<name>.ref.ts`). The definition turns the kernel's parameters into: compile-time facts (entry point and
 * override constants: the only things in the pipeline cache key), uniform values (shapes and offsets),
 * workgroup counts, and the size every storage binding must have.
 */
import type { ShaderSource } from './shader-source';

export type OverrideValue = number | boolean;

export interface KernelVariant {
  readonly entryPoint: string;
  readonly overrides: Readonly<Record<string, OverrideValue>>;
  /** The workgroup size these overrides give; checked against device limits before compiling. */
  readonly workgroupSize: readonly [number, number, number];
  /** Bytes of `var<workgroup>` memory this variant declares. */
  readonly workgroupStorageBytes?: number;
}

export interface KernelCost {
  /** Multiply-accumulates (or comparable arithmetic ops). */
  readonly macs: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

export interface KernelDefinition<P> {
  readonly name: string;
  readonly source: ShaderSource;
  variant(params: P): KernelVariant;
  uniforms(params: P): Readonly<Record<string, number>>;
  workgroups(params: P): readonly [number, number, number];
  /** Elements (f32) each storage binding must hold, counting any element offsets. */
  bindingElements(params: P): Readonly<Record<string, number>>;
  /** Throws ShapeMismatchError naming this kernel when the parameters are inconsistent. */
  validate(params: P): void;
  cost(params: P): KernelCost;
}

/** The pipeline cache key: compile-time facts only (kernel, entry point, override constants). Shapes never enter it. */
export function pipelineCacheKey(kernelName: string, variant: KernelVariant): string {
  const overrides = Object.keys(variant.overrides)
    .sort()
    .map((k) => `${k}=${formatOverride(variant.overrides[k]!)}`)
    .join(',');
  return `${kernelName}#${variant.entryPoint}{${overrides}}`;
}

function formatOverride(v: OverrideValue): string {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
}

/** Override values as WebGPU wants them (booleans become 0/1). */
export function overrideConstants(variant: KernelVariant): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(variant.overrides)) out[k] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  return out;
}

export const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);
