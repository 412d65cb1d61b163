/**
 * The notice shown whenever synthetic weights are loaded: their output is not a face swap. It stays on
 * screen (sticky) however far the page scrolls; on narrow screens only the headline remains.
 */
import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { SYNTHETIC_NOTICE } from '../../engine/weights/synthetic';

export class SyntheticBanner extends LitElement {
  static override styles = css`
    :host { display: block; position: sticky; top: 0; z-index: 10; }
    .banner {
      background: repeating-linear-gradient(-45deg, var(--mfs-warn-bg, #ffd400) 0 18px, var(--mfs-warn-bg-2, #ffe45c) 18px 36px);
      color: var(--mfs-warn-fg, #1b1400);
      border-bottom: 3px solid var(--mfs-warn-fg, #1b1400);
      padding: 0.45rem 1rem;
    }
    strong { font-size: 1.05rem; }
    .more { font-size: 0.85rem; margin-left: 0.5rem; }
    @media (max-width: 700px) { .more { display: none; } strong { font-size: 0.95rem; } }
  `;

  /** Where the weights came from (the engine's description), for the tooltip. */
  @property() description = '';

  override render() {
    return html`<div class="banner" role="alert" data-testid="synthetic-banner" title=${this.description}>
      <strong>⚠ Synthetic weights: this is not a real face swap</strong>
      <span class="more">${SYNTHETIC_NOTICE}: generated weights of the right shapes, so the output only shows the engine working.
        Load the official checkpoints in the Weights tab, or drop both .pdparams files on the page.</span>
    </div>`;
  }
}
