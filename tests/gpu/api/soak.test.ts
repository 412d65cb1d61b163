// Soak: 10,000 frames through the per-frame path show no growth in GPU objects and a bounded JS heap.
// The IDN runs at a 32×32 crop here (the per-frame code is the same at any size); on lavapipe a frame still
// costs ~70 ms (the 512-channel stages' reduction loops), so this test takes ~12 minutes.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { acquireGpu } from '../../../src/engine/device';
import { FaceSwapEngine } from '../../../src/engine/face-swap-engine';
import { nodeGpu } from '../../../src/engine/node-gpu';
import { countGpuObjects } from '../../support/count-gpu-objects';

const FRAMES = Number(process.env.MFS_SOAK_FRAMES ?? 10_000);

/** A real garbage collection before each heap reading, so the bound measures retained memory, not GC timing. */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

it(`swaps ${FRAMES} frames with no GPU allocation and a bounded heap`, async () => {
  const { device } = await acquireGpu({ gpu: await nodeGpu() });
  const engine = await FaceSwapEngine.create({ device, cropSize: 32 });
  await engine.loadWeights({ synthetic: {} });
  await engine.setIdentityFromEmbedding(Float32Array.from({ length: 512 }, (_, i) => Math.sin(i)), Float32Array.from({ length: 25088 }, (_, i) => Math.cos(i / 50)));
  const crop = Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => (i % 255) / 255);
  const frame = async () => {
    engine.executor.writeCrop(crop);
    const encoder = device.createCommandEncoder();
    engine.encodeFrame(encoder);
    device.queue.submit([encoder.finish()]);
  };
  for (let i = 0; i < 50; i++) await frame();
  await device.queue.onSubmittedWorkDone();
  const heapBefore = heapAfterGc();
  const counter = countGpuObjects(device);
  const t0 = performance.now();
  try {
    for (let i = 0; i < FRAMES; i++) {
      await frame();
      if (i % 100 === 99) await device.queue.onSubmittedWorkDone();
    }
    await device.queue.onSubmittedWorkDone();
  } finally {
    counter.restore();
  }
  const seconds = (performance.now() - t0) / 1000;
  const heapGrowthMb = (heapAfterGc() - heapBefore) / 2 ** 20;
  console.log(`soak: ${FRAMES} frames in ${seconds.toFixed(1)} s, heap growth ${heapGrowthMb.toFixed(1)} MiB, GPU objects created ${counter.total()}`);
  expect(counter.counts).toEqual({});
  expect(counter.maps).toBe(0);
  expect(heapGrowthMb).toBeLessThan(8);
  const out = await engine.executor.readOutputs();
  expect(out.out.every(Number.isFinite)).toBe(true);
  engine.dispose();
  device.destroy();
}, 2_700_000);
