/**
 * exportIdnOnnx: the exported file, run by onnxruntime-web (wasm, 1 thread), reproduces the CPU
 * reference idnForward; the file decodes back with the expected structure and provenance; bad
 * inputs fail with errors that name the problem.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportIdnOnnx } from '../../../src/engine/onnx/export-idn';
import { OnnxExportError } from '../../../src/engine/onnx/errors';
import { onnx, type OnnxTypes } from '../../../src/engine/onnx/onnx-proto';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { idnForward, type IdnOutput } from '../../../src/model/reference/idn';
import { iinForward, type InjectedWeights } from '../../../src/model/reference/iin';
import { localSwapWeights } from '../model/local-synthetic';
import { compare, createSession, decodeModel, int64, makeCrop, makeIdentity, metadataOf, ort, outputData, rawFloats, valueInfoShape } from './fixtures';

/**
 * Outputs live in [0, 1]. ORT and the reference run the same float32 ops with different summation
 * orders (and FMA in ORT's kernels): a few ulps per layer, measured ≤ 3e-7. 1e-5 leaves 30× headroom
 * and is still ~1000× below any structural slip (half-pixel vs align_corners resize, a swapped
 * concat, a missing bias or BN), each of which moves outputs by 1e-2 or more.
 */
const IDN_TOLERANCE = 1e-5;

let swap: TensorMap;
let injected: InjectedWeights;

beforeAll(() => {
  swap = localSwapWeights(1);
  const id = makeIdentity(7);
  injected = iinForward(swap, id.embedding, id.featureMap);
}, 60_000);

async function runOnnx(bytes: Uint8Array, crop: Float32Array, size: number, session?: ort.InferenceSession) {
  const s = session ?? (await createSession(bytes));
  const r = await s.run({ crop: new ort.Tensor('float32', crop, [1, 3, size, size]) });
  return { out: outputData(r, 'out'), mask: outputData(r, 'mask') };
}

describe.each([64, 224])('IDN at %i: onnxruntime-web vs idnForward', (size) => {
  let bytes: Uint8Array;
  let ref: IdnOutput;
  let crop: Float32Array;
  let session: ort.InferenceSession;

  beforeAll(async () => {
    bytes = exportIdnOnnx(swap, injected, { size, synthetic: true });
    const c = makeCrop(size);
    crop = c.data;
    ref = idnForward(swap, injected, c);
    session = await createSession(bytes);
  }, 60_000);

  it('the reference output is non-trivial (the comparison is not vacuous)', () => {
    // The mask is neither 0 nor 1 everywhere, and the result differs clearly from the input crop.
    let mMin = Infinity;
    let mMax = -Infinity;
    for (const v of ref.mask.data) {
      mMin = Math.min(mMin, v);
      mMax = Math.max(mMax, v);
    }
    const moved = compare(ref.out.data, crop).maxAbs;
    console.log(`IDN ${size} reference: mask in [${mMin.toFixed(4)}, ${mMax.toFixed(4)}], max |out − crop| ${moved.toFixed(4)}`);
    // Both spreads are >1000× the tolerance, so a mismatch anywhere in either head would show.
    expect(mMax - mMin).toBeGreaterThan(1000 * IDN_TOLERANCE);
    expect(mMin).toBeGreaterThan(0.01);
    expect(mMax).toBeLessThan(0.99);
    expect(moved).toBeGreaterThan(1000 * IDN_TOLERANCE);
  });

  it(`out and mask match within ${IDN_TOLERANCE}`, async () => {
    const r = await runOnnx(bytes, crop, size, session);
    expect(r.out.dims).toEqual([1, 3, size, size]);
    expect(r.mask.dims).toEqual([1, 1, size, size]);
    const eOut = compare(r.out.data, ref.out.data);
    const eMask = compare(r.mask.data, ref.mask.data);
    console.log(`IDN ${size}: ${bytes.byteLength} bytes; max |Δout| ${eOut.maxAbs.toExponential(2)}, max |Δmask| ${eMask.maxAbs.toExponential(2)}`);
    expect(eOut.maxAbs).toBeLessThan(IDN_TOLERANCE);
    expect(eMask.maxAbs).toBeLessThan(IDN_TOLERANCE);
  });

  it('intermediate tensors match the reference callback too (mask logits, bottleneck, skips, generated)', async () => {
    // Re-declare a few internal tensors (named like idnForward's callback) as extra graph outputs.
    const probe = ['E4', 'D0.cat', 'D3', 'mask.5', 'final.8', 'generated'];
    const refTensors = new Map<string, Float32Array>();
    idnForward(swap, injected, { shape: [1, 3, size, size], data: crop }, (name, t) => {
      if (probe.includes(name)) refTensors.set(name, t.data);
    });
    const { model, graph } = decodeModel(bytes);
    for (const name of probe) {
      graph.output.push({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } });
    }
    const s = await createSession(onnx.ModelProto.encode(model).finish());
    const r = await s.run({ crop: new ort.Tensor('float32', crop, [1, 3, size, size]) });
    const report: string[] = [];
    for (const name of probe) {
      const e = compare(outputData(r, name).data, refTensors.get(name)!);
      report.push(`${name} ${e.maxAbs.toExponential(2)} (|ref| ≤ ${e.maxRef.toPrecision(3)})`);
      // Internal activations are not bounded by 1: scale the same tolerance by their magnitude.
      expect(e.maxAbs, `${name}: max |Δ| ${e.maxAbs} (max |ref| ${e.maxRef})`).toBeLessThan(IDN_TOLERANCE * Math.max(1, e.maxRef));
    }
    console.log(`IDN ${size} intermediates, max |Δ|: ${report.join('; ')}`);
  });

  if (size === 224) {
    it('bakes in this identity: another identity gives a clearly different output', () => {
      const other = makeIdentity(8);
      const otherRef = idnForward(swap, iinForward(swap, other.embedding, other.featureMap), makeCrop(size));
      expect(compare(otherRef.out.data, ref.out.data).maxAbs).toBeGreaterThan(100 * IDN_TOLERANCE);
    });

  }
});

