/**
 * Our IDN frame in Node (Dawn from the npm "webgpu" package: lavapipe here, a real GPU where Dawn finds one):
 * the same inputs as the page, fused and unfused plans, and onnxruntime-web's WebGPU and wasm EPs on the
 * exported ONNX on the same Dawn adapter and CPU. Outputs are checked against each other (and against the
 * page's ORT wasm output when the page ran) before anything is timed; then wall time per frame (submit →
 * done, GPU allocations counted), frames per second with frames queued back to back, and per-dispatch GPU
 * time from timestamp queries.
 */
import { adapterLabel, type Capabilities } from '../../src/engine/capabilities';
import { acquireGpu } from '../../src/engine/device';
import { IdnExecutor } from '../../src/engine/idn/executor';
import type { IdnTiling } from '../../src/engine/idn/tiling';
import { nodeGpu } from '../../src/engine/node-gpu';
import { gentleAwait } from '../../src/engine/node-wait';
import { exportIdnOnnx } from '../../src/engine/onnx';
import { PipelineCache } from '../../src/engine/pipeline-cache';
import { ProfileAggregator } from '../../src/engine/profiler/aggregate';
import { FrameProfiler } from '../../src/engine/profiler/frame-profiler';
import { shortAdapter } from '../lib/adapter';
import { agreeClose, type PairAgreement } from '../lib/agreement';
import { countAllocations } from '../lib/frame-allocations';
import { inputDigest, makeIdnInputs, type IdnInputs } from '../lib/inputs';
import { planFigures } from '../lib/plan-figures';
import { timeRuns, type RunPolicy } from '../lib/stats';
import type { ContenderResult, NodeRun, PerDispatchRow, PipelinedFigure } from '../lib/types';
import { loadNodeOrt, nodeOrtIdnSession, type NodeOrtBackend } from './node-ort';

export interface NodeIdnOptions {
  readonly size: number;
  /** undefined: check outputs only (smoke mode). */
  readonly policy?: RunPolicy;
  /** How long to time ORT's EPs (undefined: check outputs only). */
  readonly ortPolicies?: Readonly<Record<NodeOrtBackend, RunPolicy>>;
  /** Skip onnxruntime-web (its files are missing, say). */
  readonly noOrt?: boolean;
  /** Override the GEMM tiling the adapter would get (tiling.ts). */
  readonly tiling?: IdnTiling;
  readonly minWorkgroups?: number;
  readonly profileFrames: number;
  /** The page's ORT wasm outputs, to check Node's outputs against the same oracle. */
  readonly reference?: { readonly id: string; readonly out: Float32Array; readonly mask: Float32Array };
  readonly log: (line: string) => void;
}

