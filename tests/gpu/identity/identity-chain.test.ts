// The whole identity path on the GPU: crop → ArcFaceGpu → IinGpu → the IDN's 18 weight buffers, against the
// CPU chain arcfaceForward → iinForward; then a second identity through the same objects, counting GPU objects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFloats, storageUsage } from '../../../src/engine/buffers';
import { ArcFaceGpu } from '../../../src/engine/identity/arcface-gpu';
import { IinGpu, type IinTargets } from '../../../src/engine/identity/iin-gpu';
import { depthwiseElements, pointwiseElements } from '../../../src/engine/idn/dynamic-weights';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { arcfaceForward, arcfaceInputFromAlignedCrop } from '../../../src/model/reference/arcface';
import { iinForward } from '../../../src/model/reference/iin';
import { countGpuObjects } from '../../support/count-gpu-objects';
import { createNodeGpuFixture, type GpuFixture } from '../../support/node-gpu-fixture';
import { localArcfaceWeights, localSwapWeights } from '../../unit/model/local-synthetic';
import { errorSummary, FIRST_FACE, SECOND_FACE, submitTimed, syntheticCrop, uploadCrop, type CropStyle } from './identity-support';

type Kernels = { depthwise: Float32Array[]; pointwise: Float32Array[] };

let fx: GpuFixture;
let arcfaceWeights: TensorMap;
let swapWeights: TensorMap;
let arcface: ArcFaceGpu;
let iin: IinGpu;
let targets: IinTargets;

beforeAll(async () => {
  fx = await createNodeGpuFixture();
  arcfaceWeights = localArcfaceWeights(2);
  swapWeights = localSwapWeights(1);
  const make = (n: number, label: string) => fx.gpu.device.createBuffer({ label, size: 4 * n, usage: storageUsage() });
  targets = {
    depthwise: Array.from({ length: 9 }, (_, i) => make(depthwiseElements(i), `idn/dw${i}`)),
    pointwise: Array.from({ length: 9 }, (_, i) => make(pointwiseElements(i), `idn/pw${i}`)),
  };
  [arcface, iin] = await Promise.all([ArcFaceGpu.create(fx.gpu, fx.cache, arcfaceWeights), IinGpu.create(fx.gpu, fx.cache, swapWeights, targets)]);
}, 180_000);
afterAll(() => {
  arcface?.destroy();
  iin?.destroy();
  for (const b of [...(targets?.depthwise ?? []), ...(targets?.pointwise ?? [])]) b.destroy();
  expect(fx.uncapturedErrors).toEqual([]);
  fx.dispose();
});

function recordIdentity(encoder: GPUCommandEncoder, crop: GPUBuffer): void {
  arcface.encode(encoder, crop);
  iin.encode(encoder, arcface.embedding, arcface.featureMap);
}

async function readTargets(): Promise<Kernels> {
  const device = fx.gpu.device;
  return {
    depthwise: await Promise.all(targets.depthwise.map((b, i) => readFloats(device, b, depthwiseElements(i)))),
    pointwise: await Promise.all(targets.pointwise.map((b, i) => readFloats(device, b, pointwiseElements(i)))),
  };
}

/** Largest error over the 18 kernels, relative to each kernel's scale. */
function compareWithCpuChain(gpu: Kernels, style: CropStyle): number {
  const ref = arcfaceForward(arcfaceWeights, arcfaceInputFromAlignedCrop(syntheticCrop(style)));
  const injected = iinForward(swapWeights, ref.embedding, ref.featureMap);
  let worst = 0;
  for (let i = 0; i < 9; i++) {
    worst = Math.max(worst, errorSummary(gpu.depthwise[i]!, injected.depthwise[i]!.data).maxRelToScale);
    worst = Math.max(worst, errorSummary(gpu.pointwise[i]!, injected.pointwise[i]!.data).maxRelToScale);
  }
  return worst;
}

describe('identity path (ArcFaceGpu → IinGpu)', () => {
  let first: Kernels;

  it('writes the IDN kernels of the CPU chain arcfaceForward → iinForward', async () => {
    const crop = uploadCrop(fx.gpu.device, syntheticCrop(FIRST_FACE));
    const ms = await submitTimed(fx.gpu.device, (encoder) => recordIdentity(encoder, crop));
    crop.destroy();
    first = await readTargets();
    const worst = compareWithCpuChain(first, FIRST_FACE);
    console.log(`crop → 18 IDN kernels: ${ms.toFixed(0)} ms on the GPU; worst error ${worst.toExponential(2)} of each kernel's scale`);
    // ArcFace's 33 blocks and the IIN each explain ~1e-6 (see the two other files); 1e-4 keeps 100× margin.
    expect(worst).toBeLessThan(1e-4);
  }, 180_000);

  it('a second identity creates no GPU object, changes the kernels and still matches', async () => {
    const device = fx.gpu.device;
    const rgba = syntheticCrop(SECOND_FACE);
    device.queue.writeBuffer(arcface.inputBuffer, 0, rgba as Uint8ClampedArray<ArrayBuffer>);
    // The counter does see creations on this device (so the zero below means something).
    const probe = countGpuObjects(device);
    device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE }).destroy();
    probe.restore();
    expect(probe.total()).toBe(1);

    const counter = countGpuObjects(device);
    try {
      await submitTimed(device, (encoder) => recordIdentity(encoder, arcface.inputBuffer));
    } finally {
      counter.restore();
    }
    expect(counter.counts).toEqual({});
    expect(counter.total()).toBe(0);
    const second = await readTargets();
    for (let i = 0; i < 9; i++) {
      expect(errorSummary(second.depthwise[i]!, first.depthwise[i]!).maxRelToScale, `depthwise ${i} unchanged`).toBeGreaterThan(1e-3);
      expect(errorSummary(second.pointwise[i]!, first.pointwise[i]!).maxRelToScale, `pointwise ${i} unchanged`).toBeGreaterThan(1e-4);
    }
    expect(compareWithCpuChain(second, SECOND_FACE)).toBeLessThan(1e-4);
  }, 180_000);
});
