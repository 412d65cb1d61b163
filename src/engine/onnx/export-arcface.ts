/**
 * MobileFaceSwap's identity encoder (SimSwap's IR-SE ArcFace, layers [3, 4, 23, 3], reference §2)
 * → a standalone .onnx file with both outputs the IIN needs: the L2-normalised embedding and the
 * 512×7×7 `bn2` feature map (a stock ArcFace ONNX has only the former).
 *
 * Input `input` float32 [1, 3, 112, 112], RGB already ImageNet-normalised
 * (`arcfaceInputFromAlignedCrop`). Outputs `embedding` [1, 512] and `feature_map` [1, 512, 7, 7].
 * BatchNorms stay BatchNormalization nodes (runtimes fold them into the convs themselves), which
 * keeps every initializer a verbatim checkpoint tensor under its checkpoint name.
 */
import { ARCFACE_STAGE_BLOCKS, ARCFACE_STAGE_CHANNELS } from '../../model/reference/arcface';
import type { TensorMap } from '../weights/tensor-map';
import { attr, DEFAULT_OPSET, OnnxGraphBuilder } from './builder';
import { CheckpointInitializers } from './checkpoint-initializers';
import { OnnxExportError } from './errors';
import { OnnxLayers } from './layers';
import { provenanceGraphName, provenanceHeadline, provenanceMetadata, provenanceOf } from './provenance';

const CONTEXT = 'exportArcfaceOnnx';
const ARCFACE_CHECKPOINT = 'arcface.pdparams';
const SE_REDUCTION = 16;
const EMBEDDING_DIM = 512;
const FEATURE_SIZE = 7;

export interface ArcfaceExportOptions {
  /** True when the weights are synthetic: the file is then marked SYNTHETIC everywhere. */
  synthetic?: boolean;
}

class ArcfaceGraph {
  readonly g = new OnnxGraphBuilder();
  readonly L = new OnnxLayers(this.g);
  readonly ckpt: CheckpointInitializers;
  /** Reshape target [1, C, 1, 1] for the SE channel scales (-1 = C). */
  private seScaleShape: string | null = null;

  constructor(weights: TensorMap) {
    this.ckpt = new CheckpointInitializers(this.g, weights, CONTEXT);
  }

  /** Paddle Linear y = x·W + b with W stored [in, out]: Gemm with transB = 0 takes it as stored. */
  linear(name: string, x: string, prefix: string, inF: number, outF: number): string {
    const w = this.ckpt.use(`${prefix}.weight`, [inF, outF]);
    const b = this.ckpt.use(`${prefix}.bias`, [outF]);
    return this.g.addNode('Gemm', [x, w, b], name, { transB: attr.int(0) });
  }

  /** PReLU with the checkpoint's single slope ([1] broadcasts over every channel). */
  prelu(name: string, x: string, slopeKey: string): string {
    return this.g.addNode('PRelu', [x, this.ckpt.use(slopeKey, [1])], name);
  }

  /** x · sigmoid(fc.2(PReLU(fc.0(avgpool(x))))) per channel. */
  squeezeExcite(p: string, x: string, channels: number): string {
    const g = this.g;
    const r = channels / SE_REDUCTION;
    const pooled = g.addNode('Flatten', [g.addNode('GlobalAveragePool', [x], `${p}.pool`)], `${p}.flat`, { axis: attr.int(1) });
    let s = this.linear(`${p}.fc.0`, pooled, `${p}.fc.0`, channels, r);
    s = this.prelu(`${p}.fc.1`, s, `${p}.fc.1._weight`);
    s = this.linear(`${p}.fc.2`, s, `${p}.fc.2`, r, channels);
    s = g.addNode('Sigmoid', [s], `${p}.fc.3`);
    this.seScaleShape ??= g.addInt64Initializer('se.scale_shape', [4], [1, -1, 1, 1]);
    s = g.addNode('Reshape', [s, this.seScaleShape], `${p}.scale`);
    return g.addNode('Mul', [x, s], p);
  }

