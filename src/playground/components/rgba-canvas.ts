/** A canvas showing RGBA bytes at their own resolution, scaled by CSS. */
import { LitElement, css, html } from 'lit';
import { property, query } from 'lit/decorators.js';
import { paintRgba } from '../lib/images';

export interface RgbaImage {
  readonly rgba: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
}

export class RgbaCanvas extends LitElement {
  static override styles = css`
    :host { display: inline-block; }
    canvas { display: block; width: 100%; height: auto; background: var(--mfs-canvas-bg, #0f1115); border-radius: 4px; }
    canvas.pixelated { image-rendering: pixelated; }
  `;

  @property({ attribute: false }) image: RgbaImage | undefined;
  @property() label = '';
  @property({ type: Boolean }) pixelated = false;
  @query('canvas') private canvas!: HTMLCanvasElement;

  override render() {
    return html`<canvas class=${this.pixelated ? 'pixelated' : ''} role="img" aria-label=${this.label}></canvas>`;
  }

  override updated(): void {
    const img = this.image;
    if (img) paintRgba(this.canvas, img.rgba, img.width, img.height);
  }
}
