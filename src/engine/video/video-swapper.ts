/**
 * Swapping a video frame by frame. After a detection, faces are tracked from frame to frame with the
 * landmark model only; the detector runs again when a face is lost (tracker not confident), every
 * `redetectEvery` frames (to pick up new faces), or when tracking is off. The 5 points are smoothed over time
 * (1€ filter) so the swapped face does not jitter. Frames without a face pass through unchanged and are counted.
 */
import type { DetectedFace } from '../face-finder';
import type { FaceSwapEngine, SwapImageResult } from '../face-swap-engine';
import { PointSmoother, type OneEuroOptions } from './one-euro';

export interface VideoSwapOptions {
  readonly largestOnly?: boolean;
  readonly label?: boolean;
  /** Track faces between frames (default true); off = detect every frame (still smoothed). */
  readonly track?: boolean;
  /** Run the detector at least this often, in frames (default 30). */
  readonly redetectEvery?: number;
  /** Frame interval for smoothing when the caller gives no timestamps (default 1/30 s). */
  readonly frameSeconds?: number;
  readonly smoothing?: OneEuroOptions;
}

export interface VideoFrameResult extends SwapImageResult {
  /** How the faces of this frame were found. */
  readonly found: 'detected' | 'tracked' | 'none';
}

export class VideoSwapper {
  private faces: DetectedFace[] = [];
  private smoothers: PointSmoother[] = [];
  private sinceDetect = 0;
  private lastTime: number | undefined;
  framesWithoutFace = 0;
  framesDetected = 0;
  framesTracked = 0;

  constructor(
    private readonly engine: FaceSwapEngine,
    private readonly options: VideoSwapOptions = {},
  ) {}

  /** Swap one frame; `timeSeconds` (e.g. a video's currentTime) makes the smoothing follow real time. */
  async swapFrame(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, timeSeconds?: number): Promise<VideoFrameResult> {
    const dt = timeSeconds !== undefined && this.lastTime !== undefined ? timeSeconds - this.lastTime : this.options.frameSeconds ?? 1 / 30;
    this.lastTime = timeSeconds;
    const finder = await this.engine.faces();
    const t0 = performance.now();
    let found: VideoFrameResult['found'] = 'none';
    let faces: DetectedFace[] = [];
    const canTrack = (this.options.track ?? true) && finder.track && this.faces.length > 0 && this.sinceDetect < (this.options.redetectEvery ?? 30);
    if (canTrack) {
      const tracked = await finder.track!(rgba, width, height, this.faces);
      if (tracked.every((f) => f !== undefined)) {
        faces = tracked as DetectedFace[];
        found = 'tracked';
      }
    }
    if (found === 'none') {
      faces = await finder.detect(rgba, width, height);
      this.sinceDetect = 0;
      if (faces.length) found = 'detected';
      if (faces.length !== this.faces.length) this.smoothers = faces.map(() => new PointSmoother(5, this.options.smoothing));
    } else {
      this.sinceDetect++;
    }
    const findMs = performance.now() - t0;
    const smoothed = faces.map((f, i) => ({ ...f, fivePoints: (this.smoothers[i] ??= new PointSmoother(5, this.options.smoothing)).smooth(f.fivePoints, dt > 0 ? dt : 1 / 30) }));
    this.faces = smoothed;
    if (found === 'none') this.framesWithoutFace++;
    else if (found === 'detected') this.framesDetected++;
    else this.framesTracked++;
    const result = await this.engine.swapImage(rgba, width, height, { faces: smoothed, largestOnly: this.options.largestOnly, label: this.options.label });
    return { ...result, found, timings: { [found === 'tracked' ? 'track' : 'detect']: findMs, ...withoutDetect(result.timings) } };
  }

  reset(): void {
    this.faces = [];
    this.smoothers = [];
    this.lastTime = undefined;
    this.sinceDetect = 0;
  }
}

function withoutDetect(t: Readonly<Record<string, number>>): Record<string, number> {
  const { detect: _ignored, ...rest } = t;
  return rest;
}
