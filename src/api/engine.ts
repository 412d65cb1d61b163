/**
 * The public engine: a small surface over the internal FaceSwapEngine. Nothing from engine internals appears
 * in these types; everything a caller passes or gets back is plain data, a GPUDevice or a GPUTexture.
 */
import { adapterLabel } from '../engine/capabilities';
import { InvalidArgumentError } from '../engine/errors';
import { describePlanChoice } from '../engine/idn/plan-choice';
import { FaceSwapEngine, type FrameProfile } from '../engine/face-swap-engine';
import { DYNAMIC_WEIGHT_SHAPES } from '../engine/idn/dynamic-weights';
import { exportIdnOnnx } from '../engine/onnx/export-idn';
import { VideoSwapper } from '../engine/video/video-swapper';
import { defaultFaceFinder } from '../engine/face-finder-default';
import { toRgba, TextureReader, type ImageInput, type RgbaPixels } from './image-input';

export type { ImageInput, RgbaPixels };

/** One tfjs graph model: model.json (text or parsed) and its weight shard(s). */
export interface ModelFileInput {
  readonly json: string | object;
  readonly weights: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[];
}

/** MediaPipe BlazeFace (256) and FaceMesh model files, as shipped in @vladmandic/human's models/ folder. */
export interface FaceModelFiles {
  readonly detector: ModelFileInput;
  readonly mesh: ModelFileInput;
}

export interface CreateEngineOptions {
  /** Share your renderer's device. The engine never destroys a device it did not create. */
  readonly device?: GPUDevice;
  /** The GPU entry point (navigator.gpu in browsers; the npm "webgpu" package's in Node). */
  readonly gpu?: GPU;
  readonly powerPreference?: GPUPowerPreference;
  /** BlazeFace + FaceMesh model files (browsers fetch them; Node reads the installed package by default). */
  readonly faceModels?: FaceModelFiles;
  /**
   * The per-frame network's dispatch plan: 'fused' (12 dispatches), 'unfused' (one per layer) or 'auto' (time
   * both at loadWeights, keep the faster). Default: 'auto' on a real GPU, 'fused' on a CPU emulator.
   */
  readonly plan?: 'auto' | 'fused' | 'unfused';
}

export type WeightsInput =
  | { readonly synthetic: { readonly seed?: number } }
  | { readonly url: string }
  | { readonly bytes: Uint8Array; readonly name?: string }
  | { readonly pdparams: readonly { readonly bytes: Uint8Array; readonly name: string }[] };

export interface WeightsSummary {
  readonly provenance: 'official' | 'synthetic';
  /** Says plainly when the weights are synthetic: they never produce a real swap. */
  readonly description: string;
  /** Without ArcFace weights, identities come from packs or raw embeddings only. */
  readonly canReadFaces: boolean;
}

export interface IdentitySummary {
  readonly source: string;
  readonly weights: 'official' | 'synthetic';
}

export interface SwapOptions {
  /** Swap only the largest face (default: every face; target face i gets source face i mod n). */
  readonly largestOnly?: boolean;
  /** The visible "AI-swapped" corner label (default true). */
  readonly label?: boolean;
  /** Also write the result into this rgba8unorm texture (needs COPY_DST). */
  readonly output?: GPUTexture;
  /** Video: track faces from the previous frame and smooth landmarks (default false for single images). */
  readonly video?: boolean;
  /** Video time in seconds (e.g. video.currentTime), for smoothing. */
  readonly time?: number;
}

export interface SwapOutput {
  readonly width: number;
  readonly height: number;
  /** The swapped frame, RGBA8. */
  readonly pixels: Uint8Array;
  readonly faces: readonly { readonly box: readonly [number, number, number, number]; readonly fivePoints: readonly (readonly [number, number])[] }[];
  /** Milliseconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
}

export interface ProfileRecord {
  readonly frame: number;
  /** One entry per planned dispatch of the frame (empty when the device has no timestamp queries). */
  readonly dispatches: readonly { readonly label: string; readonly ms: number }[];
  readonly wallMs: number;
}

export interface FaceSwap {
  /** "vendor / architecture / device" of the adapter, and whether it is a CPU emulation. */
  readonly adapter: string;
  readonly weights: WeightsSummary | undefined;
  readonly identity: IdentitySummary | undefined;
  /** Which per-frame plan runs and why (after loadWeights), e.g. "unfused plan, timed faster on this device (…)". */
  readonly plan: string | undefined;
  loadWeights(source: WeightsInput, options?: { onProgress?: (loadedBytes: number, totalBytes: number | undefined) => void }): Promise<WeightsSummary>;
  setIdentityFromImage(image: ImageInput, options?: { name?: string; allFaces?: boolean }): Promise<IdentitySummary>;
  setIdentityFromPack(bytes: Uint8Array, name?: string): IdentitySummary;
  setIdentityFromEmbedding(embedding: Float32Array, featureMap: Float32Array, name?: string): Promise<IdentitySummary>;
  exportIdentityPack(): Promise<Uint8Array>;
  swap(frame: ImageInput, options?: SwapOptions): Promise<SwapOutput>;
  onProfile(listener: (record: ProfileRecord) => void): () => void;
  onDeviceLost(listener: (info: { reason: string; message: string }) => void): () => void;
  /** The current identity's per-frame network as a standard .onnx file (kernels baked in). */
  exportOnnx(): Promise<Uint8Array>;
  /** Free every GPU object the engine created (and the device, if the engine created it). */
  dispose(): void;
}

