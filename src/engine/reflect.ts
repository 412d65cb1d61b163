/**
 * Everything the engine needs to know about a kernel's bindings comes from its WGSL, read by wgsl_reflect:
 * bind-group layouts, binding names and uniform struct offsets. Nothing is hand-numbered.
 */
import { ResourceType, WgslReflect } from 'wgsl_reflect/wgsl_reflect.module.js';
import { InvalidArgumentError } from './errors';

export type BindingKind = 'uniform' | 'read-only-storage' | 'storage' | 'texture' | 'storage-texture';
export type ScalarType = 'u32' | 'i32' | 'f32';

export interface UniformField {
  readonly name: string;
  readonly offset: number;
  readonly type: ScalarType;
}

export interface UniformLayout {
  readonly structName: string;
  /** Byte size, already rounded to the struct's alignment as WGSL lays it out. */
  readonly size: number;
  readonly fields: readonly UniformField[];
}

export interface ReflectedBinding {
  readonly name: string;
  readonly group: number;
  readonly binding: number;
  readonly kind: BindingKind;
  readonly uniform?: UniformLayout;
  /** For storage textures: the texel format (e.g. rgba8unorm). */
  readonly format?: GPUTextureFormat;
}

/** The bind-group-layout entry a reflected binding needs (compute stage). */
export function layoutEntry(b: ReflectedBinding): GPUBindGroupLayoutEntry {
  const base = { binding: b.binding, visibility: GPUShaderStage.COMPUTE };
  switch (b.kind) {
    case 'texture':
      // textureLoad only: unfilterable-float accepts every float texture format.
      return { ...base, texture: { sampleType: 'unfilterable-float', viewDimension: '2d' } };
    case 'storage-texture':
      return { ...base, storageTexture: { access: 'write-only', format: b.format!, viewDimension: '2d' } };
    default:
      return { ...base, buffer: { type: b.kind } };
  }
}

export const isBufferBinding = (b: ReflectedBinding) => b.kind === 'uniform' || b.kind === 'read-only-storage' || b.kind === 'storage';

export interface ReflectedEntryPoint {
  readonly entryPoint: string;
  /** Only the bindings this entry point uses (directly or through called functions), sorted by group then binding. */
  readonly bindings: readonly ReflectedBinding[];
  readonly groupCount: number;
}

export interface ReflectedModule {
  readonly entryPoints: ReadonlyMap<string, ReflectedEntryPoint>;
  /** Every `override` declared in the module, with its WGSL type. */
  readonly overrides: ReadonlyMap<string, string>;
}

export function reflectWgsl(kernel: string, code: string): ReflectedModule {
  let reflect: WgslReflect;
  try {
    reflect = new WgslReflect(code);
  } catch (e) {
    throw new InvalidArgumentError(`kernel "${kernel}": wgsl_reflect could not parse the WGSL: ${(e as Error).message}`);
  }
  const overrides = new Map<string, string>();
  for (const o of reflect.overrides) overrides.set(o.name, o.type?.name ?? 'unknown');
  const entryPoints = new Map<string, ReflectedEntryPoint>();
  for (const fn of reflect.entry.compute) {
    const bindings = fn.resources
      .filter((r) => r.resourceType !== ResourceType.Sampler)
      .map((r): ReflectedBinding => {
        if (r.resourceType === ResourceType.Texture) {
          if (r.type.name !== 'texture_2d') throw new InvalidArgumentError(`kernel "${kernel}": binding "${r.name}" is a ${r.type.name}; only texture_2d is supported`);
          return { name: r.name, group: r.group, binding: r.binding, kind: 'texture' };
        }
        if (r.resourceType === ResourceType.StorageTexture) {
          const format = (r.type as unknown as { format?: { name: string } }).format?.name;
          if (r.type.name !== 'texture_storage_2d' || !format) throw new InvalidArgumentError(`kernel "${kernel}": binding "${r.name}" must be a texture_storage_2d with a format`);
          return { name: r.name, group: r.group, binding: r.binding, kind: 'storage-texture', format: format as GPUTextureFormat };
        }
        if (r.resourceType === ResourceType.Uniform) {
          return { name: r.name, group: r.group, binding: r.binding, kind: 'uniform', uniform: uniformLayout(kernel, r.name, r.type.name, r.size, r.members) };
        }
        return { name: r.name, group: r.group, binding: r.binding, kind: r.access === 'read' ? 'read-only-storage' : 'storage' };
      })
      .sort((a, b) => a.group - b.group || a.binding - b.binding);
    const groupCount = bindings.reduce((m, b) => Math.max(m, b.group + 1), 0);
    entryPoints.set(fn.name, { entryPoint: fn.name, bindings, groupCount });
  }
  return { entryPoints, overrides };
}

function uniformLayout(
  kernel: string,
  binding: string,
  structName: string,
  size: number,
  members: readonly { name: string; offset: number; type: { name: string } }[] | null,
): UniformLayout {
  if (!members) throw new InvalidArgumentError(`kernel "${kernel}": uniform "${binding}" must be a struct of u32/i32/f32 fields`);
  const fields = members.map((m) => {
    const t = m.type.name;
    if (t !== 'u32' && t !== 'i32' && t !== 'f32') {
      throw new InvalidArgumentError(`kernel "${kernel}": uniform field "${binding}.${m.name}" has type ${t}; only u32, i32 and f32 scalars are supported`);
    }
    return { name: m.name, offset: m.offset, type: t as ScalarType };
  });
  return { structName, size, fields };
}

/** Pack named values into the uniform's bytes at reflected offsets. Every field must be given, and nothing else. */
export function packUniform(kernel: string, layout: UniformLayout, values: Readonly<Record<string, number>>): ArrayBuffer {
  const bytes = new ArrayBuffer(Math.max(16, Math.ceil(layout.size / 16) * 16));
  const view = new DataView(bytes);
  const known = new Set(layout.fields.map((f) => f.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) {
      throw new InvalidArgumentError(`kernel "${kernel}": uniform value "${name}" is not a field of ${layout.structName} (fields: ${[...known].join(', ')})`);
    }
  }
  for (const f of layout.fields) {
    const v = values[f.name];
    if (v === undefined || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`kernel "${kernel}": uniform field ${layout.structName}.${f.name} needs a finite number, got ${String(v)}`);
    }
    if (f.type === 'f32') view.setFloat32(f.offset, v, true);
    else if (f.type === 'i32') view.setInt32(f.offset, checkInt(kernel, f.name, v, -(2 ** 31), 2 ** 31 - 1), true);
    else view.setUint32(f.offset, checkInt(kernel, f.name, v, 0, 2 ** 32 - 1), true);
  }
  return bytes;
}

function checkInt(kernel: string, name: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new InvalidArgumentError(`kernel "${kernel}": uniform field "${name}" must be an integer in [${lo}, ${hi}], got ${v}`);
  }
  return v;
}
