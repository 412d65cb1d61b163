import { ceilDiv } from '../../engine/kernel';

/** Spec-default maxComputeWorkgroupsPerDimension; kernels stay under it on every device. */
export const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/**
 * Workgroup counts for a flat 1-D problem laid over a 2-D grid (x, y) so no axis exceeds the limit.
 * Matches `flat_index` in the WGSL: index = gid.x + gid.y · (groups.x · workgroupSize).
 */
export function flatGrid(invocations: number, workgroupSize: number): [number, number, number] {
  const groups = Math.max(1, ceilDiv(invocations, workgroupSize));
  const x = Math.min(groups, MAX_WORKGROUPS_PER_DIMENSION);
  return [x, ceilDiv(groups, x), 1];
}
