/**
 * The engine object: one device, the loaded weights, the identity path (ArcFace → IIN, writing straight into
 * the IDN's weight buffers) and the per-frame IDN. The public API (src/index.ts) wraps this; the playground
 * and the CLI use it directly.
 */
import { acquireGpu, type AcquireOptions, type GpuContext } from './device';
import { EngineError, InvalidArgumentError } from './errors';
import { ArcFaceGpu } from './identity/arcface-gpu';
import { decodeIdentityPack, encodeIdentityPack, weightsFingerprint, type IdentityPackInfo } from './identity/identity-pack';
import { IinGpu } from './identity/iin-gpu';
import { depthwiseElements, pointwiseElements, type InjectedKernels } from './idn/dynamic-weights';
import { IdnExecutor, type IdnOutputs, type IdnPlanKind } from './idn/executor';
import { readFloats } from './buffers';
import { PipelineCache } from './pipeline-cache';
import { ProfileAggregator } from './profiler/aggregate';
import { FrameProfiler } from './profiler/frame-profiler';
import { loadWeights, type LoadedWeights, type WeightsProgress, type WeightsSource } from './weights/load';

export class InvalidStateError extends EngineError {
  constructor(message: string) {
    super('invalid-state', message);
  }
}

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
  /** 'fused' (default): 12 dispatches per frame; 'unfused': one per layer, every tensor inspectable. */
  readonly plan?: IdnPlanKind;
}

export class FaceSwapEngine {
  private weights: LoadedWeights | undefined;
  private fingerprint = '';
  private idn: IdnExecutor | undefined;
  private arcface: ArcFaceGpu | undefined;
  private iin: IinGpu | undefined;
  private identity: IdentityState | undefined;
  private profiler: FrameProfiler | undefined;
  private aggregator: ProfileAggregator | undefined;
  private readonly profileListeners = new Set<(p: FrameProfile) => void>();
  private frames = 0;
  private disposed = false;

  private constructor(
    readonly gpu: GpuContext,
    readonly cache: PipelineCache,
    private readonly planKind: IdnPlanKind,
  ) {}

  static async create(options: EngineOptions = {}): Promise<FaceSwapEngine> {
    const gpu = await acquireGpu(options);
    return new FaceSwapEngine(gpu, new PipelineCache(gpu), options.plan ?? 'fused');
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

  get executor(): IdnExecutor {
    return this.requireIdn('use the IDN');
  }

  /** Load weights and build everything that depends on them (replaces earlier weights and identity). */
  async loadWeights(source: WeightsSource, onProgress?: WeightsProgress): Promise<LoadedWeights> {
    this.requireLive('load weights');
    const weights = await loadWeights(source, onProgress);
    const idn = await IdnExecutor.create(this.gpu, this.cache, weights.swap, { plan: this.planKind });
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
    this.profileListeners.clear();
    this.disposed = true;
    if (this.gpu.ownsDevice) this.gpu.device.destroy();
  }
}
