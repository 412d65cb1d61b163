// Swap a face in an image file from Node (run: node --import tsx --import ./scripts/raw-loader.mjs examples/node-swap.ts).
import { create, globals } from 'webgpu';
import { createFaceSwap } from '../src/index';
import { readImageFile, writeImageFile } from '../src/engine/image/node-io';

Object.assign(globalThis, globals);
const faceSwap = await createFaceSwap({ gpu: create([]) });
console.log((await faceSwap.loadWeights({ synthetic: {} })).description); // or { bytes } of weights/mobilefaceswap.safetensors
const [source, target] = await Promise.all([readImageFile('assets/faces/grace_hopper.jpg'), readImageFile('assets/faces/astronaut.png')]);
await faceSwap.setIdentityFromImage({ data: source.rgba, width: source.width, height: source.height });
const result = await faceSwap.swap({ data: target.rgba, width: target.width, height: target.height });
await writeImageFile('output/node-example.png', { width: result.width, height: result.height, rgba: result.pixels });
faceSwap.dispose();
