/**
 * The 5 alignment points MobileFaceSwap's SCRFD detector gives (mobilefaceswap.md §1.2), from the 468-point
 * mesh, in the official order:
 *   0 left eye, 1 right eye, 2 nose tip, 3 left mouth corner, 4 right mouth corner
 * where "left" is the image's left for an upright face (insightface's order; the ArcFace template's first
 * point has the smaller x: 38.29 < 73.53). That is the subject's right side, which FaceMesh labels "right":
 * the mesh indices below are semantic, so a face seen upside down keeps the same labels, as SCRFD's do.
 *
 * Eye centres: the mean of the eye's whole 16-point lid contour (both lids with the corners), not the midpoint
 * of the two corners. SCRFD was trained on eye-centre (pupil) annotations; the contour's centroid sits on the
 * opening's centre, where the iris is for a forward gaze, and averaging 16 points damps per-point noise,
 * while the corner midpoint sits on the canthus line, which is usually a little below the pupil.
 * Nose tip: mesh point 1. Mouth corners: 61 (subject's right, image left) and 291.
 *
 * Input mesh points are frame pixels in continuous coordinates (pixel i spans [i, i+1]); the output is in
 * OpenCV's pixel-centre convention (pixel i's centre is i), as the official pipeline's landmarks: − ½.
 */

/** Subject's right eye (image left): lower lid 33 → 133, upper lid 246 → 173. */
export const IMAGE_LEFT_EYE_CONTOUR: readonly number[] = [33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173];
/** Subject's left eye (image right): lower lid 263 → 362, upper lid 466 → 398. */
export const IMAGE_RIGHT_EYE_CONTOUR: readonly number[] = [263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398];
export const NOSE_TIP = 1;
export const IMAGE_LEFT_MOUTH_CORNER = 61;
export const IMAGE_RIGHT_MOUTH_CORNER = 291;

export type Point = [number, number];

/** `mesh`: 468 × (x, y, z) in continuous frame coordinates. */
export function fivePointsFromMesh(mesh: Float32Array): [Point, Point, Point, Point, Point] {
  if (mesh.length < 468 * 3) throw new Error(`fivePointsFromMesh: expected 468 × 3 values, got ${mesh.length}`);
  const at = (i: number): Point => [mesh[3 * i]! - 0.5, mesh[3 * i + 1]! - 0.5];
  const mean = (idx: readonly number[]): Point => {
    let x = 0;
    let y = 0;
    for (const i of idx) {
      const [px, py] = at(i);
      x += px;
      y += py;
    }
    return [x / idx.length, y / idx.length];
  };
  return [mean(IMAGE_LEFT_EYE_CONTOUR), mean(IMAGE_RIGHT_EYE_CONTOUR), at(NOSE_TIP), at(IMAGE_LEFT_MOUTH_CORNER), at(IMAGE_RIGHT_MOUTH_CORNER)];
}
