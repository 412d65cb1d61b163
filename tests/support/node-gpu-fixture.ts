/**
 * The Node GPU fixture: one Dawn device per test file, checked to be the adapter this machine should give,
 * with every uncaptured WebGPU error collected so a test fails on validation errors it did not expect.
 */
import { acquireGpu, type GpuContext } from '../../src/engine/device';
import { checkExpectedAdapter, DEFAULT_EXPECTED_ADAPTER } from '../../src/engine/expected-adapter';
import { nodeGpu } from '../../src/engine/node-gpu';
import { PipelineCache } from '../../src/engine/pipeline-cache';

export interface GpuFixture {
  readonly gpu: GpuContext;
  readonly cache: PipelineCache;
  readonly uncapturedErrors: string[];
  dispose(): void;
}

export async function createNodeGpuFixture(): Promise<GpuFixture> {
  const gpu = await acquireGpu({ gpu: await nodeGpu() });
  checkExpectedAdapter(gpu.capabilities.adapter, process.env.MFS_EXPECT_ADAPTER ?? DEFAULT_EXPECTED_ADAPTER.node);
  const uncapturedErrors: string[] = [];
  gpu.device.addEventListener('uncapturederror', (e) => uncapturedErrors.push((e as GPUUncapturedErrorEvent).error.message));
  return { gpu, cache: new PipelineCache(gpu), uncapturedErrors, dispose: () => gpu.device.destroy() };
}
