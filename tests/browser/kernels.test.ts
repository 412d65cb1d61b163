// The same kernel case tables as tests/gpu, on the browser's adapter (Debian Chromium, SwiftShader).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireGpu, type GpuContext } from '../../src/engine/device';
import { checkExpectedAdapter, DEFAULT_EXPECTED_ADAPTER } from '../../src/engine/expected-adapter';
import { runKernelCase } from '../../src/engine/kernel-check';
import { PipelineCache } from '../../src/engine/pipeline-cache';
import { caseTables, casesFor } from '../../src/kernels/cases';

let gpu: GpuContext;
let cache: PipelineCache;
const uncaptured: string[] = [];

beforeAll(async () => {
  gpu = await acquireGpu();
  const expected = (import.meta.env.VITE_MFS_EXPECT_ADAPTER as string | undefined) ?? DEFAULT_EXPECTED_ADAPTER.browser;
  checkExpectedAdapter(gpu.capabilities.adapter, expected);
  gpu.device.addEventListener('uncapturederror', (e) => uncaptured.push((e as GPUUncapturedErrorEvent).error.message));
  cache = new PipelineCache(gpu);
});
afterAll(() => {
  expect(uncaptured).toEqual([]);
  gpu?.device.destroy();
});

it('runs on the expected browser adapter within spec-default limits', () => {
  expect(gpu.capabilities.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
  expect(gpu.capabilities.adapter.isSoftware).toBe(true);
});

for (const kernel of Object.keys(caseTables)) {
  describe(kernel, () => {
    for (const c of casesFor(kernel)) {
      it(c.title, async () => {
        const result = await runKernelCase(gpu, cache, c);
        for (const b of result.bindings) expect(b.report.pass, b.message).toBe(true);
        expect(result.bindings.length).toBeGreaterThan(0);
      });
    }
  });
}
