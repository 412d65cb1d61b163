/**
 * The page's one engine, and everything about it that outlives a view: which weights were asked for,
 * the identity and how to rebuild it, the last frame's crop, and the failure states (no WebGPU, device
 * lost). Views never touch the engine's GPU state directly: they call these methods, which run one at a
 * time (the IDN frame has one arena, so two frames must never overlap), and listen for 'change' and 'frame'.
 */
import type { DetectedFace } from '../../engine/face-finder';
import { defaultFaceFinder } from '../../engine/face-finder-default';
import { FaceSwapEngine } from '../../engine/face-swap-engine';
import type { IdnPlanRequest } from '../../engine/idn/plan-choice';
import { seededRandom } from '../../engine/random';
import { VideoSwapper } from '../../engine/video/video-swapper';
import type { WeightsSource } from '../../engine/weights/load';
import { fetchFaceModels } from '../lib/face-models';
import { centreCropPlanar, cropToRgba, decodeToRgba, type RgbaFrame } from '../lib/images';
import { describeProblem, noWebGpuProblem, type Problem } from '../lib/messages';
import { SAMPLE_FACES } from '../lib/samples';
import { ProfileStore } from './profile-store';

export type WeightsChoice =
  | { readonly kind: 'synthetic'; readonly seed?: number }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'files'; readonly files: readonly { readonly bytes: Uint8Array; readonly name: string }[] };

/**
 * How to set the identity again on a new engine (device-loss recovery). A photo's identity is kept as its
 * identity pack, so recovering does not run detection and ArcFace again.
 */
type IdentityRecipe =
  | { readonly kind: 'embedding'; readonly seed: number }
  | { readonly kind: 'pack'; readonly bytes: Uint8Array; readonly name: string; readonly via: 'pack' | 'image' };

export type HostPhase = 'starting' | 'loading-weights' | 'ready' | 'failed' | 'device-lost';

export interface Progress {
  readonly label: string;
  readonly loaded?: number;
  readonly total?: number;
}

export interface SmallImage {
  readonly rgba: Uint8Array;
  readonly size: number;
}

export interface SwapOutcome {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
  readonly faces: readonly DetectedFace[];
  /** The last face's aligned crop (the network input), its output and mask; still images only. */
  readonly alignedCrop: SmallImage | undefined;
  readonly outputCrop: SmallImage | undefined;
  readonly mask: SmallImage | undefined;
  readonly timings: Readonly<Record<string, number>>;
  readonly totalMs: number;
  /** Video: whether this frame's faces were detected or tracked from the previous frame. */
  readonly found?: 'detected' | 'tracked' | 'none';
}

export const LOCAL_WEIGHTS_PATH = 'weights/mobilefaceswap.safetensors';

export class EngineHost extends EventTarget {
  readonly profile = new ProfileStore();
  private current: FaceSwapEngine | undefined;
  private currentPhase: HostPhase = 'starting';
  private currentProblem: Problem | undefined;
  private currentNotice: Problem | undefined;
  private currentProgress: Progress | undefined;
  private currentActivity: string | undefined;
  private weightsChoice: WeightsChoice | undefined;
  private recipe: IdentityRecipe | undefined;
  /** The per-frame plan asked for (`?plan=fused|unfused|auto`); undefined: the engine's default for the adapter. */
  private planRequest: IdnPlanRequest | undefined = planFromUrl();
  private alignedPreview: SmallImage | undefined;
  private identityVia: 'image' | 'embedding' | 'pack' | undefined;
  private video: VideoSwapper | undefined;
  private frames = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private disposing = false;
  private sampleCropCache: Promise<Float32Array> | undefined;

  // ------------------------------------------------------------------ read side

