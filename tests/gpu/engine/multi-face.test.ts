// Multi-face: every target face is swapped, face i getting source face i mod n, as the official multi-face script.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acquireGpu } from '../../../src/engine/device';
import { defaultFaceFinder } from '../../../src/engine/face-finder-default';
import { FaceSwapEngine } from '../../../src/engine/face-swap-engine';
import { readImageFile } from '../../../src/engine/image/node-io';
import { nodeGpu } from '../../../src/engine/node-gpu';

let engine: FaceSwapEngine;
let device: GPUDevice;
beforeAll(async () => {
  device = (await acquireGpu({ gpu: await nodeGpu() })).device;
  engine = await FaceSwapEngine.create({ device, faceFinder: defaultFaceFinder() });
  await engine.loadWeights({ synthetic: { seed: 4 } });
});
afterAll(() => {
  engine.dispose();
  device.destroy();
});

/** Two sample faces side by side on one 1024×600 canvas. */
async function twoFaces() {
  const a = await readImageFile('assets/faces/grace_hopper.jpg');
  const b = await readImageFile('assets/faces/astronaut.png');
  const width = 1024;
  const height = 600;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  const paste = (img: typeof a, x0: number) => {
    for (let y = 0; y < img.height; y++) rgba.set(img.rgba.subarray(y * img.width * 4, (y + 1) * img.width * 4), (y * width + x0) * 4);
  };
  paste(a, 0);
  paste(b, 512);
  return { rgba, width, height };
}

function regionDiff(x: Uint8Array, y: Uint8Array, width: number, box: readonly number[]): number {
  let d = 0;
  for (let j = Math.floor(box[1]!); j < box[1]! + box[3]!; j++) for (let i = Math.floor(box[0]!); i < box[0]! + box[2]!; i++) d += Math.abs(x[4 * (j * width + i)]! - y[4 * (j * width + i)]!);
  return d;
}

it('swaps both faces of a photo, each with its own source identity', async () => {
  const img = await twoFaces();
  const ids = await engine.setIdentityFromImage(img.rgba, img.width, img.height, { name: 'two faces', allFaces: true });
  expect(ids.faces).toHaveLength(2);
  const both = await engine.swapImage(img.rgba, img.width, img.height, { label: false });
  expect(both.faces).toHaveLength(2);
  for (const f of both.faces) expect(regionDiff(both.rgba, img.rgba, img.width, f.box)).toBeGreaterThan(0);

  // With one source identity, face 1 gets identity 0 instead of identity 1: only face 1's pixels change.
  await engine.setIdentityFromImage(img.rgba, img.width, img.height, { name: 'first face only' });
  const single = await engine.swapImage(img.rgba, img.width, img.height, { label: false });
  const order = single.faces.map((f) => both.faces.findIndex((g) => Math.abs(g.box[0] - f.box[0]) < 1));
  expect(order.sort()).toEqual([0, 1]);
  expect(regionDiff(single.rgba, both.rgba, img.width, both.faces[0]!.box)).toBe(0);
  expect(regionDiff(single.rgba, both.rgba, img.width, both.faces[1]!.box)).toBeGreaterThan(0);

  const largest = await engine.swapImage(img.rgba, img.width, img.height, { largestOnly: true, label: false });
  expect(largest.faces).toHaveLength(1);
}, 600_000);
