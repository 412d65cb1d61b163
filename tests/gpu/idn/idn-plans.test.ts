// The fused IDN frame (12 dispatches over one arena) against the CPU reference of the whole network.
import { describe, expect, it } from 'vitest';
import { compareClose, describeClose } from '../../../src/engine/compare';
import { IdnExecutor } from '../../../src/engine/idn/executor';
import { seededRandom } from '../../../src/engine/random';
import { idnForward } from '../../../src/model/reference/idn';
import { iinForward } from '../../../src/model/reference/iin';
import { l2Normalize, makeTensor } from '../../../src/model/reference/ops';
import { localSwapWeights } from '../../unit/model/local-synthetic';
import { countGpuObjects } from '../../support/count-gpu-objects';
import { useNodeGpuFixture } from '../../support/node-gpu-fixture';

const fx = useNodeGpuFixture();

const swap = localSwapWeights(11);

function identity(seed: number) {
  const rng = seededRandom(seed);
  const embedding = l2Normalize(Float32Array.from({ length: 512 }, () => rng() - 0.5));
  const featureMap = makeTensor([1, 512, 7, 7], Float32Array.from({ length: 512 * 49 }, () => 2 * (rng() - 0.3)));
  return iinForward(swap, embedding, featureMap);
}

/** A smooth face-sized test image (gradients and blobs), RGB planar in [0, 1]. */
function testCrop(size: number, seed: number): Float32Array {
  const rng = seededRandom(seed);
  const blobs = Array.from({ length: 6 }, () => ({ x: rng() * size, y: rng() * size, r: (0.1 + 0.3 * rng()) * size, c: [rng(), rng(), rng()] }));
  const img = new Float32Array(3 * size * size);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let v = 0.3 + (0.2 * (x + y)) / (2 * size);
        for (const b of blobs) v += 0.4 * b.c[c]! * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (b.r * b.r));
        img[(c * size + y) * size + x] = Math.min(1, v);
      }
    }
  }
  return img;
}

// Both tilings run here (lavapipe would pick 'emulator'): the GPU tiling's small blocks are what real GPUs run.
describe.each([
  ['fused', 64, 'emulator'],
  ['fused', 224, 'emulator'],
  ['fused', 224, 'gpu'],
  ['unfused', 64, 'emulator'],
  ['unfused', 224, 'emulator'],
  ['unfused', 224, 'gpu'],
] as const)('%s IDN at %i² crop, %s tiling', (plan, size, tiling) => {
  it('matches the CPU reference network (out and mask)', async () => {
    const injected = identity(5);
    const crop = testCrop(size, 3);
    const idn = await IdnExecutor.create(fx.gpu, fx.cache, swap, { size, plan, tiling });
    try {
      expect(idn.dispatches.length).toBe(plan === 'fused' ? 12 : 35);
      expect(idn.plan.tiling).toBe(tiling);
      idn.writeInjectedKernels({ depthwise: injected.depthwise.map((t) => t.data), pointwise: injected.pointwise.map((t) => t.data) });
      idn.run(crop);
      const gpu = await idn.readOutputs();
      const ref = idnForward(swap, injected, makeTensor([1, 3, size, size], crop));
      const outReport = compareClose(gpu.out, ref.out.data, { atol: 2e-4, rtol: 1e-3 });
      const maskReport = compareClose(gpu.mask, ref.mask.data, { atol: 2e-4, rtol: 1e-3 });
      expect(outReport.pass, describeClose(outReport, 'out')).toBe(true);
      expect(maskReport.pass, describeClose(maskReport, 'mask')).toBe(true);
      // The comparison means something only if the network did something: the output differs from the input.
      const change = gpu.out.reduce((s, v, i) => s + Math.abs(v - crop[i]!), 0) / gpu.out.length;
      expect(change).toBeGreaterThan(1e-3);
    } finally {
      idn.destroy();
    }
  });
});

describe('per-frame work', () => {
  it('creates no GPU object and maps no buffer per frame, and a new identity reuses every object', async () => {
    const size = 64;
    const idn = await IdnExecutor.create(fx.gpu, fx.cache, swap, { size });
    const crop = testCrop(size, 9);
    const a = identity(1);
    const b = identity(2);
    const kernels = (x: typeof a) => ({ depthwise: x.depthwise.map((t) => t.data), pointwise: x.pointwise.map((t) => t.data) });
    idn.writeInjectedKernels(kernels(a));
    idn.run(crop);
    await fx.gpu.device.queue.onSubmittedWorkDone();
    const counter = countGpuObjects(fx.gpu.device);
    try {
      for (let f = 0; f < 5; f++) idn.run(crop);
      idn.writeInjectedKernels(kernels(b));
      for (let f = 0; f < 5; f++) idn.run(crop);
      await fx.gpu.device.queue.onSubmittedWorkDone();
      expect(counter.counts).toEqual({});
      expect(counter.maps).toBe(0);
    } finally {
      counter.restore();
    }
    const out = await idn.readOutputs();
    const ref = idnForward(swap, b, makeTensor([1, 3, size, size], crop));
    expect(compareClose(out.out, ref.out.data, { atol: 2e-4, rtol: 1e-3 }).pass).toBe(true);
    idn.destroy();
  });

  it('refuses crops of the wrong size and sizes that are not multiples of 32', async () => {
    await expect(IdnExecutor.create(fx.gpu, fx.cache, swap, { size: 100 })).rejects.toThrow(/multiple of 32/);
    const idn = await IdnExecutor.create(fx.gpu, fx.cache, swap, { size: 32 });
    expect(() => idn.writeCrop(new Float32Array(10))).toThrow(/\[3, 32, 32\]/);
    expect(() => idn.writeInjectedKernels({ depthwise: [], pointwise: [] })).toThrow(/9 depthwise/);
    idn.destroy();
  });
});
