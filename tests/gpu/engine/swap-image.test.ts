// Whole-image swap with given landmarks (detection is tested on its own): warp → IDN → paste-back → label.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireGpu } from '../../../src/engine/device';
import { FaceSwapEngine, NoFaceError } from '../../../src/engine/face-swap-engine';
import type { DetectedFace } from '../../../src/engine/face-finder';
import { decodeImage } from '../../../src/engine/image/decode';
import { nodeGpu } from '../../../src/engine/node-gpu';
import { seededRandom } from '../../../src/engine/random';

let engine: FaceSwapEngine;
let device: GPUDevice;
const image = decodeImage(readFileSync('assets/faces/grace_hopper.jpg'));
// Eye, eye, nose, mouth corners picked by hand on this photo (checked by viewing the aligned crop).
const face: DetectedFace = { box: [180, 130, 170, 200], score: 1, fivePoints: [[220, 187], [305, 186], [265, 243], [235, 276], [297, 275]] };

beforeAll(async () => {
  device = (await acquireGpu({ gpu: await nodeGpu() })).device;
  engine = await FaceSwapEngine.create({ device, faceFinder: async () => ({ detect: async () => [], destroy: () => {} }) });
  await engine.loadWeights({ synthetic: { seed: 2 } });
  const rng = seededRandom(1);
  await engine.setIdentityFromEmbedding(Float32Array.from({ length: 512 }, () => rng() - 0.5), Float32Array.from({ length: 25088 }, () => rng() - 0.3));
});
afterAll(() => {
  engine.dispose();
  device.destroy();
});

describe('swapImage', () => {
  it('changes the face, leaves the frame outside the crop footprint alone, and labels the result', async () => {
    const { width, height, rgba } = image;
    const r = await engine.swapImage(rgba, width, height, { faces: [face], returnCrop: true });
    expect(r.faces).toHaveLength(1);
    expect(r.crop?.length).toBe(3 * 224 * 224);
    const at = (x: number, y: number) => 4 * (y * width + x);
    let inside = 0;
    for (let y = 200; y < 260; y++) for (let x = 240; x < 290; x++) for (let c = 0; c < 3; c++) inside += Math.abs(r.rgba[at(x, y) + c]! - rgba[at(x, y) + c]!);
    expect(inside / (60 * 50 * 3)).toBeGreaterThan(1);
    // Top-left corner: outside the crop's footprint and away from the bottom-right label.
    for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) expect(r.rgba[at(x, y)]).toBe(rgba[at(x, y)]);
    // The label sits in the bottom-right corner.
    let labelDiff = 0;
    for (let y = height - 12; y < height; y++) for (let x = width - 60; x < width; x++) labelDiff += Math.abs(r.rgba[at(x, y)]! - rgba[at(x, y)]!);
    expect(labelDiff).toBeGreaterThan(0);
    const unlabelled = await engine.swapImage(rgba, width, height, { faces: [face], label: false });
    let cornerDiff = 0;
    for (let y = height - 12; y < height; y++) for (let x = width - 60; x < width; x++) cornerDiff += Math.abs(unlabelled.rgba[at(x, y)]! - rgba[at(x, y)]!);
    expect(cornerDiff).toBe(0);
    expect(r.timings.swap).toBeGreaterThan(0);
  });

  it('returns a frame with no face unchanged, and says so when the source has no face', async () => {
    const { width, height, rgba } = image;
    const r = await engine.swapImage(rgba, width, height);
    expect(r.faces).toHaveLength(0);
    expect(r.rgba).toEqual(rgba);
    await expect(engine.setIdentityFromImage(rgba, width, height, { name: 'blank.png' })).rejects.toThrow(NoFaceError);
  });

  it('refuses images whose size does not match their bytes', async () => {
    await expect(engine.swapImage(new Uint8Array(10), 2, 2)).rejects.toThrow(/16 bytes/);
  });
});
