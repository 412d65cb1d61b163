// Bad input gets a typed error that names the kernel, the binding or the WGSL line — never a silent wrong result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageBuffer } from '../../src/engine/buffers';
import { prepareDispatch } from '../../src/engine/dispatch';
import {
  BindingTooSmallError,
  DeviceLimitError,
  InvalidArgumentError,
  KernelCompileError,
  MissingBindingError,
  ShapeMismatchError,
  UnknownBindingError,
} from '../../src/engine/errors';
import type { KernelDefinition } from '../../src/engine/kernel';
import { shaderSource } from '../../src/engine/shader-source';
import { depthwiseConv } from '../../src/kernels/depthwise-conv/depthwise-conv';
import { pointwiseConv, type PointwiseConvParams } from '../../src/kernels/pointwise-conv/pointwise-conv';
import { createNodeGpuFixture, type GpuFixture } from '../support/node-gpu-fixture';

let fx: GpuFixture;
beforeAll(async () => {
  fx = await createNodeGpuFixture();
});
afterAll(() => fx.dispose());

const pw: PointwiseConvParams = { inChannels: 4, outChannels: 3, pixels: 10 };

function brokenKernel(code: string, workgroupSize: [number, number, number] = [64, 1, 1]): KernelDefinition<object> {
  return {
    name: 'broken-test-kernel',
    source: shaderSource({ file: 'helper.wgsl', code: 'fn helper() -> f32 { return 1.0; }\n' }, { file: 'broken.wgsl', code }),
    validate: () => {},
    variant: () => ({ entryPoint: 'main', overrides: {}, workgroupSize }),
    uniforms: () => ({}),
    workgroups: () => [1, 1, 1],
    bindingElements: () => ({}),
    cost: () => ({ macs: 0, bytesRead: 0, bytesWritten: 0 }),
  };
}

describe('WGSL compile errors', () => {
  it('name the kernel, the file and the line inside that file', async () => {
    const code = [
      '@group(0) @binding(0) var<storage, read_write> out: array<f32>;',
      '@compute @workgroup_size(64) fn main() {',
      '  out[0] = helper() + undefined_symbol;',
      '}',
    ].join('\n');
    const err = await fx.cache.get(brokenKernel(code), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KernelCompileError);
    const e = err as KernelCompileError;
    expect(e.kernel).toBe('broken-test-kernel');
    expect(e.diagnostics[0]!.file).toBe('broken.wgsl');
    expect(e.diagnostics[0]!.line).toBe(3);
    expect(e.message).toContain('undefined_symbol');
    expect(e.message).toContain('broken.wgsl:3');
  });
});

describe('device limits', () => {
  it('a workgroup over 256 invocations is refused before compiling', async () => {
    const code = '@group(0) @binding(0) var<storage, read_write> out: array<f32>;\n@compute @workgroup_size(512) fn main() { out[0] = 1.0; }\n';
    const err = await fx.cache.get(brokenKernel(code, [512, 1, 1]), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceLimitError);
    expect((err as DeviceLimitError).limit).toBe('maxComputeInvocationsPerWorkgroup');
    expect((err as Error).message).toContain('broken-test-kernel');
  });

  it('more storage buffers than the stage allows is refused', async () => {
    const decls = Array.from({ length: 9 }, (_, i) => `@group(0) @binding(${i}) var<storage, read_write> b${i}: array<f32>;`).join('\n');
    const uses = Array.from({ length: 9 }, (_, i) => `b${i}[0] = 1.0;`).join(' ');
    const err = await fx.cache.get(brokenKernel(`${decls}\n@compute @workgroup_size(64) fn main() { ${uses} }\n`), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceLimitError);
    expect((err as DeviceLimitError).limit).toBe('maxStorageBuffersPerShaderStage');
  });

  it('more workgroups per dimension than allowed is refused when preparing', async () => {
    const compiled = await fx.cache.get(pointwiseConv, pw);
    const huge = { inChannels: 1, outChannels: 1, pixels: 64 * 70000 };
    const small = createStorageBuffer(fx.gpu.device, 4, 't');
    const err = (() => {
      try {
        prepareDispatch(fx.gpu, compiled, pointwiseConv, huge, { input: small, output: small, weight: small });
      } catch (e) {
        return e;
      }
    })();
    small.destroy();
    expect(err).toBeInstanceOf(DeviceLimitError);
  });
});

