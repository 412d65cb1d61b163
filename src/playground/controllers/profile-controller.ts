/**
 * The profiler view's subscription: takes a snapshot of the profile store at most once per animation
 * frame, however fast frames arrive, and only while the view is on the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ProfileSnapshot, ProfileStore } from '../state/profile-store';

export class ProfileController implements ReactiveController {
  snapshot: ProfileSnapshot | undefined;
  private store: ProfileStore | undefined;
  private raf = 0;
  private active = true;
  private stale = false;
  private readonly onChange = () => {
    if (!this.active) {
      this.stale = true;
      return;
    }
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.refresh();
    });
  };

  constructor(
    private readonly element: ReactiveControllerHost,
    private readonly getStore: () => ProfileStore | undefined,
  ) {
    element.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  sync(): void {
    const store = this.getStore();
    if (store === this.store) return;
    this.store?.removeEventListener('change', this.onChange);
    store?.addEventListener('change', this.onChange);
    this.store = store;
    this.refresh();
  }

  /** A hidden view need not re-render per frame; it catches up when shown again. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active && this.stale) {
      this.stale = false;
      this.refresh();
    }
  }

  hostDisconnected(): void {
    this.store?.removeEventListener('change', this.onChange);
    this.store = undefined;
    cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  private refresh(): void {
    this.snapshot = this.store?.snapshot();
    this.element.requestUpdate();
  }
}
