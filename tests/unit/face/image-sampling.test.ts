// CPU pre-processing: affine resampling, letterbox and rotated crops, and the detection → ROI rule.
import { describe, expect, it } from 'vitest';
import { applyAffine, letterbox, rotatedSquare, sampleToTensor } from '../../../src/engine/face/image-sampling';
import { MESH_INPUT, roiFromDetection } from '../../../src/engine/face/landmarks';

function gradient(w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([x * 10, y * 10, 200, 255], 4 * (y * w + x));
  return data;
}

describe('sampleToTensor', () => {
  it('the identity map reproduces the pixels exactly, planar RGB', () => {
    const img = gradient(4, 4);
    const t = sampleToTensor(img, 4, 4, { size: 4, tensorToFrame: { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 }, range: [0, 255], border: 'zero' });
    expect(t[1 * 4 + 2]).toBe(20); // R at (x=2, y=1)
    expect(t[16 + 1 * 4 + 2]).toBe(10); // G
    expect(t[32]).toBe(200); // B
  });

  it('bilinear between pixel centres; zero vs replicated borders; range mapping', () => {
    const img = gradient(4, 4);
    // Half-pixel shift to the right: tensor pixel u samples the frame at x = u + 0.5 (between two centres).
    const shift = { a: 1, b: 0, c: 0.5, d: 0, e: 1, f: 0 };
    const t = sampleToTensor(img, 4, 4, { size: 4, tensorToFrame: shift, range: [0, 255], border: 'zero' });
    expect(t[0]).toBeCloseTo(5, 5);
    expect(t[3]).toBeCloseTo(15, 5); // half of pixel 3 (30) and half of black outside
    const r = sampleToTensor(img, 4, 4, { size: 4, tensorToFrame: shift, range: [0, 255], border: 'replicate' });
    expect(r[3]).toBeCloseTo(30, 5);
    const m = sampleToTensor(img, 4, 4, { size: 4, tensorToFrame: { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 }, range: [-1, 1], border: 'zero' });
    expect(m[32]).toBeCloseTo((200 / 255) * 2 - 1, 6);
  });
});

describe('letterbox', () => {
  it('a tall frame is centred horizontally; the square spans its height', () => {
    const m = letterbox(512, 600, 256);
    expect(applyAffine(m, 0, 0)).toEqual([-44, 0]);
    expect(applyAffine(m, 256, 256)).toEqual([556, 600]);
    expect(applyAffine(m, 128, 128)).toEqual([256, 300]);
  });
  it('a wide frame is centred vertically', () => {
    expect(applyAffine(letterbox(800, 400, 256), 0, 0)).toEqual([0, -200]);
  });
});

describe('rotated square crop and ROI', () => {
  it('maps the crop centre to the ROI centre and its x axis along the angle', () => {
    const m = rotatedSquare(100, 50, 96, Math.PI / 2, 192);
    const [cx, cy] = applyAffine(m, 96, 96);
    expect(cx).toBeCloseTo(100, 9);
    expect(cy).toBeCloseTo(50, 9);
    const [rx, ry] = applyAffine(m, 192, 96); // right edge midpoint: 48 px along +y when rotated 90°
    expect(rx).toBeCloseTo(100, 9);
    expect(ry).toBeCloseTo(98, 9);
  });

  it('ROI: square of the longer side ×1.5, angle of the eye line', () => {
    const roi = roiFromDetection({ xMin: 10, yMin: 20, xMax: 110, yMax: 100, score: 1, keypoints: [40, 50, 80, 50, 0, 0, 0, 0, 0, 0, 0, 0] });
    expect(roi).toEqual({ cx: 60, cy: 60, side: 150, angle: 0 });
    const tilted = roiFromDetection({ xMin: 0, yMin: 0, xMax: 10, yMax: 10, score: 1, keypoints: [0, 0, 10, 10, 0, 0, 0, 0, 0, 0, 0, 0] });
    expect(tilted.angle).toBeCloseTo(Math.PI / 4, 12); // right side lower: the crop turns clockwise with it
    expect(MESH_INPUT).toBe(192);
  });
});
