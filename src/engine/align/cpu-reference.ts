/**
 * The whole alignment path on the CPU with OpenCV's semantics, for tests and as a readable statement of
 * what the GPU computes. The mask chain here is the official one in 2-D (11×11 dilate, two 11×11 erodes
 * applied one after the other, 7×7 blur, × fade), independent of the GPU's separable split.
 */
import type { ReadonlyMat2d } from 'gl-matrix';
import { BINARISE_ABOVE, maskFilterRef, reflect101 } from '../../kernels/mask-filter/mask-filter.ref';
import { pasteBackRef } from '../../kernels/paste-back/paste-back.ref';
import { warpAffineRef } from '../../kernels/warp-affine/warp-affine.ref';
import { invertAffine } from './affine';
import { BLUR_SIZE, borderFade, DILATE_SIZE, ERODE_ITERATIONS, ERODE_SIZE, FADE_BLUR_SIZE, FADE_INSET } from './mask-chain';

export function packRgba(rgba: Uint8Array): Uint32Array {
  return new Uint32Array(rgba.buffer.slice(rgba.byteOffset, rgba.byteOffset + rgba.byteLength));
}

export function unpackRgba(words: Uint32Array): Uint8Array {
  return new Uint8Array(words.buffer.slice(words.byteOffset, words.byteOffset + words.byteLength));
}

/** cv2.warpAffine(frame, M, (S, S)) as the IDN's planar RGB [3, S, S] in [0, 1]. */
export function warpToCropCpu(rgba: Uint8Array, width: number, height: number, forward: ReadonlyMat2d, cropSize = 224): Float32Array {
  return warpAffineRef(packRgba(rgba), { frameWidth: width, frameHeight: height, cropSize, sampleMatrix: invertAffine(forward) });
}

/** 2-D morphology with OpenCV's default border (window clipped to the image). */
function morph2d(src: Float32Array, S: number, k: number, op: 'max' | 'min'): Float32Array {
  const r = (k - 1) / 2;
  const out = new Float32Array(S * S);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      let v = op === 'max' ? -Infinity : Infinity;
      for (let yy = Math.max(0, y - r); yy <= Math.min(S - 1, y + r); yy++) {
        for (let xx = Math.max(0, x - r); xx <= Math.min(S - 1, x + r); xx++) v = op === 'max' ? Math.max(v, src[yy * S + xx]!) : Math.min(v, src[yy * S + xx]!);
      }
      out[y * S + x] = v;
    }
  }
  return out;
}

/** cv2.blur: k×k mean, BORDER_REFLECT_101. */
export function boxBlur2d(src: ArrayLike<number>, S: number, k: number): Float64Array {
  const r = (k - 1) / 2;
  const out = new Float64Array(S * S);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      let s = 0;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) s += src[reflect101(y + dy, S) * S + reflect101(x + dx, S)]!;
      out[y * S + x] = s / (k * k);
    }
  }
  return out;
}

/** The border-fade mask built literally: zeros, ones on [10:S−10, 10:S−10], cv2.blur 11×11. */
export function borderFade2d(S: number): Float64Array {
  const ones = new Float64Array(S * S);
  for (let y = FADE_INSET; y < S - FADE_INSET; y++) for (let x = FADE_INSET; x < S - FADE_INSET; x++) ones[y * S + x] = 1;
  return boxBlur2d(ones, S, FADE_BLUR_SIZE);
}

/** The official paste alpha from the IDN mask [S, S], step by step in 2-D. */
export function pasteMaskCpu(mask: Float32Array, S = 224): Float32Array {
  let m: Float32Array = mask.map((v) => (v > BINARISE_ABOVE ? 1 : v));
  m = morph2d(m, S, DILATE_SIZE, 'max');
  for (let i = 0; i < ERODE_ITERATIONS; i++) m = morph2d(m, S, ERODE_SIZE, 'min');
  const blurred = boxBlur2d(m, S, BLUR_SIZE);
  const fade = borderFade2d(S);
  return Float32Array.from(blurred, (v, i) => v * fade[i]!);
}

/** The same chain through the GPU kernels' 1-D references, in the GPU's order (checks the separable split). */
export function pasteMaskSeparableRef(mask: Float32Array, S = 224): Float32Array {
  const fade = borderFade(S);
  let m: Float32Array = mask;
  const shape = { height: S, width: S };
  m = maskFilterRef(m, { ...shape, op: 'dilate', axis: 'x', radius: 5, threshold: true });
  m = maskFilterRef(m, { ...shape, op: 'dilate', axis: 'y', radius: 5 });
  m = maskFilterRef(m, { ...shape, op: 'erode', axis: 'x', radius: 10 });
  m = maskFilterRef(m, { ...shape, op: 'erode', axis: 'y', radius: 10 });
  m = maskFilterRef(m, { ...shape, op: 'box', axis: 'x', radius: 3 });
  return maskFilterRef(m, { ...shape, op: 'box', axis: 'y', radius: 3, fade: true }, fade);
}

/** cv2.warpAffine of the generated crop and alpha with the back matrix, blended into the frame (new RGBA8 array). */
export function pasteBackCpu(rgba: Uint8Array, width: number, height: number, back: ReadonlyMat2d, generated: Float32Array, alpha: Float32Array): Uint8Array {
  const cropSize = Math.round(Math.sqrt(alpha.length));
  const out = pasteBackRef(packRgba(rgba), generated, alpha, { frameWidth: width, frameHeight: height, cropSize, sampleMatrix: invertAffine(back) });
  return unpackRgba(out);
}
