import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import type { GraphActivation } from '../add-activation/add-activation';
import { placed, sentinel } from '../common/case-helpers';
import { directConv, directConvShape, packDirectConvBias, packDirectConvWeights, type DirectConvParams } from './direct-conv';
import { directConvRef } from './direct-conv.ref';

function makeCase(title: string, p: DirectConvParams, rng: () => number, withBias = true): KernelCase<DirectConvParams> {
  const s = directConvShape(p);
  const input = randomArray(rng, p.inChannels * p.height * p.width);
  const oihw = randomArray(rng, p.outChannels * p.inChannels * p.kernelHeight * p.kernelWidth);
  const bias = withBias ? randomArray(rng, p.outChannels) : undefined;
  const alpha = p.activation === 'prelu' ? randomArray(rng, p.outChannels) : undefined;
  const residual = p.residual ? randomArray(rng, p.residual.channels * p.residual.height * p.residual.width) : undefined;
  const n = p.outChannels * s.outHeight * s.outWidth;
  return kernelCase({
    title: `direct-conv ${title}`,
    kernel: directConv,
    params: p,
    buffers: { input, weight: packDirectConvWeights(oihw, p), bias: packDirectConvBias(bias, p), output: sentinel(n, 0, 5), ...(alpha ? { alpha } : {}), ...(residual ? { residual } : {}) },
    expected: () => ({ output: placed(directConvRef(input, oihw, bias, alpha, p, residual), 0, 5) }),
    // Up to ~300 products of values in [−1, 1] in f32 against f64: |err| ≲ 300 · 2⁻²⁴ · 10.
    tolerance: { atol: 1e-4, rtol: 1e-4 },
  });
}

export function directConvCases(rng: () => number, randomCount = 3): KernelCase<DirectConvParams>[] {
  const cases = [
    makeCase('BlazeFace stem 3→24 5×5/2 SAME @256² + ReLU', { inChannels: 3, outChannels: 24, height: 256, width: 256, kernelHeight: 5, kernelWidth: 5, stride: 2, padding: 'SAME', activation: 'relu' }, rng),
    makeCase('FaceMesh stem 3→16 3×3/2 SAME @192² + PReLU', { inChannels: 3, outChannels: 16, height: 192, width: 192, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 'SAME', activation: 'prelu' }, rng),
    makeCase('FaceMesh head 32→1404 3×3/3 VALID @3²', { inChannels: 32, outChannels: 1404, height: 3, width: 3, kernelHeight: 3, kernelWidth: 3, stride: 3, padding: 'VALID' }, rng),
    makeCase('FaceMesh flag 32→1 3×3/3 VALID + sigmoid', { inChannels: 32, outChannels: 1, height: 3, width: 3, kernelHeight: 3, kernelWidth: 3, stride: 3, padding: 'VALID', activation: 'sigmoid' }, rng),
    makeCase('BlazeBlock tail 24→24 1×1 @64² + residual + ReLU', { inChannels: 24, outChannels: 24, height: 64, width: 64, kernelHeight: 1, kernelWidth: 1, stride: 1, padding: 'VALID', activation: 'relu', residual: { channels: 24, height: 64, width: 64 } }, rng),
    makeCase('BlazeBlock tail 24→48 1×1 @32² + pool(24 @64²) + channel pad + ReLU', { inChannels: 24, outChannels: 48, height: 32, width: 32, kernelHeight: 1, kernelWidth: 1, stride: 1, padding: 'VALID', activation: 'relu', residual: { channels: 24, height: 64, width: 64, pool: true } }, rng),
    makeCase('FaceMesh tail 128→128 1×1 @3² + pool(128 @6²) + PReLU', { inChannels: 128, outChannels: 128, height: 3, width: 3, kernelHeight: 1, kernelWidth: 1, stride: 1, padding: 'VALID', activation: 'prelu', residual: { channels: 128, height: 6, width: 6, pool: true } }, rng),
    makeCase('residual at channel offset 3, odd SAME pool, no activation', { inChannels: 5, outChannels: 13, height: 4, width: 3, kernelHeight: 1, kernelWidth: 1, stride: 1, padding: 'VALID', residual: { channels: 7, height: 7, width: 5, pool: true, channelOffset: 3 } }, rng),
    makeCase('odd 2→11 3×2 kernel s1 SAME @7×9, no bias', { inChannels: 2, outChannels: 11, height: 7, width: 9, kernelHeight: 3, kernelWidth: 2, stride: 1, padding: 'SAME' }, rng, false),
  ];
  const acts: GraphActivation[] = ['none', 'relu', 'sigmoid', 'prelu'];
  for (let i = 0; i < randomCount; i++) {
    const k = randomInt(rng, 1, 5);
    const p: DirectConvParams = {
      inChannels: randomInt(rng, 1, 6),
      outChannels: randomInt(rng, 1, 30),
      height: randomInt(rng, k, 40),
      width: randomInt(rng, k, 40),
      kernelHeight: k,
      kernelWidth: k,
      stride: randomInt(rng, 1, 3),
      padding: rng() < 0.5 ? 'SAME' : 'VALID',
      activation: acts[randomInt(rng, 0, 3)]!,
    };
    cases.push(makeCase(`random #${i} ${p.inChannels}→${p.outChannels} ${k}×${k}/${p.stride} ${p.padding} @${p.height}×${p.width} ${p.activation}`, p, rng));
  }
  return cases;
}
