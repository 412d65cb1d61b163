/**
 * Swap: pick a source face (bundled sample, file, webcam snapshot), then a target (image, video file, live
 * webcam), and see the result side by side or under a before/after divider, with the aligned crop and the
 * mask. Live video goes through the engine one frame at a time (VideoLoop), so the rate is what the device allows.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { CompareMode } from '../components/compare-view';
import type { RgbaImage } from '../components/rgba-canvas';
import { CameraController } from '../controllers/camera';
import { HostController } from '../controllers/host-controller';
import { VideoLoop } from '../controllers/video-loop';
import { formatMs } from '../lib/format';
import { decodeToRgba, grabVideoFrame, type RgbaFrame } from '../lib/images';
import { describeProblem, type Problem } from '../lib/messages';
import { SAMPLE_FACES, type SampleFace } from '../lib/samples';
import type { EngineHost, SwapOutcome } from '../state/engine-host';
import { controlStyles } from './shared-styles';

type TargetKind = 'image' | 'video' | 'webcam';

export class SwapView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      .layout { display: grid; grid-template-columns: minmax(280px, 420px) 1fr; gap: 1rem; align-items: start; }
      @media (max-width: 860px) { .layout { grid-template-columns: 1fr; } }
      /* On wide screens the result stays in view while the left column scrolls (below the sticky banner). */
      @media (min-width: 861px) { .output { position: sticky; top: 4.5rem; } }
      .samples { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.5rem 0; }
      .sample { padding: 0; border: 2px solid transparent; border-radius: 8px; background: none; cursor: pointer; width: 84px; text-align: center; color: inherit; }
      .sample[aria-pressed='true'] { border-color: var(--mfs-accent, #2f5bd3); }
      .sample img { width: 80px; height: 80px; object-fit: cover; border-radius: 6px; display: block; }
      .sample span { font-size: 0.75rem; }
      .identity { display: flex; gap: 0.75rem; align-items: center; margin-top: 0.5rem; }
      .identity mfs-rgba-canvas { width: 72px; }
      video { width: 100%; max-height: 260px; background: #000; border-radius: 6px; margin-top: 0.5rem; }
      .kinds { display: flex; gap: 0.25rem; margin: 0.5rem 0; }
      .smalls { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: 0.75rem; align-items: flex-start; }
      .smalls figure { margin: 0; width: 112px; }
      .smalls figcaption { font-size: 0.75rem; color: var(--mfs-muted, #5b6270); }
      .fps { font: 600 1.1rem var(--mfs-mono, ui-monospace, monospace); }
      table.timings td { padding: 0 0.6rem 0 0; font-size: 0.8rem; }
      .empty { color: var(--mfs-muted, #5b6270); padding: 2rem 0; text-align: center; border: 1px dashed var(--mfs-border, #d9dde3); border-radius: 8px; }
    `,
  ];

  @property({ attribute: false }) host: EngineHost | undefined;
  @state() private sourceId: string | undefined;
  @state() private sourceProblem: Problem | undefined;
  @state() private targetKind: TargetKind = 'image';
  @state() private targetId: string | undefined;
  @state() private targetFrame: RgbaFrame | undefined;
  @state() private outcome: SwapOutcome | undefined;
  @state() private swapProblem: Problem | undefined;
  @state() private busy = false;
  @state() private compareMode: CompareMode = 'side-by-side';
  @state() private allFaces = false;
  @state() private label = true;
  @state() private snapshotting = false;
  @state() private videoUrl: string | undefined;
  @state() private noFaceInFrame = false;

  @query('video.target') private targetVideo?: HTMLVideoElement;
  @query('video.snapshot') private snapshotVideo?: HTMLVideoElement;

  private readonly hostState = new HostController(this, () => this.host);
  private readonly camera = new CameraController(this);
  private readonly loop = new VideoLoop(this);

  protected override willUpdate(_changed: PropertyValues): void {
    this.hostState.sync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.videoUrl) URL.revokeObjectURL(this.videoUrl);
  }

  // ---------------------------------------------------------------- source

  private async useSourceSample(sample: SampleFace): Promise<void> {
    this.sourceId = sample.id;
    await this.setSource(() => decodeToRgba(sample.url), sample.name);
  }

  private async useSourceFile(file: File | undefined): Promise<void> {
    if (!file) return;
    this.sourceId = `file:${file.name}`;
    await this.setSource(() => decodeToRgba(file), file.name);
  }

  private async setSource(load: () => Promise<RgbaFrame>, name: string): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.sourceProblem = undefined;
    try {
      await host.setIdentityFromImage(await load(), name);
    } catch (e) {
      this.sourceProblem = describeProblem(e, `Could not use ${name} as the source`);
    }
  }

  private async randomIdentity(): Promise<void> {
    this.sourceId = 'random';
    this.sourceProblem = undefined;
    try {
      await this.host?.setRandomIdentity(1);
    } catch (e) {
      this.sourceProblem = describeProblem(e, 'Could not set a random identity');
    }
  }

  private async startSnapshot(): Promise<void> {
    this.stopLive();
    this.snapshotting = true;
    this.sourceProblem = undefined;
    await this.updateComplete;
    if (!this.snapshotVideo || !(await this.camera.open(this.snapshotVideo))) {
      this.snapshotting = false;
      this.sourceProblem = this.camera.problem;
    }
  }

  private async takeSnapshot(): Promise<void> {
    const frame = this.snapshotVideo && grabVideoFrame(this.snapshotVideo, 1280);
    this.camera.close();
    this.snapshotting = false;
    if (!frame) {
      this.sourceProblem = { code: 'camera-no-frame', title: 'The camera gave no picture yet', detail: 'Wait a moment after the preview appears, then take the snapshot again.' };
      return;
    }
    this.sourceId = 'webcam';
    await this.setSource(async () => frame, 'webcam snapshot');
  }

  // ---------------------------------------------------------------- target

  private async useTargetImage(load: () => Promise<RgbaFrame>, id: string): Promise<void> {
    this.stopLive();
    this.targetId = id;
    this.swapProblem = undefined;
    try {
      const frame = await load();
      this.targetFrame = frame;
      this.outcome = undefined;
      await this.swapOnce(frame);
    } catch (e) {
      this.swapProblem = describeProblem(e, 'Could not read the target image');
    }
  }

  private async swapOnce(frame: RgbaFrame): Promise<void> {
    const host = this.host;
    if (!host) return;
    if (!host.identity) {
      this.swapProblem = { code: 'no-identity', title: 'Pick a source face first', detail: 'The swap needs an identity: choose a sample face, a photo or a webcam snapshot under “Source face”.' };
      return;
    }
    this.busy = true;
    try {
      this.outcome = await host.swap(frame, { allFaces: this.allFaces, label: this.label });
      this.noFaceInFrame = this.outcome.faces.length === 0;
      this.swapProblem = this.noFaceInFrame
        ? { code: 'no-face', title: 'No face found', detail: 'No face was detected in the target, so nothing was swapped. Use a photo with a clearly visible, roughly frontal face.' }
        : undefined;
    } catch (e) {
      this.swapProblem = describeProblem(e, 'The swap failed');
    } finally {
      this.busy = false;
    }
  }

  private onVideoFile(file: File | undefined): void {
    if (!file) return;
    this.stopLive();
    if (this.videoUrl) URL.revokeObjectURL(this.videoUrl);
    this.videoUrl = URL.createObjectURL(file);
    this.targetId = `video:${file.name}`;
  }

  private startLive(video: HTMLVideoElement | undefined): void {
    const host = this.host;
    if (!video || !host) return;
    if (!host.identity) {
      this.swapProblem = { code: 'no-identity', title: 'Pick a source face first', detail: 'Choose a source face before starting the live swap.' };
      return;
    }
    this.swapProblem = undefined;
    host.startVideo({ allFaces: this.allFaces, label: this.label });
    this.loop.start(
      video,
      async () => {
        const frame = grabVideoFrame(video);
        if (!frame) return false;
        const outcome = await host.swapVideoFrame(frame, video.currentTime);
        this.targetFrame = frame;
        this.outcome = outcome;
        this.noFaceInFrame = outcome.faces.length === 0;
        return true;
      },
      (e) => (this.swapProblem = describeProblem(e, 'The live swap stopped')),
    );
  }

  private async startWebcam(): Promise<void> {
    this.stopLive();
    this.targetKind = 'webcam';
    await this.updateComplete;
    const video = this.targetVideo;
    if (!video) return;
    if (!(await this.camera.open(video))) {
      this.swapProblem = this.camera.problem;
      return;
    }
    this.startLive(video);
  }

  private stopLive(): void {
    this.loop.stop();
    if (this.targetKind === 'webcam') this.camera.close();
  }

  private setKind(kind: TargetKind): void {
    this.stopLive();
    this.camera.close();
    this.targetKind = kind;
    this.swapProblem = undefined;
  }

  // ---------------------------------------------------------------- render

  override render() {
    const host = this.host;
    if (!host) return html``;
    return html`<div class="layout">
      <div>
        ${this.renderSource(host)}
        ${this.renderTarget()}
      </div>
      ${this.renderOutput(host)}
    </div>`;
  }

  private renderSource(host: EngineHost) {
    const id = host.identity;
    const busy = host.activity !== undefined;
    return html`<section class="card" aria-labelledby="src-h">
      <h2 id="src-h">1 · Source face</h2>
      <p class="hint">Whose identity goes onto the target: the face is detected and aligned, then ArcFace and the IIN compute the 18 kernels the per-frame network runs with.</p>
      <div class="samples">
        ${SAMPLE_FACES.map(
          (s) => html`<button class="sample" aria-pressed=${this.sourceId === s.id} ?disabled=${busy} data-source=${s.id} @click=${() => this.useSourceSample(s)} title=${s.credit}>
            <img src=${s.url} alt=${s.name} /><span>${s.name}</span></button>`,
        )}
      </div>
      <div class="row">
        <label class="button secondary">Photo…<input type="file" accept="image/*" data-testid="source-file" ?disabled=${busy} @change=${(e: Event) => this.useSourceFile((e.target as HTMLInputElement).files?.[0])} /></label>
        <button class="secondary" ?disabled=${busy} @click=${this.startSnapshot} data-testid="source-webcam">Webcam snapshot</button>
        <button class="secondary" ?disabled=${busy} @click=${this.randomIdentity} title="An identity from random numbers: no ArcFace run, instant">Random identity</button>
      </div>
      ${this.snapshotting
        ? html`<video class="snapshot" muted playsinline></video>
            <div class="row"><button ?disabled=${this.camera.opening} @click=${this.takeSnapshot}>Take snapshot</button>
            <button class="secondary" @click=${() => { this.camera.close(); this.snapshotting = false; }}>Cancel</button></div>`
        : ''}
      <div class="identity" data-testid="identity">
        ${host.identityPreview ? html`<mfs-rgba-canvas .image=${asImage(host.identityPreview)} label="aligned source crop"></mfs-rgba-canvas>` : ''}
        <div>${id ? html`Identity: <strong>${id.source}</strong>${host.identityMethod === 'embedding' ? html`<br /><small class="hint">random numbers, not a face</small>` : ''}` : html`<span class="hint">No identity yet.</span>`}</div>
      </div>
      ${this.sourceProblem ? html`<mfs-problem .problem=${this.sourceProblem} data-testid="source-problem"></mfs-problem>` : ''}
    </section>`;
  }

  private renderTarget() {
    const kinds: [TargetKind, string][] = [['image', 'Image'], ['video', 'Video file'], ['webcam', 'Live webcam']];
    const busy = this.busy || this.host?.activity !== undefined;
    return html`<section class="card" aria-labelledby="tgt-h">
      <h2 id="tgt-h">2 · Target</h2>
      <div class="kinds" role="tablist">
        ${kinds.map(([k, t]) => html`<button role="tab" class=${this.targetKind === k ? '' : 'secondary'} aria-selected=${this.targetKind === k} data-kind=${k} @click=${() => this.setKind(k)}>${t}</button>`)}
      </div>
      ${this.targetKind === 'image'
        ? html`<div class="samples">
              ${SAMPLE_FACES.map(
                (s) => html`<button class="sample" aria-pressed=${this.targetId === s.id} ?disabled=${busy} data-target=${s.id} @click=${() => this.useTargetImage(() => decodeToRgba(s.url), s.id)} title=${s.credit}>
                  <img src=${s.url} alt=${s.name} /><span>${s.name}</span></button>`,
              )}
            </div>
            <label class="button secondary">Image…<input type="file" accept="image/*" ?disabled=${busy}
              @change=${(e: Event) => { const f = (e.target as HTMLInputElement).files?.[0]; if (f) void this.useTargetImage(() => decodeToRgba(f), `file:${f.name}`); }} /></label>`
        : ''}
      ${this.targetKind === 'video'
        ? html`<label class="button secondary">Video file…<input type="file" accept="video/*" @change=${(e: Event) => this.onVideoFile((e.target as HTMLInputElement).files?.[0])} /></label>
            ${this.videoUrl
              ? html`<video class="target" src=${this.videoUrl} muted loop playsinline controls @play=${() => this.startLive(this.targetVideo)} @pause=${() => this.loop.stop()}></video>
                  <div class="row">${this.loop.running ? html`<button class="secondary" @click=${() => this.targetVideo?.pause()}>Stop</button>` : html`<button @click=${() => void this.targetVideo?.play()}>Play and swap</button>`}</div>`
              : ''}`
        : ''}
      ${this.targetKind === 'webcam'
        ? html`<video class="target" muted playsinline></video>
            <div class="row">${this.loop.running ? html`<button class="secondary" data-testid="stop-live" @click=${() => this.stopLive()}>Stop</button>` : html`<button ?disabled=${this.camera.opening} data-testid="start-webcam" @click=${this.startWebcam}>Start webcam</button>`}</div>`
        : ''}
      <div class="row options">
        <label><input type="checkbox" .checked=${this.allFaces} @change=${(e: Event) => (this.allFaces = (e.target as HTMLInputElement).checked)} /> all faces</label>
        <label><input type="checkbox" .checked=${this.label} @change=${(e: Event) => (this.label = (e.target as HTMLInputElement).checked)} /> label the output</label>
        <label>view <select data-testid="compare-mode" @change=${(e: Event) => (this.compareMode = (e.target as HTMLSelectElement).value as CompareMode)}>
          <option value="side-by-side" ?selected=${this.compareMode === 'side-by-side'}>side by side</option>
          <option value="slider" ?selected=${this.compareMode === 'slider'}>before/after slider</option>
        </select></label>
      </div>
      ${this.swapProblem ? html`<mfs-problem .problem=${this.swapProblem} data-testid="swap-problem"></mfs-problem>` : ''}
    </section>`;
  }

  private renderOutput(host: EngineHost) {
    const o = this.outcome;
    const live = this.loop.running;
    return html`<section class="card output" aria-labelledby="out-h" data-testid="swap-result" data-done=${o ? 'true' : 'false'} data-faces=${o ? o.faces.length : ''}>
      <h2 id="out-h">Result ${live ? html`<span class="fps" data-testid="fps">${this.loop.fps.toFixed(this.loop.fps < 1 ? 2 : 1)} fps</span>` : ''}
        ${live && this.noFaceInFrame ? html`<span class="badge warn">no face in this frame</span>` : ''}</h2>
      ${o && this.targetFrame
        ? html`<mfs-compare .mode=${this.compareMode} .beforeImage=${asFrameImage(this.targetFrame)} .afterImage=${{ rgba: o.rgba, width: o.width, height: o.height }}></mfs-compare>
            <div class="smalls">
              ${o.alignedCrop ? html`<figure><mfs-rgba-canvas .image=${asImage(o.alignedCrop)} label="aligned target crop" data-testid="aligned-crop"></mfs-rgba-canvas><figcaption>aligned crop (network input)</figcaption></figure>` : ''}
              ${o.outputCrop ? html`<figure><mfs-rgba-canvas .image=${asImage(o.outputCrop)} label="network output crop"></mfs-rgba-canvas><figcaption>network output</figcaption></figure>` : ''}
              ${o.mask ? html`<figure><mfs-rgba-canvas .image=${asImage(o.mask)} label="mask" data-testid="mask"></mfs-rgba-canvas><figcaption>mask</figcaption></figure>` : ''}
              <div>
                <table class="timings"><tbody>
                  <tr><td>frame</td><td>${formatMs(live ? this.loop.lastFrameMs : o.totalMs)}</td></tr>
                  ${Object.entries(o.timings).map(([k, v]) => html`<tr><td>${k}</td><td>${formatMs(v)}</td></tr>`)}
                  <tr><td>faces</td><td>${o.faces.length}${o.found ? ` (${o.found})` : ''}</td></tr>
                </tbody></table>
                ${host.engine?.capabilities.adapter.isSoftware ? html`<p class="hint">CPU-emulated adapter: times are not GPU speeds.</p>` : ''}
              </div>
            </div>`
        : html`<div class="empty">${this.busy || host.activity ? host.activity ?? 'Swapping…' : 'Choose a source face, then a target.'}</div>`}
    </section>`;
  }
}

const asImage = (s: { rgba: Uint8Array; size: number }): RgbaImage => ({ rgba: s.rgba, width: s.size, height: s.size });
const asFrameImage = (f: RgbaFrame): RgbaImage => ({ rgba: f.rgba, width: f.width, height: f.height });
