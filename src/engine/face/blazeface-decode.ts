/**
 * BlazeFace (MediaPipe's back-camera model, 256×256) post-processing, pure TypeScript: SSD anchors, box and
 * keypoint decoding, sigmoid scores, and MediaPipe's weighted non-maximum suppression.
 *
 * Anchors: MediaPipe's SsdAnchorsCalculator for this model uses strides [16, 32, 32, 32], one aspect ratio and
 * fixed-size anchors, with same-stride layers merged: 2 anchors per cell on the 16×16 grid (stride 16) and
 * 3 layers × 2 = 6 per cell on the 8×8 grid (stride 32): 16·16·2 + 8·8·6 = 512 + 384 = 896, matching the
 * outputs [1, 512, 16] + [1, 384, 16] (and [1, 512, 1] + [1, 384, 1] score logits). With fixed anchor size
 * an anchor is only its centre ((x + ½)·stride, (y + ½)·stride)/256; anchors of one cell coincide.
 *
 * Regressors (reverse_output_order: x before y), in input pixels relative to the anchor centre:
 *   [dx, dy, w, h, kx0, ky0, …, kx5, ky5]; keypoints: right eye, left eye, nose tip, mouth centre, right ear
 *   tragion, left ear tragion — the subject's right eye is keypoint 0, on the image's left in a photo.
 */

/** Anchor layers of the 256×256 back-camera model: grid stride and anchors per cell. */
export const BLAZEFACE_256_LAYERS: readonly { readonly stride: number; readonly perCell: number }[] = [
  { stride: 16, perCell: 2 },
  { stride: 32, perCell: 6 },
];

export const BLAZEFACE_INPUT = 256;
export const BLAZEFACE_KEYPOINTS = 6;
const COORDS = 4 + 2 * BLAZEFACE_KEYPOINTS;

/** Anchor centres, normalised to [0, 1] of the input, as [x0, y0, x1, y1, …] in the networks' output order. */
export function generateAnchors(inputSize = BLAZEFACE_INPUT, layers = BLAZEFACE_256_LAYERS): Float32Array {
  const out: number[] = [];
  for (const { stride, perCell } of layers) {
    const cells = Math.ceil(inputSize / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let n = 0; n < perCell; n++) out.push(((x + 0.5) * stride) / inputSize, ((y + 0.5) * stride) / inputSize);
      }
    }
  }
  return Float32Array.from(out);
}

/** A detection box and keypoints in normalised input coordinates (or frame pixels once mapped). */
export interface RawDetection {
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
  readonly score: number;
  /** [x0, y0, …, x5, y5]. */
  readonly keypoints: readonly number[];
}

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * Every anchor whose score reaches `minScore`. `regressors` is [anchors, 16], `logits` [anchors]; logits are
 * clipped to ±100 before the sigmoid, as MediaPipe's score_clipping_thresh.
 */
export function decodeDetections(regressors: Float32Array, logits: Float32Array, anchors: Float32Array, minScore: number, inputSize = BLAZEFACE_INPUT): RawDetection[] {
  const n = anchors.length / 2;
  if (regressors.length !== n * COORDS || logits.length !== n) {
    throw new Error(`BlazeFace decode: expected ${n}×${COORDS} regressors and ${n} logits, got ${regressors.length} and ${logits.length}`);
  }
  const out: RawDetection[] = [];
  for (let i = 0; i < n; i++) {
    const score = sigmoid(Math.min(Math.max(logits[i]!, -100), 100));
    if (score < minScore) continue;
    const r = regressors.subarray(i * COORDS, (i + 1) * COORDS);
    const ax = anchors[2 * i]!;
    const ay = anchors[2 * i + 1]!;
    const cx = r[0]! / inputSize + ax;
    const cy = r[1]! / inputSize + ay;
    const w = r[2]! / inputSize;
    const h = r[3]! / inputSize;
    const keypoints: number[] = [];
    for (let k = 0; k < BLAZEFACE_KEYPOINTS; k++) keypoints.push(r[4 + 2 * k]! / inputSize + ax, r[5 + 2 * k]! / inputSize + ay);
    out.push({ xMin: cx - w / 2, yMin: cy - h / 2, xMax: cx + w / 2, yMax: cy + h / 2, score, keypoints });
  }
  return out;
}

export function iou(a: RawDetection, b: RawDetection): number {
  const ix = Math.max(0, Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin));
  const iy = Math.max(0, Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin));
  const inter = ix * iy;
  const union = (a.xMax - a.xMin) * (a.yMax - a.yMin) + (b.xMax - b.xMin) * (b.yMax - b.yMin) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * MediaPipe's WEIGHTED non-maximum suppression: take the best remaining detection, gather every remaining one
 * overlapping it by more than `iouThreshold` (itself included), replace the box and keypoints by their
 * score-weighted mean, keep the best score, drop the group, repeat. Averaging the ~5 anchors that fire on one
 * face steadies the box more than keeping the single best one. Output is sorted by score.
 */
export function weightedNms(detections: readonly RawDetection[], iouThreshold: number): RawDetection[] {
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const out: RawDetection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    const group: RawDetection[] = [];
    const rest: RawDetection[] = [];
    for (const d of remaining) (d === best || iou(d, best) > iouThreshold ? group : rest).push(d);
    remaining = rest;
    if (group.length === 1) {
      out.push(best);
      continue;
    }
    let total = 0;
    const sum = { xMin: 0, yMin: 0, xMax: 0, yMax: 0, keypoints: new Array<number>(best.keypoints.length).fill(0) };
    for (const d of group) {
      total += d.score;
      sum.xMin += d.score * d.xMin;
      sum.yMin += d.score * d.yMin;
      sum.xMax += d.score * d.xMax;
      sum.yMax += d.score * d.yMax;
      d.keypoints.forEach((k, i) => (sum.keypoints[i]! += d.score * k));
    }
    out.push({ xMin: sum.xMin / total, yMin: sum.yMin / total, xMax: sum.xMax / total, yMax: sum.yMax / total, score: best.score, keypoints: sum.keypoints.map((k) => k / total) });
  }
  return out;
}

/** Plain (hard) NMS, for comparison and for callers who want the raw best anchors. */
export function hardNms(detections: readonly RawDetection[], iouThreshold: number): RawDetection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: RawDetection[] = [];
  for (const d of sorted) if (kept.every((k) => iou(k, d) <= iouThreshold)) kept.push(d);
  return kept;
}
