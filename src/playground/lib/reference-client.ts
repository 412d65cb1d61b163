/**
 * Page side of the CPU reference: collects what the GPU frame used (the crop it read, the identity's 18
 * kernels, the static head weights) and asks the worker for the matching reference tensors.
 */
import type { FaceSwapEngine } from '../../engine/face-swap-engine';
import { CROP_NODE, referenceNodeFor } from './reference-names';
import type { ReferenceRequest, ReferenceResponse } from './reference-protocol';

export interface ReferenceResult {
  /** By plan (inspector) name. */
  readonly tensors: ReadonlyMap<string, Float32Array>;
  readonly ms: number;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (r: ReferenceResponse) => void; reject: (e: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./reference-worker.ts', import.meta.url), { type: 'module', name: 'cpu-reference' });
  worker.onmessage = (e: MessageEvent<ReferenceResponse>) => {
    pending.get(e.data.id)?.resolve(e.data);
    pending.delete(e.data.id);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    for (const p of pending.values()) p.reject(new Error(`the CPU reference worker failed: ${e.message}`));
    pending.clear();
    worker?.terminate();
    worker = undefined;
  };
  return worker;
}

/**
 * Run the reference on the crop of the frame the GPU ran last. Call between frames: it reads the plan's
 * 'crop' tensor and the identity's kernels back from the GPU.
 */
export async function computeReference(engine: FaceSwapEngine): Promise<ReferenceResult> {
  const weights = engine.loadedWeights;
  if (!weights) throw new Error('load weights first');
  const executor = engine.executor;
  const crop = await executor.readTensor('crop');
  const kernels = await engine.readInjectedKernels();
  const statics = [...weights.swap]
    .filter(([name]) => name.startsWith('final.') || name.startsWith('mask.'))
    .map(([name, t]) => ({ name, shape: t.shape, data: t.data.slice() }));
  const byNode = new Map<string, string[]>();
  for (const name of executor.plan.inspectable.keys()) {
    const node = referenceNodeFor(name);
    if (node) byNode.set(node, [...(byNode.get(node) ?? []), name]);
  }
  const request: ReferenceRequest = {
    id: nextId++,
    statics,
    depthwise: kernels.depthwise.map((k) => k.slice()),
    pointwise: kernels.pointwise.map((k) => k.slice()),
    crop,
    size: executor.size,
    wanted: [...byNode.keys()],
  };
  const w = getWorker();
  const reply = await new Promise<ReferenceResponse>((resolve, reject) => {
    pending.set(request.id, { resolve, reject });
    w.postMessage(request);
  });
  if (!reply.ok) throw new Error(`CPU reference failed: ${reply.error}`);
  const tensors = new Map<string, Float32Array>();
  for (const [node, names] of byNode) {
    const data = node === CROP_NODE ? crop : reply.tensors[node];
    if (data) for (const n of names) tensors.set(n, data);
  }
  return { tensors, ms: reply.ms };
}