  /** BN → conv3×3 → BN → PReLU → conv3×3 (stride) → BN → SE, + shortcut, → the same PReLU. */
  irBlock(p: string, x: string, cin: number, cout: number, stride: number): string {
    const { L, ckpt } = this;
    let y = L.batchNorm(`${p}.bn0`, x, ckpt.useBatchNorm(`${p}.bn0`, cin));
    y = L.conv(`${p}.conv1`, y, ckpt.use(`${p}.conv1.weight`, [cin, cin, 3, 3]), null, { kernel: 3, pad: 1 });
    y = L.batchNorm(`${p}.bn1`, y, ckpt.useBatchNorm(`${p}.bn1`, cin));
    y = this.prelu(`${p}.prelu`, y, `${p}.prelu._weight`);
    y = L.conv(`${p}.conv2`, y, ckpt.use(`${p}.conv2.weight`, [cout, cin, 3, 3]), null, { kernel: 3, stride, pad: 1 });
    y = L.batchNorm(`${p}.bn2`, y, ckpt.useBatchNorm(`${p}.bn2`, cout));
    y = this.squeezeExcite(`${p}.se`, y, cout);

    // Whether a block has a projection shortcut is the checkpoint's call (as in arcfaceForward).
    let shortcut = x;
    if (ckpt.has(`${p}.downsample.0.weight`)) {
      shortcut = L.conv(`${p}.downsample.0`, x, ckpt.use(`${p}.downsample.0.weight`, [cout, cin, 1, 1]), null, { kernel: 1, stride });
      shortcut = L.batchNorm(`${p}.downsample.1`, shortcut, ckpt.useBatchNorm(`${p}.downsample.1`, cout));
    } else if (stride !== 1 || cin !== cout) {
      throw new OnnxExportError(`${CONTEXT}: block ${p} changes shape (${cin}→${cout}, stride ${stride}) but weights are missing "${p}.downsample.0.weight"`);
    }
    const sum = this.g.addNode('Add', [y, shortcut], `${p}.add`);
    // Same slope initializer as the first PReLU: one learnt module applied twice.
    return this.prelu(p, sum, `${p}.prelu._weight`);
  }
}

/** Builds the ArcFace graph and returns the serialised ModelProto (about 209 MB for the real weights). */
export function exportArcfaceOnnx(arcfaceWeights: TensorMap, options: ArcfaceExportOptions = {}): Uint8Array {
  const a = new ArcfaceGraph(arcfaceWeights);
  const { g, L, ckpt } = a;

  const input = g.addInput('input', [1, 3, 112, 112]);
  // Stem: conv 3×3 pad 0 (112 → 110) → BN → PReLU → maxpool 2×2 (110 → 55).
  let x = L.conv('conv1', input, ckpt.use('conv1.weight', [64, 3, 3, 3]), null, { kernel: 3 });
  x = L.batchNorm('bn1', x, ckpt.useBatchNorm('bn1', 64));
  x = a.prelu('prelu', x, 'prelu._weight');
  x = g.addNode('MaxPool', [x], 'stem', { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) });

  let cin: number = ARCFACE_STAGE_CHANNELS[0];
  for (let s = 0; s < ARCFACE_STAGE_BLOCKS.length; s++) {
    const cout = ARCFACE_STAGE_CHANNELS[s]!;
    for (let b = 0; b < ARCFACE_STAGE_BLOCKS[s]!; b++) {
      const stride = s > 0 && b === 0 ? 2 : 1;
      x = a.irBlock(`layer${s + 1}.${b}`, x, cin, cout, stride);
      cin = cout;
    }
  }

  // Head: bn2 (dropout is the identity at inference) = feature map → flatten in C, H, W order →
  // fc (Paddle [25088, 512]) → BatchNorm1d bn3 → L2 normalisation (no epsilon, like the original).
  const featureMap = L.batchNorm('feature_map', x, ckpt.useBatchNorm('bn2', EMBEDDING_DIM));
  const flat = g.addNode('Flatten', [featureMap], 'flatten', { axis: attr.int(1) });
  const fc = a.linear('fc', flat, 'fc', EMBEDDING_DIM * FEATURE_SIZE * FEATURE_SIZE, EMBEDDING_DIM);
  const bn3 = L.batchNorm('bn3', fc, ckpt.useBatchNorm('bn3', EMBEDDING_DIM));
  const embedding = g.addNode('LpNormalization', [bn3], 'embedding', { axis: attr.int(1), p: attr.int(2) });

  g.addOutput(embedding, [1, EMBEDDING_DIM]);
  g.addOutput(featureMap, [1, EMBEDDING_DIM, FEATURE_SIZE, FEATURE_SIZE]);

  const provenance = provenanceOf(options.synthetic);
  const docString = [
    provenanceHeadline(provenance, ARCFACE_CHECKPOINT),
    "MobileFaceSwap's identity encoder: SimSwap's IR-SE ArcFace, layers [3, 4, 23, 3].",
    'input [1,3,112,112] RGB, (x/255 − ImageNet mean)/std -> embedding [1,512] (L2-normalised bn3), feature_map [1,512,7,7] (bn2).',
    `Opset ${DEFAULT_OPSET}.`,
  ].join('\n');
  return g.encode({
    graphName: provenanceGraphName(provenance, 'mobilefaceswap_arcface_112'),
    docString,
    metadata: {
      ...provenanceMetadata(provenance, ARCFACE_CHECKPOINT),
      model: 'MobileFaceSwap identity encoder (IR-SE ArcFace 3-4-23-3)',
      inputs: 'input: float32 [1, 3, 112, 112], RGB, ImageNet mean/std normalised',
      outputs: 'embedding: float32 [1, 512], L2-normalised; feature_map: float32 [1, 512, 7, 7], bn2 output',
    },
  });
}
