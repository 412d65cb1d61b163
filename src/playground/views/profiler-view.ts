/**
 * Profiler: one row per dispatch of the planned frame (kernel, fused group, workgroups, work), with p50/p95
 * GPU times drawn as a waterfall on one time axis, so the 60 fps (16.7 ms) and 30 fps (33.3 ms) budget lines
 * show where in the frame the budget runs out. Says which timing mode is in use and when the browser
 * quantises timestamps.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { describePlanChoice, type IdnPlanRequest } from '../../engine/idn/plan-choice';
import type { Capabilities } from '../../engine/capabilities';
import type { IdnDispatchInfo } from '../../engine/idn/executor';
import type { DispatchStats } from '../../engine/profiler/aggregate';
import { HostController } from '../controllers/host-controller';
import { ProfileController } from '../controllers/profile-controller';
import { downloadBlob } from '../lib/download';
import { formatMs } from '../lib/format';
import { describeProblem, type Problem } from '../lib/messages';
import type { EngineHost } from '../state/engine-host';
import type { ProfileSnapshot } from '../state/profile-store';
import { controlStyles } from './shared-styles';

const BUDGETS = [
  { fps: 60, ms: 1000 / 60 },
  { fps: 30, ms: 1000 / 30 },
] as const;

export class ProfilerView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      .summary { display: flex; gap: 1.5rem; flex-wrap: wrap; margin: 0.25rem 0 0.5rem; }
      .summary div { display: flex; flex-direction: column; }
      .summary strong { font: 600 1.05rem var(--mfs-mono, ui-monospace, monospace); }
      .summary span { font-size: 0.75rem; color: var(--mfs-muted, #5b6270); }
      td.bar { width: 38%; min-width: 160px; position: relative; padding: 0; }
      .track { position: relative; height: 22px; }
      .p50 { position: absolute; top: 5px; height: 12px; background: var(--mfs-accent, #2f5bd3); border-radius: 2px; min-width: 1px; }
      .p95 { position: absolute; top: 10px; height: 2px; background: var(--mfs-accent, #2f5bd3); opacity: 0.55; }
      .budget { position: absolute; top: 0; bottom: 0; width: 0; border-left: 1px dashed var(--mfs-danger, #b00020); }
      .budget.b30 { border-left-style: solid; }
      /* Labels start at their line (not centred on it) so they never spill into the share column. */
      .budget-label { position: absolute; font-size: 0.68rem; line-height: 1; color: var(--mfs-danger, #b00020); padding-left: 3px; white-space: nowrap; }
      .budget-label.b60 { top: 0; }
      .budget-label.b30 { top: 11px; }
      .clipped { position: absolute; right: 0; top: 3px; font-size: 0.7rem; color: var(--mfs-accent, #2f5bd3); }
      th.bar { position: relative; }
      tr.total td { font-weight: 600; border-top: 2px solid var(--mfs-border, #d9dde3); }
      .nodes { color: var(--mfs-muted, #5b6270); font-size: 0.75rem; }
      .share { display: inline-block; width: 3.2rem; }
      input[type='number'] { width: 4rem; }
    `,
  ];

  @property({ attribute: false }) host: EngineHost | undefined;
  /** False while the tab is hidden. */
  @property({ type: Boolean }) active = true;
  @state() private runCount = 5;
  /** 'frame': the axis fits the whole frame; 'budget': 0–40 ms, so the budget lines are readable on slow devices. */
  @state() private axis: 'frame' | 'budget' = 'frame';
  @state() private problem: Problem | undefined;
  private readonly hostState = new HostController(this, () => this.host);
  private readonly profile = new ProfileController(this, () => this.host?.profile);

  protected override willUpdate(_changed: PropertyValues): void {
    this.hostState.sync();
    this.profile.sync();
    this.profile.setActive(this.active);
  }

  private async run(): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.problem = undefined;
    try {
      if (!host.identity) await host.setRandomIdentity(1);
      await host.runFrames(this.runCount);
    } catch (e) {
      this.problem = describeProblem(e, 'Could not run frames');
    }
  }

  override render() {
    const host = this.host;
    const engine = host?.engine;
    const snap = this.profile.snapshot;
    if (!host || !engine?.weightsInfo || !snap) return html``;
    const dispatches = engine.executor.dispatches;
    const caps = engine.capabilities;
    return html`<section class="card">
      <h2>Frame profile <span class="badge" data-testid="plan-kind">${engine.executor.plan.kind} plan · ${dispatches.length} dispatches</span></h2>
      ${this.renderMode(caps, snap)}
      <div class="row">
        <button @click=${this.run} ?disabled=${host.activity !== undefined} data-testid="run-frames"
          title="Run the per-frame network again on the last aligned face (before any swap: a sample face's centre square; with no identity yet, a random one is set)">Run</button>
        <input type="number" min="1" max="200" .value=${String(this.runCount)} aria-label="frames to run"
          @change=${(e: Event) => (this.runCount = Math.max(1, Math.min(200, Number((e.target as HTMLInputElement).value) || 1)))} /> frames
        <button class="secondary" @click=${() => host.profile.setPaused(!snap.paused)} data-testid="pause">${snap.paused ? 'Resume' : 'Pause'}</button>
        <button class="secondary" @click=${() => host.profile.reset()}>Reset</button>
        <button class="secondary" @click=${() => this.exportJson(snap, dispatches, caps)} ?disabled=${!snap.frames}>Export JSON</button>
        <button class="secondary" @click=${() => downloadBlob(engine.profileAggregate?.toCsv() ?? '', 'mobilefaceswap-profile.csv', 'text/csv')} ?disabled=${!snap.frames}>Export CSV</button>
        <label>plan <select data-testid="plan-select" ?disabled=${host.activity !== undefined}
          title="Rebuilds the engine with this per-frame plan (same weights and identity); the page URL keeps the choice (?plan=)"
          @change=${(e: Event) => void this.host?.switchPlan(((e.target as HTMLSelectElement).value || undefined) as IdnPlanRequest | undefined)}>
          <option value="" ?selected=${!host.requestedPlan}>adapter default</option>
          <option value="fused" ?selected=${host.requestedPlan === 'fused'}>fused (12 dispatches)</option>
          <option value="unfused" ?selected=${host.requestedPlan === 'unfused'}>unfused (35 dispatches)</option>
          <option value="auto" ?selected=${host.requestedPlan === 'auto'}>auto (time both, keep the faster)</option>
        </select></label>
        <label>time axis <select @change=${(e: Event) => (this.axis = (e.target as HTMLSelectElement).value as 'frame' | 'budget')}>
          <option value="frame" ?selected=${this.axis === 'frame'}>whole frame</option>
          <option value="budget" ?selected=${this.axis === 'budget'}>0–40 ms (budgets)</option>
        </select></label>
      </div>
      ${snap.paused ? html`<p class="hint">Paused: frames run in a single compute pass and are not timed.</p>` : ''}
      ${this.problem ? html`<mfs-problem .problem=${this.problem}></mfs-problem>` : ''}
      ${this.renderSummary(snap)}
      ${this.renderTable(dispatches, snap.stats, snap)}
      ${engine.planChoice ? html`<p class="hint" data-testid="plan-choice">${describePlanChoice(engine.planChoice)}; GEMM tiling for ${engine.executor.plan.tiling === 'gpu' ? 'a GPU (small blocks, many workgroups)' : 'a CPU emulator (64 × 64 tiles)'}.</p>` : ''}
      ${caps.adapter.isSoftware ? html`<p class="hint">This adapter is a CPU emulator: use the numbers as ratios within one run, not as GPU speeds.</p>` : ''}
    </section>`;
  }

  private renderMode(caps: Capabilities, snap: ProfileSnapshot) {
    const q = snap.quantisationMs;
    const mode =
      caps.timestampMode === 'none'
        ? 'No timestamp queries on this device: only the whole frame is timed (submit → onSubmittedWorkDone).'
        : `GPU timestamp queries, one compute pass per dispatch (profiling mode: pass boundaries add their own cost)${caps.timestampMode === 'inside-passes' ? '; the device could also time inside one pass' : ''}.`;
    return html`<p class="hint" data-testid="timing-mode">
      <span class="badge">${caps.timestampMode === 'none' ? 'wall time only' : 'timestamps per pass'}</span> ${mode}
      ${q !== undefined
        ? html`<span class="badge warn" data-testid="quantised">quantised to ${q >= 1 ? `${q} ms` : `${Math.round(q * 1000)} µs`}</span>
            Every sample is a multiple of ${q} ms: the browser rounds timestamps (Chrome does unless chrome://flags/#enable-webgpu-developer-features is on), so short dispatches read as 0 or one step.`
        : ''}
    </p>`;
  }

  private renderSummary(snap: ProfileSnapshot) {
    const gpu = snap.stats.reduce((s, r) => s + (Number.isFinite(r.p50Ms) ? r.p50Ms : 0), 0);
    return html`<div class="summary">
      <div><strong data-testid="frames">${snap.frames}</strong><span>frames timed</span></div>
      <div><strong>${formatMs(gpu)}</strong><span>Σ p50 GPU time</span></div>
      <div><strong>${formatMs(snap.wallP50Ms)}</strong><span>p50 wall (submit → done)</span></div>
      <div><strong>${gpu > 0 ? (1000 / gpu).toFixed(gpu > 1000 ? 2 : 1) : '–'}</strong><span>fps if GPU-bound</span></div>
      <div><strong>${gpu > 0 ? BUDGETS.map((b) => `${gpu <= b.ms ? '✓' : '✗'} ${b.fps}`).join('  ') : '–'}</strong><span>within the fps budget</span></div>
    </div>`;
  }

  private renderTable(dispatches: readonly IdnDispatchInfo[], stats: readonly DispatchStats[], snap: ProfileSnapshot) {
    const p50s = stats.map((s) => (Number.isFinite(s.p50Ms) ? s.p50Ms : 0));
    const p95s = stats.map((s) => (Number.isFinite(s.p95Ms) ? s.p95Ms : 0));
    const total = p50s.reduce((a, b) => a + b, 0);
    // One axis for every row: the whole frame (and both budget lines), or a fixed 40 ms window.
    const axis = this.axis === 'budget' ? 40 : Math.max(total + (p95s.at(-1) ?? 0) - (p50s.at(-1) ?? 0), BUDGETS[1].ms) * 1.08;
    const pct = (ms: number) => `${Math.max(0, Math.min(100, (ms / axis) * 100))}%`;
    const lines = BUDGETS.map((b) => html`<div class="budget b${b.fps}" style="left:${pct(b.ms)}"></div>`);
    let start = 0;
    return html`<div class="scroll"><table class="data" data-testid="profile-table">
      <thead><tr>
        <th>#</th><th>group</th><th>kernel</th><th class="num">workgroups</th><th class="num">MMAC</th>
        <th class="num">p50</th><th class="num">p95</th><th class="num">share</th>
        <th class="bar"><div class="track">${BUDGETS.map((b) => html`<span class="budget-label b${b.fps}" style="left:${pct(b.ms)}">${b.fps} fps</span>`)}</div></th>
      </tr></thead>
      <tbody>
        ${dispatches.map((d, i) => {
          const s = stats[i];
          const p50 = p50s[i] ?? 0;
          const p95 = Math.max(p95s[i] ?? 0, p50);
          const row = html`<tr data-testid="profile-row" data-label=${d.label} data-p50=${s?.p50Ms ?? NaN}>
            <td class="num">${i + 1}</td>
            <td><div>${d.label}</div><div class="nodes">${d.nodes.join(' · ')}</div></td>
            <td><code>${d.kernel}</code></td>
            <td class="num mono">${d.workgroups.join('×')}</td>
            <td class="num">${(d.cost.macs / 1e6).toFixed(1)}</td>
            <td class="num">${s?.samples ? formatMs(s.p50Ms) : '–'}</td>
            <td class="num">${s?.samples ? formatMs(s.p95Ms) : '–'}</td>
            <td class="num"><span class="share">${s?.samples ? `${(s.share * 100).toFixed(1)}%` : '–'}</span></td>
            <td class="bar"><div class="track">
              ${lines}
              ${s?.samples ? html`<div class="p95" style="left:${pct(start + p50)};width:${pct(Math.min(p95 - p50, axis - start - p50))}"></div><div class="p50" style="left:${pct(start)};width:${pct(Math.min(p50, axis - start))}"></div>` : ''}
              ${s?.samples && start + p50 > axis ? html`<span class="clipped" title="beyond the axis">▸</span>` : ''}
            </div></td>
          </tr>`;
          start += p50;
          return row;
        })}
        <tr class="total"><td></td><td>frame</td><td></td><td></td>
          <td class="num">${(dispatches.reduce((s, d) => s + d.cost.macs, 0) / 1e6).toFixed(0)}</td>
          <td class="num">${snap.frames ? formatMs(total) : '–'}</td><td></td><td class="num">${snap.frames ? '100%' : ''}</td>
          <td class="bar"><div class="track">${lines}${snap.frames ? html`<div class="p50" style="left:0;width:${pct(total)};opacity:.35"></div>` : ''}</div></td>
        </tr>
      </tbody>
    </table></div>
    ${snap.frames === 0 ? html`<p class="hint">No frame timed yet: swap something, or press Run.</p>` : ''}`;
  }

  private exportJson(snap: ProfileSnapshot, dispatches: readonly IdnDispatchInfo[], caps: Capabilities): void {
    const report = {
      adapter: caps.adapter,
      timestampMode: caps.timestampMode,
      quantisationMs: snap.quantisationMs ?? null,
      frames: snap.frames,
      plan: this.host?.engine?.executor.plan.kind,
      planChoice: this.host?.engine?.planChoice ?? null,
      tiling: this.host?.engine?.executor.plan.tiling,
      wallP50Ms: snap.wallP50Ms,
      dispatches: dispatches.map((d, i) => ({ ...d, stats: snap.stats[i] })),
      exported: new Date().toISOString(),
    };
    downloadBlob(JSON.stringify(report, null, 2), 'mobilefaceswap-profile.json', 'application/json');
  }
}
