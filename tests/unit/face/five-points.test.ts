// The 5 alignment points from the 468-point mesh: indices, order and the pixel-centre shift.
import { describe, expect, it } from 'vitest';
import {
  fivePointsFromMesh,
  IMAGE_LEFT_EYE_CONTOUR,
  IMAGE_LEFT_MOUTH_CORNER,
  IMAGE_RIGHT_EYE_CONTOUR,
  IMAGE_RIGHT_MOUTH_CORNER,
  NOSE_TIP,
} from '../../../src/engine/face/five-points';

/** The ArcFace 112 template (mobilefaceswap.md §1.3), in the official order. */
const ARCFACE_112: [number, number][] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/** A mesh whose named points sit on the template (continuous coordinates: + ½), everything else at 0. */
function templateMesh(): Float32Array {
  const mesh = new Float32Array(468 * 3);
  const put = (i: number, [x, y]: [number, number], dx = 0, dy = 0) => mesh.set([x + 0.5 + dx, y + 0.5 + dy, 0], 3 * i);
  // Eye contours spread symmetrically around the template eye centres.
  IMAGE_LEFT_EYE_CONTOUR.forEach((i, k) => put(i, ARCFACE_112[0]!, Math.cos((k * Math.PI) / 8) * 4, Math.sin((k * Math.PI) / 8) * 2));
  IMAGE_RIGHT_EYE_CONTOUR.forEach((i, k) => put(i, ARCFACE_112[1]!, Math.cos((k * Math.PI) / 8) * 4, Math.sin((k * Math.PI) / 8) * 2));
  put(NOSE_TIP, ARCFACE_112[2]!);
  put(IMAGE_LEFT_MOUTH_CORNER, ARCFACE_112[3]!);
  put(IMAGE_RIGHT_MOUTH_CORNER, ARCFACE_112[4]!);
  return mesh;
}

describe('five points from the mesh', () => {
  it('the ArcFace template lists the image-left eye first (smaller x)', () => {
    expect(ARCFACE_112[0]![0]).toBeLessThan(ARCFACE_112[1]![0]);
    expect(ARCFACE_112[3]![0]).toBeLessThan(ARCFACE_112[4]![0]);
  });

  it('recovers the template in the official order, in pixel-centre coordinates', () => {
    const five = fivePointsFromMesh(templateMesh());
    five.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(ARCFACE_112[i]![0], 4);
      expect(p[1]).toBeCloseTo(ARCFACE_112[i]![1], 4);
    });
  });

  it('eye contours: 16 distinct mesh points each, disjoint, mirror pairs of MediaPipe\'s topology', () => {
    for (const c of [IMAGE_LEFT_EYE_CONTOUR, IMAGE_RIGHT_EYE_CONTOUR]) {
      expect(new Set(c).size).toBe(16);
      expect(c.every((i) => Number.isInteger(i) && i >= 0 && i < 468)).toBe(true);
    }
    expect(IMAGE_LEFT_EYE_CONTOUR.filter((i) => IMAGE_RIGHT_EYE_CONTOUR.includes(i))).toEqual([]);
    // Outer and inner corners: 33/133 on the subject's right eye, 263/362 on the left.
    expect([IMAGE_LEFT_EYE_CONTOUR[0], IMAGE_LEFT_EYE_CONTOUR[8], IMAGE_RIGHT_EYE_CONTOUR[0], IMAGE_RIGHT_EYE_CONTOUR[8]]).toEqual([33, 133, 263, 362]);
  });

  it('refuses a short mesh', () => expect(() => fivePointsFromMesh(new Float32Array(30))).toThrow(/468/));
});
