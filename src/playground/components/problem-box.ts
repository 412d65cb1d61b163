/** A failure, said plainly: title, what happened and what to do, with room for an action button. */
import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import type { Problem } from '../lib/messages';

export class ProblemBox extends LitElement {
  static override styles = css`
    :host { display: block; }
    .box { border: 1px solid var(--mfs-danger, #b00020); background: var(--mfs-danger-bg, #fde7e9); color: var(--mfs-fg, #1b1d21);
      border-radius: var(--mfs-radius, 8px); padding: 0.75rem 1rem; }
    .box.info { border-color: var(--mfs-border, #d9dde3); background: var(--mfs-info-bg, #eef3ff); }
    h2 { margin: 0 0 0.3rem; font-size: 1.05rem; color: var(--mfs-danger, #b00020); }
    .info h2 { color: var(--mfs-fg, #1b1d21); }
    p { margin: 0 0 0.5rem; line-height: 1.45; overflow-wrap: anywhere; white-space: pre-line; }
    ::slotted(*) { margin-right: 0.5rem; }
  `;

  @property({ attribute: false }) problem: Problem | undefined;
  /** 'error' (red) or 'info' (a softer box for expected situations, like an unavailable feature). */
  @property() tone: 'error' | 'info' = 'error';

  override render() {
    if (!this.problem) return html``;
    return html`<div class="box ${this.tone}" role=${this.tone === 'error' ? 'alert' : 'status'} data-code=${this.problem.code}>
      <h2>${this.problem.title}</h2>
      <p>${this.problem.detail}</p>
      <slot></slot>
    </div>`;
  }
}
