/**
 * Weights: where the loaded weights came from, every tensor with its shape and size, and the ways to load
 * others (synthetic, a .safetensors URL with progress, the two official .pdparams files). Identity packs
 * (the 18 injected kernels) are saved and loaded here too.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { TensorMap } from '../../engine/weights/tensor-map';
import { HostController } from '../controllers/host-controller';
import { downloadBlob, readFileBytes } from '../lib/download';
import { formatBytes, formatCount, shapeText } from '../lib/format';
import { describeProblem, type Problem } from '../lib/messages';
import { LOCAL_WEIGHTS_PATH, type EngineHost } from '../state/engine-host';
import { controlStyles } from './shared-styles';

interface TensorRow {
  readonly part: 'swap' | 'arcface';
  readonly name: string;
  readonly shape: readonly number[];
  readonly elements: number;
}

const ROW_LIMIT = 200;

function rowsOf(part: TensorRow['part'], map: TensorMap | undefined): TensorRow[] {
  return map ? [...map].map(([name, t]) => ({ part, name, shape: t.shape, elements: t.data.length })) : [];
}

export class WeightsView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1rem; }
      .provenance { font-size: 1rem; }
      input[type='url'] { flex: 1 1 240px; }
      .totals { display: flex; gap: 1.5rem; flex-wrap: wrap; margin: 0.25rem 0 0.5rem; font-size: 0.85rem; }
    `,
  ];

  @property({ attribute: false }) host: EngineHost | undefined;
  @state() private url = '';
  @state() private seed = 1;
  @state() private filter = '';
  @state() private showAll = false;
  @state() private problem: Problem | undefined;
  @state() private packMessage = '';
  private readonly hostState = new HostController(this, () => this.host);

  protected override willUpdate(_changed: PropertyValues): void {
    this.hostState.sync();
  }

  private async loadFiles(files: File[]): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.problem = undefined;
    try {
      const loaded = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await readFileBytes(f) })));
      await host.loadWeights({ kind: 'files', files: loaded });
    } catch (e) {
      this.problem = describeProblem(e, 'Could not read the dropped files');
    }
  }

  private async savePack(): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.problem = undefined;
    try {
      const bytes = await host.exportIdentityPack();
      const name = (host.identity?.source ?? 'identity').replace(/[^\w.-]+/g, '_').slice(0, 60);
      downloadBlob(bytes as Uint8Array<ArrayBuffer>, `${name}.identity.safetensors`);
      this.packMessage = `Saved ${formatBytes(bytes.length)}.`;
    } catch (e) {
      this.problem = describeProblem(e, 'Could not save the identity pack');
    }
  }

  private async loadPack(files: File[]): Promise<void> {
    const host = this.host;
    const file = files[0];
    if (!host || !file) return;
    this.problem = undefined;
    try {
      await host.setIdentityFromPack(await readFileBytes(file), file.name);
      this.packMessage = `Identity loaded from ${file.name}.`;
    } catch (e) {
      this.problem = describeProblem(e, `Could not load ${file.name}`);
    }
  }

  override render() {
    const host = this.host;
    const engine = host?.engine;
    const info = engine?.weightsInfo;
    if (!host || !engine || !info) return html``;
    const busy = host.phase === 'loading-weights' || host.activity !== undefined;
    return html`
      ${this.problem ? html`<mfs-problem .problem=${this.problem}></mfs-problem>` : ''}
      <div class="grid">
        <section class="card">
          <h2>Loaded weights</h2>
          <p class="provenance" data-testid="provenance">
            <span class="badge ${info.provenance === 'synthetic' ? 'warn' : 'ok'}">${info.provenance}</span> ${info.description}
          </p>
          <p class="hint" data-testid="arcface-state">ArcFace: ${info.hasArcface ? 'loaded (identities from photos work)' : 'not loaded: identities come from packs or embeddings only'}</p>
        </section>
        <section class="card">
          <h2>Load other weights</h2>
          <mfs-drop-zone accept=".pdparams,.safetensors" multiple
            prompt="Drop MobileFaceSwap_224.pdparams + arcface.pdparams (or one converted .safetensors), or click to choose"
            @files=${(e: CustomEvent<File[]>) => this.loadFiles(e.detail)}></mfs-drop-zone>
          <form class="row" @submit=${(e: Event) => { e.preventDefault(); if (this.url) void host.loadWeights({ kind: 'url', url: this.url }); }}>
            <input type="url" placeholder="https://…/mobilefaceswap.safetensors" .value=${this.url} @input=${(e: Event) => (this.url = (e.target as HTMLInputElement).value)} aria-label="weights URL" />
            <button type="submit" ?disabled=${busy || !this.url}>Load URL</button>
          </form>
          <div class="row">
            <button class="secondary" ?disabled=${busy} @click=${() => host.loadWeights({ kind: 'synthetic', seed: this.seed })}>Use synthetic weights</button>
            <label>seed <input type="number" min="0" .value=${String(this.seed)} @change=${(e: Event) => (this.seed = Number((e.target as HTMLInputElement).value) >>> 0)} style="width:5rem" /></label>
          </div>
          <p class="hint">A converted file at <code>${LOCAL_WEIGHTS_PATH}</code> next to this page is loaded at start; <code>?weights=&lt;url&gt;</code> or <code>?weights=synthetic</code> in the address choose explicitly. Nothing you load leaves this browser.</p>
        </section>
        <section class="card">
          <h2>Identity pack</h2>
          <p class="hint">The 18 kernels the IIN injected for the current identity (no ArcFace needed to reuse them; tied to these swap weights).</p>
          <p>Current identity: <strong data-testid="identity-source">${host.identity?.source ?? 'none'}</strong></p>
          <div class="row">
            <button ?disabled=${!host.identity || busy} @click=${this.savePack}>Download identity pack</button>
          </div>
          <mfs-drop-zone accept=".safetensors" prompt="Drop an identity pack (.safetensors) or click to choose" @files=${(e: CustomEvent<File[]>) => this.loadPack(e.detail)}></mfs-drop-zone>
          ${this.packMessage ? html`<p class="hint">${this.packMessage}</p>` : ''}
        </section>
      </div>
      ${this.renderTensors(engine.loadedWeights?.swap, engine.loadedWeights?.arcface)}
    `;
  }

  private renderTensors(swap: TensorMap | undefined, arcface: TensorMap | undefined) {
    const all = [...rowsOf('swap', swap), ...rowsOf('arcface', arcface)];
    const needle = this.filter.trim().toLowerCase();
    const matched = needle ? all.filter((r) => `${r.part}.${r.name}`.toLowerCase().includes(needle)) : all;
    const shown = this.showAll ? matched : matched.slice(0, ROW_LIMIT);
    const total = (rows: TensorRow[]) => rows.reduce((s, r) => s + r.elements, 0);
    const swapRows = all.filter((r) => r.part === 'swap');
    const arcRows = all.filter((r) => r.part === 'arcface');
    return html`<section class="card">
      <h2>Tensors</h2>
      <div class="totals">
        <span>MobileFaceSwap_224: <strong>${swapRows.length}</strong> tensors, ${formatCount(total(swapRows))} values (${formatBytes(total(swapRows) * 4)})</span>
        <span>ArcFace: <strong>${arcRows.length}</strong> tensors, ${formatCount(total(arcRows))} values (${formatBytes(total(arcRows) * 4)})</span>
      </div>
      <div class="row"><input type="text" placeholder="filter by name" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} aria-label="filter tensors" />
        <span class="hint">${matched.length} match${matched.length === 1 ? '' : 'es'}</span></div>
      <div class="scroll"><table class="data" data-testid="weights-table">
        <thead><tr><th>file</th><th>name</th><th>shape</th><th class="num">values</th><th class="num">size</th></tr></thead>
        <tbody>${shown.map((r) => html`<tr><td>${r.part}</td><td><code>${r.name}</code></td><td class="mono">${shapeText(r.shape)}</td><td class="num">${formatCount(r.elements)}</td><td class="num">${formatBytes(r.elements * 4)}</td></tr>`)}</tbody>
      </table></div>
      ${matched.length > ROW_LIMIT ? html`<div class="row"><button class="secondary" @click=${() => (this.showAll = !this.showAll)}>${this.showAll ? `Show the first ${ROW_LIMIT}` : `Show all ${matched.length}`}</button></div>` : ''}
    </section>`;
  }
}
