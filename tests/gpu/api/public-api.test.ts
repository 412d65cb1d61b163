// The public API on a shared device, as an embedding app would use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceSwap, InvalidStateError, NoFaceError, type FaceSwap } from '../../../src/index';
import { acquireGpu } from '../../../src/engine/device';
import { readImageFile } from '../../../src/engine/image/node-io';
import { nodeGpu } from '../../../src/engine/node-gpu';
import { countGpuObjects } from '../../support/count-gpu-objects';
import { readTexture } from '../../support/read-texture';

let device: GPUDevice;
let gpu: GPU;
beforeAll(async () => {
  gpu = await nodeGpu();
  device = (await acquireGpu({ gpu })).device;
});
afterAll(() => device.destroy());

describe('createFaceSwap', () => {
  it('guides a caller who calls things in the wrong order', async () => {
    const fs = await createFaceSwap({ device });
    const img = await readImageFile('assets/faces/astronaut.png');
    await expect(fs.swap({ data: img.rgba, width: img.width, height: img.height })).rejects.toThrow(InvalidStateError);
    await fs.loadWeights({ synthetic: {} });
    await expect(fs.swap({ data: img.rgba, width: img.width, height: img.height })).rejects.toThrow(/identity/);
    fs.dispose();
    await expect(fs.loadWeights({ synthetic: {} })).rejects.toThrow(/disposed/);
  });

  it('swaps texture in, texture out on the caller’s device, frees every GPU object it created, and leaves the device alive', async () => {
    const counter = countGpuObjects(device);
    let fs: FaceSwap | undefined;
    try {
      fs = await createFaceSwap({ device });
      const w = await fs.loadWeights({ synthetic: { seed: 5 } });
      expect(w.provenance).toBe('synthetic');
      expect(w.description).toMatch(/SYNTHETIC/);
      const source = await readImageFile('assets/faces/grace_hopper.jpg');
      const id = await fs.setIdentityFromImage({ data: source.rgba, width: source.width, height: source.height }, { name: 'grace' });
      expect(id.weights).toBe('synthetic');
      const target = await readImageFile('assets/faces/astronaut.png');
      const input = device.createTexture({ size: [target.width, target.height], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST });
      device.queue.writeTexture({ texture: input }, target.rgba as Uint8Array<ArrayBuffer>, { bytesPerRow: target.width * 4 }, [target.width, target.height]);
      const output = device.createTexture({ size: [target.width, target.height], format: 'rgba8unorm', usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC });
      const out = await fs.swap(input, { output });
      expect(out.faces).toHaveLength(1);
      expect(out.pixels).not.toEqual(target.rgba);
      expect(await readTexture(device, output, target.width, target.height)).toEqual(out.pixels);
      const onnx = await fs.exportOnnx();
      expect(onnx.length).toBeGreaterThan(1e6);
      input.destroy();
      output.destroy();
    } finally {
      fs?.dispose();
      counter.restore();
    }
    expect(counter.live).toBe(0);
    // The caller's device still works.
    const probe = device.createBuffer({ size: 4, usage: GPUBufferUsage.COPY_DST });
    probe.destroy();
  });

  it('runs two engines on one device without interference', async () => {
    const a = await createFaceSwap({ device });
    const b = await createFaceSwap({ device });
    await a.loadWeights({ synthetic: { seed: 1 } });
    await b.loadWeights({ synthetic: { seed: 1 } });
    const emb = (s: number) => Float32Array.from({ length: 512 }, (_, i) => Math.sin(i * s));
    const map = Float32Array.from({ length: 25088 }, (_, i) => Math.cos(i / 97));
    await a.setIdentityFromEmbedding(emb(1), map);
    await b.setIdentityFromEmbedding(emb(2), map);
    const img = await readImageFile('assets/faces/astronaut.png');
    const frame = { data: img.rgba, width: img.width, height: img.height };
    const a1 = await a.swap(frame);
    await b.swap(frame);
    const a2 = await a.swap(frame);
    expect(a2.pixels).toEqual(a1.pixels);
    a.dispose();
    b.dispose();
  });

  it('surfaces device loss as an event and can be rebuilt on a new device', async () => {
    const own = (await acquireGpu({ gpu })).device;
    const fs = await createFaceSwap({ device: own });
    const lost = new Promise<{ reason: string }>((resolve) => fs.onDeviceLost(resolve));
    own.destroy();
    expect((await lost).reason).toBe('destroyed');
    const rebuilt = await createFaceSwap({ gpu });
    await rebuilt.loadWeights({ synthetic: {} });
    expect(rebuilt.weights?.provenance).toBe('synthetic');
    rebuilt.dispose();
  });

  it('reports a source without a face as NoFaceError', async () => {
    const fs = await createFaceSwap({ device });
    await fs.loadWeights({ synthetic: {} });
    await expect(fs.setIdentityFromImage({ data: new Uint8Array(64 * 64 * 4).fill(90), width: 64, height: 64 })).rejects.toThrow(NoFaceError);
    fs.dispose();
  });
});
