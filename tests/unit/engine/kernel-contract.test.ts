import { describe, expect, it } from 'vitest';
import { compareClose } from '../../../src/engine/compare';
import { overrideConstants, pipelineCacheKey } from '../../../src/engine/kernel';
import { locateLine, shaderSource, joinedCode } from '../../../src/engine/shader-source';
import { flatGrid } from '../../../src/kernels/common/grid';
import { depthwiseOutputShape } from '../../../src/kernels/depthwise-conv/depthwise-conv';
import { kernels } from '../../../src/kernels';

describe('pipeline cache keys', () => {
  it('hold compile-time facts only: shapes and offsets never change the key', () => {
    const k = kernels.pointwiseConv;
    const key = (p: Parameters<typeof k.variant>[0]) => pipelineCacheKey(k.name, k.variant(p));
    expect(key({ inChannels: 3, outChannels: 32, pixels: 12544 })).toBe(key({ inChannels: 512, outChannels: 256, pixels: 196, outOffset: 99 }));
    expect(key({ inChannels: 3, outChannels: 32, pixels: 1, activation: 'leakyRelu' })).not.toBe(key({ inChannels: 3, outChannels: 32, pixels: 1 }));
    expect(key({ inChannels: 3, outChannels: 32, pixels: 1, hasBias: true })).toContain('main_bias');
  });

  it('are independent of override order and spell booleans plainly', () => {
    const v1 = { entryPoint: 'main', overrides: { B: true, A: 2 }, workgroupSize: [1, 1, 1] as const };
    const v2 = { entryPoint: 'main', overrides: { A: 2, B: true }, workgroupSize: [1, 1, 1] as const };
    expect(pipelineCacheKey('k', v1)).toBe(pipelineCacheKey('k', v2));
    expect(pipelineCacheKey('k', v1)).toBe('k#main{A=2,B=true}');
    expect(overrideConstants(v1)).toEqual({ A: 2, B: 1 });
  });

  it('distinguish the depthwise encoder, decoder and fused up-sampling variants', () => {
    const k = kernels.depthwiseConv;
    const enc = pipelineCacheKey(k.name, k.variant({ channels: 3, height: 224, width: 224, kernelSize: 4, stride: 2, pad: 1 }));
    const dec = pipelineCacheKey(k.name, k.variant({ channels: 512, height: 14, width: 14, kernelSize: 3, stride: 1, pad: 1 }));
    const fused = pipelineCacheKey(k.name, k.variant({ channels: 512, height: 7, width: 7, kernelSize: 3, stride: 1, pad: 1, upsample: true }));
    expect(new Set([enc, dec, fused]).size).toBe(3);
  });
});

describe('shapes', () => {
  it('depthwise output sizes follow floor((in + 2p − k)/s) + 1 on the (up-sampled) input', () => {
    expect(depthwiseOutputShape({ channels: 3, height: 224, width: 224, kernelSize: 4, stride: 2, pad: 1 })).toMatchObject({ outH: 112, outW: 112 });
    expect(depthwiseOutputShape({ channels: 3, height: 7, width: 9, kernelSize: 4, stride: 2, pad: 1 })).toMatchObject({ outH: 3, outW: 4 });
    expect(depthwiseOutputShape({ channels: 3, height: 7, width: 7, kernelSize: 3, stride: 1, pad: 1, upsample: true })).toMatchObject({ inH: 14, outH: 14 });
  });

  it('flat grids cover every invocation without exceeding 65535 groups per axis', () => {
    for (const n of [1, 63, 64, 65, 50176 * 32, 65535 * 64 + 1, 10_000_000]) {
      const [x, y] = flatGrid(n, 64);
      expect(x).toBeLessThanOrEqual(65535);
      expect(y).toBeLessThanOrEqual(65535);
      expect(x * y * 64).toBeGreaterThanOrEqual(n);
    }
  });

  it('pointwise workgroups tile 64 channels × 64 pixels', () => {
    expect(kernels.pointwiseConv.workgroups({ inChannels: 128, outChannels: 64, pixels: 56 * 56 })).toEqual([49, 1, 1]);
    expect(kernels.pointwiseConv.workgroups({ inChannels: 3, outChannels: 65, pixels: 1 })).toEqual([1, 2, 1]);
  });
});

describe('shader sources', () => {
  it('map a line of the joined code back to its file', () => {
    const s = shaderSource({ file: 'a.wgsl', code: 'l1\nl2\n' }, { file: 'b.wgsl', code: 'm1\nm2\nm3' });
    expect(joinedCode(s).split('\n')[3]).toBe('m2');
    expect(locateLine(s, 2)).toEqual({ file: 'a.wgsl', line: 2, text: 'l2' });
    expect(locateLine(s, 4)).toEqual({ file: 'b.wgsl', line: 2, text: 'm2' });
  });
});

describe('compareClose', () => {
  it('reports the worst element and counts mismatches', () => {
    const r = compareClose([1, 2, 3.5, 4], [1, 2, 3, 4.01], { atol: 0.02, rtol: 0 });
    expect(r.pass).toBe(false);
    expect(r.worstIndex).toBe(2);
    expect(r.mismatches).toBe(1);
    expect(compareClose([1, NaN], [1, 2], { atol: 1, rtol: 0 }).pass).toBe(false);
    expect(compareClose([1], [1, 2], { atol: 1, rtol: 0 }).pass).toBe(false);
    expect(compareClose([1.00001], [1], { atol: 1e-4, rtol: 0 }).pass).toBe(true);
  });
});
