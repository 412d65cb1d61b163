/**
 * WGSL view: for each step of the frame plan, the kernel's WGSL (its parts: shared helpers, then the kernel
 * file), the override constants of this variant, the pipeline cache key, and the bindings as reflected from
 * the WGSL (reflectWgsl), with the buffer each one is bound to and the uniform values the step writes.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BufferSource, PlannedStep } from '../../engine/idn/fused-plan';
import { pipelineCacheKey, type KernelVariant } from '../../engine/kernel';
import { reflectWgsl, type ReflectedModule } from '../../engine/reflect';
import { joinedCode } from '../../engine/shader-source';
import { HostController } from '../controllers/host-controller';
import type { EngineHost } from '../state/engine-host';
import { controlStyles } from './shared-styles';

const reflections = new Map<string, ReflectedModule | Error>();

/** Reflect each kernel's WGSL once per page (the same kernel appears in several steps). */
function reflectionOf(step: PlannedStep): ReflectedModule | Error {
  let r = reflections.get(step.kernel.name);
  if (!r) {
    try {
      r = reflectWgsl(step.kernel.name, joinedCode(step.kernel.source));
    } catch (e) {
      r = e instanceof Error ? e : new Error(String(e));
    }
    reflections.set(step.kernel.name, r);
  }
  return r;
}

function describeSource(s: BufferSource | undefined): string {
  if (!s) return '(uniform, written once at load)';
  switch (s.kind) {
    case 'tensor':
      return `activation tensor "${s.name}"`;
    case 'static':
      return `static weights "${s.name}"`;
    case 'depthwise':
      return `identity depthwise kernel #${s.index} (written by the IIN)`;
    case 'pointwise':
      return `identity pointwise kernel #${s.index} (written by the IIN)`;
  }
}