  get phase(): HostPhase {
    return this.currentPhase;
  }
  /** The blocking failure (phase 'failed' or 'device-lost'). */
  get problem(): Problem | undefined {
    return this.currentProblem;
  }
  /** A non-blocking message (e.g. the weights URL failed and synthetic weights were kept). */
  get notice(): Problem | undefined {
    return this.currentNotice;
  }
  get progress(): Progress | undefined {
    return this.currentProgress;
  }
  /** What the engine is busy with, for people ("computing the identity…"). */
  get activity(): string | undefined {
    return this.currentActivity;
  }
  /** The engine, once created (views read its plan, weights and capabilities; they do not run it). */
  get engine(): FaceSwapEngine | undefined {
    return this.current;
  }
  get ready(): boolean {
    return this.currentPhase === 'ready' && this.current?.weightsInfo !== undefined;
  }
  get weightsInfo() {
    return this.current?.weightsInfo;
  }
  get isSynthetic(): boolean {
    return this.current?.weightsInfo?.provenance === 'synthetic';
  }
  get identity() {
    return this.current?.identityInfo;
  }
  get identityPreview(): SmallImage | undefined {
    return this.alignedPreview;
  }
  get identityMethod() {
    return this.identityVia;
  }
  get frameCount(): number {
    return this.frames;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Create the engine and load the first weights (a URL ?weights=…, the local file, or synthetic). */
  async start(): Promise<void> {
    this.setPhase('starting');
    if (!('gpu' in navigator) || !navigator.gpu) {
      this.fail(noWebGpuProblem('navigator.gpu is missing'));
      return;
    }
    let engine: FaceSwapEngine;
    try {
      // The face models are fetched the first time a face is needed, not at start.
      engine = await FaceSwapEngine.create({ faceFinder: async (e) => defaultFaceFinder(await fetchFaceModels())(e), ...(this.planRequest ? { plan: this.planRequest } : {}) });
    } catch (e) {
      this.fail(describeProblem(e, 'The GPU could not be started'));
      return;
    }
    this.attach(engine);
    // Loading weights forgets the identity; after a device loss, the same one is set again.
    const recipe = this.recipe;
    const preview = this.alignedPreview;
    const choice = this.weightsChoice ?? (await this.defaultWeights());
    await this.loadWeights(choice);
    if (recipe && this.ready) {
      await this.restoreIdentity(recipe);
      this.alignedPreview = preview;
    }
  }

  get requestedPlan(): IdnPlanRequest | undefined {
    return this.planRequest;
  }

  /**
   * A new engine with another per-frame plan, the same weights and identity; the URL keeps the choice. The last
   * crop runs once more on the new plan, so the profiler and the tensor inspector show it straight away.
   */
  async switchPlan(plan: IdnPlanRequest | undefined): Promise<void> {
    const crop = this.frames > 0 && this.current?.weightsInfo ? await this.read((engine) => engine.executor.readTensor('crop')) : undefined;
    this.planRequest = plan;
    const url = new URL(location.href);
    if (plan) url.searchParams.set('plan', plan);
    else url.searchParams.delete('plan');
    history.replaceState(history.state, '', url);
    await this.recover();
    if (crop && this.ready) {
      await this.work('Running the last crop on the new plan…', async (engine) => {
        await engine.swapCrop(crop);
        this.frameDone();
      });
    }
  }

  /** After a device loss: a new engine with the same weights and identity, without a page reload. */
  async recover(): Promise<void> {
    this.releaseEngine();
    this.currentProblem = undefined;
    await this.start();
  }

  async loadWeights(choice: WeightsChoice): Promise<void> {
    const engine = this.current;
    if (!engine) return;
    return this.exclusive(async () => {
      const hadWeights = engine.weightsInfo !== undefined;
      this.setPhase('loading-weights');
      this.currentProgress = { label: describeChoice(choice) };
      this.changed();
      try {
        await engine.loadWeights(toSource(choice), (loaded, total) => {
          this.currentProgress = { label: describeChoice(choice), loaded, ...(total !== undefined ? { total } : {}) };
          this.changed();
        });
        this.weightsChoice = choice;
        this.currentNotice = undefined;
        // A new identity is needed: the old kernels belonged to the old weights.
        this.recipe = undefined;
        this.alignedPreview = undefined;
        this.identityVia = undefined;
        this.video = undefined;
        this.profile.planChanged();
      } catch (e) {
        if (this.currentPhase === 'device-lost') return;
        const problem = describeProblem(e, `Could not load ${describeChoice(choice)}`);
        if (!hadWeights && choice.kind !== 'synthetic') {
          // Never leave the page without a network: fall back to synthetic weights and say why.
          await engine.loadWeights({ synthetic: {} });
          this.weightsChoice = { kind: 'synthetic' };
          this.profile.planChanged();
          this.currentNotice = { ...problem, detail: `${problem.detail} Synthetic weights are loaded instead.` };
        } else if (!hadWeights) {
          this.fail(problem);
          return;
        } else {
          this.currentNotice = problem;
        }
      } finally {
        this.currentProgress = undefined;
      }
      if (this.currentPhase === 'loading-weights') this.setPhase('ready');
    }).catch((e) => {
      if (this.currentPhase !== 'device-lost') this.fail(describeProblem(e, 'Could not load weights'));
    });
  }

  dismissNotice(): void {
    this.currentNotice = undefined;
    this.changed();
  }

  /** Debugging and tests: lose the device on purpose (destroying it is the one way a page can). */
  loseDeviceForTest(): void {
    this.current?.gpu.device.destroy();
  }

  dispose(): void {
    this.releaseEngine();
  }

  // ------------------------------------------------------------------ identity

  /** Identity from a photo: detect the face, align it, ArcFace → IIN. Throws NoFaceError ('no-face'). */
  async setIdentityFromImage(frame: RgbaFrame, name: string): Promise<void> {
    await this.work(`Finding the face in ${name}, then ArcFace → IIN…`, async (engine) => {
      const r = await engine.setIdentityFromImage(frame.rgba, frame.width, frame.height, { name });
      const crop = r.alignedCrops[0];
      this.alignedPreview = crop ? { rgba: crop, size: Math.round(Math.sqrt(crop.length / 4)) } : undefined;
      this.identityVia = 'image';
      this.recipe = { kind: 'pack', bytes: await engine.exportIdentityPack(), name, via: 'image' };
      this.video?.reset();
    });
  }

  /** A reproducible identity from random numbers: no ArcFace run, so it is instant even on a CPU emulator. */
  async setRandomIdentity(seed = 1): Promise<void> {
    await this.work('Setting a random identity…', async (engine) => {
      await applyEmbedding(engine, seed);
      this.recipe = { kind: 'embedding', seed };
      this.alignedPreview = undefined;
      this.identityVia = 'embedding';
      this.video?.reset();
    });
  }

  async setIdentityFromPack(bytes: Uint8Array, name: string): Promise<void> {
    await this.work(`Loading identity pack ${name}…`, async (engine) => {
      engine.setIdentityFromPack(bytes, name);
      this.recipe = { kind: 'pack', bytes, name, via: 'pack' };
      this.alignedPreview = undefined;
      this.identityVia = 'pack';
      this.video?.reset();
    });
  }

  async exportIdentityPack(): Promise<Uint8Array> {
    return this.work('Reading the identity back…', (engine) => engine.exportIdentityPack());
  }

  // ------------------------------------------------------------------ frames

  /** Swap a still image: detect every face (or the largest), warp, IDN, paste back; with the crops for display. */
  async swap(frame: RgbaFrame, options: { allFaces?: boolean; label?: boolean } = {}): Promise<SwapOutcome> {
    return this.work('Swapping…', async (engine) => {
      const t0 = performance.now();
      const r = await engine.swapImage(frame.rgba, frame.width, frame.height, { largestOnly: !options.allFaces, label: options.label ?? true, returnCrop: true });
      const aligned = r.faces.length ? await engine.executor.readTensor('crop') : undefined;
      this.frameDone();
      return {
        width: r.width,
        height: r.height,
        rgba: new Uint8ClampedArray(r.rgba.buffer, r.rgba.byteOffset, r.rgba.byteLength),
        faces: r.faces,
        alignedCrop: aligned && cropToRgba(aligned),
        outputCrop: r.crop && cropToRgba(r.crop),
        mask: r.mask && cropToRgba(r.mask),
        timings: r.timings,
        totalMs: performance.now() - t0,
      };
    });
  }

  /** Start a video: faces are then tracked from frame to frame and their points smoothed. */
  startVideo(options: { allFaces?: boolean; label?: boolean } = {}): void {
    this.video = this.current && new VideoSwapper(this.current, { largestOnly: !options.allFaces, label: options.label ?? true });
  }

  /** One video frame (the live loop awaits each: never a queue). `time` is the video's clock, for smoothing. */
  async swapVideoFrame(frame: RgbaFrame, time?: number): Promise<SwapOutcome> {
    return this.work(undefined, async (engine) => {
      const t0 = performance.now();
      this.video ??= new VideoSwapper(engine);
      const r = await this.video.swapFrame(frame.rgba, frame.width, frame.height, time);
      this.frameDone();
      return {
        width: r.width,
        height: r.height,
        rgba: new Uint8ClampedArray(r.rgba.buffer, r.rgba.byteOffset, r.rgba.byteLength),
        faces: r.faces,
        alignedCrop: undefined,
        outputCrop: undefined,
        mask: undefined,
        timings: r.timings,
        totalMs: performance.now() - t0,
        found: r.found,
      };
    });
  }

  /**
   * Run the IDN n more times on the crop already in place (the last aligned face), for the profiler; before
   * any swap, on a sample face's centre square.
   */
  async runFrames(n = 1): Promise<void> {
    const first = this.frames === 0 ? await this.sampleCrop() : undefined;
    await this.work(n > 1 ? `Running ${n} frames…` : 'Running a frame…', async (engine) => {
      for (let i = 0; i < n; i++) {
        if (i === 0 && first) await engine.swapCrop(first);
        else await engine.submitFrame();
        this.frameDone();
      }
    });
  }

  /** Run something that reads GPU state (tensor readback, reference inputs) between frames. */
  async read<T>(fn: (engine: FaceSwapEngine) => Promise<T>): Promise<T> {
    return this.work(undefined, fn);
  }

  // ------------------------------------------------------------------ internals

  private async restoreIdentity(recipe: IdentityRecipe): Promise<void> {
    try {
      await this.work('Restoring the identity…', async (engine) => {
        if (recipe.kind === 'embedding') await applyEmbedding(engine, recipe.seed);
        else engine.setIdentityFromPack(recipe.bytes, recipe.name);
        this.recipe = recipe;
        this.identityVia = recipe.kind === 'embedding' ? 'embedding' : recipe.via;
      });
    } catch (e) {
      this.currentNotice = describeProblem(e, 'The identity could not be restored; set it again');
      this.changed();
    }
  }

  private async sampleCrop(): Promise<Float32Array> {
    this.sampleCropCache ??= decodeToRgba(SAMPLE_FACES[0]!.url).then((f) => centreCropPlanar(f, 224));
    return this.sampleCropCache;
  }

  private async defaultWeights(): Promise<WeightsChoice> {
    const asked = new URLSearchParams(location.search).get('weights');
    if (asked === 'synthetic') return { kind: 'synthetic' };
    if (asked) return { kind: 'url', url: asked };
    try {
      // A converted file next to the page wins over synthetic weights. Dev servers answer unknown paths
      // with index.html, so only a non-HTML answer counts.
      const r = await fetch(LOCAL_WEIGHTS_PATH, { method: 'HEAD', cache: 'no-store' });
      const type = r.headers.get('content-type') ?? '';
      if (r.ok && !type.includes('html')) return { kind: 'url', url: LOCAL_WEIGHTS_PATH };
    } catch {
      // Offline or file:// — synthetic it is.
    }
    return { kind: 'synthetic' };
  }

  /** Run engine work one job at a time, with an optional activity line, mapping device loss. */
  private work<T>(activity: string | undefined, fn: (engine: FaceSwapEngine) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const engine = this.current;
      if (!engine || this.currentPhase === 'failed') throw new Error('the engine is not running');
      if (this.currentPhase === 'device-lost') throw new Error('the GPU device was lost: press “Recover” first');
      if (activity) {
        this.currentActivity = activity;
        this.changed();
      }
      try {
        return await fn(engine);
      } finally {
        if (activity) {
          this.currentActivity = undefined;
          this.changed();
        }
      }
    });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private attach(engine: FaceSwapEngine): void {
    this.current = engine;
    this.disposing = false;
    this.profile.attach(engine);
    void engine.gpu.device.lost.then((info) => {
      // Our own dispose() also resolves `lost`; only an unexpected loss of the live engine counts.
      if (this.current !== engine || this.disposing) return;
      this.currentActivity = undefined;
      this.currentProblem = {
        code: 'device-lost',
        title: 'The GPU device was lost',
        detail:
          `${info.message || 'The browser took the GPU device away'} (reason: ${info.reason ?? 'unknown'}). This happens when the ` +
          'GPU driver restarts, the system sleeps, or the GPU runs out of memory. Recover creates a new device and ' +
          'reloads the weights and identity; no page reload is needed.',
      };
      this.setPhase('device-lost');
    });
  }

