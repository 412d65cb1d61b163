/**
 * The engine object: one device, the loaded weights, the identity path (ArcFace → IIN, writing straight into
 * the IDN's weight buffers) and the per-frame IDN. The public API (src/index.ts) wraps this; the playground
 * and the CLI use it directly.
 */
import { acquireGpu, type AcquireOptions, type GpuContext } from './device';
import { InvalidArgumentError, InvalidStateError, NoFaceError } from './errors';

export { InvalidStateError, NoFaceError };
import { ArcFaceGpu } from './identity/arcface-gpu';
import { decodeIdentityPack, encodeIdentityPack, weightsFingerprint, type IdentityPackInfo } from './identity/identity-pack';
import { IinGpu } from './identity/iin-gpu';
import { depthwiseElements, pointwiseElements, type InjectedKernels } from './idn/dynamic-weights';
import type { IdnExecutor, IdnOutputs } from './idn/executor';
import { createIdnForRequest, type IdnPlanRequest, type PlanChoice } from './idn/plan-choice';
import { readFloats } from './buffers';
import { PipelineCache } from './pipeline-cache';
import { ProfileAggregator } from './profiler/aggregate';
import { FrameProfiler } from './profiler/frame-profiler';
import { loadWeights, type LoadedWeights, type WeightsProgress, type WeightsSource } from './weights/load';
import { alignmentMatrix, invertAffine } from './align/affine';
import { warpToCropCpu } from './align/cpu-reference';
import { FaceAligner } from './align/face-aligner';
import { largestFace, type DetectedFace, type FaceFinder } from './face-finder';
import { IdentitySlots } from './identity/identity-slots';
import { drawLabel } from './image/label';


export interface SwapImageOptions {
  /** Swap only the largest face (default: every face, target face i gets source face i mod n). */
  readonly largestOnly?: boolean;
  /** Draw the visible "AI-swapped" corner label (default true). */
  readonly label?: boolean;
  /** Also return the last face's network output crop and mask (for display). */
  readonly returnCrop?: boolean;
  /** Use these faces instead of detecting (e.g. from a tracker). */
  readonly faces?: readonly DetectedFace[];
}

export interface SwapImageResult {
  readonly rgba: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly faces: readonly DetectedFace[];
  readonly crop?: Float32Array;
  readonly mask?: Float32Array;
  /** Milliseconds per stage: detect, swap (warp + IDN + paste-back, all faces), readback. */
  readonly timings: Readonly<Record<string, number>>;
}

export const SWAP_LABEL = 'AI-swapped';


export interface IdentityState {
  /** Where the identity came from, for people. */
  readonly source: string;
  readonly weights: 'official' | 'synthetic';
}

export interface FrameProfile {
  readonly frame: number;
  /** Per dispatch, in plan order (empty when the device has no timestamp queries). */
  readonly dispatchMs: readonly number[];
  readonly labels: readonly string[];
  /** Submit → onSubmittedWorkDone, milliseconds. */
  readonly wallMs: number;
}

export interface EngineOptions extends AcquireOptions {
  /**
   * 'fused': 12 dispatches per frame; 'unfused': one per layer, every tensor inspectable; 'auto': build both
   * at load, time a few frames of each, keep the faster. Default: 'auto' on a real GPU, 'fused' on a CPU
   * emulator (where timing both would cost seconds).
   */
  readonly plan?: IdnPlanRequest;
  /** Crop size of the per-frame network (default 224, the size the released weights were trained at). */
  readonly cropSize?: number;
  /** How to make the face detector (default: BlazeFace + FaceMesh on our kernels, created on first use). */
  readonly faceFinder?: (engine: FaceSwapEngine) => Promise<FaceFinder>;
}

export class FaceSwapEngine {
  private weights: LoadedWeights | undefined;
  private fingerprint = '';
  private idn: IdnExecutor | undefined;
  private choice: PlanChoice | undefined;
  private arcface: ArcFaceGpu | undefined;
  private iin: IinGpu | undefined;
  private identity: IdentityState | undefined;
  private profiler: FrameProfiler | undefined;
  private aggregator: ProfileAggregator | undefined;
  private readonly profileListeners = new Set<(p: FrameProfile) => void>();
  private frames = 0;
  private disposed = false;
  private faceFinder: FaceFinder | undefined;
  private aligner: FaceAligner | undefined;
  private slots: IdentitySlots | undefined;