export async function runNodeIdn(opts: NodeIdnOptions): Promise<NodeRun> {
  const entry = await nodeGpu();
  const gpu = await acquireGpu({ gpu: entry });
  const errors: string[] = [];
  gpu.device.addEventListener('uncapturederror', (e) => errors.push((e as GPUUncapturedErrorEvent).error.message));
  const { device } = gpu;
  const a = gpu.capabilities.adapter;
  const where = `Node ${process.version.split('.')[0]}, Dawn, WebGPU on ${shortAdapter(a)}`;
  // On a CPU emulator, sleep between polls so the emulator keeps every core; on a real GPU a 1 ms sleep
  // would dwarf the frame, so await the queue directly.
  const wait: <T>(p: Promise<T>) => Promise<T> = a.isSoftware ? gentleAwait : (p) => p;
  const cache = new PipelineCache(gpu);
  const inputs = makeIdnInputs(opts.size);
  const executors: IdnExecutor[] = [];
  try {
    const outputs: Record<string, { out: Float32Array; mask: Float32Array }> = {};
    const firstMs: Record<string, number> = {};
    for (const plan of ['fused', 'unfused'] as const) {
      const idn = await IdnExecutor.create(gpu, cache, inputs.swap, { size: opts.size, plan, ...(opts.tiling ? { tiling: opts.tiling } : {}), ...(opts.minWorkgroups ? { minWorkgroups: opts.minWorkgroups } : {}) });
      executors.push(idn);
      idn.writeInjectedKernels(inputs.kernels);
      const t0 = performance.now();
      idn.run(inputs.crop);
      await wait(device.queue.onSubmittedWorkDone());
      firstMs[plan] = performance.now() - t0;
      outputs[plan] = await wait(idn.readOutputs());
    }
    const agreement: PairAgreement[] = [];
    const pair = (x: string, y: string, ox: { out: Float32Array; mask: Float32Array }, oy: { out: Float32Array; mask: Float32Array }) => {
      agreement.push(agreeClose(x, y, 'out', ox.out, oy.out), agreeClose(x, y, 'mask', ox.mask, oy.mask));
    };
    if (opts.reference) for (const plan of ['fused', 'unfused']) pair(`node-${plan}`, opts.reference.id, outputs[plan]!, opts.reference);
    pair('node-fused', 'node-unfused', outputs.fused!, outputs.unfused!);
    const ort = opts.noOrt ? undefined : await ortContenders(entry, inputs, planFigures(executors.at(-1)!).macs, outputs.fused!, where, opts, pair);
    const agree = agreement.every((p) => p.pass);

    const contenders: ContenderResult[] = [];
    const perDispatch: Record<string, PerDispatchRow[]> = {};
    const pipelined: PipelinedFigure[] = [];
    let quantisation: number | undefined;
    for (const idn of executors) {
      const figures = planFigures(idn);
      const base = { id: `node-${idn.plan.kind}`, label: `ours, ${idn.plan.kind} plan (${figures.dispatches} dispatches)`, group: 'idn' as const, where, macs: figures.macs, firstRunMs: firstMs[idn.plan.kind]! };
      if (!agree || !opts.policy) {
        contenders.push({ ...base, status: agree ? 'checked' : 'disagrees' });
        continue;
      }
      opts.log(`node: timing the ${idn.plan.kind} plan`);
      const once = async () => {
        idn.run(inputs.crop);
        await wait(device.queue.onSubmittedWorkDone());
      };
      const { result: timing, allocations } = await countAllocations(device, () => timeRuns(once, opts.policy!), (t) => t.runs + t.warmup);
      contenders.push({ ...base, status: 'timed', timing, policy: opts.policy, allocations });
      pipelined.push(await queuedFrames(idn, device, inputs.crop, timing.medianMs, wait));
      const profiled = await profile(idn, gpu.capabilities, device, inputs.crop, opts.profileFrames);
      if (profiled) {
        perDispatch[idn.plan.kind] = profiled.rows;
        quantisation ??= profiled.quantisationMs;
      }
    }
    if (ort) contenders.push(...(await ort.time(agree)));
    if (errors.length) throw new Error(`WebGPU errors in Node: ${errors.join('; ')}`);
    const result: NodeRun = {
      adapter: { label: adapterLabel(a), vendor: a.vendor, architecture: a.architecture, isSoftware: a.isSoftware },
      digest: inputDigest(inputs),
      plans: executors.map(planFigures),
      contenders,
      agreement,
      perDispatch,
      pipelined,
      ...(ort?.setup ? { ort: ort.setup } : {}),
      profileFrames: opts.policy ? opts.profileFrames : 0,
      ...(quantisation !== undefined ? { timestampQuantisationMs: quantisation } : {}),
    };
    return result;
  } finally {
    executors.forEach((e) => e.destroy());
    device.destroy();
  }
}

/**
 * Frames per second as a video loop sees it: `frames` frames recorded and submitted back to back, one wait
 * at the end, so submit latency overlaps GPU work. Sized to about two seconds of work.
 */
async function queuedFrames(idn: IdnExecutor, device: GPUDevice, crop: Float32Array, medianMs: number, wait: <T>(p: Promise<T>) => Promise<T>): Promise<PipelinedFigure> {
  const frames = Math.max(3, Math.min(500, Math.round(2000 / Math.max(medianMs, 1e-3))));
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) idn.run(crop);
  await wait(device.queue.onSubmittedWorkDone());
  const wallMs = performance.now() - t0;
  return { plan: idn.plan.kind, frames, wallMs, msPerFrame: wallMs / frames };
}

/**
 * onnxruntime-web's WebGPU and wasm EPs on our exported IDN, each run once for the agreement check; `time`
 * then times them (only when every output agreed and a policy was given).
 */