describe('bindings by name', () => {
  it('a missing binding names the kernel and the binding', async () => {
    const compiled = await fx.cache.get(pointwiseConv, pw);
    const input = createStorageBuffer(fx.gpu.device, 40, 'input');
    const output = createStorageBuffer(fx.gpu.device, 30, 'output');
    expect(() => prepareDispatch(fx.gpu, compiled, pointwiseConv, pw, { input, output })).toThrowError(MissingBindingError);
    expect(() => prepareDispatch(fx.gpu, compiled, pointwiseConv, pw, { input, output })).toThrowError(/pointwise-conv.*"weight"/);
    input.destroy();
    output.destroy();
  });

  it('a misspelt binding is refused, not ignored', async () => {
    const compiled = await fx.cache.get(pointwiseConv, pw);
    const b = createStorageBuffer(fx.gpu.device, 40, 'b');
    expect(() => prepareDispatch(fx.gpu, compiled, pointwiseConv, pw, { input: b, output: b, weight: b, wieght: b })).toThrowError(UnknownBindingError);
    b.destroy();
  });

  it('a bias buffer for the no-bias variant is refused (the variant does not declare it)', async () => {
    const compiled = await fx.cache.get(pointwiseConv, pw);
    const b = createStorageBuffer(fx.gpu.device, 40, 'b');
    expect(() => prepareDispatch(fx.gpu, compiled, pointwiseConv, pw, { input: b, output: b, weight: b, bias: b })).toThrowError(/does not declare/);
    b.destroy();
  });

  it('a buffer too small for the shapes is refused with both sizes', async () => {
    const compiled = await fx.cache.get(pointwiseConv, pw);
    const input = createStorageBuffer(fx.gpu.device, 39, 'input');
    const ok = createStorageBuffer(fx.gpu.device, 40, 'ok');
    expect(() => prepareDispatch(fx.gpu, compiled, pointwiseConv, pw, { input, output: ok, weight: ok })).toThrowError(BindingTooSmallError);
    expect(() => prepareDispatch(fx.gpu, compiled, pointwiseConv, pw, { input, output: ok, weight: ok })).toThrowError(/"input" needs 160 bytes .* holds 156/);
    input.destroy();
    ok.destroy();
  });
});

describe('shapes', () => {
  it('inconsistent shapes are refused with the kernel named', async () => {
    await expect(fx.cache.get(depthwiseConv, { channels: 3, height: 1, width: 8, kernelSize: 4, stride: 2, pad: 1 })).rejects.toThrowError(ShapeMismatchError);
    await expect(fx.cache.get(pointwiseConv, { inChannels: 0, outChannels: 3, pixels: 4 })).rejects.toThrowError(/pointwise-conv.*inChannels/);
    await expect(fx.cache.get(pointwiseConv, { inChannels: 2, outChannels: 3, pixels: 4, outOffset: -1 })).rejects.toThrowError(ShapeMismatchError);
    await expect(fx.cache.get(pointwiseConv, { inChannels: 2.5, outChannels: 3, pixels: 4 })).rejects.toThrowError(ShapeMismatchError);
  });

  it('an unknown entry point or override is refused', async () => {
    const bad: KernelDefinition<PointwiseConvParams> = { ...pointwiseConv, name: 'pointwise-conv-typo', variant: (p) => ({ ...pointwiseConv.variant(p), overrides: { ACTIVATON: 1 } }) };
    await expect(fx.cache.get(bad, pw)).rejects.toThrowError(InvalidArgumentError);
    await expect(fx.cache.get(bad, pw)).rejects.toThrowError(/ACTIVATON/);
  });
});

describe('pipeline cache', () => {
  it('reuses a pipeline across shapes and compiles a new one for new compile-time facts', async () => {
    const a = await fx.cache.get(pointwiseConv, { inChannels: 4, outChannels: 3, pixels: 10 });
    const b = await fx.cache.get(pointwiseConv, { inChannels: 40, outChannels: 30, pixels: 100 });
    const c = await fx.cache.get(pointwiseConv, { inChannels: 4, outChannels: 3, pixels: 10, activation: 'leakyRelu' });
    expect(b.pipeline).toBe(a.pipeline);
    expect(c.pipeline).not.toBe(a.pipeline);
  });
});
