// BlazeFace post-processing: anchors, decoding, weighted and hard NMS.
import { describe, expect, it } from 'vitest';
import { decodeDetections, generateAnchors, hardNms, iou, weightedNms, type RawDetection } from '../../../src/engine/face/blazeface-decode';

describe('BlazeFace 256 anchors', () => {
  const a = generateAnchors();
  it('896 = 16²·2 + 8²·6, matching the [1,512,·] + [1,384,·] outputs', () => expect(a.length / 2).toBe(896));
  it('stride-16 cells first, 2 coincident anchors per cell, row-major', () => {
    expect([a[0], a[1], a[2], a[3]]).toEqual([8 / 256, 8 / 256, 8 / 256, 8 / 256]);
    expect([a[4], a[5]]).toEqual([24 / 256, 8 / 256]); // next cell to the right
    expect([a[2 * 32], a[2 * 32 + 1]]).toEqual([8 / 256, 24 / 256]); // second row starts after 16 cells × 2
    expect([a[2 * 511], a[2 * 511 + 1]]).toEqual([248 / 256, 248 / 256]);
  });
  it('then stride-32 cells with 6 anchors each', () => {
    for (let k = 0; k < 6; k++) expect([a[2 * (512 + k)], a[2 * (512 + k) + 1]]).toEqual([16 / 256, 16 / 256]);
    expect([a[2 * 518], a[2 * 518 + 1]]).toEqual([48 / 256, 16 / 256]);
    expect([a[2 * 895], a[2 * 895 + 1]]).toEqual([240 / 256, 240 / 256]);
  });
});

describe('decoding', () => {
  it('boxes and keypoints are anchor-relative input pixels; scores are clipped sigmoids', () => {
    const anchors = Float32Array.from([0.5, 0.25, 0.1, 0.1]);
    const regs = new Float32Array(32);
    regs.set([12.8, -25.6, 51.2, 25.6, -12.8, 0, 12.8, 0], 0);
    const logits = Float32Array.from([1000, -3]);
    const out = decodeDetections(regs, logits, anchors, 0.5);
    expect(out.length).toBe(1); // sigmoid(−3) ≈ 0.047 < 0.5
    const d = out[0]!;
    expect(d.score).toBe(1); // logit clipped to 100, sigmoid(100) rounds to 1
    expect(d.xMin).toBeCloseTo(0.55 - 0.1, 6);
    expect(d.xMax).toBeCloseTo(0.55 + 0.1, 6);
    expect(d.yMin).toBeCloseTo(0.15 - 0.05, 6);
    expect(d.keypoints.slice(0, 4).map((v) => +v.toFixed(6))).toEqual([0.45, 0.25, 0.55, 0.25]);
    expect(() => decodeDetections(new Float32Array(16), logits, anchors, 0.5)).toThrow(/expected 2×16/);
  });
});

const det = (x: number, y: number, s: number, score: number): RawDetection => ({ xMin: x, yMin: y, xMax: x + s, yMax: y + s, score, keypoints: [x, y] });

describe('NMS', () => {
  it('IoU', () => {
    expect(iou(det(0, 0, 2, 1), det(1, 0, 2, 1))).toBeCloseTo(2 / 6, 9);
    expect(iou(det(0, 0, 1, 1), det(5, 5, 1, 1))).toBe(0);
  });

  it('weighted: overlapping detections merge into their score-weighted mean, keeping the best score', () => {
    const out = weightedNms([det(0, 0, 10, 0.6), det(1, 0, 10, 0.9), det(50, 50, 10, 0.7)], 0.3);
    expect(out.length).toBe(2);
    expect(out[0]!.score).toBe(0.9);
    expect(out[0]!.xMin).toBeCloseTo((0.9 * 1 + 0.6 * 0) / 1.5, 9);
    expect(out[0]!.keypoints[0]).toBeCloseTo(0.6, 9);
    expect(out[1]).toEqual(det(50, 50, 10, 0.7));
  });

  it('weighted: a detection overlapping by less than the threshold survives', () => {
    // IoU of boxes offset by 6 of 10: 4·10 / (200 − 40) = 0.25 < 0.3
    expect(weightedNms([det(0, 0, 10, 0.9), det(6, 0, 10, 0.8)], 0.3).length).toBe(2);
  });

  it('hard NMS keeps the best box unchanged', () => {
    const out = hardNms([det(0, 0, 10, 0.6), det(1, 0, 10, 0.9), det(50, 50, 10, 0.7)], 0.3);
    expect(out.map((d) => d.score)).toEqual([0.9, 0.7]);
    expect(out[0]!.xMin).toBe(1);
  });

  it('empty in, empty out', () => expect(weightedNms([], 0.3)).toEqual([]));
});