  private constructor(
    readonly gpu: GpuContext,
    readonly cache: PipelineCache,
    private readonly planRequest: IdnPlanRequest | undefined,
    private readonly cropSize: number,
    private readonly faceFinderFactory: ((engine: FaceSwapEngine) => Promise<FaceFinder>) | undefined,
  ) {}

  static async create(options: EngineOptions = {}): Promise<FaceSwapEngine> {
    const gpu = await acquireGpu(options);
    return new FaceSwapEngine(gpu, new PipelineCache(gpu), options.plan, options.cropSize ?? 224, options.faceFinder);
  }

  /** The face detector, created on first use. */
  async faces(): Promise<FaceFinder> {
    this.requireLive('detect faces');
    if (!this.faceFinder) {
      if (!this.faceFinderFactory) throw new InvalidStateError('no face detector is configured for this engine: pass options.faceFinder, or give the faces to swapImage');
      this.faceFinder = await this.faceFinderFactory(this);
    }
    return this.faceFinder;
  }

  /**
   * Set the source identity (or identities) from a photo: detect, align each face to the official 224 crop,
   * ArcFace → IIN on the GPU. The top-scoring face is identity 0; with `allFaces`, every face becomes an
   * identity in order, for multi-face swaps. Returns the faces used and their aligned crops.
   */
  async setIdentityFromImage(
    rgba: Uint8Array | Uint8ClampedArray,
    width: number,
    height: number,
    options: { name?: string; allFaces?: boolean } = {},
  ): Promise<{ faces: DetectedFace[]; alignedCrops: Uint8Array[] }> {
    this.requireIdn('set an identity');
    checkImage(rgba, width, height);
    const found = await (await this.faces()).detect(rgba, width, height);
    if (found.length === 0) throw new NoFaceError(options.name ?? 'the source image');
    const used = options.allFaces ? found : found.slice(0, 1);
    const slots = this.identitySlots();
    slots.clear();
    const alignedCrops: Uint8Array[] = [];
    for (const [i, face] of used.entries()) {
      const crop = alignedCropRgba(rgba, width, height, face);
      alignedCrops.push(crop);
      await this.setIdentityFromAlignedCrop(crop, `${options.name ?? 'source'} face ${i + 1}`);
      const encoder = this.gpu.device.createCommandEncoder({ label: 'identity slot' });
      slots.save(encoder);
      this.gpu.device.queue.submit([encoder.finish()]);
    }
    if (used.length > 1) {
      // The IDN's weight buffers hold the last face; identity 0 is the top-scoring one.
      const encoder = this.gpu.device.createCommandEncoder({ label: 'identity slot' });
      slots.restore(encoder, 0);
      this.gpu.device.queue.submit([encoder.finish()]);
    }
    this.identity = { source: used.length > 1 ? `${options.name ?? 'source'} (${used.length} faces)` : `${options.name ?? 'source'}`, weights: this.weights!.provenance };
    return { faces: used, alignedCrops };
  }

