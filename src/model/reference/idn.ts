/**
 * CPU reference of the Identity-aware Dynamic Network (reference §4, §5): the per-frame U-Net.
 * Encoder/decoder kernels come from the IIN (`iinForward`); the RGB head `final.*` and the mask
 * head `mask.*` are static weights from `MobileFaceSwap_224.pdparams`.
 */
import type { TensorMap } from '../../engine/weights/tensor-map';
import {
  batchNorm,
  bnParams,
  concatChannels,
  conv2d,
  dims4,
  leakyRelu,
  param,
  sigmoid,
  tanh,
  upsampleBilinear2x,
  type Tensor,
} from './ops';
import { DECODER_IN, DECODER_OUT, ENCODER_CHANNELS, type InjectedWeights } from './iin';

const LRELU = 0.1;
const MASK_CHANNELS = [512, 128, 64, 32, 8, 2] as const;

/**
 * Called with every intermediate tensor, by node name, in execution order. Names follow the
 * checkpoint's module paths where there is one:
 *  - `input` (x = (data − 0.5)/0.5);
 *  - encoder `E{i}.dw`, `E{i}.pw` (pre-activation), `E{i}` (after LReLU, the skip);
 *  - mask head `mask.{s}.0` (up) `.1` (dw) `.2` (pw) `.3` (BN) `.4` (LReLU), `mask.5` (conv), `mask` (sigmoid);
 *  - decoder `D{j}.up`, `D{j}.dw`, `D{j}.pw`, `D{j}` (after LReLU), `D{j}.cat` (after the skip concat, j < 3);
 *  - RGB head `final.0` (up) `final.1` `final.2` `final.3` `final.4` `final.5` `final.6` `final.7` `final.8` (tanh);
 *  - `generated` ((tanh + 1)/2) and `out`.
 * Tensors are never mutated afterwards, so the callback may keep references.
 */
export type TensorCallback = (name: string, tensor: Tensor) => void;

export interface IdnOutput {
  /** gen·m + data·(1 − m), [1, 3, H, W]. */
  out: Tensor;
  /** Sigmoid mask m, [1, 1, H, W]. */
  mask: Tensor;
  /** (tanh + 1)/2 image before blending, [1, 3, H, W]. */
  generated: Tensor;
  /** E4, [1, 512, H/32, W/32]. */
  bottleneck: Tensor;
}

