/** Re-render an element whenever the engine host's state changes (subscribed only while connected). */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EngineHost } from '../state/engine-host';

export class HostController implements ReactiveController {
  private subscribed: EngineHost | undefined;
  private readonly onChange = () => this.element.requestUpdate();

  constructor(
    private readonly element: ReactiveControllerHost,
    private readonly getHost: () => EngineHost | undefined,
  ) {
    element.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  /** Call from the element's willUpdate so a newly passed host is picked up. */
  sync(): void {
    const host = this.getHost();
    if (host === this.subscribed) return;
    this.subscribed?.removeEventListener('change', this.onChange);
    host?.addEventListener('change', this.onChange);
    this.subscribed = host;
  }

  hostDisconnected(): void {
    this.subscribed?.removeEventListener('change', this.onChange);
    this.subscribed = undefined;
  }
}
