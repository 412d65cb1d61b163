/**
 * Per-kernel GPU times for the IDN's layers at 224×224, one dispatch per layer (the unfused list), measured
 * with timestamp queries (one compute pass per timed dispatch) on Node's Dawn adapter. Prints a table;
 * asserts nothing. On CPU emulators only the ratios between rows mean anything.
 *
 *   npm run bench:kernels [-- --runs 20 --size 224 --json out.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createStorageBuffer } from '../src/engine/buffers';
import { adapterLabel } from '../src/engine/capabilities';
import { acquireGpu } from '../src/engine/device';
import { destroyDispatch, encodeDispatch, prepareDispatch, type PreparedDispatch } from '../src/engine/dispatch';
import { idnLayers } from '../src/engine/idn/layers';
import { nodeGpu } from '../src/engine/node-gpu';
import { gentleAwait } from '../src/engine/node-wait';
import { PipelineCache } from '../src/engine/pipeline-cache';
import { randomArray, seededRandom } from '../src/engine/random';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, size: { type: 'string', default: '224' }, json: { type: 'string' } } });
const runs = Number(values.runs);
const size = Number(values.size);

const gpu = await acquireGpu({ gpu: await nodeGpu() });
const { device, capabilities } = gpu;
if (!capabilities.features.timestampQuery) {
  console.error('this adapter has no timestamp-query: per-kernel GPU times cannot be measured here');
  process.exit(1);
}
const cache = new PipelineCache(gpu);
const rng = seededRandom(7);
const layers = idnLayers(size);
const prepared: { name: string; dispatch: PreparedDispatch; macs: number; buffers: GPUBuffer[] }[] = [];
for (const layer of layers) {
  const compiled = await cache.get(layer.kernel, layer.params);
  const sizes = layer.kernel.bindingElements(layer.params);
  const buffers: Record<string, GPUBuffer> = {};
  for (const [name, n] of Object.entries(sizes)) buffers[name] = createStorageBuffer(device, randomArray(rng, n, 0, 1), `${layer.name}/${name}`);
  prepared.push({
    name: layer.name,
    dispatch: prepareDispatch(gpu, compiled, layer.kernel, layer.params, buffers, layer.name),
    macs: layer.kernel.cost(layer.params).macs,
    buffers: Object.values(buffers),
  });
}

const querySet = device.createQuerySet({ type: 'timestamp', count: 2 * prepared.length });
const resolve = device.createBuffer({ size: 16 * prepared.length, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
const readback = device.createBuffer({ size: 16 * prepared.length, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
const samples: number[][] = prepared.map(() => []);
const frameMs: number[] = [];

for (let run = -2; run < runs; run++) {
  const encoder = device.createCommandEncoder();
  prepared.forEach((p, i) => {
    const pass = encoder.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
    encodeDispatch(pass, p.dispatch);
    pass.end();
  });
  encoder.resolveQuerySet(querySet, 0, 2 * prepared.length, resolve, 0);
  encoder.copyBufferToBuffer(resolve, 0, readback, 0, resolve.size);
  const t0 = performance.now();
  device.queue.submit([encoder.finish()]);
  await gentleAwait(readback.mapAsync(GPUMapMode.READ));
  const wall = performance.now() - t0;
  const t = new BigInt64Array(readback.getMappedRange().slice(0));
  readback.unmap();
  if (run < 0) continue; // warm-up
  frameMs.push(wall);
  prepared.forEach((_, i) => {
    const d = Number(t[2 * i + 1]! - t[2 * i]!) / 1e6;
    if (d >= 0) samples[i]!.push(d);
  });
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
const rows = prepared.map((p, i) => ({ layer: p.name, kernel: p.dispatch.kernel, macs: p.macs, medianMs: median(samples[i]!), runs: samples[i]!.length }));
const total = rows.reduce((s, r) => s + r.medianMs, 0);
console.log(`IDN layers at ${size}×${size}, one dispatch each, ${runs} timed runs (median), adapter: ${adapterLabel(capabilities.adapter)}`);
console.log(`${'layer'.padEnd(16)}${'kernel'.padEnd(20)}${'MMAC'.padStart(8)}${'ms'.padStart(10)}${'GMAC/s'.padStart(9)}${'share'.padStart(8)}`);
for (const r of rows) {
  console.log(`${r.layer.padEnd(16)}${r.kernel.padEnd(20)}${(r.macs / 1e6).toFixed(2).padStart(8)}${r.medianMs.toFixed(3).padStart(10)}${(r.macs / 1e6 / r.medianMs).toFixed(2).padStart(9)}${((100 * r.medianMs) / total).toFixed(1).padStart(7)}%`);
}
const macs = rows.reduce((s, r) => s + r.macs, 0);
console.log(`sum of kernel medians: ${total.toFixed(1)} ms for ${(macs / 1e9).toFixed(3)} GMAC (${(macs / 1e6 / total).toFixed(2)} GMAC/s); whole submit→readback wall time median ${median(frameMs).toFixed(1)} ms`);
console.log('CPU-emulated adapters say nothing about GPU speed in absolute terms: compare rows of the same run only.');
if (values.json) writeFileSync(values.json, JSON.stringify({ adapter: capabilities.adapter, size, runs, rows, frameMs }, null, 2));

for (const p of prepared) {
  destroyDispatch(p.dispatch);
  p.buffers.forEach((b) => b.destroy());
}
querySet.destroy();
device.destroy();
