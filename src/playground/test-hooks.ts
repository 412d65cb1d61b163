/**
 * `window.mfs`: a small handle for the end-to-end tests and for poking at the engine from the console.
 * The tests use it to skip the slow paths on CPU emulators (e.g. a random identity instead of an ArcFace run).
 */
import type { EngineHost } from './state/engine-host';

export interface PlaygroundHandle {
  readonly host: EngineHost;
  /** Resolves once weights are loaded (or rejects with the page's problem when start-up failed). */
  whenReady(): Promise<void>;
  /** An identity from a seeded embedding: no ArcFace run. */
  setRandomIdentity(seed?: number): Promise<void>;
  runFrames(n?: number): Promise<void>;
  /** Byte progress reported while weights downloaded (the last 100 reports). */
  readonly weightsProgress: { loaded: number; total: number | undefined }[];
  /** Destroy the GPU device as a driver reset would, to exercise the device-lost state. */
  loseDevice(): void;
}

declare global {
  interface Window {
    mfs?: PlaygroundHandle;
  }
}

export function installTestHooks(host: EngineHost): void {
  const weightsProgress: PlaygroundHandle['weightsProgress'] = [];
  host.addEventListener('change', () => {
    const p = host.progress;
    if (p?.loaded === undefined) return;
    weightsProgress.push({ loaded: p.loaded, total: p.total });
    if (weightsProgress.length > 100) weightsProgress.shift();
  });
  window.mfs = {
    host,
    weightsProgress,
    whenReady: () =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (host.ready) {
            host.removeEventListener('change', check);
            resolve();
          } else if (host.phase === 'failed' || host.phase === 'device-lost') {
            host.removeEventListener('change', check);
            reject(new Error(`${host.problem?.title}: ${host.problem?.detail}`));
          }
        };
        host.addEventListener('change', check);
        check();
      }),
    setRandomIdentity: (seed = 1) => host.setRandomIdentity(seed),
    runFrames: (n = 1) => host.runFrames(n),
    loseDevice: () => host.loseDeviceForTest(),
  };
}
