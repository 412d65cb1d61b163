// The tfjs graph-model importer on the two installed MediaPipe models, plus synthetic models for the
// encodings they do not use (uint8 quantisation, several shards, inline constants) and for bad input.
import { describe, expect, it } from 'vitest';
import { halfToFloat, opCounts, parseTfjsGraphModel } from '../../../src/engine/face/tfjs-graph';
import { loadGraph } from './face-fixtures';

describe('tfjs graph importer on the installed models', () => {
  it('BlazeFace 256: ops, input, outputs, float32 weights', () => {
    const g = loadGraph('blazeface');
    expect(opCounts(g)).toEqual({ Const: 112, Placeholder: 1, _FusedConv2D: 37, DepthwiseConv2dNative: 32, AddV2: 31, Relu: 31, MaxPool: 3, Pad: 2, Reshape: 4, Identity: 4 });
    expect(g.inputs).toEqual([{ name: 'input', node: 'input', shape: [1, 256, 256, 3] }]);
    expect(g.outputs.map((o) => o.shape).sort()).toEqual([[1, 384, 1], [1, 384, 16], [1, 512, 1], [1, 512, 16]]);
    const first = g.nodes.find((n) => n.op === '_FusedConv2D')!;
    expect(first.attrs['padding']).toBe('SAME');
    expect(first.attrs['strides']).toEqual([1, 2, 2, 1]);
    expect(first.attrs['fused_ops']).toEqual(['BiasAdd', 'Relu']);
    const filter = g.consts.get(first.inputs[1]!)!;
    expect(filter.shape).toEqual([5, 5, 3, 24]);
    expect(filter.storedAs).toBe('float32');
    const pad = g.consts.get(g.nodes.find((n) => n.op === 'Pad')!.inputs[1]!)!;
    expect(pad.dtype).toBe('int32');
    expect([...pad.data]).toEqual([0, 0, 0, 0, 0, 0, 0, 24]);
    // Every input of every node is produced by a node or a constant, and producers come first.
    const seen = new Set(g.consts.keys());
    for (const n of g.nodes) {
      for (const i of n.inputs) expect(seen.has(i), `${n.name} reads ${i}`).toBe(true);
      seen.add(n.name);
    }
  });

  it('FaceMesh 192: ops, float16 weights decoded, PReLU alphas per channel', () => {
    const g = loadGraph('facemesh');
    expect(opCounts(g)).toEqual({ Const: 120, Placeholder: 1, _FusedConv2D: 31, DepthwiseConv2dNative: 24, AddV2: 24, Prelu: 24, MaxPool: 7, Pad: 3, Reshape: 3, Identity: 3, Sigmoid: 1 });
    expect(g.inputs[0]!.shape).toEqual([-1, 192, 192, 3]);
    expect(Object.fromEntries(g.outputs.map((o) => [o.name, o.shape]))).toEqual({ output_mesh: [-1, 1404], output_faceflag: [-1, 1], output_contours: [-1, 266] });
    const floats = [...g.consts.values()].filter((c) => c.dtype === 'float32');
    expect(floats.length).toBe(114);
    expect(floats.every((c) => c.storedAs === 'float16')).toBe(true);
    expect(floats.every((c) => c.data.every(Number.isFinite))).toBe(true);
    const head = g.nodes.find((n) => n.name.endsWith('conv2d_21/BiasAdd') || (n.op === '_FusedConv2D' && g.consts.get(n.inputs[1]!)!.shape[3] === 1404))!;
    expect(g.consts.get(head.inputs[1]!)!.shape).toEqual([3, 3, 32, 1404]);
    for (const prelu of g.nodes.filter((n) => n.op === 'Prelu')) {
      const alpha = g.consts.get(prelu.inputs[1]!)!.shape;
      expect(alpha.slice(0, 2)).toEqual([1, 1]);
      expect([16, 32, 64, 128]).toContain(alpha[2]);
    }
    const fusedPrelu = g.nodes.filter((n) => n.op === '_FusedConv2D' && (n.attrs['fused_ops'] as string[]).includes('Prelu'));
    expect(fusedPrelu.length).toBe(4);
    for (const n of fusedPrelu) expect(n.attrs['num_args']).toBe(2);
  });
});

describe('binary16 decoding', () => {
  it.each([
    [0x0000, 0],
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504],
    [0x0001, 2 ** -24],
    [0x0400, 2 ** -14],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ])('%s → %s', (h, v) => expect(halfToFloat(h)).toBe(v));
  it('NaN', () => expect(halfToFloat(0x7e00)).toBeNaN());
});

/** A minimal graph: x → Relu, with the given weight specs and bytes. */
function tinyModel(weights: object[], extraNodes: object[] = []) {
  return {
    format: 'graph-model',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { shape: { shape: { dim: [{ size: '1' }, { size: '2' }, { size: '2' }, { size: '1' }] } }, dtype: { type: 'DT_FLOAT' } } },
        ...extraNodes,
        { name: 'y', op: 'Relu', input: ['x'] },
      ],
    },
    weightsManifest: [{ paths: ['a.bin', 'b.bin'], weights }],
  };
}

describe('weight encodings and errors (synthetic models)', () => {
  it('uint8 affine quantisation across two shards, int32 and bool', () => {
    const json = tinyModel([
      { name: 'q', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
      { name: 'i', shape: [2], dtype: 'int32' },
      { name: 'b', shape: [2], dtype: 'bool' },
    ]);
    const a = new Uint8Array([0, 2, 255]);
    const b = new Uint8Array(10);
    new DataView(b.buffer).setInt32(0, -7, true);
    new DataView(b.buffer).setInt32(4, 123456, true);
    b[8] = 1;
    const g = parseTfjsGraphModel(json, [a, b]);
    expect([...g.consts.get('q')!.data]).toEqual([-1, 0, 126.5]);
    expect(g.consts.get('q')!.storedAs).toBe('uint8');
    expect([...g.consts.get('i')!.data]).toEqual([-7, 123456]);
    expect([...g.consts.get('b')!.data]).toEqual([1, 0]);
    expect(g.outputs.map((o) => o.node)).toEqual(['y']);
  });

  it('inline constants in the topology', () => {
    const json = tinyModel([], [{ name: 'k', op: 'Const', attr: { value: { tensor: { dtype: 'DT_INT32', tensorShape: { dim: [{ size: '3' }] }, intVal: ['4', '5', '6'] } }, dtype: { type: 'DT_INT32' } } }]);
    expect([...parseTfjsGraphModel(json, new Uint8Array(0)).consts.get('k')!.data]).toEqual([4, 5, 6]);
  });

  it('refuses short or long weight data, unknown dtypes and dangling inputs', () => {
    const spec = [{ name: 'w', shape: [2], dtype: 'float32' }];
    expect(() => parseTfjsGraphModel(tinyModel(spec), new Uint8Array(4))).toThrow(/needs bytes 0..8/);
    expect(() => parseTfjsGraphModel(tinyModel(spec), new Uint8Array(12))).toThrow(/describes 8 bytes of weights but 12/);
    expect(() => parseTfjsGraphModel(tinyModel([{ name: 'w', shape: [1], dtype: 'string' }]), new Uint8Array(4))).toThrow(/unsupported dtype string/);
    const dangling = tinyModel([], [{ name: 'z', op: 'Relu', input: ['nowhere'] }]);
    expect(() => parseTfjsGraphModel(dangling, new Uint8Array(0))).toThrow(/"z" reads "nowhere"/);
    expect(() => parseTfjsGraphModel({ modelTopology: {} }, new Uint8Array(0))).toThrow(/modelTopology.node is missing/);
  });
});