export async function createFaceSwap(options: CreateEngineOptions = {}): Promise<FaceSwap> {
  const engine = await FaceSwapEngine.create({ device: options.device, gpu: options.gpu, powerPreference: options.powerPreference, faceFinder: defaultFaceFinder(options.faceModels), ...(options.plan ? { plan: options.plan } : {}) });
  return new PublicEngine(engine);
}

class PublicEngine implements FaceSwap {
  private readonly reader: TextureReader;
  private video: VideoSwapper | undefined;
  private readonly lostListeners = new Set<(info: { reason: string; message: string }) => void>();
  private disposed = false;

  constructor(private readonly engine: FaceSwapEngine) {
    this.reader = new TextureReader(engine);
    engine.gpu.device.lost.then((info) => {
      if (this.disposed) return;
      for (const l of this.lostListeners) l({ reason: info.reason, message: info.message });
    });
  }

  get adapter(): string {
    return adapterLabel(this.engine.capabilities.adapter);
  }

  get weights(): WeightsSummary | undefined {
    const w = this.engine.weightsInfo;
    return w && { provenance: w.provenance, description: w.description, canReadFaces: w.hasArcface };
  }

  get identity(): IdentitySummary | undefined {
    const i = this.engine.identityInfo;
    return i && { ...i };
  }

  get plan(): string | undefined {
    const c = this.engine.planChoice;
    return c && describePlanChoice(c);
  }

  async loadWeights(source: WeightsInput, options: { onProgress?: (loaded: number, total: number | undefined) => void } = {}): Promise<WeightsSummary> {
    await this.engine.loadWeights(source, options.onProgress);
    this.video = undefined;
    return this.weights!;
  }

  async setIdentityFromImage(image: ImageInput, options: { name?: string; allFaces?: boolean } = {}): Promise<IdentitySummary> {
    const px = await toRgba(this.reader, image);
    await this.engine.setIdentityFromImage(px.data, px.width, px.height, options);
    this.video?.reset();
    return this.identity!;
  }

  setIdentityFromPack(bytes: Uint8Array, name?: string): IdentitySummary {
    this.engine.setIdentityFromPack(bytes, name);
    return this.identity!;
  }

  async setIdentityFromEmbedding(embedding: Float32Array, featureMap: Float32Array, name?: string): Promise<IdentitySummary> {
    await this.engine.setIdentityFromEmbedding(embedding, featureMap, name);
    return this.identity!;
  }

  exportIdentityPack(): Promise<Uint8Array> {
    return this.engine.exportIdentityPack();
  }

  async swap(frame: ImageInput, options: SwapOptions = {}): Promise<SwapOutput> {
    const px = await toRgba(this.reader, frame);
    let result;
    if (options.video) {
      this.video ??= new VideoSwapper(this.engine, { largestOnly: options.largestOnly, label: options.label });
      result = await this.video.swapFrame(px.data, px.width, px.height, options.time);
    } else {
      result = await this.engine.swapImage(px.data, px.width, px.height, { largestOnly: options.largestOnly, label: options.label });
    }
    if (options.output) writeOutputTexture(this.engine.gpu.device, options.output, result.rgba, result.width, result.height);
    return { width: result.width, height: result.height, pixels: result.rgba, faces: result.faces.map((f) => ({ box: f.box, fivePoints: f.fivePoints })), timings: result.timings };
  }

  onProfile(listener: (record: ProfileRecord) => void): () => void {
    return this.engine.onProfile((p: FrameProfile) => listener({ frame: p.frame, wallMs: p.wallMs, dispatches: p.dispatchMs.map((ms, i) => ({ label: p.labels[i]!, ms })) }));
  }

  onDeviceLost(listener: (info: { reason: string; message: string }) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  async exportOnnx(): Promise<Uint8Array> {
    const weights = this.engine.loadedWeights;
    if (!weights) throw new InvalidArgumentError('load weights and set an identity before exporting ONNX');
    const k = await this.engine.readInjectedKernels();
    const tensors = (list: readonly Float32Array[], kind: 'depthwise' | 'pointwise') => list.map((data, i) => ({ shape: [...DYNAMIC_WEIGHT_SHAPES[i]![kind]], data }));
    return exportIdnOnnx(weights.swap, { depthwise: tensors(k.depthwise, 'depthwise'), pointwise: tensors(k.pointwise, 'pointwise') }, {
      synthetic: weights.provenance === 'synthetic',
      identityNote: this.engine.identityInfo?.source,
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.reader.destroy();
    this.engine.dispose();
  }
}

function writeOutputTexture(device: GPUDevice, texture: GPUTexture, pixels: Uint8Array, width: number, height: number): void {
  if (texture.width !== width || texture.height !== height) throw new InvalidArgumentError(`the output texture is ${texture.width}×${texture.height}; the frame is ${width}×${height}`);
  if (texture.format !== 'rgba8unorm' && texture.format !== 'rgba8unorm-srgb') throw new InvalidArgumentError(`the output texture must be rgba8unorm, got ${texture.format}`);
  if ((texture.usage & GPUTextureUsage.COPY_DST) === 0) throw new InvalidArgumentError('the output texture needs GPUTextureUsage.COPY_DST');
  device.queue.writeTexture({ texture }, pixels as Uint8Array<ArrayBuffer>, { bytesPerRow: width * 4 }, [width, height]);
}
