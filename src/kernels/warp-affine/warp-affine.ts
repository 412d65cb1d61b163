import type { ReadonlyMat2d } from 'gl-matrix';
import { ShapeMismatchError } from '../../engine/errors';
import { ceilDiv, type KernelDefinition } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import wgsl from './warp-affine.wgsl?raw';

export interface WarpAffineParams {
  readonly frameWidth: number;
  readonly frameHeight: number;
  /** Side S of the square crop. */
  readonly cropSize: number;
  /**
   * Where each crop pixel samples the frame: crop → frame, gl-matrix mat2d order [a, b, c, d, tx, ty]. This is
   * M⁻¹ for OpenCV's warpAffine(frame, M); the caller inverts (in float64) once per frame.
   */
  readonly sampleMatrix: ReadonlyMat2d;
  /** Element offset of the [3, S, S] crop inside the output buffer. */
  readonly outOffset?: number;
}

const WG = 8;

export const warpAffine: KernelDefinition<WarpAffineParams> = {
  name: 'warp-affine',
  source: shaderSource({ file: 'warp-affine/warp-affine.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('warp-affine', { frameWidth: p.frameWidth, frameHeight: p.frameHeight, cropSize: p.cropSize });
    requireOffsets('warp-affine', { outOffset: p.outOffset ?? 0 });
    requireMatrix('warp-affine', p.sampleMatrix);
  },
  variant: () => ({ entryPoint: 'main', overrides: { WG_X: WG, WG_Y: WG }, workgroupSize: [WG, WG, 1] }),
  uniforms: (p) => ({
    ...matrixUniforms(p.sampleMatrix),
    frame_w: p.frameWidth,
    frame_h: p.frameHeight,
    size: p.cropSize,
    out_offset: p.outOffset ?? 0,
  }),
  workgroups: (p) => [ceilDiv(p.cropSize, WG), ceilDiv(p.cropSize, WG), 1],
  // `frame` is one u32 per pixel: one 4-byte element each, like an f32.
  bindingElements: (p) => ({ frame: p.frameWidth * p.frameHeight, output: (p.outOffset ?? 0) + 3 * p.cropSize * p.cropSize }),
  cost: (p) => ({ macs: 3 * 8 * p.cropSize * p.cropSize, bytesRead: 16 * p.cropSize * p.cropSize, bytesWritten: 12 * p.cropSize * p.cropSize }),
};

/** Throws unless `m` is six finite numbers. */
export function requireMatrix(kernel: string, m: ReadonlyMat2d): void {
  if (m.length !== 6 || ![...m].every(Number.isFinite)) throw new ShapeMismatchError(kernel, `sampleMatrix must be 6 finite numbers [a, b, c, d, tx, ty], got [${[...m].join(', ')}]`);
}

/** mat2d [a, b, c, d, tx, ty] as the WGSL's row-major m00…m12 (x' = m00·x + m01·y + m02). */
export function matrixUniforms(m: ReadonlyMat2d): { m00: number; m01: number; m02: number; m10: number; m11: number; m12: number } {
  return { m00: m[0]!, m01: m[2]!, m02: m[4]!, m10: m[1]!, m11: m[3]!, m12: m[5]! };
}
