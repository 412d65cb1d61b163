// ArcFace on our WGSL kernels vs the CPU reference (src/model/reference/arcface.ts) on synthetic weights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFloats } from '../../../src/engine/buffers';
import { ArcFaceGpu } from '../../../src/engine/identity/arcface-gpu';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { arcfaceForward, arcfaceInputFromAlignedCrop } from '../../../src/model/reference/arcface';
import { createNodeGpuFixture, type GpuFixture } from '../../support/node-gpu-fixture';
import { localArcfaceWeights } from '../../unit/model/local-synthetic';
import { errorSummary, FIRST_FACE, median, SECOND_FACE, submitTimed, syntheticCrop, uploadCrop, type CropStyle } from './identity-support';

let fx: GpuFixture;
let weights: TensorMap;
let arcface: ArcFaceGpu;

beforeAll(async () => {
  fx = await createNodeGpuFixture();
  weights = localArcfaceWeights(2);
  arcface = await ArcFaceGpu.create(fx.gpu, fx.cache, weights);
}, 180_000);
afterAll(() => {
  arcface?.destroy();
  expect(fx.uncapturedErrors).toEqual([]);
  fx.dispose();
});

async function compareWithReference(style: CropStyle): Promise<void> {
  const rgba = syntheticCrop(style);
  const crop = uploadCrop(fx.gpu.device, rgba);
  try {
    const ms = await submitTimed(fx.gpu.device, (encoder) => arcface.encode(encoder, crop));
    const embedding = await readFloats(fx.gpu.device, arcface.embedding, 512);
    const featureMap = await readFloats(fx.gpu.device, arcface.featureMap, 512 * 49);
    const ref = arcfaceForward(weights, arcfaceInputFromAlignedCrop(rgba));
    const fm = errorSummary(featureMap, ref.featureMap.data);
    const emb = errorSummary(embedding, ref.embedding);
    console.log(`arcface ${ms.toFixed(0)} ms; feature map max|err| ${fm.maxAbs.toExponential(2)} (scale ${fm.scale.toFixed(2)}, rel ${fm.maxRelToScale.toExponential(2)}); embedding max|err| ${emb.maxAbs.toExponential(2)} (scale ${emb.scale.toFixed(3)}, rel ${emb.maxRelToScale.toExponential(2)})`);
    expect(fm.maxRelToScale).toBeLessThan(1e-4);
    expect(emb.maxRelToScale).toBeLessThan(1e-4);
  } finally {
    crop.destroy();
  }
}

describe('ArcFaceGpu', () => {
  it('matches arcfaceForward on a smooth synthetic crop', () => compareWithReference(FIRST_FACE), 180_000);
  it('matches again on a second crop through the same object', () => compareWithReference(SECOND_FACE), 180_000);

  it('reports its size and times a run', async () => {
    const crop = uploadCrop(fx.gpu.device, syntheticCrop(FIRST_FACE));
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push(await submitTimed(fx.gpu.device, (encoder) => arcface.encode(encoder, crop)));
    crop.destroy();
    console.log(`ArcFaceGpu: ${(arcface.cost.macs / 1e9).toFixed(2)} GMAC in ${arcface.cost.dispatches} dispatches; submit→done ${times.map((t) => t.toFixed(0)).join(', ')} ms (median ${median(times).toFixed(0)} ms) on ${fx.gpu.capabilities.adapter.description || fx.gpu.capabilities.adapter.vendor}`);
    expect(arcface.cost.macs).toBeGreaterThan(7e9);
  }, 300_000);
});
