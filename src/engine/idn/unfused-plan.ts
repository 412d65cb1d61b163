/**
 * The same IDN with one dispatch per layer (35 at any size) and every intermediate in its own buffer: the
 * baseline the fused plan is measured against, and the plan that lets the inspector see every tensor.
 * It uses the plain kernels (depthwise-conv, pointwise-conv, upsample-bilinear, conv3x3, normalize-input,
 * blend); the up-sampling before each decoder/mask depthwise conv is still the depthwise kernel's own option,
 * and skips are still concatenated by channel offset.
 */
import { blend } from '../../kernels/blend/blend';
import { conv3x3 } from '../../kernels/conv3x3/conv3x3';
import { depthwiseConv } from '../../kernels/depthwise-conv/depthwise-conv';
import { normalizeInput } from '../../kernels/normalize-input/normalize-input';
import { pointwiseConv, type PointwiseConvParams } from '../../kernels/pointwise-conv/pointwise-conv';
import { upsampleBilinear } from '../../kernels/upsample-bilinear/upsample-bilinear';
import type { KernelDefinition } from '../kernel';
import type { BufferSource, IdnPlan, IdnPlanOptions, PlannedStep, TensorSlot } from './fused-plan';
import { DECODER_STAGES, ENCODER_CHANNELS, MASK_CHANNELS } from './layers';
import type { StaticWeights } from './static-weights';
import { chooseMicroTile, rowsToCover } from './tiling';

type Shape = readonly [number, number, number];