export class WgslView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      .layout { display: grid; grid-template-columns: minmax(200px, 260px) 1fr; gap: 1rem; align-items: start; }
      @media (max-width: 860px) { .layout { grid-template-columns: 1fr; } }
      .steps { display: flex; flex-direction: column; gap: 2px; }
      @media (max-width: 860px) { .steps { flex-direction: row; overflow-x: auto; } .steps button { white-space: nowrap; } }
      .steps button { text-align: left; background: transparent; color: inherit; border-color: transparent; }
      .steps button[aria-current='true'] { background: var(--mfs-info-bg, #eef3ff); border-color: var(--mfs-accent, #2f5bd3); }
      .steps small { display: block; color: var(--mfs-muted, #5b6270); font-family: var(--mfs-mono, ui-monospace, monospace); }
      pre { margin: 0; padding: 0.5rem 0; background: var(--mfs-code-bg, #0f1115); color: var(--mfs-code-fg, #e6e6e6); border-radius: 6px;
        overflow: auto; max-height: 70vh; font: 12px/1.5 var(--mfs-mono, ui-monospace, monospace); counter-reset: line; }
      /* Lines are numbered per part, as compile errors report them. */
      .part { color: #8fb3ff; padding: 0.2rem 0.75rem; border-top: 1px solid #333; counter-reset: line; }
      .line { display: block; padding: 0 0.75rem 0 0; white-space: pre; }
      .line::before { counter-increment: line; content: counter(line); display: inline-block; width: 3.2em; margin-right: 0.75em; text-align: right; color: #666; }
      .key { overflow-wrap: anywhere; }
    `,
  ];

  @property({ attribute: false }) host: EngineHost | undefined;
  @state() private index = 0;
  private readonly hostState = new HostController(this, () => this.host);

  protected override willUpdate(_changed: PropertyValues): void {
    this.hostState.sync();
  }

  override render() {
    const engine = this.host?.engine;
    if (!engine?.weightsInfo) return html``;
    const steps = engine.executor.plan.steps;
    const workgroups = engine.executor.dispatches.map((d) => d.workgroups);
    const i = Math.min(this.index, steps.length - 1);
    const step = steps[i]!;
    return html`<div class="layout">
      <nav class="card" aria-label="plan steps">
        <h2>${engine.executor.plan.kind} plan · ${steps.length} steps</h2>
        <div class="steps">${steps.map(
          (s, k) => html`<button aria-current=${k === i} data-step=${k} @click=${() => (this.index = k)}>${k + 1}. ${s.label}<small>${s.kernel.name}</small></button>`,
        )}</div>
      </nav>
      ${this.renderStep(step, workgroups[i] ?? [0, 0, 0])}
    </div>`;
  }

  private renderStep(step: PlannedStep, workgroups: readonly number[]) {
    let variant: KernelVariant | undefined;
    let uniforms: Readonly<Record<string, number>> = {};
    try {
      variant = step.kernel.variant(step.params);
      uniforms = step.kernel.uniforms(step.params);
    } catch {
      // A step the planner built always has a valid variant; if not, show what can be shown.
    }
    const reflected = reflectionOf(step);
    const entry = variant && !(reflected instanceof Error) ? reflected.entryPoints.get(variant.entryPoint) : undefined;
    return html`<section class="card" data-testid="wgsl-step">
      <h2>${step.label} <code>${step.kernel.name}</code></h2>
      <p class="hint">nodes: ${step.nodes.join(' · ')}</p>
      <div class="scroll"><table class="data">
        <tbody>
          <tr><th>entry point</th><td><code>${variant?.entryPoint ?? '?'}</code></td></tr>
          <tr><th>workgroup size</th><td class="mono">${variant?.workgroupSize.join(' × ') ?? '?'}</td></tr>
          <tr><th>dispatch</th><td class="mono">${workgroups.join(' × ')} workgroups</td></tr>
          <tr><th>pipeline key</th><td class="key"><code>${variant ? pipelineCacheKey(step.kernel.name, variant) : '?'}</code></td></tr>
        </tbody>
      </table></div>
      <h3>Override constants</h3>
      ${variant && Object.keys(variant.overrides).length
        ? html`<div class="scroll"><table class="data" data-testid="overrides"><thead><tr><th>name</th><th>WGSL type</th><th>value</th></tr></thead><tbody>
            ${Object.entries(variant.overrides).map(([k, v]) => html`<tr><td><code>${k}</code></td><td><code>${reflected instanceof Error ? '' : reflected.overrides.get(k) ?? ''}</code></td><td class="mono">${String(v)}</td></tr>`)}
          </tbody></table></div>`
        : html`<p class="hint">none</p>`}
      <h3>Bindings (reflected from the WGSL)</h3>
      ${reflected instanceof Error
        ? html`<p class="hint">${reflected.message}</p>`
        : html`<div class="scroll"><table class="data" data-testid="bindings"><thead><tr><th>@group</th><th>@binding</th><th>name</th><th>kind</th><th>bound to</th></tr></thead><tbody>
            ${(entry?.bindings ?? []).map(
              (b) => html`<tr><td class="num">${b.group}</td><td class="num">${b.binding}</td><td><code>${b.name}</code></td><td>${b.kind}</td>
                <td>${describeSource(step.bindings[b.name])}
                  ${b.uniform
                    ? html`<div class="mono">${b.uniform.structName} (${b.uniform.size} B): ${b.uniform.fields.map((f) => html`<div>+${f.offset} ${f.name}: ${f.type} = ${uniforms[f.name] ?? '?'}</div>`)}</div>`
                    : ''}
                </td></tr>`,
            )}
          </tbody></table></div>`}
      <h3>WGSL</h3>
      <pre data-testid="wgsl-source">${step.kernel.source.parts.map(
        (p) => html`<div class="part">// ── ${p.file}</div>${p.code.replace(/\n$/, '').split('\n').map((line) => html`<span class="line">${line}</span>`)}`,
      )}</pre>
    </section>`;
  }
}
