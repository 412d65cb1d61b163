/**
 * Our IDN frame in Node (Dawn from the npm "webgpu" package; lavapipe here): the same inputs as the page,
 * fused and unfused plans, outputs checked against each other and against the page's ORT wasm output, then
 * timed (wall time submit → done, GPU allocations counted) and profiled per dispatch with timestamp queries.
 */
import { adapterLabel, type Capabilities } from '../../src/engine/capabilities';
import { acquireGpu } from '../../src/engine/device';
import { IdnExecutor } from '../../src/engine/idn/executor';
import { nodeGpu } from '../../src/engine/node-gpu';
import { gentleAwait } from '../../src/engine/node-wait';
import { PipelineCache } from '../../src/engine/pipeline-cache';
import { ProfileAggregator } from '../../src/engine/profiler/aggregate';
import { FrameProfiler } from '../../src/engine/profiler/frame-profiler';
import { shortAdapter } from '../lib/adapter';
import { agreeClose, type PairAgreement } from '../lib/agreement';
import { countAllocations } from '../lib/frame-allocations';
import { inputDigest, makeIdnInputs } from '../lib/inputs';
import { planFigures } from '../lib/plan-figures';
import { timeRuns, type RunPolicy } from '../lib/stats';
import type { ContenderResult, NodeRun, PerDispatchRow } from '../lib/types';

export interface NodeIdnOptions {
  readonly size: number;
  /** undefined: check outputs only (smoke mode). */
  readonly policy?: RunPolicy;
  readonly profileFrames: number;
  /** The page's ORT wasm outputs, to check Node's outputs against the same oracle. */
  readonly reference?: { readonly id: string; readonly out: Float32Array; readonly mask: Float32Array };
  readonly log: (line: string) => void;
}

export async function runNodeIdn(opts: NodeIdnOptions): Promise<NodeRun> {
  const gpu = await acquireGpu({ gpu: await nodeGpu() });
  const errors: string[] = [];
  gpu.device.addEventListener('uncapturederror', (e) => errors.push((e as GPUUncapturedErrorEvent).error.message));
  const { device } = gpu;
  const a = gpu.capabilities.adapter;
  const where = `Node ${process.version.split('.')[0]}, Dawn, WebGPU on ${shortAdapter(a)}`;
  const cache = new PipelineCache(gpu);
  const inputs = makeIdnInputs(opts.size);
  const executors: IdnExecutor[] = [];
  try {
    const outputs: Record<string, { out: Float32Array; mask: Float32Array }> = {};
    const firstMs: Record<string, number> = {};
    for (const plan of ['fused', 'unfused'] as const) {
      const idn = await IdnExecutor.create(gpu, cache, inputs.swap, { size: opts.size, plan });
      executors.push(idn);
      idn.writeInjectedKernels(inputs.kernels);
      const t0 = performance.now();
      idn.run(inputs.crop);
      await gentleAwait(device.queue.onSubmittedWorkDone());
      firstMs[plan] = performance.now() - t0;
      outputs[plan] = await gentleAwait(idn.readOutputs());
    }
    const agreement: PairAgreement[] = [];
    const pair = (x: string, y: string, ox: { out: Float32Array; mask: Float32Array }, oy: { out: Float32Array; mask: Float32Array }) => {
      agreement.push(agreeClose(x, y, 'out', ox.out, oy.out), agreeClose(x, y, 'mask', ox.mask, oy.mask));
    };
    if (opts.reference) for (const plan of ['fused', 'unfused']) pair(`node-${plan}`, opts.reference.id, outputs[plan]!, opts.reference);
    pair('node-fused', 'node-unfused', outputs.fused!, outputs.unfused!);
    const agree = agreement.every((p) => p.pass);

    const contenders: ContenderResult[] = [];
    const perDispatch: Record<string, PerDispatchRow[]> = {};
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
        await gentleAwait(device.queue.onSubmittedWorkDone());
      };
      const { result: timing, allocations } = await countAllocations(device, () => timeRuns(once, opts.policy!), (t) => t.runs + t.warmup);
      contenders.push({ ...base, status: 'timed', timing, policy: opts.policy, allocations });
      const profiled = await profile(idn, gpu.capabilities, device, inputs.crop, opts.profileFrames);
      if (profiled) {
        perDispatch[idn.plan.kind] = profiled.rows;
        quantisation ??= profiled.quantisationMs;
      }
    }
    if (errors.length) throw new Error(`WebGPU errors in Node: ${errors.join('; ')}`);
    const result: NodeRun = {
      adapter: { label: adapterLabel(a), vendor: a.vendor, architecture: a.architecture, isSoftware: a.isSoftware },
      digest: inputDigest(inputs),
      plans: executors.map(planFigures),
      contenders,
      agreement,
      perDispatch,
      profileFrames: opts.policy ? opts.profileFrames : 0,
      ...(quantisation !== undefined ? { timestampQuantisationMs: quantisation } : {}),
    };
    return result;
  } finally {
    executors.forEach((e) => e.destroy());
    device.destroy();
  }
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
