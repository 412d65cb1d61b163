/**
 * The main job for now: get a device, say which adapter and features it has, and run every kernel of the
 * library against its CPU reference on it. Exits non-zero when any kernel disagrees.
 */
import { adapterLabel } from '../engine/capabilities';
import { acquireGpu } from '../engine/device';
import { runKernelCase } from '../engine/kernel-check';
import { nodeGpu } from '../engine/node-gpu';
import { PipelineCache } from '../engine/pipeline-cache';
import { caseTables, casesFor } from '../kernels/cases';

export async function selfcheckCommand(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const gpu = await acquireGpu({ gpu: await nodeGpu() });
  const caps = gpu.capabilities;
  const cache = new PipelineCache(gpu);
  const rows: { kernel: string; cases: number; failed: number; maxAbsError: number; ms: number; failures: string[] }[] = [];
  for (const kernel of Object.keys(caseTables)) {
    const row = { kernel, cases: 0, failed: 0, maxAbsError: 0, ms: 0, failures: [] as string[] };
    for (const c of casesFor(kernel)) {
      const r = await runKernelCase(gpu, cache, c);
      row.cases++;
      row.ms += r.gpuMilliseconds;
      for (const b of r.bindings) {
        row.maxAbsError = Math.max(row.maxAbsError, b.report.maxAbsError);
        if (!b.report.pass) row.failures.push(b.message);
      }
      if (!r.pass) row.failed++;
    }
    rows.push(row);
  }
  gpu.device.destroy();
  const ok = rows.every((r) => r.failed === 0);
  if (json) {
    console.log(JSON.stringify({ adapter: caps.adapter, capabilities: caps, kernels: rows, ok }, null, 2));
    return ok ? 0 : 1;
  }
  const f = caps.features;
  console.log(`MobileFaceSwap WebGPU engine — self-check`);
  console.log(`adapter:   ${adapterLabel(caps.adapter)}`);
  console.log(`features:  timestamp-query ${yes(f.timestampQuery)}, timestamps inside passes ${yes(f.timestampInsidePasses)}, shader-f16 ${yes(f.shaderF16)} (not used: kernels are f32), subgroups ${yes(f.subgroups)}`);
  console.log(`timing:    ${caps.timestampMode}`);
  console.log(`limits:    ${caps.limits.maxComputeInvocationsPerWorkgroup} invocations/workgroup, ${caps.limits.maxStorageBuffersPerShaderStage} storage buffers/stage, ${caps.limits.maxComputeWorkgroupStorageSize} B workgroup memory (spec defaults requested on purpose)`);
  console.log('');
  console.log(pad('kernel', 20) + pad('cases', 8) + pad('result', 10) + pad('max |err|', 12) + 'GPU ms (all cases)');
  for (const r of rows) {
    console.log(pad(r.kernel, 20) + pad(String(r.cases), 8) + pad(r.failed ? `${r.failed} FAILED` : 'ok', 10) + pad(r.maxAbsError.toExponential(1), 12) + r.ms.toFixed(1));
    for (const m of r.failures) console.log(`    ${m}`);
  }
  console.log('');
  console.log(ok ? `all ${rows.reduce((s, r) => s + r.cases, 0)} kernel cases match their CPU references on this adapter` : 'SELF-CHECK FAILED: see the rows above');
  console.log(`pipelines compiled: ${cache.stats.pipelines}`);
  return ok ? 0 : 1;
}

const yes = (b: boolean) => (b ? 'yes' : 'no');
const pad = (s: string, n: number) => s.padEnd(n);
