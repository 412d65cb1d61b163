/**
 * The tensor inspector's readback: reads the selected tensor after every frame (and when the selection
 * changes), at most one read in flight; a frame that lands during a read triggers one more read, never a queue.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EngineHost } from '../state/engine-host';

export interface TensorReading {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
  /** host.frameCount when read: a CPU reference is only comparable to the same frame. */
  readonly frame: number;
}

export class TensorReadback implements ReactiveController {
  reading: TensorReading | undefined;
  error: string | undefined;
  private host: EngineHost | undefined;
  private selected: string | undefined;
  private active = true;
  private missed = false;
  private inFlight = false;
  private again = false;
  private readonly onFrame = () => this.request();

  constructor(
    private readonly element: ReactiveControllerHost,
    private readonly getHost: () => EngineHost | undefined,
  ) {
    element.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.host?.removeEventListener('frame', this.onFrame);
    this.host = undefined;
  }

  sync(): void {
    const host = this.getHost();
    if (host === this.host) return;
    this.host?.removeEventListener('frame', this.onFrame);
    host?.addEventListener('frame', this.onFrame);
    this.host = host;
  }

  select(name: string | undefined): void {
    if (name === this.selected) return;
    this.selected = name;
    this.reading = undefined;
    this.error = undefined;
    this.request();
  }

  /** While the inspector is hidden, frames only mark the reading stale; it is read again when shown. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active && this.missed) {
      this.missed = false;
      this.request();
    }
  }

  request(): void {
    if (!this.active) {
      this.missed = true;
      return;
    }
    if (this.inFlight) {
      this.again = true;
      return;
    }
    void this.read();
  }

  private async read(): Promise<void> {
    const host = this.host;
    const name = this.selected;
    if (!host?.ready || !name || host.frameCount === 0) {
      this.element.requestUpdate();
      return;
    }
    this.inFlight = true;
    try {
      const result = await host.read(async (engine) => {
        const slot = engine.executor.plan.inspectable.get(name);
        if (!slot) throw new Error(`this plan keeps no tensor "${name}"`);
        return { name, shape: slot.shape, data: await engine.executor.readTensor(name), frame: host.frameCount };
      });
      if (name === this.selected) {
        this.reading = result;
        this.error = undefined;
      }
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.inFlight = false;
      this.element.requestUpdate();
    }
    if (this.again) {
      this.again = false;
      this.request();
    }
  }
}