async function ortContenders(gpu: GPU, inputs: IdnInputs, macs: number, fused: { out: Float32Array; mask: Float32Array }, ourWhere: string, opts: NodeIdnOptions, pair: (x: string, y: string, ox: { out: Float32Array; mask: Float32Array }, oy: { out: Float32Array; mask: Float32Array }) => void) {
  const results: { id: string; label: string; where: string; firstRunMs?: number; run?: () => Promise<unknown>; release?: () => Promise<void>; backend: NodeOrtBackend; error?: string }[] = [];
  let setup: NodeRun['ort'];
  try {
    const o = await loadNodeOrt(gpu);
    const onnx = exportIdnOnnx(inputs.swap, inputs.injected, { size: inputs.size, synthetic: true });
    setup = { version: o.version, wasmThreads: o.wasmThreads, idnOnnxBytes: onnx.byteLength };
    for (const backend of ['webgpu', 'wasm'] as const) {
      const id = `node-ort-${backend}`;
      const label = `onnxruntime-web ${backend === 'wasm' ? 'wasm' : 'WebGPU'} EP`;
      const where = backend === 'wasm' ? `Node, onnxruntime-web ${o.version}, ${o.wasmThreads} wasm threads` : `${ourWhere.replace('Dawn, WebGPU', `Dawn, onnxruntime-web ${o.version}`)}`;
      try {
        opts.log(`node: onnxruntime-web ${backend} EP, first run`);
        const session = await nodeOrtIdnSession(o, onnx, backend, inputs.size);
        const t0 = performance.now();
        const out = await session.run(inputs.crop);
        const firstRunMs = performance.now() - t0;
        pair(id, 'node-fused', out, fused);
        results.push({ id, label, where, firstRunMs, run: () => session.run(inputs.crop), release: session.release, backend });
      } catch (e) {
        results.push({ id, label, where, backend, error: (e as Error).message });
      }
    }
  } catch (e) {
    for (const backend of ['webgpu', 'wasm'] as const) results.push({ id: `node-ort-${backend}`, label: `onnxruntime-web ${backend} EP`, where: 'Node', backend, error: `onnxruntime-web could not be loaded: ${(e as Error).message}` });
  }
  return {
    setup,
    async time(agree: boolean): Promise<ContenderResult[]> {
      const out: ContenderResult[] = [];
      for (const r of results) {
        const base = { id: r.id, label: r.label, group: 'idn' as const, where: r.where, macs, ...(r.firstRunMs !== undefined ? { firstRunMs: r.firstRunMs } : {}) };
        const policy = opts.ortPolicies?.[r.backend];
        try {
          if (r.error) out.push({ ...base, status: 'failed', note: r.error.slice(0, 300) });
          else if (!agree || !policy) out.push({ ...base, status: agree ? 'checked' : 'disagrees' });
          else {
            opts.log(`node: timing onnxruntime-web ${r.backend} EP`);
            const run = r.run!;
            out.push({ ...base, status: 'timed', timing: await timeRuns(async () => void (await run()), policy), policy });
          }
        } finally {
          await r.release?.();
        }
      }
      return out;
    },
  };
}

/** Per-dispatch GPU time from timestamp queries: profiling mode, one compute pass per dispatch. */
async function profile(idn: IdnExecutor, capabilities: Capabilities, device: GPUDevice, crop: Float32Array, frames: number) {
  const d = idn.dispatches;
  const profiler = new FrameProfiler(device, capabilities, d.length);
  if (!profiler.supported || frames <= 0) {
    profiler.destroy();
    return undefined;
  }
  const aggregate = new ProfileAggregator(d.map((x) => x.label));
  try {
    for (let r = 0; r < frames; r++) {
      idn.writeCrop(crop);
      const encoder = device.createCommandEncoder();
      idn.encode(encoder, profiler.timestampWrites);
      profiler.encodeResolve(encoder);
      device.queue.submit([encoder.finish()]);
      const durations = await gentleAwait(profiler.collect());
      if (durations) aggregate.add(durations);
    }
  } finally {
    profiler.destroy();
  }
  const rows: PerDispatchRow[] = aggregate.stats().map((s, i) => ({ label: s.label, kernel: d[i]!.kernel, macs: d[i]!.cost.macs, p50Ms: s.p50Ms, p95Ms: s.p95Ms, samples: s.samples }));
  return { rows, quantisationMs: aggregate.quantisationMs() };
}
