import { LitElement, css, html } from 'lit';
import { state } from 'lit/decorators.js';
import { adapterLabel } from '../engine/capabilities';
import { acquireGpu } from '../engine/device';
import { EngineError } from '../engine/errors';
import { runKernelCase, type KernelCaseResult } from '../engine/kernel-check';
import { PipelineCache } from '../engine/pipeline-cache';
import { caseTables, casesFor } from '../kernels/cases';

/** Runs every kernel's cases on this browser's WebGPU adapter and lists the results. */
export class SelfcheckPanel extends LitElement {
  static override styles = css`
    :host { display: block; font: 14px/1.4 system-ui, sans-serif; padding: 1rem; color: var(--mfs-fg, #1b1b1b); }
    table { border-collapse: collapse; }
    td, th { padding: 0.2rem 0.6rem; text-align: left; border-bottom: 1px solid #ddd; }
    .fail { color: #b00020; font-weight: 600; }
    .error { background: #fde7e9; padding: 0.75rem; border-radius: 6px; }
  `;

  @state() private adapter = '';
  @state() private results: KernelCaseResult[] = [];
  @state() private error = '';
  @state() private done = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.run();
  }

  private async run(): Promise<void> {
    try {
      const gpu = await acquireGpu();
      this.adapter = adapterLabel(gpu.capabilities.adapter);
      const cache = new PipelineCache(gpu);
      for (const kernel of Object.keys(caseTables)) {
        for (const c of casesFor(kernel)) this.results = [...this.results, await runKernelCase(gpu, cache, c)];
      }
      gpu.device.destroy();
    } catch (e) {
      this.error = e instanceof EngineError ? e.message : `Unexpected error: ${String(e)}`;
    }
    this.done = true;
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    const failed = this.results.filter((r) => !r.pass).length;
    return html`
      <h1>Kernel self-check</h1>
      <p>Adapter: ${this.adapter || 'requesting…'}</p>
      <p data-testid="summary">${this.done ? (failed ? html`<span class="fail">${failed} failed</span>` : `all ${this.results.length} cases match the CPU references`) : `running… ${this.results.length}`}</p>
      <table>
        <tr><th>case</th><th>result</th><th>max |err|</th></tr>
        ${this.results.map(
          (r) => html`<tr>
            <td>${r.title}</td>
            <td class=${r.pass ? '' : 'fail'}>${r.pass ? 'ok' : 'FAILED'}</td>
            <td>${Math.max(...r.bindings.map((b) => b.report.maxAbsError)).toExponential(1)}</td>
          </tr>`,
        )}
      </table>
    `;
  }
}
