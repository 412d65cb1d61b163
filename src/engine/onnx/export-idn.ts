/**
 * Per-identity IDN → a standalone .onnx file (reference §4, §5). The identity's injected kernels
 * (from `iinForward`) are baked in as constants, so the file maps one face crop to the swapped
 * crop and its mask with any ONNX runtime, with no IIN or ArcFace at run time.
 *
 * Graph (tensor names follow `idnForward`'s callback names):
 *   crop [1,3,H,W] in [0,1] → input = (crop − 0.5)/0.5
 *   encoder E0..E4: dw 4×4 s2 p1 (group C) → pw 1×1 → LeakyReLU 0.1       (zero biases omitted)
 *   mask head from E4: 5 × [up ×2 → dw 3×3 + b → pw + b → BN → LeakyReLU] → conv 3×3 + b → Sigmoid
 *   decoder D0..D3: up ×2 → dw 3×3 p1 → pw → LeakyReLU → Concat [D_j, E_{3−j}] (not after D3)
 *   RGB head: up ×2 → 1×1 + b → BN → LReLU → 3×3 + b → BN → LReLU → 3×3 + b → Tanh → (t + 1)/2
 *   out = generated·mask + crop·(1 − mask)
 */
import type { Tensor } from '../../model/reference/ops';
import { DECODER_IN, DECODER_OUT, ENCODER_CHANNELS } from '../../model/reference/iin';
import type { TensorMap } from '../weights/tensor-map';
import { attr, DEFAULT_OPSET, OnnxGraphBuilder } from './builder';
import { CheckpointInitializers } from './checkpoint-initializers';
import { OnnxExportError } from './errors';
import { OnnxLayers } from './layers';
import { provenanceGraphName, provenanceHeadline, provenanceMetadata, provenanceOf } from './provenance';

const CONTEXT = 'exportIdnOnnx';
const SWAP_CHECKPOINT = 'MobileFaceSwap_224.pdparams';
const MASK_CHANNELS = [512, 128, 64, 32, 8, 2] as const;
/** The encoder halves the resolution five times. */
const SIZE_MULTIPLE = 32;

/** The 9 + 9 kernels `iinForward` returns, in IDN order [E0..E4, D0..D3]. */
export interface InjectedKernels {
  depthwise: readonly Tensor[];
  pointwise: readonly Tensor[];
}

export interface IdnExportOptions {
  /** Square crop size, a multiple of 32 (default 224, the only size the released model was trained at). */
  size?: number;
  /** True when `swapWeights` are synthetic: the file is then marked SYNTHETIC everywhere. */
  synthetic?: boolean;
  /** Free text about the baked-in identity (e.g. the source image), stored as metadata `identity_note`. */
  identityNote?: string;
}

interface StageKernelSpec {
  label: string;
  depthwise: readonly number[];
  pointwise: readonly number[];
}

/** Expected shape of every injected kernel, with a human label for error messages. */
function injectedKernelSpecs(): StageKernelSpec[] {
  const specs: StageKernelSpec[] = [];
  for (let i = 0; i < 5; i++) {
    const cin = ENCODER_CHANNELS[i]!;
    specs.push({ label: `encoder stage E${i}`, depthwise: [cin, 1, 4, 4], pointwise: [ENCODER_CHANNELS[i + 1]!, cin, 1, 1] });
  }
  for (let j = 0; j < 4; j++) {
    const cin = DECODER_IN[j]!;
    specs.push({ label: `decoder stage D${j}`, depthwise: [cin, 1, 3, 3], pointwise: [DECODER_OUT[j]!, cin, 1, 1] });
  }
  return specs;
}

function checkKernel(t: Tensor | undefined, where: string, label: string, shape: readonly number[]): Float32Array {
  const want = `[${shape.join(', ')}]`;
  if (t === undefined || t === null || !Array.isArray(t.shape) || !(t.data instanceof Float32Array)) {
    throw new OnnxExportError(`${CONTEXT}: ${where} (${label}) is missing or not a {shape, data: Float32Array} tensor; expected ${want}`);
  }
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new OnnxExportError(`${CONTEXT}: ${where} (${label}) has shape [${t.shape.join(', ')}], expected ${want}`);
  }
  const n = shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== n) throw new OnnxExportError(`${CONTEXT}: ${where} (${label}) holds ${t.data.length} values, ${want} needs ${n}`);
  return t.data;
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size <= 0 || size % SIZE_MULTIPLE !== 0) {
    throw new OnnxExportError(
      `${CONTEXT}: size must be a positive multiple of ${SIZE_MULTIPLE} (the IDN halves the resolution 5 times), got ${size}`,
    );
  }
}

