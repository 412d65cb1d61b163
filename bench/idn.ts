/**
 * The IDN frame at 224×224 on Node's Dawn adapter: fused plan (12 dispatches) against the unfused plan (one
 * dispatch per layer, same kernels without fusion), same weights, same input, same run. Checks that both agree
 * before timing, then prints medians, spread, and the plan's figures. Asserts nothing.
 *
 *   npm run bench:idn [-- --runs 20 --size 224 --json bench/results/idn-node.json]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { adapterLabel } from '../src/engine/capabilities';
import { compareClose } from '../src/engine/compare';
import { acquireGpu } from '../src/engine/device';
import { IdnExecutor } from '../src/engine/idn/executor';
import { depthwiseElements, pointwiseElements } from '../src/engine/idn/dynamic-weights';
import { nodeGpu } from '../src/engine/node-gpu';
import { gentleAwait } from '../src/engine/node-wait';
import { PipelineCache } from '../src/engine/pipeline-cache';
import { ProfileAggregator } from '../src/engine/profiler/aggregate';
import { FrameProfiler } from '../src/engine/profiler/frame-profiler';
import { randomArray, seededRandom } from '../src/engine/random';
import { makeSyntheticSwapWeights, SYNTHETIC_NOTICE } from '../src/engine/weights/synthetic';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, size: { type: 'string', default: '224' }, json: { type: 'string' } } });
const runs = Number(values.runs);
const size = Number(values.size);

const gpu = await acquireGpu({ gpu: await nodeGpu() });
const cache = new PipelineCache(gpu);
const swap = makeSyntheticSwapWeights(1);
const rng = seededRandom(3);
// Unit-norm-ish identity kernels like the IIN produces (demodulated filters), random crop.
const kernels = {
  depthwise: Array.from({ length: 9 }, (_, i) => randomArray(rng, depthwiseElements(i), -0.3, 0.3)),
  pointwise: Array.from({ length: 9 }, (_, i) => {
    const n = pointwiseElements(i);
    const cin = [3, 32, 64, 128, 256, 512, 512, 256, 128][i]!;
    return randomArray(rng, n, -1 / Math.sqrt(cin), 1 / Math.sqrt(cin));
  }),
};
const crop = randomArray(rng, 3 * size * size, 0, 1);

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const quantile = (a: number[], q: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(q * a.length))]!;

const results: Record<string, unknown>[] = [];
const outputs: Record<string, Float32Array> = {};
const perDispatch: Record<string, { label: string; kernel: string; mmac: number; p50Ms: number; share: number }[]> = {};
for (const plan of ['fused', 'unfused'] as const) {
  const idn = await IdnExecutor.create(gpu, cache, swap, { size, plan });
  idn.writeInjectedKernels(kernels);
  idn.run(crop);
  outputs[plan] = (await idn.readOutputs()).out;
  const times: number[] = [];
  for (let r = -3; r < runs; r++) {
    const t0 = performance.now();
    idn.run(crop);
    await gentleAwait(gpu.device.queue.onSubmittedWorkDone());
    if (r >= 0) times.push(performance.now() - t0);
  }
  const d = idn.dispatches;
  // Per-dispatch GPU time from timestamp queries (profiling mode: one pass per dispatch).
  const profiler = new FrameProfiler(gpu.device, gpu.capabilities, d.length);
  const aggregate = new ProfileAggregator(d.map((x) => x.label));
  for (let r = 0; r < Math.min(runs, 10) && profiler.supported; r++) {
    idn.writeCrop(crop);
    const encoder = gpu.device.createCommandEncoder();
    idn.encode(encoder, profiler.timestampWrites);
    profiler.encodeResolve(encoder);
    gpu.device.queue.submit([encoder.finish()]);
    const durations = await gentleAwait(profiler.collect());
    if (durations) aggregate.add(durations);
  }
  profiler.destroy();
  perDispatch[plan] = aggregate.stats().map((st, i) => ({ ...st, kernel: d[i]!.kernel, mmac: d[i]!.cost.macs / 1e6 }));
  const macs = d.reduce((s, x) => s + x.cost.macs, 0);
  const med = median(times);
  results.push({
    plan,
    dispatches: d.length,
    medianMs: med,
    p10Ms: quantile(times, 0.1),
    p90Ms: quantile(times, 0.9),
    runs: times.length,
    gmac: macs / 1e9,
    gmacPerSecond: macs / 1e6 / med,
    bytesRead: d.reduce((s, x) => s + x.cost.bytesRead, 0),
    bytesWritten: d.reduce((s, x) => s + x.cost.bytesWritten, 0),
    allocatedBytes: idn.allocatedBytes,
    perFrameAllocations: 0,
  });
  idn.destroy();
}
const agree = compareClose(outputs.unfused!, outputs.fused!, { atol: 1e-4, rtol: 1e-3 });
console.log(`IDN frame at ${size}×${size} on ${adapterLabel(gpu.capabilities.adapter)} — ${SYNTHETIC_NOTICE} (timing only)`);
console.log(`fused and unfused outputs agree: ${agree.pass ? 'yes' : 'NO'} (max |diff| ${agree.maxAbsError.toExponential(1)})`);
console.log(`${'plan'.padEnd(9)}${'dispatches'.padStart(11)}${'median ms'.padStart(11)}${'p10–p90 ms'.padStart(16)}${'GMAC/s'.padStart(8)}${'MB read'.padStart(9)}${'MB written'.padStart(11)}${'GPU MB'.padStart(8)}`);
for (const r of results as any[]) {
  console.log(`${r.plan.padEnd(9)}${String(r.dispatches).padStart(11)}${r.medianMs.toFixed(1).padStart(11)}${`${r.p10Ms.toFixed(0)}–${r.p90Ms.toFixed(0)}`.padStart(16)}${r.gmacPerSecond.toFixed(2).padStart(8)}${(r.bytesRead / 1e6).toFixed(1).padStart(9)}${(r.bytesWritten / 1e6).toFixed(1).padStart(11)}${(r.allocatedBytes / 1e6).toFixed(1).padStart(8)}`);
}
const [fused, unfused] = results as any[];
console.log(`fused is ${(unfused.medianMs / fused.medianMs).toFixed(2)}× the speed of unfused in this run (${runs} runs each, wall time submit → done). Per-frame GPU allocations: 0 in both.`);
for (const plan of ['fused', 'unfused']) {
  console.log(`\nper dispatch, ${plan} plan (timestamp queries, one pass per dispatch, p50 of ${Math.min(runs, 10)} frames):`);
  for (const r of perDispatch[plan]!) console.log(`  ${r.label.padEnd(24)}${r.kernel.padEnd(18)}${r.mmac.toFixed(1).padStart(8)} MMAC${r.p50Ms.toFixed(2).padStart(10)} ms${(100 * r.share).toFixed(1).padStart(7)}%`);
}
console.log('CPU-emulated adapters say nothing about GPU speed in absolute terms: only same-run ratios count.');
if (values.json) {
  mkdirSync(dirname(values.json), { recursive: true });
  writeFileSync(values.json, JSON.stringify({ adapter: gpu.capabilities.adapter, size, agree: agree.pass, results, perDispatch }, null, 2));
}
gpu.device.destroy();
