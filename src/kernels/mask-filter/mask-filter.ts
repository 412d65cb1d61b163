import type { KernelDefinition } from '../../engine/kernel';
import { shaderSource } from '../../engine/shader-source';
import { flatGrid } from '../common/grid';
import { requireOffsets, requirePositiveInts } from '../common/shapes';
import { ShapeMismatchError } from '../../engine/errors';
import wgsl from './mask-filter.wgsl?raw';

export type MaskFilterOp = 'dilate' | 'erode' | 'box';

export interface MaskFilterParams {
  readonly height: number;
  readonly width: number;
  readonly op: MaskFilterOp;
  readonly axis: 'x' | 'y';
  /** Window 2·radius + 1 along `axis`. */
  readonly radius: number;
  /** Binarise what is read: v > 0.001 → 1 (the official first step). */
  readonly threshold?: boolean;
  /** Multiply the result by the `fade` binding ([H, W], no offset). */
  readonly fade?: boolean;
  readonly inOffset?: number;
  readonly outOffset?: number;
}

const OPS: Readonly<Record<MaskFilterOp, number>> = { dilate: 0, erode: 1, box: 2 };
const WORKGROUP_SIZE = 64;

export const maskFilter: KernelDefinition<MaskFilterParams> = {
  name: 'mask-filter',
  source: shaderSource({ file: 'mask-filter/mask-filter.wgsl', code: wgsl }),
  validate(p) {
    requirePositiveInts('mask-filter', { height: p.height, width: p.width });
    requireOffsets('mask-filter', { radius: p.radius, inOffset: p.inOffset ?? 0, outOffset: p.outOffset ?? 0 });
    if (!(p.op in OPS)) throw new ShapeMismatchError('mask-filter', `op must be dilate, erode or box, got ${String(p.op)}`);
    if (p.axis !== 'x' && p.axis !== 'y') throw new ShapeMismatchError('mask-filter', `axis must be "x" or "y", got ${String(p.axis)}`);
  },
  variant: (p) => ({
    entryPoint: p.fade ? 'main_fade' : 'main',
    overrides: { OP: OPS[p.op], AXIS: p.axis === 'x' ? 0 : 1, THRESHOLD: p.threshold ?? false, WORKGROUP_SIZE },
    workgroupSize: [WORKGROUP_SIZE, 1, 1],
  }),
  uniforms: (p) => ({ height: p.height, width: p.width, radius: p.radius, in_offset: p.inOffset ?? 0, out_offset: p.outOffset ?? 0 }),
  workgroups: (p) => flatGrid(p.height * p.width, WORKGROUP_SIZE),
  bindingElements: (p) => {
    const n = p.height * p.width;
    const sizes: Record<string, number> = { input: (p.inOffset ?? 0) + n, output: (p.outOffset ?? 0) + n };
    if (p.fade) sizes.fade = n;
    return sizes;
  },
  cost: (p) => {
    const n = p.height * p.width;
    return { macs: n * (2 * p.radius + 1), bytesRead: 4 * n * (2 * p.radius + 1 + (p.fade ? 1 : 0)), bytesWritten: 4 * n };
  },
};
