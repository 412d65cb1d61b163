import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { placed, sentinel } from '../common/case-helpers';
import { addActivation, type AddActivationParams, type GraphActivation } from './add-activation';
import { addActivationRef } from './add-activation.ref';

function makeCase(title: string, p: AddActivationParams, rng: () => number): KernelCase<AddActivationParams> {
  const n = p.channels * p.height * p.width;
  const input = randomArray(rng, n);
  const residual = randomArray(rng, p.residual.channels * p.residual.height * p.residual.width);
  const alpha = p.activation === 'prelu' ? randomArray(rng, p.channels) : undefined;
  return kernelCase({
    title: `add-activation ${title}`,
    kernel: addActivation,
    params: p,
    buffers: { input, residual, output: sentinel(n, 0, 3), ...(alpha ? { alpha } : {}) },
    expected: () => ({ output: placed(addActivationRef(input, residual, alpha, p), 0, 3) }),
    // One add and one activation in f32; sigmoid's exp differs from Math.exp by a few ulps.
    tolerance: { atol: 1e-6, rtol: 1e-5 },
  });
}

export function addActivationCases(rng: () => number, randomCount = 3): KernelCase<AddActivationParams>[] {
  const cases = [
    makeCase('BlazeFace 24 @128² + ReLU', { channels: 24, height: 128, width: 128, residual: { channels: 24, height: 128, width: 128 }, activation: 'relu' }, rng),
    makeCase('BlazeFace 48 @32² + pool(24 @64²) + channel pad + ReLU', { channels: 48, height: 32, width: 32, residual: { channels: 24, height: 64, width: 64, pool: true }, activation: 'relu' }, rng),
    makeCase('FaceMesh 32 @24² + pool(16 @48²) + pad + PReLU', { channels: 32, height: 24, width: 24, residual: { channels: 16, height: 48, width: 48, pool: true }, activation: 'prelu' }, rng),
    makeCase('FaceMesh 128 @3² + pool(128 @6²) + PReLU', { channels: 128, height: 3, width: 3, residual: { channels: 128, height: 6, width: 6, pool: true }, activation: 'prelu' }, rng),
    makeCase('SAME pool of an odd 7×5 (partial last window), no activation', { channels: 3, height: 4, width: 3, residual: { channels: 3, height: 7, width: 5, pool: true } }, rng),
    makeCase('VALID pool of an odd 7×5 (last row dropped), sigmoid', { channels: 3, height: 3, width: 2, residual: { channels: 3, height: 7, width: 5, pool: true }, activation: 'sigmoid' }, rng),
    makeCase('residual at channel offset 2 of 7', { channels: 7, height: 5, width: 6, residual: { channels: 3, height: 5, width: 6, channelOffset: 2 }, activation: 'relu' }, rng),
  ];
  const acts: GraphActivation[] = ['none', 'relu', 'sigmoid', 'prelu'];
  for (let i = 0; i < randomCount; i++) {
    const pool = rng() < 0.5;
    const rh = randomInt(rng, 1, 30);
    const rw = randomInt(rng, 1, 30);
    const rc = randomInt(rng, 1, 20);
    const p: AddActivationParams = {
      channels: rc + randomInt(rng, 0, 5),
      height: pool ? Math.ceil(rh / 2) : rh,
      width: pool ? Math.ceil(rw / 2) : rw,
      residual: { channels: rc, height: rh, width: rw, pool },
      activation: acts[randomInt(rng, 0, 3)]!,
    };
    cases.push(makeCase(`random #${i} ${p.channels} @${p.height}×${p.width}${pool ? ' pooled' : ''} ${p.activation}`, p, rng));
  }
  return cases;
}
