import type { ReadonlyMat2d } from 'gl-matrix';
import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomInt } from '../../engine/random';
import { placed } from '../common/case-helpers';
import { pasteBack, type PasteBackParams } from './paste-back';
import { pasteBackRef } from './paste-back.ref';

// The frame is compared word for word (as the f32 the harness reads), so these cases are built to be exact
// in float32 whatever the evaluation order: positions on a 1/4 grid, crop values on a 1/16 grid, alpha on
// a 1/4 grid. Every blended value is then a multiple of 2^-14 below 1024, which float32 holds exactly, and
// the truncation to uint8 cannot differ from the float64 reference. Frame alpha bytes stay in [1, 126] so
// each packed word reads as a finite float and any changed byte changes it. Arbitrary matrices, where a
// value may cross an integer and truncate one step lower, are checked to ±1 in tests/gpu/align.
const EXACT = { atol: 0, rtol: 0 } as const;

function makeCase(title: string, p: PasteBackParams, rng: () => number): KernelCase<PasteBackParams> {
  const S = p.cropSize;
  const frame = Uint32Array.from({ length: p.frameWidth * p.frameHeight }, () => ((randomInt(rng, 1, 126) << 24) | Math.floor(rng() * 2 ** 24)) >>> 0);
  // Generated values overshoot [0, 1] on both sides so the clip is exercised.
  const crop = Float32Array.from({ length: 3 * S * S }, () => randomInt(rng, -4, 20) / 16);
  const alpha = Float32Array.from({ length: S * S }, () => randomInt(rng, 0, 4) / 4);
  const co = p.cropOffset ?? 0;
  const ao = p.alphaOffset ?? 0;
  return kernelCase({
    title: `paste-back ${title}`,
    kernel: pasteBack,
    params: p,
    buffers: { frame: new Float32Array(frame.buffer), crop: placed(crop, co, 2, 0.5), alpha: placed(alpha, ao, 2, 0.5) },
    expected: () => ({ frame: new Float32Array(pasteBackRef(frame, placed(crop, co), placed(alpha, ao), p).buffer) }),
    tolerance: EXACT,
  });
}

const quarter = (v: number) => Math.round(v * 4) / 4;

/** A 1/4-grid frame → crop matrix taking frame point (cx, cy) to the crop centre. */
function centredOn(lin: readonly [number, number, number, number], cropSize: number, cx: number, cy: number): ReadonlyMat2d {
  const [a, b, c, d] = lin;
  const h = cropSize / 2;
  return [a, b, c, d, quarter(h - (a * cx + c * cy)), quarter(h - (b * cx + d * cy))];
}

export function pasteBackCases(rng: () => number, randomCount = 3): KernelCase<PasteBackParams>[] {
  const cases = [
    makeCase('16² crop placed at (5, 3) in 29×23', { frameWidth: 29, frameHeight: 23, cropSize: 16, sampleMatrix: [1, 0, 0, 1, -5, -3] }, rng),
    makeCase('crop shown 2× in a 40×37 frame', { frameWidth: 40, frameHeight: 37, cropSize: 13, sampleMatrix: [0.5, 0, 0, 0.5, -3.25, -1.5] }, rng),
    makeCase('90° turn + shear + 1.25×', { frameWidth: 47, frameHeight: 41, cropSize: 21, sampleMatrix: centredOn([0.25, -1.25, 1, 0.5], 21, 23, 20) }, rng),
    makeCase('crop half off the top-left corner', { frameWidth: 33, frameHeight: 30, cropSize: 18, sampleMatrix: [0.75, 0, 0, 0.75, 9.5, 7.25] }, rng),
    makeCase('crop entirely off the frame: nothing changes', { frameWidth: 19, frameHeight: 17, cropSize: 9, sampleMatrix: [1, 0, 0, 1, 40, 2] }, rng),
    makeCase('offsets into wider crop and alpha buffers', { frameWidth: 26, frameHeight: 31, cropSize: 11, sampleMatrix: [1.25, 0.25, -0.25, 1.25, -6, -9.5], cropOffset: 7, alphaOffset: 3 }, rng),
    makeCase('224² crop in a 300×277 frame at 0.75', { frameWidth: 300, frameHeight: 277, cropSize: 224, sampleMatrix: centredOn([0.75, 0.25, -0.25, 0.75], 224, 151, 140) }, rng),
  ];
  for (let i = 0; i < randomCount; i++) {
    const frameWidth = randomInt(rng, 10, 80);
    const frameHeight = randomInt(rng, 10, 80);
    const cropSize = randomInt(rng, 4, 40);
    let lin: [number, number, number, number];
    do lin = [randomInt(rng, -6, 6) / 4, randomInt(rng, -6, 6) / 4, randomInt(rng, -6, 6) / 4, randomInt(rng, -6, 6) / 4];
    while (Math.abs(lin[0] * lin[3] - lin[1] * lin[2]) < 0.25);
    const sampleMatrix = centredOn(lin, cropSize, randomInt(rng, 0, frameWidth - 1), randomInt(rng, 0, frameHeight - 1));
    cases.push(makeCase(`random #${i} ${frameWidth}×${frameHeight}, crop ${cropSize}²`, { frameWidth, frameHeight, cropSize, sampleMatrix, cropOffset: randomInt(rng, 0, 5), alphaOffset: randomInt(rng, 0, 5) }, rng));
  }
  return cases;
}
