import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/engine/errors';
import { packUniform, reflectWgsl } from '../../../src/engine/reflect';
import { joinedCode } from '../../../src/engine/shader-source';
import { kernels } from '../../../src/kernels';
import { caseTables, casesFor } from '../../../src/kernels/cases';

describe('reflection of the kernel WGSL', () => {
  it('derives bindings per entry point, including those used through helper functions', () => {
    const m = reflectWgsl('pointwise-conv', joinedCode(kernels.pointwiseConv.source));
    const names = (entry: string) => m.entryPoints.get(entry)!.bindings.map((b) => `${b.group}.${b.binding}:${b.name}:${b.kind}`);
    expect(names('main')).toEqual(['0.0:params:uniform', '0.1:input:read-only-storage', '0.2:output:storage', '1.0:weight:read-only-storage']);
    expect(names('main_bias')).toContain('1.1:bias:read-only-storage');
    expect(m.entryPoints.get('main')!.groupCount).toBe(2);
  });

  it('derives uniform offsets as WGSL lays them out', () => {
    const code = 'struct P { a: u32, b: f32, c: i32 }\n@group(0) @binding(0) var<uniform> p: P;\n@group(0) @binding(1) var<storage, read_write> o: array<f32>;\n@compute @workgroup_size(1) fn main() { o[0] = p.b + f32(p.a) + f32(p.c); }\n';
    const u = reflectWgsl('t', code).entryPoints.get('main')!.bindings[0]!.uniform!;
    expect(u.fields.map((f) => [f.name, f.offset, f.type])).toEqual([['a', 0, 'u32'], ['b', 4, 'f32'], ['c', 8, 'i32']]);
    const bytes = new DataView(packUniform('t', u, { a: 7, b: 0.5, c: -3 }));
    expect([bytes.getUint32(0, true), bytes.getFloat32(4, true), bytes.getInt32(8, true)]).toEqual([7, 0.5, -3]);
    expect(bytes.byteLength % 16).toBe(0);
  });

  it('refuses missing, unknown, non-integer and negative uniform values with the kernel named', () => {
    const u = reflectWgsl('pointwise-conv', joinedCode(kernels.pointwiseConv.source)).entryPoints.get('main')!.bindings[0]!.uniform!;
    const full = { c_in: 1, c_out: 1, pixels: 1, in_offset: 0, out_offset: 0 };
    expect(() => packUniform('pointwise-conv', u, { ...full, c_in: undefined as unknown as number })).toThrowError(/pointwise-conv.*c_in/);
    expect(() => packUniform('pointwise-conv', u, { ...full, extra: 1 })).toThrowError(InvalidArgumentError);
    expect(() => packUniform('pointwise-conv', u, { ...full, pixels: 1.5 })).toThrowError(/integer/);
    expect(() => packUniform('pointwise-conv', u, { ...full, pixels: -1 })).toThrowError(/integer/);
  });

  it('every registered kernel: uniform values and binding sizes match what its WGSL declares', () => {
    for (const name of Object.keys(caseTables)) {
      // The first case of each kernel's table gives a valid parameter set.
      const c = casesFor(name)[0]!;
      const k = c.kernel;
      const entry = reflectWgsl(k.name, joinedCode(k.source)).entryPoints.get(k.variant(c.params).entryPoint)!;
      const uniform = entry.bindings.find((b) => b.kind === 'uniform')?.uniform;
      if (uniform) expect(() => packUniform(k.name, uniform, k.uniforms(c.params)), k.name).not.toThrow();
      const storage = entry.bindings.filter((b) => b.kind !== 'uniform').map((b) => b.name).sort();
      expect(Object.keys(k.bindingElements(c.params)).sort(), k.name).toEqual(storage);
    }
    // Every kernel in the library has a case table, so every kernel is checked on the GPU.
    for (const k of Object.values(kernels)) expect(Object.keys(caseTables), k.name).toContain(k.name);
  });
});
