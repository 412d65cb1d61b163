import type { ReadonlyMat2d } from 'gl-matrix';
import { kernelCase, type KernelCase } from '../../engine/kernel-check';
import { randomInt } from '../../engine/random';
import { placed, sentinel } from '../common/case-helpers';
import { warpAffine, type WarpAffineParams } from './warp-affine';
import { warpAffineRef } from './warp-affine.ref';

// Sampling positions on a 1/4 grid make every bilinear value a multiple of 1/16: f32 and f64 agree exactly,
// rounding included, so those cases demand the exact uint8 result.
const EXACT = { atol: 1e-7, rtol: 0 } as const;
// Arbitrary matrices: f32 positions differ from float64 by ~1e-5 px, which can move a value across a
// rounding boundary: one uint8 step (1/255) at most.
const ONE_STEP = { atol: 1 / 255 + 1e-6, rtol: 0 } as const;

function randomFrame(rng: () => number, pixels: number): Uint32Array {
  return Uint32Array.from({ length: pixels }, () => Math.floor(rng() * 2 ** 32) >>> 0);
}

function makeCase(title: string, p: WarpAffineParams, rng: () => number, exact: boolean, tail = 0): KernelCase<WarpAffineParams> {
  const frame = randomFrame(rng, p.frameWidth * p.frameHeight);
  const S = p.cropSize;
  return kernelCase({
    title: `warp-affine ${title}`,
    kernel: warpAffine,
    params: p,
    // A same-type copy keeps every bit pattern of the packed pixels.
    buffers: { frame: new Float32Array(frame.buffer), output: sentinel(3 * S * S, p.outOffset ?? 0, tail) },
    expected: () => ({ output: placed(warpAffineRef(frame, p), p.outOffset ?? 0, tail) }),
    tolerance: exact ? EXACT : ONE_STEP,
  });
}

/** crop → frame: rotate by `angle`, scale by `scale`, so that crop centre lands on (cx, cy). */
function similarity(angle: number, scale: number, cropSize: number, cx: number, cy: number): ReadonlyMat2d {
  const a = scale * Math.cos(angle);
  const b = scale * Math.sin(angle);
  const h = (cropSize - 1) / 2;
  return [a, b, -b, a, cx - (a * h - b * h), cy - (b * h + a * h)];
}

export function warpAffineCases(rng: () => number, randomCount = 3): KernelCase<WarpAffineParams>[] {
  const cases = [
    makeCase('identity 13×9 frame → 11² crop (edges read the zero border)', { frameWidth: 13, frameHeight: 9, cropSize: 11, sampleMatrix: [1, 0, 0, 1, 0, 0] }, rng, true),
    makeCase('2× down, quarter-pixel shift, 61×47 → 29²', { frameWidth: 61, frameHeight: 47, cropSize: 29, sampleMatrix: [2, 0, 0, 2, 0.25, -0.75] }, rng, true),
    makeCase('90° turn + 1.25× + shear, 45×38 → 33²', { frameWidth: 45, frameHeight: 38, cropSize: 33, sampleMatrix: [0.25, 1.25, -1, 0.5, 30.75, -3.5] }, rng, true),
    makeCase('up-scale 0.25 into an offset', { frameWidth: 7, frameHeight: 6, cropSize: 23, sampleMatrix: [0.25, 0, 0, 0.25, 0.5, 0.75], outOffset: 13 }, rng, true, 5),
    makeCase('crop mostly off the frame', { frameWidth: 20, frameHeight: 17, cropSize: 19, sampleMatrix: [1, 0, 0, 1, -15.5, 10.25] }, rng, true),
    makeCase('1×1 crop', { frameWidth: 3, frameHeight: 2, cropSize: 1, sampleMatrix: [1, 0, 0, 1, 1.5, 0.5] }, rng, true),
    makeCase('face-like 224² from 300×260, rotated 0.3 rad', { frameWidth: 300, frameHeight: 260, cropSize: 224, sampleMatrix: similarity(0.3, 0.83, 224, 151.3, 128.7) }, rng, false),
  ];
  for (let i = 0; i < randomCount; i++) {
    const frameWidth = randomInt(rng, 5, 90);
    const frameHeight = randomInt(rng, 5, 90);
    const cropSize = randomInt(rng, 1, 70);
    const angle = (rng() - 0.5) * 2 * Math.PI;
    const scale = 0.3 + 2.7 * rng();
    const m = similarity(angle, scale, cropSize, rng() * frameWidth, rng() * frameHeight);
    // A little shear, so the kernel is not only tested on similarities.
    const sampleMatrix: ReadonlyMat2d = [m[0]! + 0.2 * (rng() - 0.5), m[1]!, m[2]!, m[3]! + 0.2 * (rng() - 0.5), m[4]!, m[5]!];
    cases.push(makeCase(`random #${i} ${frameWidth}×${frameHeight} → ${cropSize}²`, { frameWidth, frameHeight, cropSize, sampleMatrix, outOffset: randomInt(rng, 0, 9) }, rng, false, randomInt(rng, 0, 3)));
  }
  return cases;
}
