/**
 * Per-dispatch timing statistics over many frames: mean, p50, p95 and share of the frame. Samples live in
 * a fixed-size ring per dispatch so a long session does not grow memory.
 */
export interface DispatchStats {
  readonly label: string;
  readonly samples: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Share of the sum of p50s, in [0, 1]. */
  readonly share: number;
}

export class ProfileAggregator {
  private readonly rings: Float64Array[];
  private readonly counts: number[];
  private frames = 0;

  constructor(readonly labels: readonly string[], readonly capacity = 240) {
    this.rings = labels.map(() => new Float64Array(capacity));
    this.counts = labels.map(() => 0);
  }

  /** One frame's durations (ms) per dispatch; negative or non-finite values (counter wrap, reordering) are dropped. */
  add(durationsMs: readonly number[]): void {
    if (durationsMs.length !== this.labels.length) throw new Error(`profile frame has ${durationsMs.length} durations for ${this.labels.length} dispatches`);
    durationsMs.forEach((d, i) => {
      if (!Number.isFinite(d) || d < 0) return;
      this.rings[i]![this.counts[i]! % this.capacity] = d;
      this.counts[i]!++;
    });
    this.frames++;
  }

  get frameCount(): number {
    return this.frames;
  }

  reset(): void {
    this.counts.fill(0);
    this.frames = 0;
  }

  stats(): DispatchStats[] {
    const rows = this.labels.map((label, i) => {
      const n = Math.min(this.counts[i]!, this.capacity);
      const sorted = Array.from(this.rings[i]!.subarray(0, n)).sort((a, b) => a - b);
      const at = (q: number) => (n ? sorted[Math.min(n - 1, Math.floor(q * n))]! : NaN);
      return { label, samples: n, meanMs: n ? sorted.reduce((a, b) => a + b, 0) / n : NaN, p50Ms: at(0.5), p95Ms: at(0.95), share: 0 };
    });
    const total = rows.reduce((s, r) => s + (Number.isFinite(r.p50Ms) ? r.p50Ms : 0), 0);
    return rows.map((r) => ({ ...r, share: total > 0 && Number.isFinite(r.p50Ms) ? r.p50Ms / total : 0 }));
  }

  /** Whether the timestamps look quantised (all samples multiples of a coarse step, e.g. Chrome's 100 µs). */
  quantisationMs(): number | undefined {
    const values = this.rings.flatMap((r, i) => Array.from(r.subarray(0, Math.min(this.counts[i]!, this.capacity)))).filter((v) => v > 0);
    if (values.length < 8) return undefined;
    for (const step of [1, 0.1]) {
      if (values.every((v) => Math.abs(v / step - Math.round(v / step)) < 1e-6)) return step;
    }
    return undefined;
  }

  toCsv(): string {
    const lines = ['dispatch,samples,mean_ms,p50_ms,p95_ms,share'];
    for (const s of this.stats()) lines.push([JSON.stringify(s.label), s.samples, s.meanMs, s.p50Ms, s.p95Ms, s.share].join(','));
    return `${lines.join('\n')}\n`;
  }
}
