/**
 * The official paste-mask chain (reference §1.5 step 5) as six separable mask-filter passes, and its
 * border-fade constant. Binarise + dilate 11×11 (x then y), erode 11×11 twice = one 21×21 erode (exact for
 * a rectangle with OpenCV's clipped-window border; OpenCV itself merges the iterations this way), box blur
 * 7×7 with REFLECT_101 (x then y), × border fade on the last pass.
 */
import type { MaskFilterParams } from '../../kernels/mask-filter/mask-filter';
import { reflect101 } from '../../kernels/mask-filter/mask-filter.ref';

export const DILATE_SIZE = 11;
export const ERODE_SIZE = 11;
export const ERODE_ITERATIONS = 2;
export const BLUR_SIZE = 7;
/** The fade mask is 1 on [FADE_INSET, S − FADE_INSET)² before its blur ([10:214] at 224). */
export const FADE_INSET = 10;
export const FADE_BLUR_SIZE = 11;

/** Where a pass reads and writes: the external IDN mask, or the aligner's two ping-pong buffers. */
export type MaskBufferRole = 'mask' | 'a' | 'b';

export interface MaskPass {
  readonly params: MaskFilterParams;
  readonly input: MaskBufferRole;
  readonly output: Exclude<MaskBufferRole, 'mask'>;
}

/** The six passes at crop size `size`; the result (the paste alpha) ends in buffer b. */
export function pasteMaskPasses(size: number, maskOffset = 0): MaskPass[] {
  const shape = { height: size, width: size };
  const dilate = (DILATE_SIZE - 1) / 2;
  const erode = (ERODE_ITERATIONS * (ERODE_SIZE - 1)) / 2;
  const blur = (BLUR_SIZE - 1) / 2;
  return [
    { input: 'mask', output: 'a', params: { ...shape, op: 'dilate', axis: 'x', radius: dilate, threshold: true, inOffset: maskOffset } },
    { input: 'a', output: 'b', params: { ...shape, op: 'dilate', axis: 'y', radius: dilate } },
    { input: 'b', output: 'a', params: { ...shape, op: 'erode', axis: 'x', radius: erode } },
    { input: 'a', output: 'b', params: { ...shape, op: 'erode', axis: 'y', radius: erode } },
    { input: 'b', output: 'a', params: { ...shape, op: 'box', axis: 'x', radius: blur } },
    { input: 'a', output: 'b', params: { ...shape, op: 'box', axis: 'y', radius: blur, fade: true } },
  ];
}

/**
 * The border-fade constant: zeros with ones on [10, S−10)², then cv2.blur 11×11 (REFLECT_101). Computed
 * in float64 as an exact count/121; it fades the paste to 0 within ~5–15 px of the crop edge.
 */
export function borderFade(size = 224): Float32Array {
  const inside = (i: number) => i >= FADE_INSET && i < size - FADE_INSET;
  const r = (FADE_BLUR_SIZE - 1) / 2;
  // The box is separable and the ones-mask is a product of two 1-D indicators.
  const line = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let count = 0;
    for (let k = -r; k <= r; k++) if (inside(reflect101(i + k, size))) count++;
    line[i] = count;
  }
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) out[y * size + x] = (line[y]! * line[x]!) / (FADE_BLUR_SIZE * FADE_BLUR_SIZE);
  return out;
}
