// Texture in, texture out: the engine's frame buffer from a caller's texture (rgba8unorm or bgra8unorm) and back.
import { describe, expect, it } from 'vitest';
import { createStorageBuffer } from '../../src/engine/buffers';
import { prepareDispatch, encodeDispatch, destroyDispatch } from '../../src/engine/dispatch';
import { textureToFrame } from '../../src/kernels/texture-to-frame/texture-to-frame';
import { frameToTexture } from '../../src/kernels/frame-to-texture/frame-to-texture';
import { useNodeGpuFixture } from '../support/node-gpu-fixture';
import { readTexture } from '../support/read-texture';

const fx = useNodeGpuFixture();

describe.each(['rgba8unorm', 'bgra8unorm'] as const)('texture round trip via %s', (format) => {
  it('packs every pixel in RGBA order and writes it back unchanged', async () => {
    const { device } = fx.gpu;
    const width = 37;
    const height = 23;
    const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37 + (i >> 2) * 11) & 255);
    const upload = format === 'bgra8unorm' ? rgba.map((_, i) => rgba[(i & ~3) + [2, 1, 0, 3][i & 3]!]!) : rgba;
    const source = device.createTexture({ size: [width, height], format, usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST });
    device.queue.writeTexture({ texture: source }, upload, { bytesPerRow: width * 4 }, [width, height]);
    const frame = createStorageBuffer(device, width * height, 'frame');
    const target = device.createTexture({ size: [width, height], format: 'rgba8unorm', usage: GPUTextureUsage.STORAGE_BINDING | GPUTextureUsage.COPY_SRC });
    const params = { width, height };
    const a = prepareDispatch(fx.gpu, await fx.cache.get(textureToFrame, params), textureToFrame, params, { source: source.createView(), frame });
    const b = prepareDispatch(fx.gpu, await fx.cache.get(frameToTexture, params), frameToTexture, params, { frame, target_texture: target.createView() });
    const e = device.createCommandEncoder();
    const pass = e.beginComputePass();
    encodeDispatch(pass, a);
    encodeDispatch(pass, b);
    pass.end();
    device.queue.submit([e.finish()]);
    expect(await readTexture(device, target, width, height)).toEqual(rgba);
    [a, b].forEach(destroyDispatch);
    source.destroy();
    target.destroy();
    frame.destroy();
  });
});

it('refuses a buffer where a texture is declared', async () => {
  const params = { width: 2, height: 2 };
  const frame = createStorageBuffer(fx.gpu.device, 4, 'frame');
  const compiled = await fx.cache.get(textureToFrame, params);
  expect(() => prepareDispatch(fx.gpu, compiled, textureToFrame, params, { source: frame as unknown as GPUTextureView, frame })).toThrow(/texture-to-frame.*"source" is a texture/);
  frame.destroy();
});
