// The public API in a browser, as an embedding page uses it: its own device, browser image sources in, a texture out.
import { expect, it } from 'vitest';
import { createFaceSwap, SYNTHETIC_NOTICE } from '../../src/index';

async function faceModels() {
  const base = '/node_modules/@vladmandic/human/models';
  const get = async (name: string) => ({ json: await (await fetch(`${base}/${name}.json`)).text(), weights: await (await fetch(`${base}/${name}.bin`)).arrayBuffer() });
  return { detector: await get('blazeface'), mesh: await get('facemesh') };
}

it('swaps an ImageBitmap and a canvas through createFaceSwap', async () => {
  const faceSwap = await createFaceSwap({ faceModels: await faceModels() });
  const weights = await faceSwap.loadWeights({ synthetic: {} });
  expect(weights.description).toContain(SYNTHETIC_NOTICE);
  await faceSwap.setIdentityFromEmbedding(Float32Array.from({ length: 512 }, (_, i) => Math.sin(i)), Float32Array.from({ length: 25088 }, (_, i) => Math.cos(i / 40)));
  const bitmap = await createImageBitmap(await (await fetch('/assets/faces/astronaut.png')).blob());
  const fromBitmap = await faceSwap.swap(bitmap, { label: false });
  expect(fromBitmap.faces).toHaveLength(1);
  expect([fromBitmap.width, fromBitmap.height]).toEqual([bitmap.width, bitmap.height]);

  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  const fromCanvas = await faceSwap.swap(canvas, { label: false });
  expect(fromCanvas.faces).toHaveLength(1);
  let changed = 0;
  const original = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 0; i < original.length; i += 4) if (original[i] !== fromCanvas.pixels[i]) changed++;
  expect(changed).toBeGreaterThan(1000);
  faceSwap.dispose();
}, 300_000);
