import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomArray, randomInt } from '../../engine/random';
import { DEFAULT_TOLERANCE, placed, sentinel } from '../common/case-helpers';
import { globalAvgPoolRef } from '../global-avg-pool/global-avg-pool.ref';
import { packSqueezeExcite, squeezeExcite, type SqueezeExciteParams, type SqueezeExciteWeights } from './squeeze-excite';
import { squeezeExciteRef } from './squeeze-excite.ref';

function makeCase(title: string, p: SqueezeExciteParams, rng: () => number, tail = 0): KernelCase<SqueezeExciteParams> {
  const { channels: C, reduced: R, pixels: P } = p;
  const branch = randomArray(rng, C * P);
  const shortcut = randomArray(rng, C * P);
  const w: SqueezeExciteWeights = {
    fc1Weight: randomArray(rng, C * R, -2 / Math.sqrt(C), 2 / Math.sqrt(C)),
    fc1Bias: randomArray(rng, R, -0.1, 0.1),
    slope: 0.1 + 0.3 * rng(),
    fc2Weight: randomArray(rng, R * C, -2 / Math.sqrt(R), 2 / Math.sqrt(R)),
    fc2Bias: randomArray(rng, C, -0.1, 0.1),
  };
  const blockSlope = 0.1 + 0.3 * rng();
  const outAffine = p.outputAffine ? Float32Array.from({ length: 2 * C }, (_, i) => (i < C ? 0.5 + rng() : rng() - 0.5)) : undefined;
  return kernelCase({
    title: `squeeze-excite ${title}`,
    kernel: squeezeExcite,
    params: p,
    buffers: {
      mean: globalAvgPoolRef(branch, { channels: C, pixels: P }),
      branch,
      shortcut,
      output: sentinel(C * P, p.outOffset ?? 0, tail),
      se_weights: packSqueezeExcite(w, C, R),
      slope: Float32Array.of(blockSlope),
      ...(outAffine ? { out_affine: outAffine } : {}),
    },
    expected: () => ({ output: placed(squeezeExciteRef(branch, shortcut, w, blockSlope, outAffine, p), p.outOffset ?? 0, tail) }),
    tolerance: DEFAULT_TOLERANCE,
  });
}

export function squeezeExciteCases(rng: () => number, randomCount = 2): KernelCase<SqueezeExciteParams>[] {
  const cases = [
    makeCase('stage 1: 64 (R 4) @55²', { channels: 64, reduced: 4, pixels: 55 * 55 }, rng),
    makeCase('stage 4: 512 (R 32) @7²', { channels: 512, reduced: 32, pixels: 49 }, rng),
    makeCase('head: 512 @7² + BatchNorm affine', { channels: 512, reduced: 32, pixels: 49, outputAffine: true }, rng),
    makeCase('1 channel, R 1, 1 pixel', { channels: 1, reduced: 1, pixels: 1 }, rng),
    makeCase('odd 19 (R 3) @13 into an offset', { channels: 19, reduced: 3, pixels: 13, outOffset: 6 }, rng, 5),
  ];
  for (let i = 0; i < randomCount; i++) {
    const channels = randomInt(rng, 1, 120);
    const p: SqueezeExciteParams = { channels, reduced: randomInt(rng, 1, Math.min(40, channels)), pixels: randomInt(rng, 1, 300), outputAffine: rng() < 0.5 };
    cases.push(makeCase(`random #${i} ${p.channels} (R ${p.reduced}) @${p.pixels}${p.outputAffine ? ' + affine' : ''}`, p, rng));
  }
  return cases;
}