describe('IDN file structure', () => {
  let model: OnnxTypes.ModelProto;
  let g: OnnxTypes.GraphProto;
  let nodes: OnnxTypes.NodeProto[];
  let initializers: OnnxTypes.TensorProto[];

  beforeAll(() => {
    ({ model, graph: g, nodes, initializers } = decodeModel(exportIdnOnnx(swap, injected, { synthetic: true, identityNote: 'seeded test identity 7' })));
  });

  it('declares IR 8, opset 17 and the producer', () => {
    expect(int64(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((o) => [o.domain ?? '', int64(o.version)])).toEqual([['', 17]]);
    expect(model.producerName).toBe('mobilefaceswap-webgpu');
  });

  it('has input crop [1,3,224,224] and outputs out [1,3,224,224], mask [1,1,224,224]', () => {
    expect(g.input.map((v) => [v.name, valueInfoShape(v), v.type?.tensorType?.elemType])).toEqual([
      ['crop', [1, 3, 224, 224], onnx.TensorProto.DataType.FLOAT],
    ]);
    expect(g.output.map((v) => [v.name, valueInfoShape(v)])).toEqual([
      ['out', [1, 3, 224, 224]],
      ['mask', [1, 1, 224, 224]],
    ]);
  });

  it('holds 78 initializers: 18 injected kernels, the 56 static mask/final tensors, 4 constants', () => {
    const names = initializers.map((t) => t.name ?? '');
    expect(names.length).toBe(78);
    expect(new Set(names).size).toBe(names.length);
    const statics = [...swap.keys()].filter((k) => k.startsWith('mask.') || k.startsWith('final.'));
    expect(statics.length).toBe(56);
    for (const k of statics) expect(names).toContain(k);
    for (const s of ['E0', 'E1', 'E2', 'E3', 'E4', 'D0', 'D1', 'D2', 'D3']) {
      expect(names).toContain(`${s}.dw.weight`);
      expect(names).toContain(`${s}.pw.weight`);
    }
    // No identity-independent IIN weights leak in: the file needs none of predictor.* / *Modulation.*.
    expect(names.some((n) => n.startsWith('predictor.') || n.includes('Modulation.'))).toBe(false);
  });

  it('stores kernels as little-endian float32 raw_data, bit for bit', () => {
    const byName = new Map(initializers.map((t) => [t.name, t]));
    const d2 = byName.get('D2.dw.weight')!;
    expect(d2.dataType).toBe(onnx.TensorProto.DataType.FLOAT);
    expect(d2.dims.map((d) => int64(d))).toEqual([256, 1, 3, 3]);
    expect(rawFloats(d2)).toEqual(injected.depthwise[7]!.data);
    expect(rawFloats(byName.get('mask.3.2.weight')!)).toEqual(swap.get('mask.3.2.weight')!.data);
  });

  it('uses align-corners linear Resize ×2 ten times, and only standard ops', () => {
    const resizes = nodes.filter((n) => n.opType === 'Resize');
    expect(resizes.length).toBe(10);
    const text = (n: OnnxTypes.INodeProto, a: string) => new TextDecoder().decode(n.attribute?.find((x) => x.name === a)?.s ?? new Uint8Array());
    for (const r of resizes) {
      expect(text(r, 'mode')).toBe('linear');
      expect(text(r, 'coordinate_transformation_mode')).toBe('align_corners');
    }
    const ops = new Set(nodes.map((n) => n.opType));
    expect([...ops].sort()).toEqual(
      ['Add', 'BatchNormalization', 'Concat', 'Conv', 'Div', 'LeakyRelu', 'Mul', 'Resize', 'Sigmoid', 'Sub', 'Tanh'].sort(),
    );
    expect(nodes.filter((n) => n.domain !== undefined && n.domain !== null && n.domain !== '')).toEqual([]);
  });

  it('says SYNTHETIC in metadata, doc string and graph name', () => {
    const meta = metadataOf(model);
    expect(meta.weights_provenance).toBe('SYNTHETIC');
    expect(meta.synthetic).toBe('true');
    expect(meta.notice).toMatch(/SYNTHETIC/);
    expect(meta.identity_note).toBe('seeded test identity 7');
    expect(meta.input_size).toBe('224');
    expect(model.docString.split('\n')[0]).toMatch(/SYNTHETIC/);
    expect(g.docString).toMatch(/SYNTHETIC/);
    expect(g.name).toBe('SYNTHETIC_mobilefaceswap_idn_224');
  });

  it('an official export carries no SYNTHETIC marker', () => {
    const { model: official, graph } = decodeModel(exportIdnOnnx(swap, injected, { size: 64 }));
    const meta = metadataOf(official);
    expect(meta.weights_provenance).toBe('official');
    expect(meta.synthetic).toBe('false');
    expect(JSON.stringify(meta) + official.docString + graph.name).not.toMatch(/SYNTHETIC/);
    expect(graph.name).toBe('mobilefaceswap_idn_64');
  });
});

describe('exportIdnOnnx rejects bad inputs with errors that name the problem', () => {
  const without = (key: string): TensorMap => {
    const m = new Map(swap);
    m.delete(key);
    return m;
  };

  it('a weight map missing a key', () => {
    expect(() => exportIdnOnnx(without('mask.2.3._variance'), injected)).toThrow(OnnxExportError);
    expect(() => exportIdnOnnx(without('mask.2.3._variance'), injected)).toThrow(/missing "mask\.2\.3\._variance" \(expected shape \[32\]\)/);
    expect(() => exportIdnOnnx(without('final.7.bias'), injected)).toThrow(/missing "final\.7\.bias"/);
  });

  it('a mis-shaped weight', () => {
    const m = new Map(swap);
    m.set('final.4.weight', { shape: [3, 8, 1, 1], data: new Float32Array(24) });
    expect(() => exportIdnOnnx(m, injected)).toThrow(/"final\.4\.weight" has shape \[3, 8, 1, 1\], expected \[3, 8, 3, 3\]/);
  });

  it('injected kernels of the wrong shape', () => {
    const dw = [...injected.depthwise];
    dw[2] = { shape: [64, 1, 3, 3], data: new Float32Array(64 * 9) };
    expect(() => exportIdnOnnx(swap, { depthwise: dw, pointwise: injected.pointwise })).toThrow(
      /injected\.depthwise\[2\] \(encoder stage E2\) has shape \[64, 1, 3, 3\], expected \[64, 1, 4, 4\]/,
    );
    const pw = [...injected.pointwise];
    pw[6] = { shape: [128, 512, 1, 1], data: new Float32Array(100) };
    expect(() => exportIdnOnnx(swap, { depthwise: injected.depthwise, pointwise: pw })).toThrow(
      /injected\.pointwise\[6\] \(decoder stage D1\) holds 100 values/,
    );
  });

  it('the wrong number of injected kernels', () => {
    expect(() => exportIdnOnnx(swap, { depthwise: injected.depthwise.slice(0, 8), pointwise: injected.pointwise })).toThrow(
      /expected 9 depthwise and 9 pointwise kernels .* got 8 and 9/,
    );
  });

  it.each([100, 0, -32, 224.5, Number.NaN])('size %s', (size) => {
    expect(() => exportIdnOnnx(swap, injected, { size })).toThrow(/size must be a positive multiple of 32 .*got/);
  });
});
