/**
 * The Node GPU fixture: one Dawn device per test file, checked to be the adapter this machine should give,
 * with every uncaptured WebGPU error collected so a test fails on validation errors it did not expect.
 */
import { afterAll, beforeAll, expect } from 'vitest';
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

/**
 * One fixture for the calling test file: created in beforeAll, destroyed in afterAll, where any uncaptured
 * WebGPU error fails the file. The returned object reads through to the fixture once it exists.
 */
export function useNodeGpuFixture(): GpuFixture {
  let fx: GpuFixture | undefined;
  const current = () => {
    if (!fx) throw new Error('the Node GPU fixture is used before beforeAll created it');
    return fx;
  };
  beforeAll(async () => {
    fx = await createNodeGpuFixture();
  });
  afterAll(() => {
    if (!fx) return;
    expect(fx.uncapturedErrors).toEqual([]);
    fx.dispose();
  });
  return {
    get gpu() {
      return current().gpu;
    },
    get cache() {
      return current().cache;
    },
    get uncapturedErrors() {
      return current().uncapturedErrors;
    },
    dispose: () => current().dispose(),
  };
}