  private releaseEngine(): void {
    const engine = this.current;
    if (!engine) return;
    this.disposing = true;
    this.profile.attach(undefined);
    this.video = undefined;
    try {
      engine.dispose();
    } catch {
      // A lost device may refuse to destroy its buffers; the objects are gone either way.
    }
    this.current = undefined;
  }

  private frameDone(): void {
    this.frames++;
    this.dispatchEvent(new Event('frame'));
  }

  private fail(problem: Problem): void {
    this.currentProblem = problem;
    this.setPhase('failed');
  }

  private setPhase(phase: HostPhase): void {
    this.currentPhase = phase;
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

async function applyEmbedding(engine: FaceSwapEngine, seed: number): Promise<void> {
  const rng = seededRandom(seed);
  const embedding = Float32Array.from({ length: 512 }, () => rng() - 0.5);
  // ArcFace's last feature map is post-BN/PReLU: mostly small positive values.
  const featureMap = Float32Array.from({ length: 512 * 49 }, () => 2 * (rng() - 0.3));
  await engine.setIdentityFromEmbedding(embedding, featureMap, `random identity (seed ${seed})`);
}

function toSource(choice: WeightsChoice): WeightsSource {
  switch (choice.kind) {
    case 'synthetic':
      return { synthetic: { seed: choice.seed ?? 1 } };
    case 'url':
      return { url: choice.url };
    case 'files': {
      const pd = choice.files.filter((f) => f.name.toLowerCase().endsWith('.pdparams'));
      if (pd.length === choice.files.length) return { pdparams: choice.files };
      if (choice.files.length === 1) return { bytes: choice.files[0]!.bytes, name: choice.files[0]!.name };
      throw new Error('drop either the two .pdparams files (MobileFaceSwap_224.pdparams and arcface.pdparams) or one converted .safetensors file');
    }
  }
}

export function describeChoice(choice: WeightsChoice): string {
  switch (choice.kind) {
    case 'synthetic':
      return `synthetic weights (seed ${choice.seed ?? 1})`;
    case 'url':
      return choice.url;
    case 'files':
      return choice.files.map((f) => f.name).join(' + ');
  }
}

const PLAN_REQUESTS: readonly IdnPlanRequest[] = ['fused', 'unfused', 'auto'];

function planFromUrl(): IdnPlanRequest | undefined {
  const asked = new URLSearchParams(location.search).get('plan');
  if (asked === null) return undefined;
  if ((PLAN_REQUESTS as readonly string[]).includes(asked)) return asked as IdnPlanRequest;
  console.warn(`?plan=${asked} is not a plan (fused, unfused or auto): using the adapter's default`);
  return undefined;
}
