/**
 * exportArcfaceOnnx: onnxruntime-web (wasm, 1 thread) on the exported file reproduces the CPU
 * reference arcfaceForward; the file decodes back with the checkpoint's 691 tensors under their own
 * names; bad weights fail with errors that name the key.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportArcfaceOnnx } from '../../../src/engine/onnx/export-arcface';
import { OnnxExportError } from '../../../src/engine/onnx/errors';
import type { OnnxTypes } from '../../../src/engine/onnx/onnx-proto';
import type { TensorMap } from '../../../src/engine/weights/tensor-map';
import { arcfaceForward, arcfaceInputFromAlignedCrop, type ArcfaceOutput } from '../../../src/model/reference/arcface';
import { localArcfaceWeights } from '../model/local-synthetic';
import { compare, createSession, decodeModel, int64, metadataOf, ort, outputData, valueInfoShape } from './fixtures';
import { syntheticAlignedCrop } from '../../support/synthetic-face';

/**
 * The embedding is a unit vector (entries ≤ 1): 1e-5 absolute, measured ~1e-7.
 * The feature map is unnormalised (|x| up to ~16 here) and comes out of 33 residual blocks whose
 * convs reduce over up to 4608 float32 products in a different order than the reference: bound the
 * error relative to the map's magnitude, 1e-4 (measured ~1e-6). A wrong BN epsilon (1e-3 instead
 * of 1e-5), a transposed fc or a per-channel PReLU mix-up would each exceed this by orders.
 */
const EMBEDDING_TOLERANCE = 1e-5;
const FEATURE_MAP_RELATIVE_TOLERANCE = 1e-4;

let weights: TensorMap;
let bytes: Uint8Array;

beforeAll(() => {
  weights = localArcfaceWeights(2);
  bytes = exportArcfaceOnnx(weights, { synthetic: true });
}, 60_000);

describe('ArcFace at 112: onnxruntime-web vs arcfaceForward', () => {
  let ref: ArcfaceOutput;
  let input: Float32Array;
  let session: ort.InferenceSession;

  beforeAll(async () => {
    const t = arcfaceInputFromAlignedCrop(syntheticAlignedCrop());
    input = t.data;
    ref = arcfaceForward(weights, t);
    session = await createSession(bytes);
  }, 120_000);

  it('embedding and feature map match', async () => {
    // One run: timing belongs to the benchmark (bench/), not to tests.
    const result = await session.run({ input: new ort.Tensor('float32', input, [1, 3, 112, 112]) });
    const emb = outputData(result, 'embedding');
    const fmap = outputData(result, 'feature_map');
    expect(emb.dims).toEqual([1, 512]);
    expect(fmap.dims).toEqual([1, 512, 7, 7]);
    const eEmb = compare(emb.data, ref.embedding);
    const eMap = compare(fmap.data, ref.featureMap.data);
    console.log(
      `ArcFace: ${bytes.byteLength} bytes; max |Δembedding| ${eEmb.maxAbs.toExponential(2)}, ` +
        `max |Δfeature_map| ${eMap.maxAbs.toExponential(2)} (max |feature_map| ${eMap.maxRef.toFixed(2)})`,
    );
    // Non-vacuous: a real, non-degenerate feature map.
    expect(eMap.maxRef).toBeGreaterThan(1);
    expect(eEmb.maxAbs).toBeLessThan(EMBEDDING_TOLERANCE);
    expect(eMap.maxAbs).toBeLessThan(FEATURE_MAP_RELATIVE_TOLERANCE * eMap.maxRef);
  }, 60_000);
});

describe('ArcFace file structure', () => {
  let model: OnnxTypes.ModelProto;
  let g: OnnxTypes.GraphProto;
  let nodes: OnnxTypes.NodeProto[];
  let initializers: OnnxTypes.TensorProto[];

  beforeAll(() => {
    ({ model, graph: g, nodes, initializers } = decodeModel(bytes));
  }, 60_000);

  it('declares IR 8, opset 17, input [1,3,112,112], outputs embedding [1,512] and feature_map [1,512,7,7]', () => {
    expect(int64(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((o) => [o.domain ?? '', int64(o.version)])).toEqual([['', 17]]);
    expect(g.input.map((v) => [v.name, valueInfoShape(v)])).toEqual([['input', [1, 3, 112, 112]]]);
    expect(g.output.map((v) => [v.name, valueInfoShape(v)])).toEqual([
      ['embedding', [1, 512]],
      ['feature_map', [1, 512, 7, 7]],
    ]);
  });

  it('holds the 691 checkpoint tensors under their own names, plus one reshape target', () => {
    const names = initializers.map((t) => t.name ?? '');
    expect(weights.size).toBe(691);
    expect(names.length).toBe(692);
    expect(new Set(names)).toEqual(new Set([...weights.keys(), 'se.scale_shape']));
  });

  it('keeps the Paddle [in, out] fc layout with Gemm transB = 0, and shares each block PReLU slope', () => {
    const fcW = initializers.find((t) => t.name === 'fc.weight')!;
    expect(fcW.dims.map((d) => int64(d))).toEqual([25088, 512]);
    const fc = nodes.find((n) => n.name === 'fc')!;
    expect(fc.opType).toBe('Gemm');
    expect(fc.input).toEqual(['flatten', 'fc.weight', 'fc.bias']);
    expect(int64(fc.attribute.find((a) => a.name === 'transB')?.i)).toBe(0);
    const slopeUsers = nodes.filter((n) => n.opType === 'PRelu' && n.input[1] === 'layer3.7.prelu._weight').map((n) => n.name);
    expect(slopeUsers).toEqual(['layer3.7.prelu', 'layer3.7']);
  });

  it('says SYNTHETIC in metadata, doc string and graph name', () => {
    const meta = metadataOf(model);
    expect(meta.weights_provenance).toBe('SYNTHETIC');
    expect(meta.synthetic).toBe('true');
    expect(model.docString.split('\n')[0]).toMatch(/SYNTHETIC/);
    expect(g.name).toBe('SYNTHETIC_mobilefaceswap_arcface_112');
  });
});

describe('exportArcfaceOnnx rejects bad weights with errors that name the key', () => {
  const edited = (edit: (m: TensorMap) => void): TensorMap => {
    const m = new Map(weights);
    edit(m);
    return m;
  };

  it('a missing key', () => {
    const m = edited((w) => w.delete('layer3.7.se.fc.1._weight'));
    expect(() => exportArcfaceOnnx(m)).toThrow(OnnxExportError);
    expect(() => exportArcfaceOnnx(m)).toThrow(/missing "layer3\.7\.se\.fc\.1\._weight" \(expected shape \[1\]\)/);
  });

  it('a missing projection shortcut', () => {
    const m = edited((w) => w.delete('layer2.0.downsample.0.weight'));
    expect(() => exportArcfaceOnnx(m)).toThrow(/layer2\.0 changes shape \(64→128, stride 2\).*"layer2\.0\.downsample\.0\.weight"/);
  });

  it('an fc weight in PyTorch [out, in] layout', () => {
    const fc = weights.get('fc.weight')!;
    const m = edited((w) => w.set('fc.weight', { shape: [512, 25088], data: fc.data }));
    expect(() => exportArcfaceOnnx(m)).toThrow(/"fc\.weight" has shape \[512, 25088\], expected \[25088, 512\]/);
  });
});
