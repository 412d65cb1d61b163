/** What the engine needs from a face detector: faces with their 5 alignment points, best first. */
export interface DetectedFace {
  /** [x, y, width, height] in frame pixels. */
  readonly box: readonly [number, number, number, number];
  readonly score: number;
  /** Left eye, right eye, nose, left mouth corner, right mouth corner (image coordinates, pixel centres). */
  readonly fivePoints: readonly (readonly [number, number])[];
}

export interface FaceFinder {
  detect(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Promise<DetectedFace[]>;
  /**
   * Follow faces from the previous frame without running the detector: re-fit the landmarks around each
   * previous face. A face the tracker is no longer confident about comes back undefined.
   */
  track?(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, previous: readonly DetectedFace[]): Promise<(DetectedFace | undefined)[]>;
  destroy(): void;
}

/** Largest face first (by box area), for `largestOnly`. */
export function largestFace(faces: readonly DetectedFace[]): DetectedFace | undefined {
  return [...faces].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
}
