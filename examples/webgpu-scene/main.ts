/**
 * An existing WebGPU renderer — a textured quad spinning in 3-D with gl-matrix transforms — that shows the
 * webcam (or a sample photo when there is no camera) with the face swapped live. The renderer and the engine
 * share one GPUDevice; the engine writes each swapped frame into the renderer's own texture.
 * Run: npx vite examples/webgpu-scene
 */
import { mat4 } from 'gl-matrix';
import { createFaceSwap, SYNTHETIC_NOTICE } from '../../src/index';

const status = document.querySelector<HTMLDivElement>('#status')!;
const say = (text: string, warn = false) => {
  status.textContent = text;
  status.className = warn ? 'warn' : '';
};

async function main(): Promise<void> {
  if (!navigator.gpu) return say('WebGPU is not available: use Chrome/Edge 113+, Safari 26+, Firefox 141+, or Chromium with --enable-unsafe-webgpu', true);
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return say('no WebGPU adapter', true);
  const device = await adapter.requestDevice();

  // The app's renderer: a canvas, a texture it samples, a spinning quad.
  const canvas = document.querySelector<HTMLCanvasElement>('#scene')!;
  canvas.width = canvas.clientWidth * devicePixelRatio;
  canvas.height = canvas.clientHeight * devicePixelRatio;
  const context = canvas.getContext('webgpu')!;
  const format = navigator.gpu.getPreferredCanvasFormat();
  context.configure({ device, format });

  const video = await openCamera();
  const width = video instanceof HTMLVideoElement ? video.videoWidth : video.width;
  const height = video instanceof HTMLVideoElement ? video.videoHeight : video.height;
  const frameTexture = device.createTexture({ size: [width, height], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST });
  const renderer = createQuadRenderer(device, format, frameTexture);

  // The face swapper on the same device.
  const faceSwap = await createFaceSwap({ device, faceModels: await fetchFaceModels() });
  const weights = await faceSwap.loadWeights({ synthetic: {} });
  if (weights.provenance === 'synthetic') say(SYNTHETIC_NOTICE, true);
  const source = await loadImage('../../assets/faces/grace_hopper.jpg');
  await faceSwap.setIdentityFromImage(source);
  faceSwap.onDeviceLost((info) => say(`GPU device lost (${info.reason}): reload to recover`, true));

  let busy = false;
  let frames = 0;
  const started = performance.now();
  const loop = async (time: number) => {
    if (!busy) {
      busy = true; // never queue frames: swap the newest one when the previous is done
      faceSwap
        .swap(video, { output: frameTexture, video: video instanceof HTMLVideoElement, time: time / 1000 })
        .then(() => {
          frames++;
          if (weights.provenance !== 'synthetic') say(`${(frames / ((performance.now() - started) / 1000)).toFixed(1)} swapped frames/s`);
        })
        .catch((e: Error) => say(e.message, true))
        .finally(() => (busy = false));
    }
    renderer.draw(context.getCurrentTexture(), time / 1000, canvas.width / canvas.height);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

async function openCamera(): Promise<HTMLVideoElement | ImageBitmap> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
    const video = document.createElement('video');
    video.srcObject = stream;
    video.muted = true;
    await video.play();
    return video;
  } catch {
    say('no camera (or permission denied): showing a sample photo instead', true);
    return loadImage('../../assets/faces/astronaut.png');
  }
}

async function loadImage(url: string): Promise<ImageBitmap> {
  return createImageBitmap(await (await fetch(url)).blob());
}

async function fetchFaceModels() {
  const base = '../../node_modules/@vladmandic/human/models';
  const get = async (name: string) => ({ json: await (await fetch(`${base}/${name}.json`)).text(), weights: await (await fetch(`${base}/${name}.bin`)).arrayBuffer() });
  return { detector: await get('blazeface'), mesh: await get('facemesh') };
}

/** The app's own rendering: a quad with the frame texture, spinning around the y axis. */
function createQuadRenderer(device: GPUDevice, format: GPUTextureFormat, texture: GPUTexture) {
  const module = device.createShaderModule({
    code: /* wgsl */ `
      struct Out { @builtin(position) position: vec4f, @location(0) uv: vec2f }
      @group(0) @binding(0) var<uniform> mvp: mat4x4f;
      @group(0) @binding(1) var frame: texture_2d<f32>;
      @group(0) @binding(2) var linear: sampler;
      @vertex fn vs(@builtin(vertex_index) i: u32) -> Out {
        let corners = array(vec2f(-1, -1), vec2f(1, -1), vec2f(-1, 1), vec2f(-1, 1), vec2f(1, -1), vec2f(1, 1));
        let c = corners[i];
        return Out(mvp * vec4f(c.x * 1.2, c.y * 0.9, 0, 1), vec2f(c.x * 0.5 + 0.5, 0.5 - c.y * 0.5));
      }
      @fragment fn fs(v: Out) -> @location(0) vec4f { return textureSample(frame, linear, v.uv); }`,
  });
  const pipeline = device.createRenderPipeline({
    layout: 'auto',
    vertex: { module, entryPoint: 'vs' },
    fragment: { module, entryPoint: 'fs', targets: [{ format }] },
  });
  const uniform = device.createBuffer({ size: 64, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: uniform } },
      { binding: 1, resource: texture.createView() },
      { binding: 2, resource: device.createSampler({ magFilter: 'linear', minFilter: 'linear' }) },
    ],
  });
  const projection = mat4.create();
  const view = mat4.create();
  const model = mat4.create();
  const mvp = mat4.create();
  return {
    draw(target: GPUTexture, seconds: number, aspect: number) {
      mat4.perspective(projection, Math.PI / 4, aspect, 0.1, 10);
      mat4.lookAt(view, [0, 0, 3], [0, 0, 0], [0, 1, 0]);
      mat4.fromYRotation(model, 0.4 * Math.sin(seconds * 0.7));
      mat4.multiply(mvp, projection, mat4.multiply(mvp, view, model));
      device.queue.writeBuffer(uniform, 0, mvp as Float32Array<ArrayBuffer>);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store', clearValue: { r: 0.07, g: 0.07, b: 0.09, a: 1 } }] });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.draw(6);
      pass.end();
      device.queue.submit([encoder.finish()]);
    },
  };
}

main().catch((e: Error) => say(`error: ${e.message}`, true));
