/**
 * The 1€ filter (Casiez, Roussel, Vogel, CHI 2012): an exponential smoother whose cut-off frequency rises with
 * the signal's speed, so a still face does not jitter and a moving face does not lag.
 */
export interface OneEuroOptions {
  /** Cut-off at rest, Hz: lower = steadier when still. */
  readonly minCutoff?: number;
  /** How fast the cut-off grows with speed: higher = less lag when moving. */
  readonly beta?: number;
  /** Cut-off for the speed estimate, Hz. */
  readonly derivativeCutoff?: number;
}

const alpha = (cutoff: number, dt: number) => {
  const tau = 1 / (2 * Math.PI * cutoff);
  return 1 / (1 + tau / dt);
};

export class OneEuroFilter {
  private x: number | undefined;
  private dx = 0;
  private readonly minCutoff: number;
  private readonly beta: number;
  private readonly dCutoff: number;

  constructor(options: OneEuroOptions = {}) {
    this.minCutoff = options.minCutoff ?? 1.0;
    this.beta = options.beta ?? 0.05;
    this.dCutoff = options.derivativeCutoff ?? 1.0;
  }

  /** Filter one sample taken `dt` seconds after the previous one. */
  filter(value: number, dt: number): number {
    if (this.x === undefined || !(dt > 0)) {
      this.x = value;
      this.dx = 0;
      return value;
    }
    const rawDx = (value - this.x) / dt;
    this.dx += alpha(this.dCutoff, dt) * (rawDx - this.dx);
    const cutoff = this.minCutoff + this.beta * Math.abs(this.dx);
    this.x += alpha(cutoff, dt) * (value - this.x);
    return this.x;
  }

  reset(): void {
    this.x = undefined;
    this.dx = 0;
  }
}

/** One filter per coordinate of a fixed set of 2-D points (the 5 alignment points). */
export class PointSmoother {
  private readonly filters: OneEuroFilter[];

  constructor(readonly count: number, options: OneEuroOptions = {}) {
    this.filters = Array.from({ length: 2 * count }, () => new OneEuroFilter(options));
  }

  smooth(points: readonly (readonly [number, number])[], dt: number): [number, number][] {
    if (points.length !== this.count) throw new Error(`expected ${this.count} points, got ${points.length}`);
    return points.map(([x, y], i) => [this.filters[2 * i]!.filter(x, dt), this.filters[2 * i + 1]!.filter(y, dt)]);
  }

  reset(): void {
    this.filters.forEach((f) => f.reset());
  }
}
