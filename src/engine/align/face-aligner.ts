/**
 * Alignment on the GPU: the frame → 224 crop warp that feeds the IDN, and the official paste-back of its
 * output (mask chain + inverse warp + blend) into the frame. Everything a frame needs is created in
 * `create` or on the first use of a new target buffer; after that a frame only writes uniforms
 * (queue.writeBuffer) and records dispatches.
 *
 * Uniforms are written at encode time, so record at most one warp and one paste-back per submitted
 * command buffer (for several faces, submit once per face).
 */
import type { ReadonlyMat2d } from 'gl-matrix';
import { createStorageBuffer, storageUsage } from '../buffers';
import type { GpuContext } from '../device';
import { encodeDispatch, destroyDispatch, prepareDispatch, type PreparedDispatch } from '../dispatch';
import { InvalidArgumentError } from '../errors';
import type { PipelineCache, CompiledKernel } from '../pipeline-cache';
import { maskFilter, type MaskFilterParams } from '../../kernels/mask-filter/mask-filter';
import { pasteBack, pasteBackBox, type PasteBackParams, type PixelBox } from '../../kernels/paste-back/paste-back';
import { warpAffine, type WarpAffineParams } from '../../kernels/warp-affine/warp-affine';
import { invertAffine } from './affine';
import { borderFade, pasteMaskPasses } from './mask-chain';
import { UniformDispatch } from './uniform-dispatch';

export interface FaceAlignerOptions {
  readonly frameWidth: number;
  readonly frameHeight: number;
  /** Side of the square crop (224 for the released weights). */
  readonly cropSize?: number;
}

/** A region of a storage buffer: `offset` in 4-byte elements. */
export interface BufferSlot {
  readonly buffer: GPUBuffer;
  readonly offset: number;
}

// One prepared dispatch per distinct external buffer; a pipeline has few (the IDN arena, a test buffer).
const MAX_BOUND_BUFFERS = 8;

export class FaceAligner {
  private frame!: GPUBuffer;
  private staging!: GPUBuffer;
  private frameW = 0;
  private frameH = 0;
  private readonly warps = new Map<GPUBuffer, UniformDispatch<WarpAffineParams>>();
  private readonly pastes = new Map<GPUBuffer, UniformDispatch<PasteBackParams>>();
  private readonly maskHeads = new Map<GPUBuffer, UniformDispatch<MaskFilterParams>>();
  private readonly maskTail: PreparedDispatch[];
  private readingBack: Promise<unknown> = Promise.resolve();
  private lastPasteBox: PixelBox = { x0: 0, y0: 0, width: 0, height: 0 };

  private constructor(
    private readonly gpu: GpuContext,
    readonly cropSize: number,
    private readonly compiled: { warp: CompiledKernel; paste: CompiledKernel; mask: readonly CompiledKernel[] },
    private readonly maskA: GPUBuffer,
    private readonly maskB: GPUBuffer,
    private readonly fade: GPUBuffer,
  ) {
    // Passes 2–6 of the mask chain only touch the aligner's own buffers: prepared once, never updated.
    const buffers = { a: maskA, b: maskB };
    this.maskTail = pasteMaskPasses(cropSize)
      .slice(1)
      .map((pass, i) => {
        const resources: Record<string, GPUBuffer> = { input: buffers[pass.input as 'a' | 'b'], output: buffers[pass.output] };
        if (pass.params.fade) resources.fade = fade;
        return prepareDispatch(gpu, compiled.mask[i + 1]!, maskFilter, pass.params, resources, `align/mask pass ${i + 2}`);
      });
  }

