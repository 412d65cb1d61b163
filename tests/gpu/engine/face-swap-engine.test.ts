// The engine object end to end on synthetic weights: weights → identity (embedding, aligned crop, pack) → IDN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareClose, describeClose } from '../../../src/engine/compare';
import { acquireGpu } from '../../../src/engine/device';
import { FaceSwapEngine, InvalidStateError } from '../../../src/engine/face-swap-engine';
import { nodeGpu } from '../../../src/engine/node-gpu';
import { seededRandom } from '../../../src/engine/random';
import { idnForward } from '../../../src/model/reference/idn';
import { iinForward } from '../../../src/model/reference/iin';
import { l2Normalize, makeTensor } from '../../../src/model/reference/ops';
import { countGpuObjects } from '../../support/count-gpu-objects';

let engine: FaceSwapEngine;
let device: GPUDevice;
beforeAll(async () => {
  const gpu = await acquireGpu({ gpu: await nodeGpu() });
  device = gpu.device;
  engine = await FaceSwapEngine.create({ device });
});
afterAll(() => {
  engine.dispose();
  device.destroy();
});

function identityInputs(seed: number) {
  const rng = seededRandom(seed);
  return {
    embedding: Float32Array.from({ length: 512 }, () => rng() - 0.5),
    featureMap: Float32Array.from({ length: 512 * 49 }, () => 2 * (rng() - 0.3)),
  };
}
const crop = (() => {
  const rng = seededRandom(4);
  return Float32Array.from({ length: 3 * 224 * 224 }, (_, i) => 0.5 + 0.3 * Math.sin(i / 500) + 0.1 * rng());
})();

describe('FaceSwapEngine', () => {
  it('refuses calls in the wrong order with a message that says what to do', async () => {
    await expect(engine.swapCrop(crop)).rejects.toThrow(InvalidStateError);
    await expect(engine.swapCrop(crop)).rejects.toThrow(/loadWeights/);
    expect(() => engine.setIdentityFromPack(new Uint8Array(10))).toThrow(/before weights are loaded/);
  });

  it('runs synthetic weights and says so; the swap matches the CPU reference network', async () => {
    const w = await engine.loadWeights({ synthetic: { seed: 3 } });
    expect(engine.weightsInfo?.provenance).toBe('synthetic');
    expect(engine.weightsInfo?.description).toMatch(/SYNTHETIC/);
    await expect(engine.swapCrop(crop)).rejects.toThrow(/identity/);
    const id = identityInputs(8);
    await engine.setIdentityFromEmbedding(id.embedding, id.featureMap, 'test identity');
    const gpu = await engine.swapCrop(crop);
    const injected = iinForward(w.swap, l2Normalize(id.embedding), makeTensor([1, 512, 7, 7], id.featureMap));
    const ref = idnForward(w.swap, injected, makeTensor([1, 3, 224, 224], crop));
    const r = compareClose(gpu.out, ref.out.data, { atol: 5e-4, rtol: 2e-3 });
    expect(r.pass, describeClose(r, 'out')).toBe(true);
    expect(compareClose(gpu.mask, ref.mask.data, { atol: 5e-4, rtol: 2e-3 }).pass).toBe(true);
  });

  it('round-trips the identity through a pack and refuses packs from other weights', async () => {
    const before = await engine.swapCrop(crop);
    const pack = await engine.exportIdentityPack();
    const other = identityInputs(99);
    await engine.setIdentityFromEmbedding(other.embedding, other.featureMap);
    const changed = await engine.swapCrop(crop);
    expect(compareClose(changed.out, before.out, { atol: 1e-6, rtol: 0 }).pass).toBe(false);
    expect(engine.setIdentityFromPack(pack).weights).toBe('synthetic');
    const after = await engine.swapCrop(crop);
    expect(after.out).toEqual(before.out);
    const forged = new Uint8Array(pack);
    const text = new TextDecoder().decode(forged.subarray(0, 4000));
    const at = text.indexOf('fnv1a32:');
    forged[at + 8] = forged[at + 8] === 0x30 ? 0x31 : 0x30;
    expect(() => engine.setIdentityFromPack(forged, 'forged.safetensors')).toThrow(/other swap weights/);
  });

  it('sets the identity from an aligned crop through ArcFace and the IIN on the GPU', async () => {
    const face = (seed: number) => {
      const rng = seededRandom(seed);
      return Uint8Array.from({ length: 224 * 224 * 4 }, (_, i) => (i % 4 === 3 ? 255 : Math.floor(128 + 100 * Math.sin(i / (300 + 200 * rng())))));
    };
    await engine.setIdentityFromAlignedCrop(face(1), 'face 1');
    const a = await engine.swapCrop(crop);
    await engine.setIdentityFromAlignedCrop(face(2), 'face 2');
    const b = await engine.swapCrop(crop);
    expect(a.out.every(Number.isFinite)).toBe(true);
    expect(compareClose(a.out, b.out, { atol: 1e-5, rtol: 0 }).pass).toBe(false);
    expect(engine.identityInfo?.source).toBe('face 2');
  });

  it('reports a profile per frame with one positive time per planned dispatch', async () => {
    const seen: number[][] = [];
    const off = engine.onProfile((p) => seen.push([...p.dispatchMs]));
    for (let i = 0; i < 3; i++) await engine.swapCrop(crop);
    off();
    expect(seen.length).toBe(3);
    if (engine.capabilities.timestampMode !== 'none') {
      for (const frame of seen) {
        expect(frame.length).toBe(12);
        expect(frame.every((t) => t >= 0)).toBe(true);
        expect(frame.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      }
    }
  });

  it('creates no GPU objects per frame once running', async () => {
    await engine.swapCrop(crop);
    const counter = countGpuObjects(device);
    try {
      const enc = () => {
        const e = device.createCommandEncoder();
        engine.encodeFrame(e);
        return e;
      };
      for (let i = 0; i < 5; i++) await engine.submitFrame(enc());
      expect(counter.counts).toEqual({});
    } finally {
      counter.restore();
    }
  });

  it('refuses every call after dispose', async () => {
    const gpu = await acquireGpu({ gpu: await nodeGpu() });
    const e = await FaceSwapEngine.create({ device: gpu.device });
    e.dispose();
    await expect(e.loadWeights({ synthetic: {} })).rejects.toThrow(/disposed/);
    gpu.device.destroy();
  });
});