export function planUnfusedIdn(size: number, statics: StaticWeights, options: IdnPlanOptions = {}): IdnPlan {
  const tensors = new Map<string, number>();
  const shapes = new Map<string, Shape>();
  const staticArrays = new Map<string, Float32Array>();
  const steps: PlannedStep[] = [];
  const tensor = (name: string, shape: Shape): BufferSource => {
    tensors.set(name, shape[0] * shape[1] * shape[2]);
    shapes.set(name, shape);
    return { kind: 'tensor', name };
  };
  const ref = (name: string): BufferSource => ({ kind: 'tensor', name });
  const piece = (name: string, offset: number, length: number): BufferSource => {
    staticArrays.set(name, statics.data.slice(offset, offset + length));
    return { kind: 'static', name };
  };
  const step = <P>(label: string, kernel: KernelDefinition<P>, params: P, bindings: Record<string, BufferSource>) =>
    steps.push({ label, nodes: [label], kernel, params, bindings });
  // The pointwise GEMMs get the same tiling policy as the fused plan's, so the comparison is of fusion alone.
  const tiled = (p: PointwiseConvParams): PointwiseConvParams => ({
    ...p,
    ...chooseMicroTile(options.tiling ?? 'emulator', rowsToCover(p.outChannels), (t) => pointwiseConv.workgroups({ ...p, ...t }).reduce((a, b) => a * b, 1), options.minWorkgroups),
  });

  const crop = tensor('crop', [3, size, size]);
  step('input.normalize', normalizeInput, { count: 3 * size * size }, { input: crop, output: tensor('input', [3, size, size]) });
  // Encoder outputs land in their skip slot: concat j = [D_j output, E_{3−j}].
  const concatName = (j: number) => `D${j} ⧺ E${3 - j}`;
  for (let j = 0; j < 3; j++) {
    const s = DECODER_STAGES[j]!;
    const side = size / 2 ** (4 - j);
    tensor(concatName(j), [s.out + s.skip, side, side]);
  }
  const encoderOut = (i: number): { name: string; offset: number } =>
    i === 0 ? { name: 'E0', offset: 0 } : i === 4 ? { name: 'E4', offset: 0 } : { name: concatName(3 - i), offset: DECODER_STAGES[3 - i]!.out * (size / 2 ** (i + 1)) ** 2 };
  tensor('E0', [32, size / 2, size / 2]);
  tensor('E4', [512, size / 32, size / 32]);
  let input = { name: 'input', offset: 0 };
  for (let i = 0; i < 5; i++) {
    const cin = ENCODER_CHANNELS[i]!;
    const cout = ENCODER_CHANNELS[i + 1]!;
    const side = size / 2 ** i;
    const dwOut = tensor(`E${i}.dw`, [cin, side / 2, side / 2]);
    step(`E${i}.dw`, depthwiseConv, { channels: cin, height: side, width: side, kernelSize: 4, stride: 2, pad: 1, inOffset: input.offset }, { input: ref(input.name), output: dwOut, weight: { kind: 'depthwise', index: i } });
    const out = encoderOut(i);
    step(`E${i}.pw`, pointwiseConv, tiled({ inChannels: cin, outChannels: cout, pixels: (side / 2) ** 2, activation: 'leakyRelu', outOffset: out.offset }), { input: dwOut, output: ref(out.name), weight: { kind: 'pointwise', index: i } });
    input = out;
  }
  let side = size / 32;
  let decoderIn = 'E4';
  DECODER_STAGES.forEach((s, j) => {
    const dwOut = tensor(`D${j}.dw`, [s.in, side * 2, side * 2]);
    step(`D${j}.up+dw`, depthwiseConv, { channels: s.in, height: side, width: side, kernelSize: 3, stride: 1, pad: 1, upsample: true }, { input: ref(decoderIn), output: dwOut, weight: { kind: 'depthwise', index: 5 + j } });
    side *= 2;
    const outName = j < 3 ? concatName(j) : 'D3';
    const output = j < 3 ? ref(outName) : tensor('D3', [32, side, side]);
    step(`D${j}.pw`, pointwiseConv, tiled({ inChannels: s.in, outChannels: s.out, pixels: side * side, activation: 'leakyRelu' }), { input: dwOut, output, weight: { kind: 'pointwise', index: 5 + j } });
    decoderIn = outName;
  });
  const up = tensor('final.0 (×2)', [32, size, size]);
  step('head.upsample', upsampleBilinear, { channels: 32, height: side, width: side }, { input: ref('D3'), output: up });
  const h = statics;
  const hp = tensor('final.3', [8, size, size]);
  step('head.pw', pointwiseConv, tiled({ inChannels: 32, outChannels: 8, pixels: size * size, hasBias: true, activation: 'leakyRelu' }), { input: up, output: hp, weight: piece('final.1.weight', h.headPointwise.weight, 256), bias: piece('final.1.bias', h.headPointwise.bias, 8) });
  const h1 = tensor('final.6', [3, size, size]);
  step('head.conv1', conv3x3, { inChannels: 8, outChannels: 3, height: size, width: size, activation: 'leakyRelu' }, { input: hp, output: h1, weight: piece('final.4.weight', h.headConv1.weight, 216), bias: piece('final.4.bias', h.headConv1.bias, 3) });
  const t = tensor('final.8 (tanh)', [3, size, size]);
  step('head.conv2', conv3x3, { inChannels: 3, outChannels: 3, height: size, width: size, activation: 'tanh' }, { input: h1, output: t, weight: piece('final.7.weight', h.headConv2.weight, 81), bias: piece('final.7.bias', h.headConv2.bias, 3) });

  let m = size / 32;
  let maskIn = 'E4';
  for (let s = 0; s < 5; s++) {
    const cin = MASK_CHANNELS[s]!;
    const cout = MASK_CHANNELS[s + 1]!;
    const o = statics.mask[s]!;
    const dwOut = tensor(`mask.${s}.dw`, [cin, m * 2, m * 2]);
    step(`mask.${s}.up+dw`, depthwiseConv, { channels: cin, height: m, width: m, kernelSize: 3, stride: 1, pad: 1, upsample: true, hasBias: true }, {
      input: ref(maskIn), output: dwOut, weight: piece(`mask.${s}.1.weight`, o.dwWeight, cin * 9), bias: piece(`mask.${s}.1.bias`, o.dwBias, cin),
    });
    m *= 2;
    const out = tensor(`mask.${s}`, [cout, m, m]);
    step(`mask.${s}.pw`, pointwiseConv, tiled({ inChannels: cin, outChannels: cout, pixels: m * m, hasBias: true, activation: 'leakyRelu' }), {
      input: dwOut, output: out, weight: piece(`mask.${s}.2.weight`, o.pwWeight, cout * cin), bias: piece(`mask.${s}.2.bias`, o.pwBias, cout),
    });
    maskIn = `mask.${s}`;
  }
  const mask = tensor('mask', [1, size, size]);
  step('mask.conv', conv3x3, { inChannels: 2, outChannels: 1, height: size, width: size, activation: 'sigmoid' }, { input: ref('mask.4'), output: mask, weight: piece('mask.5.weight', h.maskConv.weight, 18), bias: piece('mask.5.bias', h.maskConv.bias, 1) });
  const out = tensor('out', [3, size, size]);
  step('blend', blend, { pixels: size * size }, { tanh_image: t, mask, crop, output: out });

  const whole = (name: string): TensorSlot & { shape: readonly number[] } => ({ tensor: name, offset: 0, elements: tensors.get(name)!, shape: shapes.get(name)! });
  return {
    kind: 'unfused',
    size,
    tiling: options.tiling ?? 'emulator',
    steps,
    tensors,
    statics: staticArrays,
    crop: whole('crop'),
    out: whole('out'),
    mask: whole('mask'),
    inspectable: new Map([...tensors.keys()].map((n) => [n, whole(n)])),
  };
}
