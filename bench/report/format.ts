/** Number formatting shared by the Markdown table, the console summary and the chart. */
export function ms(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (v >= 1000) return Math.round(v).toLocaleString('en-US');
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(2);
}

export function gmacPerSecond(macs: number, medianMs: number | undefined): string {
  if (medianMs === undefined || !Number.isFinite(medianMs) || medianMs <= 0) return '–';
  const r = macs / 1e6 / medianMs;
  return r >= 10 ? r.toFixed(1) : r >= 1 ? r.toFixed(2) : r.toFixed(3);
}

export function sci(v: number): string {
  return v === 0 ? '0' : Number.isFinite(v) ? v.toExponential(1) : String(v);
}
