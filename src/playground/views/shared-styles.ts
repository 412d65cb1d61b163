/** Cards, buttons and tables shared by the views; colours come from the page's CSS custom properties. */
import { css } from 'lit';

export const controlStyles = css`
  :host { display: block; }
  .card { background: var(--mfs-surface, #fff); border: 1px solid var(--mfs-border, #d9dde3); border-radius: var(--mfs-radius, 8px);
    padding: 0.75rem 1rem; margin-bottom: 1rem; min-width: 0; }
  h2 { font-size: 1rem; margin: 0 0 0.4rem; display: flex; gap: 0.75rem; align-items: baseline; flex-wrap: wrap; }
  h3 { font-size: 0.9rem; margin: 0.75rem 0 0.3rem; }
  .hint { color: var(--mfs-muted, #5b6270); font-size: 0.85rem; margin: 0.2rem 0; }
  .row { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; margin: 0.4rem 0; }
  button, .button { font: inherit; font-size: 0.9rem; padding: 0.3rem 0.75rem; border-radius: 6px; border: 1px solid var(--mfs-accent, #2f5bd3);
    background: var(--mfs-accent, #2f5bd3); color: var(--mfs-accent-fg, #fff); cursor: pointer; display: inline-block; position: relative; }
  button.secondary, .button.secondary { background: transparent; color: var(--mfs-accent, #2f5bd3); }
  button:disabled { opacity: 0.5; cursor: default; }
  .button input[type='file'] { position: absolute; inset: 0; opacity: 0; cursor: pointer; width: 100%; }
  select, input[type='text'], input[type='url'], input[type='number'] { font: inherit; font-size: 0.9rem; padding: 0.25rem 0.4rem;
    border: 1px solid var(--mfs-border, #d9dde3); border-radius: 6px; background: var(--mfs-surface, #fff); color: inherit; max-width: 100%; }
  .scroll { overflow-x: auto; max-width: 100%; }
  table.data { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
  table.data th, table.data td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--mfs-border, #e6e9ee); vertical-align: top; }
  table.data th { font-weight: 600; color: var(--mfs-muted, #5b6270); white-space: nowrap; }
  table.data td.num, table.data th.num, td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  code, .mono { font-family: var(--mfs-mono, ui-monospace, SFMono-Regular, Menlo, monospace); font-size: 0.82rem; }
  .badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 999px; font-size: 0.75rem; font-weight: 600;
    background: var(--mfs-info-bg, #eef3ff); color: var(--mfs-fg, #1b1d21); border: 1px solid var(--mfs-border, #d9dde3); }
  .badge.warn { background: var(--mfs-warn-bg, #ffd400); color: var(--mfs-warn-fg, #1b1400); border-color: transparent; }
  .badge.ok { background: var(--mfs-ok-bg, #e3f5e9); color: var(--mfs-ok, #1f7a3d); border-color: transparent; }
  .badge.bad { background: var(--mfs-danger-bg, #fde7e9); color: var(--mfs-danger, #b00020); border-color: transparent; }
  mfs-problem { margin: 0.5rem 0; }
`;
