/** OnnxGraphBuilder: model envelope, raw-data encoding, and the mistakes it refuses to serialise. */
import { describe, expect, it } from 'vitest';
import { attr, OnnxGraphBuilder } from '../../../src/engine/onnx/builder';
import { onnx } from '../../../src/engine/onnx/onnx-proto';
import { makeTensor, upsampleBilinear2x } from '../../../src/model/reference/ops';
import { compare, createSession, decodeModel, int64, metadataOf, ort, outputData, rawFloats } from './fixtures';

function upsampleModel(): Uint8Array {
  const g = new OnnxGraphBuilder();
  g.addInput('x', [1, 2, 3, 5]);
  g.addFloatInitializer('scales', [4], Float32Array.of(1, 1, 2, 2));
  g.addNode('Resize', ['x', '', 'scales'], 'y', { mode: attr.string('linear'), coordinate_transformation_mode: attr.string('align_corners') });
  g.addOutput('y', [1, 2, 6, 10]);
  return g.encode({ graphName: 'upsample', docString: 'doc', metadata: { k: 'v' } });
}

describe('OnnxGraphBuilder', () => {
  it('writes the envelope: IR 8, opset 17, producer, doc string, metadata', () => {
    const { model: m, graph, initializers } = decodeModel(upsampleModel());
    expect(int64(m.irVersion)).toBe(8);
    expect(int64(m.opsetImport[0]!.version)).toBe(17);
    expect(m.producerName).toBe('mobilefaceswap-webgpu');
    expect(m.docString).toBe('doc');
    expect(graph.name).toBe('upsample');
    expect(metadataOf(m)).toEqual({ k: 'v' });
    expect(rawFloats(initializers[0]!)).toEqual(Float32Array.of(1, 1, 2, 2));
  });

  it('Resize linear/align_corners ×2 in onnxruntime-web equals the reference upsampler', async () => {
    const x = makeTensor([1, 2, 3, 5]);
    x.data.forEach((_, i) => (x.data[i] = Math.sin(i * 1.7) * 3));
    const s = await createSession(upsampleModel());
    const y = outputData(await s.run({ x: new ort.Tensor('float32', x.data, [1, 2, 3, 5]) }), 'y');
    expect(y.dims).toEqual([1, 2, 6, 10]);
    expect(compare(y.data, upsampleBilinear2x(x).data).maxAbs).toBeLessThan(1e-6);
  });

  it('encodes int64 initializers little-endian', () => {
    const g = new OnnxGraphBuilder();
    g.addInput('x', [2]);
    g.addInt64Initializer('shape', [3], [1, -1, 300000]);
    g.addNode('Reshape', ['x', 'shape'], 'y');
    g.addOutput('y', [1, 2, 1]);
    const t = decodeModel(g.encode({ graphName: 'g', docString: '', metadata: {} })).initializers[0]!;
    expect(t.dataType).toBe(onnx.TensorProto.DataType.INT64);
    const v = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    expect([0, 1, 2].map((i) => Number(v.getBigInt64(i * 8, true)))).toEqual([1, -1, 300000]);
  });

  it('refuses duplicate names, undefined inputs, undefined outputs and short data', () => {
    const g = new OnnxGraphBuilder();
    g.addInput('x', [1, 4]);
    expect(() => g.addFloatInitializer('x', [1], Float32Array.of(0))).toThrow(/"x" is already defined/);
    expect(() => g.addFloatInitializer('w', [2, 2], new Float32Array(3))).toThrow(/"w" has 3 values, shape \[2, 2\] needs 4/);
    expect(() => g.addNode('Relu', ['nope'], 'y')).toThrow(/node "y" \(Relu\) reads "nope", which is not defined yet/);
    expect(() => g.addOutput('z', [1, 4])).toThrow(/graph output "z" is not produced/);
    expect(() => new OnnxGraphBuilder().encode({ graphName: 'g', docString: '', metadata: {} })).toThrow(/at least one input and one output/);
  });
});
