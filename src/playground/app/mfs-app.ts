/**
 * The page shell: holds the one EngineHost, shows the synthetic-weights banner and the failure states, and
 * switches between the views (one element per panel; the host is passed down as a property). The tab is in
 * the URL hash so each view has a link (#swap, #profiler, #tensors, #wgsl, #weights, #selfcheck).
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { adapterLabel } from '../../engine/capabilities';
import { HostController } from '../controllers/host-controller';
import { readFileBytes } from '../lib/download';
import { formatBytes } from '../lib/format';
import { describeProblem, type Problem } from '../lib/messages';
import { NOTICE_LINKS } from '../lib/notices';
import type { EngineHost } from '../state/engine-host';

export const TABS = [
  { id: 'swap', title: 'Swap' },
  { id: 'profiler', title: 'Profiler' },
  { id: 'tensors', title: 'Tensors' },
  { id: 'wgsl', title: 'WGSL' },
  { id: 'weights', title: 'Weights' },
  { id: 'selfcheck', title: 'Kernel self-check' },
] as const;
export type TabId = (typeof TABS)[number]['id'];

function tabFromHash(): TabId {
  const id = location.hash.replace(/^#/, '');
  return (TABS.find((t) => t.id === id)?.id ?? 'swap') as TabId;
}

export class MfsApp extends LitElement {
  static override styles = css`
    :host { display: block; min-height: 100vh; background: var(--mfs-bg, #f6f7f9); color: var(--mfs-fg, #1b1d21); font: 14px/1.45 var(--mfs-font, system-ui, sans-serif); }
    header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 1rem; padding: 0.6rem 1rem 0.2rem; background: var(--mfs-surface, #fff); }
    h1 { font-size: 1.1rem; margin: 0; }
    .adapter { color: var(--mfs-muted, #5b6270); font-size: 0.85rem; overflow-wrap: anywhere; }
    nav { display: flex; gap: 0.25rem; padding: 0 1rem; background: var(--mfs-surface, #fff); border-bottom: 1px solid var(--mfs-border, #d9dde3);
      overflow-x: auto; scrollbar-width: thin; }
    nav a { padding: 0.5rem 0.75rem; color: var(--mfs-muted, #5b6270); text-decoration: none; border-bottom: 3px solid transparent; white-space: nowrap; }
    nav a[aria-current='page'] { color: var(--mfs-fg, #1b1d21); border-bottom-color: var(--mfs-accent, #2f5bd3); font-weight: 600; }
    main { padding: 1rem; max-width: 1400px; margin: 0 auto; box-sizing: border-box; }
    .status { display: flex; align-items: center; gap: 0.75rem; padding: 0.35rem 1rem; background: var(--mfs-info-bg, #eef3ff); font-size: 0.9rem; }
    progress { flex: 0 1 260px; }
    mfs-problem { margin-bottom: 1rem; }
    button { font: inherit; padding: 0.35rem 0.8rem; border-radius: 6px; border: 1px solid var(--mfs-accent, #2f5bd3);
      background: var(--mfs-accent, #2f5bd3); color: var(--mfs-accent-fg, #fff); cursor: pointer; }
    button.secondary { background: transparent; color: var(--mfs-accent, #2f5bd3); }
    .loading { padding: 2rem 0; text-align: center; color: var(--mfs-muted, #5b6270); }
    [hidden] { display: none !important; }
    footer { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; padding: 1rem; font-size: 0.8rem; justify-content: center; }
    footer a { color: var(--mfs-muted, #5b6270); }
    .drop-hint { position: fixed; inset: 0; background: #2f5bd3cc; color: #fff; display: grid; place-items: center; font-size: 1.4rem; z-index: 20; pointer-events: none; }
  `;

  @property({ attribute: false }) host: EngineHost | undefined;
  @state() private tab: TabId = tabFromHash();
  @state() private unexpected: Problem | undefined;
  @state() private dragging = false;
  private readonly visited = new Set<TabId>();
  private readonly hostState = new HostController(this, () => this.host);

  private readonly onHash = () => (this.tab = tabFromHash());
  private readonly onError = (e: ErrorEvent) => (this.unexpected = describeProblem(e.error ?? e.message, 'Unexpected error'));
  private readonly onRejection = (e: PromiseRejectionEvent) => (this.unexpected = describeProblem(e.reason, 'Unexpected error'));
  private readonly onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    this.dragging = true;
  };
  private readonly onDragLeave = (e: DragEvent) => {
    if (e.relatedTarget === null) this.dragging = false;
  };
  // Capture phase: the overlay must go even when a drop zone inside a view handles (and stops) the drop.
  private readonly onDropCapture = () => (this.dragging = false);
  private readonly onDrop = (e: DragEvent) => {
    e.preventDefault();
    void this.loadDroppedWeights([...(e.dataTransfer?.files ?? [])]);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.onHash);
    addEventListener('error', this.onError);
    addEventListener('unhandledrejection', this.onRejection);
    document.addEventListener('dragover', this.onDragOver);
    document.addEventListener('dragleave', this.onDragLeave);
    document.addEventListener('drop', this.onDropCapture, true);
    document.addEventListener('drop', this.onDrop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.onHash);
    removeEventListener('error', this.onError);
    removeEventListener('unhandledrejection', this.onRejection);
    document.removeEventListener('dragover', this.onDragOver);
    document.removeEventListener('dragleave', this.onDragLeave);
    document.removeEventListener('drop', this.onDropCapture, true);
    document.removeEventListener('drop', this.onDrop);
  }

  protected override willUpdate(_changed: PropertyValues): void {
    this.hostState.sync();
  }

  /** Dropping the official .pdparams anywhere on the page loads them (the Weights tab has its own drop zone too). */
  private async loadDroppedWeights(files: File[]): Promise<void> {
    const weights = files.filter((f) => /\.(pdparams|safetensors)$/i.test(f.name));
    if (!weights.length || !this.host) return;
    const loaded = await Promise.all(weights.map(async (f) => ({ name: f.name, bytes: await readFileBytes(f) })));
    await this.host.loadWeights({ kind: 'files', files: loaded });
  }

  override render() {
    const host = this.host;
    const engine = host?.engine;
    const caps = engine?.capabilities;
    return html`
      ${host?.isSynthetic ? html`<mfs-synthetic-banner .description=${host.weightsInfo?.description ?? ''}></mfs-synthetic-banner>` : ''}
      <div class="top">
        <header>
          <h1>MobileFaceSwap · WebGPU playground</h1>
          <span class="adapter" data-testid="adapter">${caps ? `${adapterLabel(caps.adapter)} · timestamps: ${caps.timestampMode}` : host?.phase === 'failed' ? 'no GPU' : 'starting WebGPU…'}</span>
        </header>
        <nav aria-label="views">
          ${TABS.map((t) => html`<a href="#${t.id}" data-tab=${t.id} aria-current=${this.tab === t.id ? 'page' : 'false'}>${t.title}</a>`)}
        </nav>
        ${this.renderStatus()}
      </div>
      <main data-phase=${host?.phase ?? 'starting'}>
        ${this.unexpected
          ? html`<mfs-problem .problem=${this.unexpected}><button class="secondary" @click=${() => (this.unexpected = undefined)}>Dismiss</button></mfs-problem>`
          : ''}
        ${host?.notice ? html`<mfs-problem .problem=${host.notice}><button class="secondary" @click=${() => host.dismissNotice()}>Dismiss</button></mfs-problem>` : ''}
        ${this.renderMain()}
      </main>
      <footer>
        ${NOTICE_LINKS.map((l) => html`<a href=${l.href} target="_blank" rel="noopener">${l.title}</a>`)}
      </footer>
      ${this.dragging ? html`<div class="drop-hint">Drop MobileFaceSwap_224.pdparams + arcface.pdparams (or a converted .safetensors) to load them</div>` : ''}
    `;
  }

  private renderStatus() {
    const host = this.host;
    if (!host) return '';
    const p = host.progress;
    if (p) {
      const pct = p.total ? ` ${formatBytes(p.loaded ?? 0)} of ${formatBytes(p.total)}` : p.loaded ? ` ${formatBytes(p.loaded)}` : '';
      return html`<div class="status" role="status">Loading ${p.label}…${pct}
        ${p.total ? html`<progress max=${p.total} .value=${p.loaded ?? 0}></progress>` : html`<progress></progress>`}</div>`;
    }
    if (host.activity) return html`<div class="status" role="status" data-testid="activity">${host.activity}</div>`;
    return '';
  }

  private renderMain() {
    const host = this.host;
    // Views stay mounted once visited (hidden when not shown), so a swap result or a live loop survives a
    // look at the profiler. The self-check runs on its own device and needs no engine.
    this.visited.add(this.tab);
    const selfcheck = this.visited.has('selfcheck') ? html`<mfs-selfcheck ?hidden=${this.tab !== 'selfcheck'}></mfs-selfcheck>` : '';
    if (!host) return selfcheck;
    if (host.phase === 'failed') return html`${this.tab === 'selfcheck' ? '' : html`<mfs-problem .problem=${host.problem} data-testid="fatal"></mfs-problem>`}${selfcheck}`;
    if (host.phase === 'device-lost') {
      return html`<mfs-problem .problem=${host.problem} data-testid="device-lost">
        <button data-testid="recover" @click=${() => void host.recover()}>Recover</button>
      </mfs-problem>`;
    }
    if (!host.weightsInfo) return html`${this.tab === 'selfcheck' ? '' : html`<div class="loading" role="status">Starting the engine…</div>`}${selfcheck}`;
    const view = (id: TabId, content: unknown) => (this.visited.has(id) ? html`<div class="view" ?hidden=${this.tab !== id} data-view=${id}>${content}</div>` : '');
    const active = (id: TabId) => this.tab === id;
    return html`
      ${view('swap', html`<mfs-swap-view .host=${host}></mfs-swap-view>`)}
      ${view('profiler', html`<mfs-profiler-view .host=${host} .active=${active('profiler')}></mfs-profiler-view>`)}
      ${view('tensors', html`<mfs-tensor-view .host=${host} .active=${active('tensors')}></mfs-tensor-view>`)}
      ${view('wgsl', html`<mfs-wgsl-view .host=${host}></mfs-wgsl-view>`)}
      ${view('weights', html`<mfs-weights-view .host=${host}></mfs-weights-view>`)}
      ${selfcheck}
    `;
  }
}
