/**
 * Drives live video through the engine one frame at a time: grab the newest frame, await its swap, then
 * wait for the next video frame. A slow device simply processes fewer frames; nothing ever queues. The
 * loop stops when its element leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class VideoLoop implements ReactiveController {
  /** Frames processed per second (exponential moving average of the loop period). */
  fps = 0;
  lastFrameMs = 0;
  running = false;
  private generation = 0;

  constructor(private readonly element: ReactiveControllerHost) {
    element.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** `step` processes one frame and returns false to skip (e.g. no frame decoded yet). */
  start(video: HTMLVideoElement, step: () => Promise<boolean>, onError: (e: unknown) => void): void {
    this.stop();
    const gen = ++this.generation;
    this.running = true;
    this.fps = 0;
    this.element.requestUpdate();
    void (async () => {
      let last = performance.now();
      while (gen === this.generation) {
        await nextVideoFrame(video);
        if (gen !== this.generation) break;
        const t0 = performance.now();
        let processed: boolean;
        try {
          processed = await step();
        } catch (e) {
          if (gen === this.generation) {
            this.stop();
            onError(e);
          }
          return;
        }
        if (!processed) continue;
        const now = performance.now();
        this.lastFrameMs = now - t0;
        const period = now - last;
        last = now;
        this.fps = this.fps === 0 ? 1000 / period : 0.8 * this.fps + 0.2 * (1000 / period);
        this.element.requestUpdate();
      }
    })();
  }

  stop(): void {
    this.generation++;
    if (this.running) {
      this.running = false;
      this.element.requestUpdate();
    }
  }
}

/** Resolve on the next presented video frame (or the next animation frame where that API is missing). */
function nextVideoFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    const v = video as HTMLVideoElement & { requestVideoFrameCallback?: (cb: () => void) => number };
    if (typeof v.requestVideoFrameCallback === 'function' && !video.paused) v.requestVideoFrameCallback(() => resolve());
    else requestAnimationFrame(() => resolve());
  });
}