function expectShape(t: Tensor, shape: readonly number[], what: string): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`idnForward: ${what} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
}

/**
 * IDN forward on an RGB crop in [0, 1], [1, 3, H, W] with H and W multiples of 32 (224 for the
 * released weights).
 */
export function idnForward(swapWeights: TensorMap, injected: InjectedWeights, crop: Tensor, onTensor?: TensorCallback): IdnOutput {
  const [c, H, W] = dims4(crop, 'idnForward crop');
  if (c !== 3 || H % 32 !== 0 || W % 32 !== 0 || H === 0 || W === 0) {
    throw new Error(`idnForward: crop must be [1, 3, H, W] with H, W multiples of 32, got [${crop.shape.join(', ')}]`);
  }
  if (injected.depthwise.length !== 9 || injected.pointwise.length !== 9) {
    throw new Error('idnForward: expected 9 depthwise and 9 pointwise kernels (E0..E4, D0..D3)');
  }
  const emit: TensorCallback = onTensor ?? (() => {});
  const Wt = swapWeights;

  const x0 = new Float32Array(crop.data.length);
  for (let i = 0; i < x0.length; i++) x0[i] = (crop.data[i]! - 0.5) / 0.5;
  let x: Tensor = { shape: [1, 3, H, W], data: x0 };
  emit('input', x);

  // Encoder: depthwise k4 s2 p1 → pointwise → LReLU 0.1 (zero biases, §4.1).
  const skips: Tensor[] = [];
  for (let i = 0; i < 5; i++) {
    const cin = ENCODER_CHANNELS[i]!;
    const cout = ENCODER_CHANNELS[i + 1]!;
    const dwK = injected.depthwise[i]!;
    const pwK = injected.pointwise[i]!;
    expectShape(dwK, [cin, 1, 4, 4], `depthwise kernel E${i}`);
    expectShape(pwK, [cout, cin, 1, 1], `pointwise kernel E${i}`);
    const dw = conv2d(x, dwK, null, { stride: 2, padding: 1, groups: cin });
    emit(`E${i}.dw`, dw);
    const pw = conv2d(dw, pwK);
    emit(`E${i}.pw`, pw);
    x = leakyRelu(pw, LRELU);
    emit(`E${i}`, x);
    skips.push(x);
  }
  const bottleneck = x;

  // Mask head from E4 only: 5 × (up → dw3×3 + b → pw + b → BN → LReLU), then conv3×3 2→1 + b → sigmoid.
  let m = bottleneck;
  for (let s = 0; s < 5; s++) {
    const ci = MASK_CHANNELS[s]!;
    const co = MASK_CHANNELS[s + 1]!;
    const p = `mask.${s}`;
    m = upsampleBilinear2x(m);
    emit(`${p}.0`, m);
    m = conv2d(m, param(Wt, `${p}.1.weight`, [ci, 1, 3, 3]), param(Wt, `${p}.1.bias`, [ci]).data, { padding: 1, groups: ci });
    emit(`${p}.1`, m);
    m = conv2d(m, param(Wt, `${p}.2.weight`, [co, ci, 1, 1]), param(Wt, `${p}.2.bias`, [co]).data);
    emit(`${p}.2`, m);
    m = batchNorm(m, bnParams(Wt, `${p}.3`, co));
    emit(`${p}.3`, m);
    m = leakyRelu(m, LRELU);
    emit(`${p}.4`, m);
  }
  m = conv2d(m, param(Wt, 'mask.5.weight', [1, 2, 3, 3]), param(Wt, 'mask.5.bias', [1]).data, { padding: 1 });
  emit('mask.5', m);
  const mask = sigmoid(m);
  emit('mask', mask);

  // Decoder: up ×2 → depthwise 3×3 p1 → pointwise → LReLU 0.1 → concat [y, E_{3−j}] (not after D3).
  let y = bottleneck;
  for (let j = 0; j < 4; j++) {
    const cin = DECODER_IN[j]!;
    const cout = DECODER_OUT[j]!;
    const dwK = injected.depthwise[5 + j]!;
    const pwK = injected.pointwise[5 + j]!;
    expectShape(dwK, [cin, 1, 3, 3], `depthwise kernel D${j}`);
    expectShape(pwK, [cout, cin, 1, 1], `pointwise kernel D${j}`);
    y = upsampleBilinear2x(y);
    emit(`D${j}.up`, y);
    y = conv2d(y, dwK, null, { padding: 1, groups: cin });
    emit(`D${j}.dw`, y);
    y = conv2d(y, pwK);
    emit(`D${j}.pw`, y);
    y = leakyRelu(y, LRELU);
    emit(`D${j}`, y);
    if (j < 3) {
      y = concatChannels(y, skips[3 - j]!);
      emit(`D${j}.cat`, y);
    }
  }

  // RGB head `final`: up → 1×1 32→8 → BN → LReLU → 3×3 8→3 → BN → LReLU → 3×3 3→3 → tanh.
  let h = upsampleBilinear2x(y);
  emit('final.0', h);
  h = conv2d(h, param(Wt, 'final.1.weight', [8, 32, 1, 1]), param(Wt, 'final.1.bias', [8]).data);
  emit('final.1', h);
  h = batchNorm(h, bnParams(Wt, 'final.2', 8));
  emit('final.2', h);
  h = leakyRelu(h, LRELU);
  emit('final.3', h);
  h = conv2d(h, param(Wt, 'final.4.weight', [3, 8, 3, 3]), param(Wt, 'final.4.bias', [3]).data, { padding: 1 });
  emit('final.4', h);
  h = batchNorm(h, bnParams(Wt, 'final.5', 3));
  emit('final.5', h);
  h = leakyRelu(h, LRELU);
  emit('final.6', h);
  h = conv2d(h, param(Wt, 'final.7.weight', [3, 3, 3, 3]), param(Wt, 'final.7.bias', [3]).data, { padding: 1 });
  emit('final.7', h);
  h = tanh(h);
  emit('final.8', h);

  const gen = new Float32Array(h.data.length);
  for (let i = 0; i < gen.length; i++) gen[i] = (h.data[i]! + 1) / 2;
  const generated: Tensor = { shape: [1, 3, H, W], data: gen };
  emit('generated', generated);

  // In-network blend with the un-normalised input; the single mask channel broadcasts over RGB.
  const S = H * W;
  const out = new Float32Array(3 * S);
  for (let ch = 0; ch < 3; ch++) {
    for (let i = 0; i < S; i++) {
      const mv = mask.data[i]!;
      out[ch * S + i] = gen[ch * S + i]! * mv + crop.data[ch * S + i]! * (1 - mv);
    }
  }
  const result: Tensor = { shape: [1, 3, H, W], data: out };
  emit('out', result);
  return { out: result, mask, generated, bottleneck };
}
