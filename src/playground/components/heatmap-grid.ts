/**
 * A [C, H, W] tensor as one small heatmap per channel. Colours are scaled over the whole tensor (compare
 * channels) or per channel (see structure in quiet channels); NaN/Inf draw in magenta.
 */
import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { COLORMAP_CSS, heatmapRgba } from '../lib/colormap';
import { formatValue } from '../lib/format';
import { tensorStats } from '../lib/tensor-stats';

export type HeatmapScale = 'tensor' | 'channel';

export class HeatmapGrid extends LitElement {
  static override styles = css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(var(--mfs-tile, 96px), 1fr)); gap: 6px; }
    figure { margin: 0; }
    canvas { width: 100%; height: auto; display: block; image-rendering: pixelated; border-radius: 3px; background: #000; }
    figcaption { font: 11px/1.2 var(--mfs-mono, ui-monospace, monospace); color: var(--mfs-muted, #5b6270); }
    .legend { display: flex; align-items: center; gap: 0.5rem; font: 12px var(--mfs-mono, ui-monospace, monospace); margin: 0.25rem 0 0.5rem; }
    .ramp { flex: 0 1 220px; height: 10px; border-radius: 3px; }
  `;

  @property({ attribute: false }) data: Float32Array | undefined;
  /** [C, H, W] (a leading batch of 1 is allowed). */
  @property({ attribute: false }) shape: readonly number[] = [];
  @property() scale: HeatmapScale = 'tensor';
  /** Channels drawn: the first `limit`. */
  @property({ type: Number }) limit = 32;

  private get dims(): [number, number, number] | undefined {
    const s = this.shape.length === 4 && this.shape[0] === 1 ? this.shape.slice(1) : this.shape;
    if (s.length === 3) return [s[0]!, s[1]!, s[2]!];
    if (s.length === 2) return [1, s[0]!, s[1]!];
    return undefined;
  }

  override render() {
    const d = this.dims;
    if (!this.data || !d) return html``;
    const [c, h, w] = d;
    const shown = Math.min(c, this.limit);
    const range = this.scale === 'tensor' ? tensorStats(this.data) : undefined;
    return html`
      ${range
        ? html`<div class="legend"><span>${formatValue(range.min)}</span><span class="ramp" style="background:${COLORMAP_CSS}"></span><span>${formatValue(range.max)}</span></div>`
        : html`<div class="legend"><span>per-channel min</span><span class="ramp" style="background:${COLORMAP_CSS}"></span><span>max</span></div>`}
      <div class="grid">
        ${Array.from({ length: shown }, (_, i) => html`<figure><canvas width=${w} height=${h} data-channel=${i} data-testid="heatmap"></canvas><figcaption>c${i}</figcaption></figure>`)}
      </div>`;
  }

  override updated(): void {
    const d = this.dims;
    const data = this.data;
    if (!data || !d) return;
    const [, h, w] = d;
    const whole = this.scale === 'tensor' ? tensorStats(data) : undefined;
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-channel]')) {
      const ch = Number(canvas.dataset.channel);
      const offset = ch * h * w;
      const s = whole ?? tensorStats(data, offset, h * w);
      const ctx = canvas.getContext('2d');
      ctx?.putImageData(new ImageData(heatmapRgba(data, offset, w, h, s.min, s.max), w, h), 0, 0);
    }
  }
}
