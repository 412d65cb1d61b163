import { describe, expect, it, vi } from 'vitest';
import { uploadTensors } from '../../../src/engine/weights/gpu-upload';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';

interface FakeBuffer {
  label: string;
  size: number;
  usage: number;
  mapped: ArrayBuffer;
  unmapped: boolean;
  destroyed: boolean;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

/** Just enough of GPUDevice.createBuffer to see what the upload asks for (the GPU path is tested by the lead's harness). */
function fakeDevice(): { device: GPUDevice; buffers: FakeBuffer[] } {
  const buffers: FakeBuffer[] = [];
  const device = {
    createBuffer(d: GPUBufferDescriptor): FakeBuffer {
      expect(d.mappedAtCreation).toBe(true);
      const b: FakeBuffer = {
        label: d.label ?? '',
        size: d.size,
        usage: d.usage,
        mapped: new ArrayBuffer(d.size),
        unmapped: false,
        destroyed: false,
        getMappedRange: () => b.mapped,
        unmap: () => void (b.unmapped = true),
        destroy: () => void (b.destroyed = true),
      };
      buffers.push(b);
      return b;
    },
  } as unknown as GPUDevice;
  return { device, buffers };
}

describe('uploadTensors', () => {
  // Node has no WebGPU globals unless Dawn installed them; the values are the spec's.
  if (typeof GPUBufferUsage === 'undefined') vi.stubGlobal('GPUBufferUsage', { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, STORAGE: 128 });

  const shared = { shape: [3], data: new Float32Array([1, 2, 3]) };
  const tensors: TensorMap = new Map([
    ['a.weight', { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }],
    ['b.bias', shared],
    ['c.alias', shared],
    ['empty', { shape: [0], data: new Float32Array(0) }],
  ]);

  it('creates one labelled STORAGE|COPY_DST|COPY_SRC buffer per distinct tensor, filled at creation', () => {
    const { device, buffers } = fakeDevice();
    const gpu = uploadTensors(device, tensors, { labelPrefix: 'swap/' });
    expect([...gpu.keys()]).toEqual(['a.weight', 'b.bias', 'c.alias', 'empty']);
    expect(buffers.map((b) => b.label)).toEqual(['swap/a.weight', 'swap/b.bias', 'swap/empty']); // the alias is uploaded once
    expect(gpu.get('c.alias')).toBe(gpu.get('b.bias'));
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    expect(buffers.every((b) => b.usage === usage && b.unmapped && b.size % 4 === 0)).toBe(true);
    expect(buffers[2]!.size).toBe(4); // never a zero-size buffer
    expect([...new Float32Array(buffers[0]!.mapped)]).toEqual([1, 2, 3, 4]);
    expect(gpu.bytes).toBe(16 + 12 + 4);
    expect(gpu.require('a.weight')).toBe(buffers[0]);
    expect(() => gpu.require('nope')).toThrow(/no GPU buffer for tensor 'nope'/);
  });

  it('uploads a subset, and destroys every buffer once', () => {
    const { device, buffers } = fakeDevice();
    const gpu = uploadTensors(device, tensors, { names: ['b.bias', 'c.alias'] });
    expect(buffers).toHaveLength(1);
    gpu.destroy();
    expect(buffers.every((b) => b.destroyed)).toBe(true);
    expect(gpu.size).toBe(0);
  });

  it('names an unknown tensor and leaks nothing', () => {
    const { device, buffers } = fakeDevice();
    expect(() => uploadTensors(device, tensors, { names: ['a.weight', 'missing'] })).toThrow(/cannot upload 'missing'/);
    expect(buffers.every((b) => b.destroyed)).toBe(true);
  });
});
