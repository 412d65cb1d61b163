/** Before and after, side by side or stacked under a draggable divider. */
import { LitElement, css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { RgbaImage } from './rgba-canvas';

export type CompareMode = 'side-by-side' | 'slider';

export class CompareView extends LitElement {
  static override styles = css`
    :host { display: block; }
    .side { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem; }
    figure { margin: 0; }
    figcaption { font-size: 0.8rem; color: var(--mfs-muted, #5b6270); }
    .slider { position: relative; max-width: 100%; }
    .slider .after { position: absolute; inset: 0; }
    .divider { position: absolute; top: 0; bottom: 0; width: 2px; background: #fff; box-shadow: 0 0 0 1px #0008; pointer-events: none; }
    input[type='range'] { width: 100%; margin: 0.4rem 0 0; }
    mfs-rgba-canvas { display: block; }
  `;

  @property({ attribute: false }) beforeImage: RgbaImage | undefined;
  @property({ attribute: false }) afterImage: RgbaImage | undefined;
  @property() mode: CompareMode = 'side-by-side';
  @state() private split = 50;

  override render() {
    if (this.mode === 'side-by-side') {
      return html`<div class="side">
        <figure><mfs-rgba-canvas .image=${this.beforeImage} label="before"></mfs-rgba-canvas><figcaption>before</figcaption></figure>
        <figure><mfs-rgba-canvas .image=${this.afterImage} label="after" data-testid="swap-output"></mfs-rgba-canvas><figcaption>after</figcaption></figure>
      </div>`;
    }
    return html`<div class="slider">
        <mfs-rgba-canvas .image=${this.beforeImage} label="before"></mfs-rgba-canvas>
        <mfs-rgba-canvas class="after" style="clip-path: inset(0 0 0 ${this.split}%)" .image=${this.afterImage} label="after" data-testid="swap-output"></mfs-rgba-canvas>
        <div class="divider" style="left: ${this.split}%"></div>
      </div>
      <input type="range" min="0" max="100" .value=${String(this.split)} aria-label="before / after divider"
        @input=${(e: Event) => (this.split = Number((e.target as HTMLInputElement).value))} />`;
  }
}
