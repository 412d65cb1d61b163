/**
 * Frame profiles of the current engine, kept across tab switches. Subscribing to the engine's profiles is
 * what turns per-dispatch timing on (one compute pass per dispatch), so pausing unsubscribes and frames go
 * back to a single pass. The per-dispatch statistics themselves live in the engine's ProfileAggregator.
 */
import type { FaceSwapEngine, FrameProfile } from '../../engine/face-swap-engine';
import type { DispatchStats } from '../../engine/profiler/aggregate';

const WALL_RING = 240;

export interface ProfileSnapshot {
  readonly frames: number;
  readonly latest: FrameProfile | undefined;
  readonly stats: readonly DispatchStats[];
  readonly wallP50Ms: number;
  readonly quantisationMs: number | undefined;
  readonly paused: boolean;
}

export class ProfileStore extends EventTarget {
  private engine: FaceSwapEngine | undefined;
  private unsubscribe: (() => void) | undefined;
  private latestProfile: FrameProfile | undefined;
  private wall: number[] = [];
  private frameCount = 0;
  private isPaused = false;

  attach(engine: FaceSwapEngine | undefined): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.engine = engine;
    this.clear();
    if (engine && !this.isPaused) this.subscribe(engine);
  }

  get paused(): boolean {
    return this.isPaused;
  }

  setPaused(paused: boolean): void {
    if (paused === this.isPaused) return;
    this.isPaused = paused;
    if (paused) {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
    } else if (this.engine) this.subscribe(this.engine);
    this.changed();
  }

  /** Forget every sample (the engine's aggregate included). */
  reset(): void {
    this.engine?.profileAggregate?.reset();
    this.clear();
  }

  /** Weights were reloaded: the engine made a new aggregator for the new plan. */
  planChanged(): void {
    this.clear();
  }

  snapshot(): ProfileSnapshot {
    const agg = this.engine?.profileAggregate;
    const sorted = [...this.wall].sort((a, b) => a - b);
    return {
      frames: this.frameCount,
      latest: this.latestProfile,
      stats: agg ? agg.stats() : [],
      wallP50Ms: sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN,
      quantisationMs: agg?.quantisationMs(),
      paused: this.isPaused,
    };
  }

  private subscribe(engine: FaceSwapEngine): void {
    this.unsubscribe = engine.onProfile((p) => {
      this.latestProfile = p;
      this.frameCount++;
      this.wall.push(p.wallMs);
      if (this.wall.length > WALL_RING) this.wall.shift();
      this.changed();
    });
  }

  private clear(): void {
    this.latestProfile = undefined;
    this.wall = [];
    this.frameCount = 0;
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