  static async create(gpu: GpuContext, cache: PipelineCache, options: FaceAlignerOptions): Promise<FaceAligner> {
    const cropSize = options.cropSize ?? 224;
    if (!Number.isInteger(cropSize) || cropSize < 21) throw new InvalidArgumentError(`FaceAligner: cropSize must be an integer ≥ 21 (the fade insets 10 px per side), got ${cropSize}`);
    checkFrameSize(options.frameWidth, options.frameHeight);
    const passes = pasteMaskPasses(cropSize);
    const identity = [1, 0, 0, 1, 0, 0];
    const [warp, paste, ...mask] = await Promise.all([
      cache.get(warpAffine, { frameWidth: 1, frameHeight: 1, cropSize, sampleMatrix: identity }),
      cache.get(pasteBack, { frameWidth: 1, frameHeight: 1, cropSize, sampleMatrix: identity }),
      ...passes.map((p) => cache.get(maskFilter, p.params)),
    ]);
    const { device } = gpu;
    const n = cropSize * cropSize;
    const maskA = createStorageBuffer(device, n, 'align/mask a');
    const maskB = createStorageBuffer(device, n, 'align/paste alpha');
    const fade = createStorageBuffer(device, borderFade(cropSize), 'align/border fade');
    const aligner = new FaceAligner(gpu, cropSize, { warp: warp!, paste: paste!, mask }, maskA, maskB, fade);
    aligner.allocateFrame(options.frameWidth, options.frameHeight);
    return aligner;
  }

  get frameWidth(): number {
    return this.frameW;
  }

  get frameHeight(): number {
    return this.frameH;
  }

  /** The RGBA8 frame (one packed u32 per pixel), read by the warp and written in place by the paste-back. */
  get frameBuffer(): GPUBuffer {
    return this.frame;
  }

  /** The processed paste alpha [S, S] after the last encodePasteMask. */
  get alphaBuffer(): GPUBuffer {
    return this.maskB;
  }

  /** The frame box the last paste-back dispatched over (what it cost). */
  get lastPasteRegion(): PixelBox {
    return this.lastPasteBox;
  }

  /**
   * A new frame size recreates the frame and read-back buffers and forgets the dispatches bound to them
   * (they are re-prepared on first use). Same size: nothing happens.
   */
  resize(frameWidth: number, frameHeight: number): void {
    if (frameWidth === this.frameW && frameHeight === this.frameH) return;
    checkFrameSize(frameWidth, frameHeight);
    this.releaseFrameDispatches();
    this.frame.destroy();
    this.staging.destroy();
    this.allocateFrame(frameWidth, frameHeight);
  }

  writeFrame(rgba: Uint8Array): void {
    const bytes = 4 * this.frameW * this.frameH;
    if (rgba.length !== bytes) throw new InvalidArgumentError(`FaceAligner.writeFrame: a ${this.frameW}×${this.frameH} RGBA8 frame is ${bytes} bytes, got ${rgba.length}; call resize() for a new size`);
    this.gpu.device.queue.writeBuffer(this.frame, 0, rgba as Uint8Array<ArrayBuffer>);
  }

  /** cv2.warpAffine(frame, forward, (S, S)) into `target` as planar RGB [3, S, S] in [0, 1]. */
  encodeWarp(encoder: GPUCommandEncoder, forward: ReadonlyMat2d, target: BufferSlot): void {
    const params: WarpAffineParams = { frameWidth: this.frameW, frameHeight: this.frameH, cropSize: this.cropSize, sampleMatrix: invertAffine(forward), outOffset: target.offset };
    const d = this.bound(this.warps, target.buffer, () =>
      UniformDispatch.prepare(this.gpu, this.compiled.warp, warpAffine, params, { frame: this.frame, output: target.buffer }, 'align/warp'),
    );
    d.update(params);
    const pass = encoder.beginComputePass({ label: 'align/warp' });
    d.encode(pass);
    pass.end();
  }

  /** The official mask chain: the IDN mask [1, S, S] at `mask` → the paste alpha in alphaBuffer. */
  encodePasteMask(encoder: GPUCommandEncoder, mask: BufferSlot): void {
    const pass = encoder.beginComputePass({ label: 'align/paste mask' });
    this.recordMask(pass, mask);
    pass.end();
  }

  /**
   * Blend the generated crop (planar RGB [3, S, S] in [0, 1]) into the frame through the back matrix
   * (crop → frame), with the alpha of the last encodePasteMask. Only the crop's footprint box is dispatched.
   */
  encodePasteBlend(encoder: GPUCommandEncoder, back: ReadonlyMat2d, generated: BufferSlot): void {
    const pass = encoder.beginComputePass({ label: 'align/paste back' });
    this.recordBlend(pass, back, generated);
    pass.end();
  }

