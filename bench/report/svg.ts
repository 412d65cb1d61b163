/**
 * A hand-written horizontal bar chart: median ms per contender on a log axis (the contenders span three or
 * four orders of magnitude), p10–p90 as a whisker, grouped by what was run where.
 */
import type { BenchReport, ContenderResult } from '../lib/types';
import { ms } from './format';

interface Bar {
  readonly label: string;
  readonly sub: string;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly ours: boolean;
}

/** Axis ticks are powers of ten: ms below a second, seconds above. */
const tick = (v: number) => (v < 1000 ? `${+v.toPrecision(1)} ms` : `${+(v / 1000).toPrecision(1)} s`);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function bars(list: readonly ContenderResult[]): Bar[] {
  return list
    .filter((c) => c.status === 'timed' && c.timing && c.timing.runs > 0)
    .map((c) => ({ label: c.label, sub: `${c.where.replace(', CPU-emulated', '')} · ${c.timing!.runs} runs`, median: c.timing!.medianMs, p10: c.timing!.p10Ms, p90: c.timing!.p90Ms, ours: c.id.startsWith('ours') || (c.id.startsWith('node') && !c.id.startsWith('node-ort')) }));
}

export function renderSvg(r: BenchReport): string {
  const groups: { title: string; bars: Bar[] }[] = [
    { title: `IDN frame ${r.size}×${r.size}, Chromium (one session)`, bars: bars(r.browser?.contenders.filter((c) => c.group === 'idn') ?? []) },
    { title: `IDN frame ${r.size}×${r.size}, Node`, bars: bars(r.node?.contenders ?? []) },
    { title: 'Identity switch (224×224 source crop), Chromium', bars: bars(r.browser?.contenders.filter((c) => c.group === 'identity') ?? []) },
  ].filter((g) => g.bars.length > 0);
  const all = groups.flatMap((g) => g.bars);
  const W = 980;
  const labelW = 470;
  const plotW = 400;
  const x0 = labelW + 10;
  const rowH = 34;
  const top = 64;
  let height = top + 40;
  for (const g of groups) height += 28 + g.bars.length * rowH;
  height += 40;
  const lo = all.length ? Math.pow(10, Math.floor(Math.log10(Math.max(1e-3, Math.min(...all.map((b) => Math.min(b.p10, b.median))))))) : 1;
  const hi = all.length ? Math.pow(10, Math.ceil(Math.log10(Math.max(...all.map((b) => Math.max(b.p90, b.median)))))) : 10;
  const decades = Math.max(1, Math.round(Math.log10(hi / lo)));
  const x = (v: number) => x0 + (plotW * Math.log10(Math.max(lo, v) / lo)) / decades;
  const s: string[] = [];
  s.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="12">`);
  s.push(`<rect width="${W}" height="${height}" fill="#ffffff"/>`);
  s.push(`<text x="12" y="22" font-size="15" font-weight="bold">Median ms per run (log scale; whisker p10–p90; shorter is faster) — ${esc(r.mode)} run</text>`);
  s.push(`<text x="12" y="42" fill="#b00020">${esc(r.caveat)}</text>`);
  const axisTop = top;
  const axisBottom = height - 40;
  for (let d = 0; d <= decades; d++) {
    const v = lo * Math.pow(10, d);
    const px = x(v);
    s.push(`<line x1="${px.toFixed(1)}" y1="${axisTop}" x2="${px.toFixed(1)}" y2="${axisBottom}" stroke="#dddddd"/>`);
    s.push(`<text x="${px.toFixed(1)}" y="${axisBottom + 16}" text-anchor="middle" fill="#555555">${tick(v)}</text>`);
  }
  let y = top + 8;
  for (const g of groups) {
    s.push(`<text x="12" y="${y + 14}" font-weight="bold">${esc(g.title)}</text>`);
    y += 28;
    for (const b of g.bars) {
      const colour = b.ours ? '#2b6cb0' : '#dd8452';
      s.push(`<text x="${labelW}" y="${y + 12}" text-anchor="end">${esc(b.label)}</text>`);
      s.push(`<text x="${labelW}" y="${y + 25}" text-anchor="end" font-size="10" fill="#666666">${esc(b.sub.length > 84 ? `${b.sub.slice(0, 81)}…` : b.sub)}</text>`);
      s.push(`<rect x="${x0}" y="${y + 4}" width="${Math.max(1, x(b.median) - x0).toFixed(1)}" height="18" fill="${colour}"/>`);
      const [w0, w1] = [x(b.p10).toFixed(1), x(b.p90).toFixed(1)];
      s.push(`<path d="M${w0} ${y + 8}v10M${w0} ${y + 13}H${w1}M${w1} ${y + 8}v10" stroke="#222222" stroke-width="1.5" fill="none"/>`);
      s.push(`<text x="${(Math.max(x(b.median), x(b.p90)) + 6).toFixed(1)}" y="${y + 17}">${esc(ms(b.median))} ms</text>`);
      y += rowH;
    }
  }
  s.push(`<text x="12" y="${height - 10}" font-size="10" fill="#666666">blue: ours (WGSL) · orange: onnxruntime-web · ${esc(r.generatedAt)}</text>`);
  s.push('</svg>');
  return `${s.join('\n')}\n`;
}
