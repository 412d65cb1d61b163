/**
 * Turning whatever a caller holds into RGBA bytes: raw pixels, a GPUTexture (through the texture-to-frame
 * kernel, any rgba8/bgra8 format), or a browser image source (ImageBitmap, canvas, video, VideoFrame, img) drawn
 * on an OffscreenCanvas. The detector and the alignment read the frame on the CPU, so every path ends in bytes.
 */
import { createStorageBuffer } from '../engine/buffers';
import { destroyDispatch, encodeDispatch, prepareDispatch, type PreparedDispatch } from '../engine/dispatch';
import { InvalidArgumentError } from '../engine/errors';
import type { FaceSwapEngine } from '../engine/face-swap-engine';
import { textureToFrame } from '../kernels/texture-to-frame/texture-to-frame';

export interface RgbaPixels {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

export type ImageInput = RgbaPixels | GPUTexture | CanvasImageSource | VideoFrame;

export function isRgbaPixels(x: unknown): x is RgbaPixels {
  return typeof x === 'object' && x !== null && 'data' in x && 'width' in x && 'height' in x && ArrayBuffer.isView((x as RgbaPixels).data);
}

function isGpuTexture(x: unknown): x is GPUTexture {
  return typeof x === 'object' && x !== null && 'createView' in x && 'format' in x && 'usage' in x;
}

export async function toRgba(reader: TextureReader, input: ImageInput): Promise<RgbaPixels> {
  if (isRgbaPixels(input)) return input;
  if (isGpuTexture(input)) return reader.read(input);
  return canvasSourceToRgba(input as CanvasImageSource | VideoFrame);
}

/**
 * Reads textures back as RGBA bytes. Buffers are kept for the last size and dispatches per texture, so a
 * caller that renders into the same texture every frame causes no GPU allocation per frame.
 */
export class TextureReader {
  private frame: GPUBuffer | undefined;
  private staging: GPUBuffer | undefined;
  private dispatches = new WeakMap<GPUTexture, PreparedDispatch>();
  private owned: PreparedDispatch[] = [];

  constructor(private readonly engine: FaceSwapEngine) {}

  async read(texture: GPUTexture): Promise<RgbaPixels> {
    if ((texture.usage & GPUTextureUsage.TEXTURE_BINDING) === 0) {
      throw new InvalidArgumentError('the input texture needs GPUTextureUsage.TEXTURE_BINDING so the engine can read it');
    }
    const { device } = this.engine.gpu;
    const params = { width: texture.width, height: texture.height };
    const bytes = params.width * params.height * 4;
    if (!this.frame || this.frame.size < bytes) {
      this.release();
      this.frame = createStorageBuffer(device, params.width * params.height, 'api/texture-frame');
      this.staging = device.createBuffer({ label: 'api/texture-readback', size: this.frame.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    }
    let dispatch = this.dispatches.get(texture);
    if (!dispatch) {
      dispatch = prepareDispatch(this.engine.gpu, await this.engine.cache.get(textureToFrame, params), textureToFrame, params, { source: texture.createView(), frame: this.frame });
      this.dispatches.set(texture, dispatch);
      this.owned.push(dispatch);
    }
    const encoder = device.createCommandEncoder({ label: 'api/texture-to-frame' });
    const pass = encoder.beginComputePass();
    encodeDispatch(pass, dispatch);
    pass.end();
    encoder.copyBufferToBuffer(this.frame, 0, this.staging!, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await this.staging!.mapAsync(GPUMapMode.READ, 0, bytes);
    const data = new Uint8Array(this.staging!.getMappedRange(0, bytes).slice(0));
    this.staging!.unmap();
    return { data, width: params.width, height: params.height };
  }

  private release(): void {
    this.owned.forEach(destroyDispatch);
    this.owned = [];
    this.dispatches = new WeakMap();
    this.frame?.destroy();
    this.staging?.destroy();
  }

  destroy(): void {
    this.release();
  }
}

function canvasSourceToRgba(source: CanvasImageSource | VideoFrame): RgbaPixels {
  if (typeof OffscreenCanvas === 'undefined') throw new InvalidArgumentError('this image source needs a browser (OffscreenCanvas); in Node pass { data, width, height } RGBA pixels');
  const size = sourceSize(source);
  if (!size) throw new InvalidArgumentError('unsupported image input: pass { data, width, height } RGBA pixels, a GPUTexture, an ImageBitmap, a canvas, a video, a VideoFrame or an img');
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new InvalidArgumentError('could not get a 2D canvas context to read the image');
  ctx.drawImage(source as CanvasImageSource, 0, 0);
  const img = ctx.getImageData(0, 0, size.width, size.height);
  return { data: new Uint8Array(img.data.buffer), width: size.width, height: size.height };
}

function sourceSize(s: CanvasImageSource | VideoFrame): { width: number; height: number } | undefined {
  const any = s as unknown as Record<string, number>;
  if (typeof any.videoWidth === 'number' && any.videoWidth > 0) return { width: any.videoWidth, height: any.videoHeight! };
  if (typeof any.displayWidth === 'number') return { width: any.displayWidth, height: any.displayHeight! };
  if (typeof any.naturalWidth === 'number' && any.naturalWidth > 0) return { width: any.naturalWidth, height: any.naturalHeight! };
  if (typeof any.width === 'number' && any.width > 0) return { width: any.width, height: any.height! };
  return undefined;
}
