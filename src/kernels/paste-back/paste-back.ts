import type { ReadonlyMat2d } from 'gl-matrix';
import { ShapeMismatchError } from '../../engine/errors';
import { ceilDiv, type KernelDefinition } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import { matrixUniforms, requireMatrix } from '../warp-affine/warp-affine';
import wgsl from './paste-back.wgsl?raw';

export interface PasteBackParams {
  readonly frameWidth: number;
  readonly frameHeight: number;
  readonly cropSize: number;
  /**
   * Where each frame pixel samples the crop: frame → crop, mat2d [a, b, c, d, tx, ty]. OpenCV's
   * warpAffine(gen, back) samples at back⁻¹, i.e. the forward alignment matrix M.
   */
  readonly sampleMatrix: ReadonlyMat2d;
  /** Element offset of the generated [3, S, S] crop in its buffer. */
  readonly cropOffset?: number;
  /** Element offset of the [S, S] paste alpha in its buffer. */
  readonly alphaOffset?: number;
}

export interface PixelBox {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
}

const WG = 16;

/**
 * The frame pixels whose crop position falls in (−1, S)² (the only ones a bilinear tap can reach), as a box
 * clipped to the frame; empty (0×0) when the crop misses the frame. Float64, from the crop's corners.
 */
export function pasteBackBox(p: PasteBackParams): PixelBox {
  const [a, b, c, d, tx, ty] = p.sampleMatrix as unknown as [number, number, number, number, number, number];
  const det = a * d - b * c;
  if (!(Math.abs(det) > 0) || !Number.isFinite(det)) throw new ShapeMismatchError('paste-back', `sampleMatrix is singular (det ${det})`);
  // crop → frame = sampleMatrix⁻¹.
  const ia = d / det;
  const ib = -b / det;
  const ic = -c / det;
  const id = a / det;
  const S = p.cropSize;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [u, v] of [[-1, -1], [S, -1], [-1, S], [S, S]] as const) {
    xs.push(ia * (u - tx) + ic * (v - ty));
    ys.push(ib * (u - tx) + id * (v - ty));
  }
  // One extra pixel each side absorbs float32 rounding of the positions in the kernel.
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - 1);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - 1);
  const x1 = Math.min(p.frameWidth - 1, Math.ceil(Math.max(...xs)) + 1);
  const y1 = Math.min(p.frameHeight - 1, Math.ceil(Math.max(...ys)) + 1);
  if (x1 < x0 || y1 < y0) return { x0: 0, y0: 0, width: 0, height: 0 };
  return { x0, y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

export const pasteBack: KernelDefinition<PasteBackParams> = {
  name: 'paste-back',
  source: shaderSource({ file: 'paste-back/paste-back.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('paste-back', { frameWidth: p.frameWidth, frameHeight: p.frameHeight, cropSize: p.cropSize });
    requireOffsets('paste-back', { cropOffset: p.cropOffset ?? 0, alphaOffset: p.alphaOffset ?? 0 });
    requireMatrix('paste-back', p.sampleMatrix);
    pasteBackBox(p);
  },
  variant: () => ({ entryPoint: 'main', overrides: { WG_X: WG, WG_Y: WG }, workgroupSize: [WG, WG, 1] }),
  uniforms: (p) => {
    const box = pasteBackBox(p);
    const m = matrixUniforms(p.sampleMatrix);
    // Rebase onto the box origin in float64: the kernel then multiplies small box-local coordinates only.
    return {
      ...m,
      m02: m.m00 * box.x0 + m.m01 * box.y0 + m.m02,
      m12: m.m10 * box.x0 + m.m11 * box.y0 + m.m12,
      box_x0: box.x0,
      box_y0: box.y0,
      box_w: box.width,
      box_h: box.height,
      frame_w: p.frameWidth,
      size: p.cropSize,
      crop_offset: p.cropOffset ?? 0,
      alpha_offset: p.alphaOffset ?? 0,
    };
  },
  workgroups: (p) => {
    const box = pasteBackBox(p);
    // An empty box still gets one (idle) workgroup: Dawn warns about zero-sized dispatches.
    return [Math.max(1, ceilDiv(box.width, WG)), Math.max(1, ceilDiv(box.height, WG)), 1];
  },
  bindingElements: (p) => ({
    crop: (p.cropOffset ?? 0) + 3 * p.cropSize * p.cropSize,
    alpha: (p.alphaOffset ?? 0) + p.cropSize * p.cropSize,
    frame: p.frameWidth * p.frameHeight,
  }),
  cost: (p) => {
    const box = pasteBackBox(p);
    const n = box.width * box.height;
    return { macs: 4 * 12 * n, bytesRead: n * (4 + 4 * 16), bytesWritten: 4 * n };
  },
};
