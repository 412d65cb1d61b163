/**
 * Tensor inspector: any tensor the frame plan keeps in memory, read back after the last frame: shape,
 * min/max/mean, NaN/Inf counts, one heatmap per channel, and the difference from the CPU reference network
 * (idnForward on the same crop with the identity's own kernels, run in a worker).
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { HeatmapScale } from '../components/heatmap-grid';
import { HostController } from '../controllers/host-controller';
import { TensorReadback } from '../controllers/tensor-readback';
import { formatCount, formatMs, formatValue, shapeText } from '../lib/format';
import { describeProblem, type Problem } from '../lib/messages';
import { computeReference } from '../lib/reference-client';
import { referenceNodeFor } from '../lib/reference-names';
import { absDiff, diffStats, DIFF_TOLERANCE, tensorStats, unravel } from '../lib/tensor-stats';
import type { EngineHost } from '../state/engine-host';
import { controlStyles } from './shared-styles';

interface ReferenceState {
  readonly frame: number;
  readonly tensors: ReadonlyMap<string, Float32Array>;
  readonly ms: number;
}

export class TensorView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      .stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); gap: 0.5rem; margin: 0.5rem 0; }
      .stats div { display: flex; flex-direction: column; }
      .stats strong { font: 600 0.95rem var(--mfs-mono, ui-monospace, monospace); overflow-wrap: anywhere; }
      .stats span { font-size: 0.75rem; color: var(--mfs-muted, #5b6270); }
      .bad strong { color: var(--mfs-danger, #b00020); }
      select.tensor { min-width: min(100%, 320px); }
    `,
  ];

  @property({ attribute: false }) host: EngineHost | undefined;
  /** False while the tab is hidden: no readbacks then. */
  @property({ type: Boolean }) active = true;
  @state() private selected: string | undefined;
  @state() private scale: HeatmapScale = 'tensor';
  @state() private showAll = false;
  @state() private showDiff = false;
  @state() private reference: ReferenceState | undefined;
  @state() private referenceBusy = false;
  @state() private problem: Problem | undefined;
  private readonly hostState = new HostController(this, () => this.host);
  private readonly readback = new TensorReadback(this, () => this.host);

  protected override willUpdate(_changed: PropertyValues): void {
    this.hostState.sync();
    this.readback.sync();
    this.readback.setActive(this.active);
    const names = this.names();
    if (names.length && (!this.selected || !names.includes(this.selected))) this.select(names.includes('E0') ? 'E0' : names[0]!);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.selected) this.readback.select(this.selected);
  }

  private names(): string[] {
    const engine = this.host?.engine;
    return engine?.weightsInfo ? [...engine.executor.plan.inspectable.keys()] : [];
  }

  private select(name: string): void {
    this.selected = name;
    this.readback.select(name);
  }

  private async runFrame(): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.problem = undefined;
    try {
      if (!host.identity) await host.setRandomIdentity(1);
      await host.runFrames(1);
    } catch (e) {
      this.problem = describeProblem(e, 'Could not run a frame');
    }
  }

  private async compare(): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.problem = undefined;
    this.referenceBusy = true;
    try {
      const frame = host.frameCount;
      const r = await host.read((engine) => computeReference(engine));
      this.reference = { frame, tensors: r.tensors, ms: r.ms };
      this.showDiff = true;
    } catch (e) {
      this.problem = describeProblem(e, 'The CPU reference could not be computed');
    } finally {
      this.referenceBusy = false;
    }
  }

  override render() {
    const host = this.host;
    const engine = host?.engine;
    if (!host || !engine?.weightsInfo) return html``;
    const plan = engine.executor.plan;
    const slot = this.selected ? plan.inspectable.get(this.selected) : undefined;
    const reading = this.readback.reading;
    return html`<section class="card">
      <h2>Tensor inspector <span class="badge">${plan.kind} plan · ${plan.inspectable.size} tensors kept</span></h2>
      <div class="row">
        <label>tensor <select class="tensor" data-testid="tensor-select" @change=${(e: Event) => this.select((e.target as HTMLSelectElement).value)}>
          ${[...plan.inspectable].map(([name, s]) => html`<option value=${name} ?selected=${name === this.selected}>${name} ${shapeText(s.shape)}</option>`)}
        </select></label>
        <label>colour scale <select @change=${(e: Event) => (this.scale = (e.target as HTMLSelectElement).value as HeatmapScale)}>
          <option value="tensor" ?selected=${this.scale === 'tensor'}>whole tensor</option>
          <option value="channel" ?selected=${this.scale === 'channel'}>per channel</option>
        </select></label>
        <button class="secondary" @click=${this.runFrame} ?disabled=${host.activity !== undefined}>Run a frame</button>
        <button class="secondary" data-testid="compare-reference" @click=${this.compare} ?disabled=${this.referenceBusy || host.frameCount === 0 || !host.identity}>
          ${this.referenceBusy ? 'Computing the CPU reference…' : 'Compare with CPU reference'}</button>
      </div>
      ${plan.kind === 'fused' ? html`<p class="hint">The fused plan keeps the tensors that cross dispatch boundaries; the unfused plan (one dispatch per layer) keeps every layer's output.</p>` : ''}
      ${this.problem ? html`<mfs-problem .problem=${this.problem}></mfs-problem>` : ''}
      ${this.readback.error ? html`<mfs-problem .problem=${{ code: 'readback', title: 'Could not read the tensor', detail: this.readback.error }}></mfs-problem>` : ''}
      ${host.frameCount === 0
        ? html`<p class="hint" data-testid="no-frame">No frame has run yet: swap something in the Swap tab, or press “Run a frame”${host.identity ? '' : ' (a random identity is set first)'}.</p>`
        : reading && slot
          ? this.renderReading(reading.data, slot.shape, reading.frame)
          : html`<p class="hint">Reading…</p>`}
    </section>`;
  }

  private renderReading(data: Float32Array, shape: readonly number[], frame: number) {
    const s = tensorStats(data);
    const ref = this.selected ? this.reference?.tensors.get(this.selected) : undefined;
    const fresh = this.reference?.frame === frame;
    const node = this.selected ? referenceNodeFor(this.selected) : undefined;
    const diff = ref && fresh && ref.length === data.length ? diffStats(data, ref) : undefined;
    const channels = shape[0] ?? 1;
    const shown = this.showAll ? channels : Math.min(channels, 32);
    const showingDiff = this.showDiff && diff !== undefined && ref !== undefined;
    return html`
      <div class="stats" data-testid="tensor-stats">
        <div><strong>${shapeText(shape)}</strong><span>shape (C × H × W)</span></div>
        <div><strong>${formatCount(s.count)}</strong><span>elements</span></div>
        <div><strong>${formatValue(s.min)}</strong><span>min</span></div>
        <div><strong>${formatValue(s.max)}</strong><span>max</span></div>
        <div><strong>${formatValue(s.mean)}</strong><span>mean</span></div>
        <div class=${s.nan ? 'bad' : ''}><strong data-testid="nan-count">${s.nan}</strong><span>NaN</span></div>
        <div class=${s.inf ? 'bad' : ''}><strong>${s.inf}</strong><span>±Inf</span></div>
      </div>
      ${this.renderDiff(diff, shape, node, fresh)}
      <div class="row">
        ${diff ? html`<label><input type="checkbox" data-testid="show-diff" .checked=${this.showDiff} @change=${(e: Event) => (this.showDiff = (e.target as HTMLInputElement).checked)} /> show |GPU − CPU|</label>` : ''}
        ${channels > 32 ? html`<button class="secondary" @click=${() => (this.showAll = !this.showAll)}>${this.showAll ? 'First 32 channels' : `All ${channels} channels`}</button>` : ''}
        <span class="hint">${shown} of ${channels} channel${channels === 1 ? '' : 's'}</span>
      </div>
      <mfs-heatmap-grid .data=${showingDiff ? absDiff(data, ref) : data} .shape=${shape} .scale=${this.scale} .limit=${shown}
        style=${(shape[1] ?? 0) >= 112 ? '--mfs-tile: 150px' : ''}></mfs-heatmap-grid>`;
  }

  private renderDiff(diff: ReturnType<typeof diffStats> | undefined, shape: readonly number[], node: string | undefined, fresh: boolean) {
    if (!node) return html`<p class="hint">The CPU reference has no node for this tensor.</p>`;
    if (!this.reference) return html`<p class="hint">Reference node: <code>${node}</code>. Press “Compare with CPU reference” to check the GPU against it.</p>`;
    if (!fresh) return html`<p class="hint">The reference was computed for an earlier frame; compare again.</p>`;
    if (!diff) return html`<p class="hint">No reference values for <code>${node}</code>.</p>`;
    const ok = diff.mismatches === 0;
    return html`<div class="stats" data-testid="diff-stats" data-max-abs=${diff.maxAbs} data-mismatches=${diff.mismatches}>
      <div><strong><span class="badge ${ok ? 'ok' : 'bad'}">${ok ? 'matches' : `${formatCount(diff.mismatches)} off`}</span></strong><span>vs <code>${node}</code> (atol ${DIFF_TOLERANCE.atol}, rtol ${DIFF_TOLERANCE.rtol})</span></div>
      <div><strong>${formatValue(diff.maxAbs)}</strong><span>max |GPU − CPU|</span></div>
      <div><strong>${formatValue(diff.meanAbs)}</strong><span>mean |GPU − CPU|</span></div>
      <div><strong>${formatValue(diff.maxRelToRange)}</strong><span>max error / value range</span></div>
      <div><strong class="mono">[${unravel(diff.worstIndex, shape).join(', ')}]</strong><span>worst at (c, y, x): ${formatValue(diff.actual)} vs ${formatValue(diff.expected)}</span></div>
      <div><strong>${formatMs(this.reference.ms)}</strong><span>CPU reference time</span></div>
    </div>`;
  }
}
