/**
 * onnxruntime-web in the benchmark page. The runtime's own .mjs/.wasm files are served from /ort/ (straight
 * out of node_modules by bench/browser/server.ts), so Vite never rewrites them. Threads need cross-origin
 * isolation (the server sends COOP/COEP); ORT's default would take only half the cores, so ask for all.
 */
import * as ort from 'onnxruntime-web';

export type OrtBackend = 'wasm' | 'webgpu';

export interface OrtSetup {
  readonly version: string;
  readonly wasmThreads: number;
  readonly crossOriginIsolated: boolean;
}

let configured: OrtSetup | undefined;

export function configureOrt(): OrtSetup {
  if (configured) return configured;
  const isolated = globalThis.crossOriginIsolated === true;
  ort.env.wasm.wasmPaths = new URL('/ort/', location.href).href;
  ort.env.wasm.numThreads = isolated ? Math.max(1, navigator.hardwareConcurrency || 1) : 1;
  ort.env.logLevel = 'error';
  configured = { version: ort.env.versions.web ?? 'unknown', wasmThreads: ort.env.wasm.numThreads, crossOriginIsolated: isolated };
  return configured;
}

export async function createSession(bytes: Uint8Array, backend: OrtBackend): Promise<ort.InferenceSession> {
  configureOrt();
  return ort.InferenceSession.create(bytes, { executionProviders: [backend], graphOptimizationLevel: 'all', logSeverityLevel: 3 });
}

/** Runs the session on one float32 input; returns the named float32 outputs (copied to the CPU, as ORT does by default). */
export async function runSession(session: ort.InferenceSession, input: { name: string; data: Float32Array; dims: readonly number[] }): Promise<Record<string, Float32Array>> {
  const result = await session.run({ [input.name]: new ort.Tensor('float32', input.data, input.dims) });
  const out: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(result)) {
    if (!(tensor.data instanceof Float32Array)) throw new Error(`ORT output "${name}" is ${tensor.type}, not float32`);
    out[name] = tensor.data;
  }
  return out;
}
