// Runs the CPU reference IDN off the main thread (a 224 frame takes seconds in plain JS).
import { DYNAMIC_WEIGHT_SHAPES } from '../../engine/idn/dynamic-weights';
import type { TensorMap } from '../../engine/weights/tensor-map';
import { idnForward } from '../../model/reference/idn';
import { CROP_NODE } from './reference-names';
import type { ReferenceRequest, ReferenceResponse } from './reference-protocol';

// The project compiles against the DOM lib; this is the slice of the worker scope used here.
interface WorkerScope {
  onmessage: ((event: MessageEvent<ReferenceRequest>) => void) | null;
  postMessage(message: ReferenceResponse, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event: MessageEvent<ReferenceRequest>) => {
  const req = event.data;
  let reply: ReferenceResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    const t0 = performance.now();
    const weights: TensorMap = new Map(req.statics.map((s) => [s.name, { shape: [...s.shape], data: s.data }]));
    const injected = {
      depthwise: req.depthwise.map((data, i) => ({ shape: [...DYNAMIC_WEIGHT_SHAPES[i]!.depthwise], data })),
      pointwise: req.pointwise.map((data, i) => ({ shape: [...DYNAMIC_WEIGHT_SHAPES[i]!.pointwise], data })),
    };
    const wanted = new Set(req.wanted);
    const tensors: Record<string, Float32Array> = {};
    if (wanted.has(CROP_NODE)) tensors[CROP_NODE] = req.crop;
    idnForward(weights, injected, { shape: [1, 3, req.size, req.size], data: req.crop }, (name, t) => {
      if (wanted.has(name)) tensors[name] = t.data;
    });
    for (const t of Object.values(tensors)) if (!transfer.includes(t.buffer as ArrayBuffer)) transfer.push(t.buffer as ArrayBuffer);
    reply = { id: req.id, ok: true, tensors, ms: performance.now() - t0 };
  } catch (e) {
    reply = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  scope.postMessage(reply, transfer);
};
