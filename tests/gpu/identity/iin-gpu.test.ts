// The IIN on our WGSL kernels vs the CPU reference (src/model/reference/iin.ts): all 18 kernels it writes
// in place into the IDN's weight buffers, for two identities through the same objects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFloats, storageUsage } from '../../../src/engine/buffers';
import { IinGpu, type IinTargets } from '../../../src/engine/identity/iin-gpu';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { DECODER_IN, DECODER_OUT, ENCODER_CHANNELS, iinForward, type InjectedWeights } from '../../../src/model/reference/iin';
import { createNodeGpuFixture, type GpuFixture } from '../../support/node-gpu-fixture';
import { localSwapWeights } from '../../unit/model/local-synthetic';
import { errorSummary, median, storageBufferWith, submitTimed, syntheticIdentity } from './identity-support';

const LAYERS = ['E0', 'E1', 'E2', 'E3', 'E4', 'D0', 'D1', 'D2', 'D3'] as const;
// Target sizes from the reference's own channel tables (not from the module under test).
const DEPTHWISE = [...[0, 1, 2, 3, 4].map((i) => ENCODER_CHANNELS[i]! * 16), ...DECODER_IN.map((c) => c * 9)];
const POINTWISE = [...[0, 1, 2, 3, 4].map((i) => ENCODER_CHANNELS[i + 1]! * ENCODER_CHANNELS[i]!), ...DECODER_IN.map((c, j) => DECODER_OUT[j]! * c)];
/**
 * Largest |gpu − cpu| relative to the tensor's largest magnitude. The CPU accumulates in float64 and rounds
 * each op to float32; the GPU sums in float32 in tile order over up to K = 8192 terms (the 4×4 trunk conv),
 * which explains errors of ~1e-6 of the scale. 1e-4 leaves 100× margin and still catches any wrong tap,
 * channel or offset (those give errors of the order of the values themselves).
 */
const MAX_REL_ERROR = 1e-4;

let fx: GpuFixture;
let weights: TensorMap;
let targets: IinTargets;
let iin: IinGpu;

beforeAll(async () => {
  fx = await createNodeGpuFixture();
  weights = localSwapWeights(1);
  const device = fx.gpu.device;
  const make = (n: number, label: string) => device.createBuffer({ label, size: 4 * n, usage: storageUsage() });
  targets = { depthwise: DEPTHWISE.map((n, i) => make(n, `idn/${LAYERS[i]}.dw`)), pointwise: POINTWISE.map((n, i) => make(n, `idn/${LAYERS[i]}.pw`)) };
  iin = await IinGpu.create(fx.gpu, fx.cache, weights, targets);
}, 120_000);
afterAll(() => {
  iin?.destroy();
  for (const b of [...(targets?.depthwise ?? []), ...(targets?.pointwise ?? [])]) b.destroy();
  expect(fx.uncapturedErrors).toEqual([]);
  fx.dispose();
});

async function readTargets(): Promise<{ depthwise: Float32Array[]; pointwise: Float32Array[] }> {
  const device = fx.gpu.device;
  return {
    depthwise: await Promise.all(targets.depthwise.map((b, i) => readFloats(device, b, DEPTHWISE[i]!))),
    pointwise: await Promise.all(targets.pointwise.map((b, i) => readFloats(device, b, POINTWISE[i]!))),
  };
}

function expectMatches(gpu: { depthwise: Float32Array[]; pointwise: Float32Array[] }, ref: InjectedWeights, label: string): void {
  const lines: string[] = [];
  for (let i = 0; i < LAYERS.length; i++) {
    for (const kind of ['depthwise', 'pointwise'] as const) {
      const e = errorSummary(gpu[kind][i]!, ref[kind][i]!.data);
      lines.push(`${LAYERS[i]} ${kind}: max|err| ${e.maxAbs.toExponential(2)} (scale ${e.scale.toFixed(3)}, rel ${e.maxRelToScale.toExponential(2)})`);
      expect(e.maxRelToScale, `${label} ${LAYERS[i]} ${kind} at ${e.at}`).toBeLessThan(MAX_REL_ERROR);
    }
  }
  console.log(`${label}\n  ${lines.join('\n  ')}`);
}

describe('IinGpu', () => {
  let first: { depthwise: Float32Array[]; pointwise: Float32Array[] };

  it('writes all 18 IDN kernels in place, matching iinForward', async () => {
    const id = syntheticIdentity(11);
    const device = fx.gpu.device;
    // Inputs in the caller's own buffers: encode copies them in.
    const embedding = storageBufferWith(device, id.embedding, 'test/embedding');
    const featureMap = storageBufferWith(device, id.featureMap, 'test/feature-map');
    await submitTimed(device, (encoder) => iin.encode(encoder, embedding, featureMap));
    embedding.destroy();
    featureMap.destroy();
    first = await readTargets();
    expectMatches(first, iinForward(weights, id.embedding, { shape: [1, 512, 7, 7], data: id.featureMap }), 'identity 1');
  });

  it('a second identity through the same objects changes every target and still matches', async () => {
    const id = syntheticIdentity(12);
    const device = fx.gpu.device;
    // This time written straight into the IIN's own inputs: no copy is recorded.
    device.queue.writeBuffer(iin.embeddingInput, 0, id.embedding as Float32Array<ArrayBuffer>);
    device.queue.writeBuffer(iin.featureMapInput, 0, id.featureMap as Float32Array<ArrayBuffer>);
    await submitTimed(device, (encoder) => iin.encode(encoder, iin.embeddingInput, iin.featureMapInput));
    const second = await readTargets();
    for (let i = 0; i < LAYERS.length; i++) {
      for (const kind of ['depthwise', 'pointwise'] as const) {
        expect(errorSummary(second[kind][i]!, first[kind][i]!).maxRelToScale, `${LAYERS[i]} ${kind} did not change`).toBeGreaterThan(1e-3);
      }
    }
    expectMatches(second, iinForward(weights, id.embedding, { shape: [1, 512, 7, 7], data: id.featureMap }), 'identity 2');
  });

  it('reports its size and times a run', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await submitTimed(fx.gpu.device, (encoder) => iin.encode(encoder, iin.embeddingInput, iin.featureMapInput)));
    console.log(`IinGpu: ${(iin.cost.macs / 1e9).toFixed(3)} GMAC in ${iin.cost.dispatches} dispatches; submit→done ${times.map((t) => t.toFixed(0)).join(', ')} ms (median ${median(times).toFixed(0)} ms)`);
    expect(iin.cost.dispatches).toBe(2 + 2 * 9 + 9);
  });

  it('refuses targets of the wrong count or size, naming the layer', async () => {
    const tooFew = { depthwise: targets.depthwise.slice(0, 8), pointwise: targets.pointwise };
    await expect(IinGpu.create(fx.gpu, fx.cache, weights, tooFew)).rejects.toThrow(/9 depthwise targets/);
    const small = fx.gpu.device.createBuffer({ size: 16, usage: storageUsage() });
    const wrong = { depthwise: targets.depthwise, pointwise: targets.pointwise.map((b, i) => (i === 6 ? small : b)) };
    await expect(IinGpu.create(fx.gpu, fx.cache, weights, wrong)).rejects.toThrow(/pointwise target D1/);
    small.destroy();
  });
});
