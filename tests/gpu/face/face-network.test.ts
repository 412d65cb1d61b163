// The face networks on our WGSL kernels (Dawn/lavapipe) against tfjs on the CPU, on the same input tensors:
// random inputs and the real pre-processed inputs of a sample face.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { BlazeFaceDetector } from '../../../src/engine/face/detector';
import { FaceMesh, roiFromDetection } from '../../../src/engine/face/landmarks';
import { GraphNetwork } from '../../../src/engine/face/network';
import type { TfjsGraph } from '../../../src/engine/face/tfjs-graph';
import { randomArray, seededRandom } from '../../../src/engine/random';
import { createNodeGpuFixture, type GpuFixture } from '../../support/node-gpu-fixture';
import * as tf from '@tensorflow/tfjs-core';
import { nchwToNhwc } from '../../../src/engine/face/graph-plan';
import { parseTfjsGraphModel } from '../../../src/engine/face/tfjs-graph';
import { FACES_MISSING, facesPresent, loadGraph, loadImage, loadTfjsFromBytes, loadTfjsModel, maxAbsError, runTfjs, syntheticGraphModel, type FaceModelName } from '../../unit/face/face-fixtures';

let fx: GpuFixture;
const graphs = {} as Record<FaceModelName, TfjsGraph>;
const oracles = {} as Record<FaceModelName, GraphModel>;

beforeAll(async () => {
  fx = await createNodeGpuFixture();
  for (const name of ['blazeface', 'facemesh'] as const) {
    graphs[name] = loadGraph(name);
    oracles[name] = await loadTfjsModel(name);
  }
});
afterAll(() => {
  expect(fx.uncapturedErrors).toEqual([]);
  fx.dispose();
});

/**
 * Same input, same weights: only float32 rounding differs (tfjs CPU sums in another order; our tiled GEMMs and
 * f32 `exp` on the GPU). Outputs reach |165| (mesh, 192-px crop units) and |115| (BlazeFace regressors, 256-px
 * units); measured differences are ~5e-5. atol 2e-3 is a thousandth of a pixel there and of a logit (a score
 * change below 5e-4); rtol 1e-4 is ~1000 ulps for ~60 layers of re-ordered sums. A wrong layout, transpose or
 * padding gives errors of order 1–100.
 */
function expectClose(name: string, ours: Record<string, Float32Array>, ref: Record<string, Float32Array>): void {
  for (const [key, e] of Object.entries(ref)) {
    const a = ours[key]!;
    expect(a.length, `${name} ${key} length`).toBe(e.length);
    let excess = -Infinity;
    for (let i = 0; i < e.length; i++) excess = Math.max(excess, Math.abs(a[i]! - e[i]!) - (2e-3 + 1e-4 * Math.abs(e[i]!)));
    const { err, ref: mag } = maxAbsError(a, e);
    console.log(`${name} ${key}: max |ours − tfjs| = ${err.toExponential(2)} (max |tfjs| ${mag.toFixed(2)})`);
    expect(excess, `${name} ${key}: max |err| ${err}`).toBeLessThanOrEqual(0);
  }
}

describe('GPU network vs tfjs CPU', () => {
  for (const [name, lo, hi] of [['blazeface', -1, 1], ['facemesh', 0, 1]] as const) {
    it(`${name}: random input in [${lo}, ${hi}]`, async () => {
      const net = await GraphNetwork.create(fx.gpu, fx.cache, graphs[name], { label: name });
      try {
        const { channels, height, width } = net.input;
        const input = randomArray(seededRandom(11), channels * height * width, lo, hi);
        const ours = await net.run(input);
        expectClose(`${name} random`, ours, runTfjs(oracles[name], graphs[name], input));
        // A second run over the same prepared buffers gives the same bits.
        const again = await net.run(input);
        for (const k of Object.keys(ours)) expect(again[k]).toEqual(ours[k]);
      } finally {
        net.destroy();
      }
    });
  }

  it('synthetic graph through the fallback kernels (in-place ReLU, add-activation, conv2d), intermediates kept', async () => {
    const { json, bin } = syntheticGraphModel(seededRandom(5));
    const graph = parseTfjsGraphModel(json, bin);
    const model = await loadTfjsFromBytes(json, bin);
    const net = await GraphNetwork.create(fx.gpu, fx.cache, graph, { label: 'synthetic', keepIntermediates: true });
    try {
      const input = randomArray(seededRandom(9), 64 * 36);
      expectClose('synthetic', await net.run(input), runTfjs(model, graph, input));
      // With keepIntermediates every node's tensor survives the run: the add, read back NCHW.
      const add = await net.readNode('add');
      const nhwc = new Float32Array(64 * 36);
      for (let c = 0; c < 64; c++) for (let p = 0; p < 36; p++) nhwc[p * 64 + c] = input[c * 36 + p]!;
      const ref = tf.tidy(() => (model.execute(tf.tensor4d(nhwc, [1, 6, 6, 64]), 'add:0') as tf.Tensor).dataSync() as Float32Array);
      expect(maxAbsError(nchwToNhwc(add.data, add.channels, add.height, add.width), ref).err).toBeLessThan(1e-5);
    } finally {
      net.destroy();
    }
  });

  it.skipIf(!facesPresent)('real inputs: letterboxed frame for BlazeFace, rotated face crop for FaceMesh', async () => {
    const img = loadImage('grace_hopper.jpg');
    const detector = await BlazeFaceDetector.create(fx.gpu, fx.cache, graphs.blazeface);
    const mesh = await FaceMesh.create(fx.gpu, fx.cache, graphs.facemesh);
    try {
      const { input } = detector.preprocess(img.data, img.width, img.height);
      expectClose('blazeface grace_hopper', await detector.network.run(input), runTfjs(oracles.blazeface, graphs.blazeface, input));
      const [face] = await detector.detect(img.data, img.width, img.height);
      expect(face).toBeDefined();
      const crop = mesh.preprocess(img.data, img.width, img.height, roiFromDetection(face!)).input;
      expectClose('facemesh grace_hopper', await mesh.network.run(crop), runTfjs(oracles.facemesh, graphs.facemesh, crop));
    } finally {
      detector.destroy();
      mesh.destroy();
    }
  });
  if (!facesPresent) it.skip(FACES_MISSING, () => {});
});