/**
 * Builds the per-identity IDN for a `size`×`size` crop and returns the serialised ModelProto.
 * Input `crop` float32 [1, 3, size, size] RGB in [0, 1]; outputs `out` [1, 3, size, size] and
 * `mask` [1, 1, size, size], as `idnForward` computes them.
 */
export function exportIdnOnnx(swapWeights: TensorMap, injected: InjectedKernels, options: IdnExportOptions = {}): Uint8Array {
  const size = options.size ?? 224;
  checkSize(size);
  if (injected === null || typeof injected !== 'object' || !Array.isArray(injected.depthwise) || !Array.isArray(injected.pointwise)) {
    throw new OnnxExportError(`${CONTEXT}: injected must be { depthwise: Tensor[9], pointwise: Tensor[9] } as returned by iinForward`);
  }
  const specs = injectedKernelSpecs();
  if (injected.depthwise.length !== specs.length || injected.pointwise.length !== specs.length) {
    throw new OnnxExportError(
      `${CONTEXT}: expected ${specs.length} depthwise and ${specs.length} pointwise kernels (E0..E4, D0..D3), ` +
        `got ${injected.depthwise.length} and ${injected.pointwise.length}`,
    );
  }

  const g = new OnnxGraphBuilder();
  const ckpt = new CheckpointInitializers(g, swapWeights, CONTEXT);
  const L = new OnnxLayers(g);

  // Injected kernels first, so a bad identity is reported before any weight lookup.
  const dwNames: string[] = [];
  const pwNames: string[] = [];
  specs.forEach((spec, k) => {
    const stage = k < 5 ? `E${k}` : `D${k - 5}`;
    const dw = checkKernel(injected.depthwise[k], `injected.depthwise[${k}]`, spec.label, spec.depthwise);
    const pw = checkKernel(injected.pointwise[k], `injected.pointwise[${k}]`, spec.label, spec.pointwise);
    dwNames.push(g.addFloatInitializer(`${stage}.dw.weight`, spec.depthwise, dw));
    pwNames.push(g.addFloatInitializer(`${stage}.pw.weight`, spec.pointwise, pw));
  });

  const half = g.addScalar('const.half', 0.5);
  const one = g.addScalar('const.one', 1);
  const two = g.addScalar('const.two', 2);

  const crop = g.addInput('crop', [1, 3, size, size]);
  let x = g.addNode('Div', [g.addNode('Sub', [crop, half], 'input.centered'), half], 'input');

  // Encoder; every E_i is kept as a skip (E0 is never concatenated, E4 also feeds the mask head).
  const skips: string[] = [];
  for (let i = 0; i < 5; i++) {
    const cin = ENCODER_CHANNELS[i]!;
    x = L.conv(`E${i}.dw`, x, dwNames[i]!, null, { kernel: 4, stride: 2, pad: 1, group: cin });
    x = L.conv(`E${i}.pw`, x, pwNames[i]!, null, { kernel: 1 });
    x = L.leakyRelu(`E${i}`, x);
    skips.push(x);
  }
  const bottleneck = x;

  // Mask head: static weights `mask.*`, reads only the bottleneck.
  let m = bottleneck;
  for (let s = 0; s < 5; s++) {
    const ci = MASK_CHANNELS[s]!;
    const co = MASK_CHANNELS[s + 1]!;
    const p = `mask.${s}`;
    m = L.upsample2x(`${p}.0`, m);
    m = L.conv(`${p}.1`, m, ckpt.use(`${p}.1.weight`, [ci, 1, 3, 3]), ckpt.use(`${p}.1.bias`, [ci]), { kernel: 3, pad: 1, group: ci });
    m = L.conv(`${p}.2`, m, ckpt.use(`${p}.2.weight`, [co, ci, 1, 1]), ckpt.use(`${p}.2.bias`, [co]), { kernel: 1 });
    m = L.batchNorm(`${p}.3`, m, ckpt.useBatchNorm(`${p}.3`, co));
    m = L.leakyRelu(`${p}.4`, m);
  }
  m = L.conv('mask.5', m, ckpt.use('mask.5.weight', [1, 2, 3, 3]), ckpt.use('mask.5.bias', [1]), { kernel: 3, pad: 1 });
  const mask = g.addNode('Sigmoid', [m], 'mask');

  // Decoder.
  let y = bottleneck;
  for (let j = 0; j < 4; j++) {
    y = L.upsample2x(`D${j}.up`, y);
    y = L.conv(`D${j}.dw`, y, dwNames[5 + j]!, null, { kernel: 3, pad: 1, group: DECODER_IN[j]! });
    y = L.conv(`D${j}.pw`, y, pwNames[5 + j]!, null, { kernel: 1 });
    y = L.leakyRelu(`D${j}`, y);
    if (j < 3) y = g.addNode('Concat', [y, skips[3 - j]!], `D${j}.cat`, { axis: attr.int(1) });
  }

  // RGB head `final`.
  let h = L.upsample2x('final.0', y);
  h = L.conv('final.1', h, ckpt.use('final.1.weight', [8, 32, 1, 1]), ckpt.use('final.1.bias', [8]), { kernel: 1 });
  h = L.batchNorm('final.2', h, ckpt.useBatchNorm('final.2', 8));
  h = L.leakyRelu('final.3', h);
  h = L.conv('final.4', h, ckpt.use('final.4.weight', [3, 8, 3, 3]), ckpt.use('final.4.bias', [3]), { kernel: 3, pad: 1 });
  h = L.batchNorm('final.5', h, ckpt.useBatchNorm('final.5', 3));
  h = L.leakyRelu('final.6', h);
  h = L.conv('final.7', h, ckpt.use('final.7.weight', [3, 3, 3, 3]), ckpt.use('final.7.bias', [3]), { kernel: 3, pad: 1 });
  h = g.addNode('Tanh', [h], 'final.8');
  const generated = g.addNode('Div', [g.addNode('Add', [h, one], 'generated.shifted'), two], 'generated');

  // In-network blend with the un-normalised crop; the 1-channel mask broadcasts over RGB.
  const keep = g.addNode('Sub', [one, mask], 'mask.inverse');
  const out = g.addNode(
    'Add',
    [g.addNode('Mul', [generated, mask], 'out.generated_part'), g.addNode('Mul', [crop, keep], 'out.crop_part')],
    'out',
  );

  g.addOutput(out, [1, 3, size, size]);
  g.addOutput(mask, [1, 1, size, size]);

  const provenance = provenanceOf(options.synthetic);
  const metadata: Record<string, string> = {
    ...provenanceMetadata(provenance, SWAP_CHECKPOINT),
    model: 'MobileFaceSwap IDN (Identity-aware Dynamic Network), per identity',
    input_size: String(size),
    inputs: `crop: float32 [1, 3, ${size}, ${size}], RGB in [0, 1] (aligned face crop)`,
    outputs: `out: float32 [1, 3, ${size}, ${size}] swapped crop in [0, 1]; mask: float32 [1, 1, ${size}, ${size}] blend mask in [0, 1]`,
  };
  if (options.identityNote !== undefined) metadata.identity_note = options.identityNote;
  const docString = [
    provenanceHeadline(provenance, SWAP_CHECKPOINT),
    'MobileFaceSwap (AAAI 2022) IDN with one source identity baked in: the IIN-predicted depthwise and',
    'modulated pointwise kernels are constants. Run ArcFace + IIN again to export another identity.',
    `crop [1,3,${size},${size}] RGB in [0,1] -> out [1,3,${size},${size}], mask [1,1,${size},${size}]. Opset ${DEFAULT_OPSET}.`,
    ...(options.identityNote !== undefined ? [`Identity: ${options.identityNote}`] : []),
    ...(size !== 224 ? ['Note: the released weights were trained at 224; other sizes run but are untested for quality.'] : []),
  ].join('\n');
  return g.encode({ graphName: provenanceGraphName(provenance, `mobilefaceswap_idn_${size}`), docString, metadata });
}
