/**
 * onnxruntime-web in Node, on the same Dawn instance (hence the same adapter) as our engine: its WebGPU EP
 * (the `onnxruntime-web/webgpu` build, whose C++ EP talks to `navigator.gpu`) and its wasm EP. Lets the Node
 * part of the benchmark compare against ORT on any adapter Dawn finds — a real GPU included, where no
 * Chromium is at hand.
 *
 * Two shims, both Node-only and both benchmark-only:
 * - `navigator.gpu`: Node 20 has no `navigator`; ORT looks the WebGPU entry point up there.
 * - `GPUQueue.writeBuffer` from a SharedArrayBuffer: ORT's threaded wasm heap is shared memory, and Dawn's
 *   Node binding rejects views of it ("Invalid argument"); browsers accept them. The shim copies such views
 *   first — one extra CPU copy per upload, on ORT's side of the ledger.
 */
import { cpus } from 'node:os';
import type * as Ort from 'onnxruntime-web';

export type NodeOrtBackend = 'wasm' | 'webgpu';

export interface NodeOrt {
  readonly ort: typeof Ort;
  readonly version: string;
  readonly wasmThreads: number;
}

let loaded: Promise<NodeOrt> | undefined;

function installNavigator(gpu: GPU): void {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return;
  if (nav) {
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    return;
  }
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, hardwareConcurrency: cpus().length, userAgent: `Node.js/${process.version}` }, configurable: true });
}

function copySharedUploads(): void {
  const proto = (globalThis as unknown as { GPUQueue: { prototype: GPUQueue & { __sharedCopy?: true } } }).GPUQueue.prototype;
  if (proto.__sharedCopy) return;
  const original = proto.writeBuffer;
  proto.writeBuffer = function (this: GPUQueue, buffer: GPUBuffer, offset: GPUSize64, data: BufferSource | SharedArrayBuffer, dataOffset?: GPUSize64, size?: GPUSize64) {
    if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer) {
      const unit = (data as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
      const first = Number(dataOffset ?? 0);
      const count = size === undefined ? data.byteLength / unit - first : Number(size);
      const copy = new Uint8Array(data.buffer, data.byteOffset + first * unit, count * unit).slice();
      return original.call(this, buffer, offset, copy, 0, copy.byteLength);
    }
    return original.call(this, buffer, offset, data as BufferSource, dataOffset, size);
  } as GPUQueue['writeBuffer'];
  proto.__sharedCopy = true;
}

/**
 * Loads ORT once, pointed at `gpu` (the Dawn instance our engine uses). One wasm thread: ORT's web build
 * starts its threads as module Workers from blob URLs, which Node does not have, so its wasm EP figure in
 * Node is single-threaded (the Chromium part of the benchmark measures the threaded one).
 */
export function loadNodeOrt(gpu: GPU): Promise<NodeOrt> {
  loaded ??= (async () => {
    installNavigator(gpu);
    copySharedUploads();
    const ort = (await import('onnxruntime-web/webgpu')) as unknown as typeof Ort;
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    return { ort, version: ort.env.versions.web ?? 'unknown', wasmThreads: ort.env.wasm.numThreads };
  })();
  return loaded;
}

/** One ORT session on the exported IDN: `run` takes the crop and returns the outputs on the CPU (ORT's default). */
export async function nodeOrtIdnSession(o: NodeOrt, onnx: Uint8Array, backend: NodeOrtBackend, size: number) {
  const session = await o.ort.InferenceSession.create(onnx, { executionProviders: [backend], graphOptimizationLevel: 'all', logSeverityLevel: 3 });
  return {
    async run(crop: Float32Array): Promise<{ out: Float32Array; mask: Float32Array }> {
      const r = await session.run({ crop: new o.ort.Tensor('float32', crop, [1, 3, size, size]) });
      const out = r.out?.data;
      const mask = r.mask?.data;
      if (!(out instanceof Float32Array) || !(mask instanceof Float32Array)) throw new Error(`ORT ${backend} EP returned no float32 "out"/"mask" outputs (got ${Object.keys(r).join(', ')})`);
      return { out, mask };
    },
    release: () => session.release(),
  };
}