  /** Mask chain + blend in one compute pass: the whole official paste-back. */
  encodePasteBack(encoder: GPUCommandEncoder, back: ReadonlyMat2d, generated: BufferSlot, mask: BufferSlot): void {
    const pass = encoder.beginComputePass({ label: 'align/paste' });
    this.recordMask(pass, mask);
    this.recordBlend(pass, back, generated);
    pass.end();
  }

  /** The frame as RGBA8 (after the submitted work). Calls are serialised on one staging buffer. */
  readFrame(): Promise<Uint8Array> {
    const next = this.readingBack.then(async () => {
      const { device } = this.gpu;
      const encoder = device.createCommandEncoder({ label: 'align/read frame' });
      encoder.copyBufferToBuffer(this.frame, 0, this.staging, 0, this.staging.size);
      device.queue.submit([encoder.finish()]);
      await this.staging.mapAsync(GPUMapMode.READ);
      try {
        return new Uint8Array(this.staging.getMappedRange().slice(0, 4 * this.frameW * this.frameH));
      } finally {
        this.staging.unmap();
      }
    });
    this.readingBack = next.catch(() => undefined);
    return next;
  }

  destroy(): void {
    this.releaseFrameDispatches();
    this.maskHeads.forEach((d) => d.destroy());
    this.maskHeads.clear();
    this.maskTail.forEach(destroyDispatch);
    for (const b of [this.frame, this.staging, this.maskA, this.maskB, this.fade]) b.destroy();
  }

  private recordMask(pass: GPUComputePassEncoder, mask: BufferSlot): void {
    const head = pasteMaskPasses(this.cropSize, mask.offset)[0]!.params;
    const d = this.bound(this.maskHeads, mask.buffer, () =>
      UniformDispatch.prepare(this.gpu, this.compiled.mask[0]!, maskFilter, head, { input: mask.buffer, output: this.maskA }, 'align/mask pass 1'),
    );
    d.update(head);
    d.encode(pass);
    for (const t of this.maskTail) encodeDispatch(pass, t);
  }

  private recordBlend(pass: GPUComputePassEncoder, back: ReadonlyMat2d, generated: BufferSlot): void {
    const params: PasteBackParams = { frameWidth: this.frameW, frameHeight: this.frameH, cropSize: this.cropSize, sampleMatrix: invertAffine(back), cropOffset: generated.offset };
    const d = this.bound(this.pastes, generated.buffer, () =>
      UniformDispatch.prepare(this.gpu, this.compiled.paste, pasteBack, params, { crop: generated.buffer, alpha: this.maskB, frame: this.frame }, 'align/paste back'),
    );
    d.update(params);
    this.lastPasteBox = pasteBackBox(params);
    d.encode(pass);
  }

  private bound<P>(map: Map<GPUBuffer, UniformDispatch<P>>, buffer: GPUBuffer, make: () => UniformDispatch<P>): UniformDispatch<P> {
    let d = map.get(buffer);
    if (!d) {
      if (map.size >= MAX_BOUND_BUFFERS) {
        throw new InvalidArgumentError(`FaceAligner: more than ${MAX_BOUND_BUFFERS} distinct target buffers; reuse buffers across frames (each new one costs a bind group and a uniform buffer)`);
      }
      d = make();
      map.set(buffer, d);
    }
    return d;
  }

  private allocateFrame(width: number, height: number): void {
    const { device } = this.gpu;
    this.frameW = width;
    this.frameH = height;
    this.frame = device.createBuffer({ label: `align/frame ${width}×${height}`, size: 4 * width * height, usage: storageUsage() });
    this.staging = device.createBuffer({ label: 'align/frame readback', size: 4 * width * height, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  }

  // Warps and pastes bind the frame buffer; the mask heads do not and survive a resize.
  private releaseFrameDispatches(): void {
    for (const map of [this.warps, this.pastes] as Map<GPUBuffer, { destroy(): void }>[]) {
      map.forEach((d) => d.destroy());
      map.clear();
    }
  }
}

function checkFrameSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new InvalidArgumentError(`FaceAligner: frame size must be positive integers, got ${width}×${height}`);
  }
}
