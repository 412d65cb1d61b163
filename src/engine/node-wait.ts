/**
 * Waiting on a GPU promise in Node without dawn.node busy-polling a whole core: sleep 1 ms between event-loop
 * turns (Atomics.wait) until it settles. Benchmarks use this so the GPU emulator keeps both cores.
 */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export async function gentleAwait<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  while (!settled) {
    Atomics.wait(sleeper, 0, 0, 1);
    await new Promise((r) => setImmediate(r));
  }
  return tracked;
}