  /**
   * Swap the face(s) in an RGBA image: detect (unless faces are given), then per face: GPU warp to the crop,
   * the IDN, the official paste-back; finally the visible label. A frame with no face comes back unchanged.
   */
  async swapImage(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, options: SwapImageOptions = {}): Promise<SwapImageResult> {
    const idn = this.requireSwapReady();
    checkImage(rgba, width, height);
    const timings: Record<string, number> = {};
    let t = performance.now();
    let faces = options.faces ?? (await (await this.faces()).detect(rgba, width, height));
    timings.detect = performance.now() - t;
    if (options.largestOnly && faces.length > 1) faces = [largestFace(faces)!];
    if (faces.length === 0) return { rgba: Uint8Array.from(rgba), width, height, faces, timings };

    t = performance.now();
    const aligner = await this.alignerFor(width, height);
    aligner.writeFrame(rgba instanceof Uint8Array ? rgba : new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength));
    const slots = this.slots;
    const { device } = this.gpu;
    for (const [i, face] of faces.entries()) {
      const forward = alignmentMatrix(face.fivePoints, idn.size);
      const encoder = device.createCommandEncoder({ label: `swap face ${i}` });
      if (slots && slots.count > 1) slots.restore(encoder, i % slots.count);
      aligner.encodeWarp(encoder, forward, idn.cropTarget);
      const timed = this.encodeFrame(encoder);
      const { out, mask } = idn.outputTargets;
      aligner.encodePasteBack(encoder, invertAffine(forward), out, mask);
      await this.submitFrame(encoder, timed);
    }
    timings.swap = performance.now() - t;
    t = performance.now();
    const result = await aligner.readFrame();
    const crop = options.returnCrop ? await idn.readOutputs() : undefined;
    timings.readback = performance.now() - t;
    if (options.label ?? true) drawLabel(result, width, height, SWAP_LABEL, 'bottom-right');
    return { rgba: result, width, height, faces, crop: crop?.out, mask: crop?.mask, timings };
  }

  private identitySlots(): IdentitySlots {
    this.slots ??= new IdentitySlots(this.gpu.device, this.requireIdn('keep identities').dynamicWeights);
    return this.slots;
  }

  private async alignerFor(width: number, height: number): Promise<FaceAligner> {
    if (!this.aligner) {
      this.aligner = await FaceAligner.create(this.gpu, this.cache, { frameWidth: width, frameHeight: height, cropSize: this.requireIdn('align').size });
    } else if (this.aligner.frameWidth !== width || this.aligner.frameHeight !== height) {
      this.aligner.resize(width, height);
    }
    return this.aligner;
  }

  get capabilities() {
    return this.gpu.capabilities;
  }

  /** What is loaded: undefined before loadWeights. */
  get weightsInfo(): { provenance: 'official' | 'synthetic'; description: string; hasArcface: boolean } | undefined {
    const w = this.weights;
    return w && { provenance: w.provenance, description: w.description, hasArcface: w.arcface !== undefined };
  }

  get identityInfo(): IdentityState | undefined {
    return this.identity;
  }

  /** The loaded weight maps (for ONNX export and the weights view). */
  get loadedWeights(): LoadedWeights | undefined {
    return this.weights;
  }

  /** How the IDN plan in use was chosen (requested, or timed on this device at loadWeights). */
  get planChoice(): PlanChoice | undefined {
    return this.choice;
  }

  get executor(): IdnExecutor {
    return this.requireIdn('use the IDN');
  }

  /** Load weights and build everything that depends on them (replaces earlier weights and identity). */
  async loadWeights(source: WeightsSource, onProgress?: WeightsProgress): Promise<LoadedWeights> {
    this.requireLive('load weights');
    const weights = await loadWeights(source, onProgress);
    const { executor: idn, choice } = await createIdnForRequest(this.gpu, this.cache, weights.swap, this.cropSize, this.planRequest);
    let arcface: ArcFaceGpu | undefined;
    let iin: IinGpu | undefined;
    try {
      iin = await IinGpu.create(this.gpu, this.cache, weights.swap, idn.dynamicWeights);
      if (weights.arcface) arcface = await ArcFaceGpu.create(this.gpu, this.cache, weights.arcface);
    } catch (e) {
      idn.destroy();
      iin?.destroy();
      throw e;
    }
    this.releaseNetworks();
    this.weights = weights;
    this.fingerprint = weightsFingerprint(weights.swap);
    this.idn = idn;
    this.choice = choice;
    this.iin = iin;
    this.arcface = arcface;
    this.identity = undefined;
    this.profiler = new FrameProfiler(this.gpu.device, this.gpu.capabilities, idn.dispatches.length);
    this.aggregator = new ProfileAggregator(idn.dispatches.map((d) => d.label));
    return weights;
  }

  /**
   * Set the source identity from an aligned 224×224 RGBA crop (the official alignment; see align/): ArcFace,
   * then the IIN writes the 18 kernels into the IDN's weight buffers. Nothing comes back to the CPU.
   */
  async setIdentityFromAlignedCrop(rgba224: Uint8Array | Uint8ClampedArray, source = 'aligned crop'): Promise<void> {
    const idn = this.requireIdn('set an identity');
    if (!this.arcface || !this.iin) throw new InvalidStateError('these weights have no ArcFace (arcface.pdparams): set the identity from an identity pack or from an embedding and feature map instead');
    if (rgba224.length !== 224 * 224 * 4) throw new InvalidArgumentError(`the aligned crop must be 224×224 RGBA (${224 * 224 * 4} bytes), got ${rgba224.length}`);
    const { device } = this.gpu;
    device.queue.writeBuffer(this.arcface.inputBuffer, 0, rgba224 as Uint8Array<ArrayBuffer>);
    const encoder = device.createCommandEncoder({ label: 'identity' });
    this.arcface.encode(encoder, this.arcface.inputBuffer);
    this.iin.encode(encoder, this.arcface.embedding, this.arcface.featureMap);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    void idn;
    this.identity = { source, weights: this.weights!.provenance };
  }

  /** Set the identity from a raw ArcFace embedding (512, L2-normalised here) and 512×7×7 feature map. */
  async setIdentityFromEmbedding(embedding: Float32Array, featureMap: Float32Array, source = 'embedding'): Promise<void> {
    this.requireIdn('set an identity');
    if (!this.iin) throw new InvalidStateError('the IIN is not ready: load weights first');
    if (embedding.length !== 512) throw new InvalidArgumentError(`the embedding must have 512 values, got ${embedding.length}`);
    if (featureMap.length !== 512 * 49) throw new InvalidArgumentError(`the feature map must be 512×7×7 = 25088 values, got ${featureMap.length}`);
    let norm = 0;
    for (const v of embedding) norm += v * v;
    if (!(norm > 0) || !Number.isFinite(norm)) throw new InvalidArgumentError('the embedding must be finite and not all zero');
    const unit = embedding.map((v) => v / Math.sqrt(norm));
    const { device } = this.gpu;
    device.queue.writeBuffer(this.iin.embeddingInput, 0, unit);
    device.queue.writeBuffer(this.iin.featureMapInput, 0, featureMap as Float32Array<ArrayBuffer>);
    const encoder = device.createCommandEncoder({ label: 'identity' });
    this.iin.encode(encoder, this.iin.embeddingInput, this.iin.featureMapInput);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    this.identity = { source, weights: this.weights!.provenance };
  }

  /** Load an identity pack (the 18 kernels): no ArcFace, no IIN. Refuses packs made with other weights. */
  setIdentityFromPack(bytes: Uint8Array, name = 'identity pack'): IdentityPackInfo {
    const idn = this.requireIdn('set an identity');
    const pack = decodeIdentityPack(bytes, name);
    if (pack.info.weightsFingerprint !== this.fingerprint) {
      throw new InvalidArgumentError(`${name} was made with other swap weights (${pack.info.weightsFingerprint}; loaded: ${this.fingerprint}); make the pack again with these weights`);
    }
    idn.writeInjectedKernels(pack.kernels);
    this.identity = { source: pack.info.source ?? name, weights: pack.info.weights };
    return pack.info;
  }

  /** Save the current identity's 18 kernels as an identity pack. */
  async exportIdentityPack(source?: string): Promise<Uint8Array> {
    const kernels = await this.readInjectedKernels();
    return encodeIdentityPack({ kernels, info: { weights: this.weights!.provenance, weightsFingerprint: this.fingerprint, source: source ?? this.identity!.source } });
  }

  /** Read the 18 injected kernels back (packs, ONNX export, inspection; not per frame). */
  async readInjectedKernels(): Promise<InjectedKernels> {
    const idn = this.requireIdn('read the identity');
    if (!this.identity) throw new InvalidStateError('no identity is set: set one from an image, a pack or an embedding first');
    const { device } = this.gpu;
    return {
      depthwise: await Promise.all(idn.dynamicWeights.depthwise.map((b, i) => readFloats(device, b, depthwiseElements(i)))),
      pointwise: await Promise.all(idn.dynamicWeights.pointwise.map((b, i) => readFloats(device, b, pointwiseElements(i)))),
    };
  }

  /** Record the IDN on an aligned crop already in place (cropTarget); with profiling, timestamps per dispatch. */
  encodeFrame(encoder: GPUCommandEncoder): boolean {
    const idn = this.requireSwapReady();
    const timed = this.profileListeners.size > 0 && this.profiler?.supported === true;
    idn.encode(encoder, timed ? this.profiler!.timestampWrites : undefined);
    return timed && this.profiler!.encodeResolve(encoder);
  }

  /** Swap an aligned [3, 224, 224] RGB crop in [0, 1]: the network's blended output and mask. */
  async swapCrop(rgb: Float32Array): Promise<IdnOutputs> {
    const idn = this.requireSwapReady();
    idn.writeCrop(rgb);
    await this.submitFrame();
    return idn.readOutputs();
  }

  /** Submit a frame recorded by encodeFrame (or the crop written to cropTarget), then report its profile. */
  async submitFrame(encoderOrUndefined?: GPUCommandEncoder, timed?: boolean): Promise<void> {
    const { device } = this.gpu;
    let encoder = encoderOrUndefined;
    let isTimed = timed ?? false;
    if (!encoder) {
      encoder = device.createCommandEncoder({ label: 'frame' });
      isTimed = this.encodeFrame(encoder);
    }
    const t0 = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    const wallMs = performance.now() - t0;
    this.frames++;
    if (this.profileListeners.size === 0) return;
    const durations = isTimed ? await this.profiler!.collect() : undefined;
    if (durations) this.aggregator!.add(durations);
    const p: FrameProfile = { frame: this.frames, dispatchMs: durations ?? [], labels: this.aggregator!.labels, wallMs };
    for (const l of this.profileListeners) l(p);
  }

  /** Per-frame profile records; returns the unsubscribe function. */
  onProfile(listener: (p: FrameProfile) => void): () => void {
    this.profileListeners.add(listener);
    return () => this.profileListeners.delete(listener);
  }

  get profileAggregate(): ProfileAggregator | undefined {
    return this.aggregator;
  }

  private requireLive(what: string): void {
    if (this.disposed) throw new InvalidStateError(`cannot ${what}: this engine was disposed; create a new one`);
  }

  private requireIdn(what: string): IdnExecutor {
    this.requireLive(what);
    if (!this.idn) throw new InvalidStateError(`cannot ${what} before weights are loaded: call loadWeights() first (synthetic weights work: { synthetic: {} })`);
    return this.idn;
  }

  private requireSwapReady(): IdnExecutor {
    const idn = this.requireIdn('swap');
    if (!this.identity) throw new InvalidStateError('cannot swap before a source identity is set: set one from an image, an identity pack or an embedding');
    return idn;
  }

  private releaseNetworks(): void {
    this.slots?.destroy();
    this.slots = undefined;
    this.idn?.destroy();
    this.iin?.destroy();
    this.arcface?.destroy();
    this.profiler?.destroy();
    this.idn = this.iin = this.arcface = this.profiler = undefined;
  }

  /** Free every GPU object this engine created; destroys the device only if the engine created it. */
  dispose(): void {
    if (this.disposed) return;
    this.releaseNetworks();
    this.aligner?.destroy();
    this.faceFinder?.destroy();
    this.aligner = undefined;
    this.faceFinder = undefined;
    this.profileListeners.clear();
    this.disposed = true;
    if (this.gpu.ownsDevice) this.gpu.device.destroy();
  }
}

function checkImage(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new InvalidArgumentError(`image size must be positive integers, got ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) throw new InvalidArgumentError(`a ${width}×${height} RGBA image is ${width * height * 4} bytes, got ${rgba.length}`);
}

/** The official aligned 224 crop of one face as RGBA8 (CPU warp: it runs once per source). */
function alignedCropRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, face: DetectedFace): Uint8Array {
  const bytes = rgba instanceof Uint8Array ? rgba : new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  const planar = warpToCropCpu(bytes, width, height, alignmentMatrix(face.fivePoints, 224), 224);
  const n = 224 * 224;
  const out = new Uint8Array(4 * n);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) out[4 * p + c] = Math.round(planar[c * n + p]! * 255);
    out[4 * p + 3] = 255;
  }
  return out;
}
