import { describe, expect, it } from 'vitest';
import { borderFade, pasteMaskPasses } from '../../../src/engine/align/mask-chain';
import { borderFade2d, pasteMaskCpu, pasteMaskSeparableRef } from '../../../src/engine/align/cpu-reference';
import { seededRandom } from '../../../src/engine/random';
import { syntheticIdnMask } from './synthetic-mask';
import { ShapeMismatchError } from '../../../src/engine/errors';
import { reflect101 } from '../../../src/kernels/mask-filter/mask-filter.ref';
import { maskFilter } from '../../../src/kernels/mask-filter/mask-filter';
import { pasteBack, pasteBackBox } from '../../../src/kernels/paste-back/paste-back';
import { warpAffine } from '../../../src/kernels/warp-affine/warp-affine';

describe('reflect101', () => {
  it('mirrors around the edge pixels (…2 1 | 0 1 2 … n−1 | n−2 …), repeatedly when needed', () => {
    expect([-3, -2, -1, 0, 4, 5, 6, 7].map((p) => reflect101(p, 5))).toEqual([3, 2, 1, 0, 4, 3, 2, 1]);
    expect([-4, 5, 9].map((p) => reflect101(p, 3))).toEqual([0, 1, 1]);
    expect(reflect101(-7, 1)).toBe(0);
  });
});

describe('border fade', () => {
  it('equals the literal construction: zeros, ones on [10:214]², cv2.blur 11×11 (REFLECT_101)', () => {
    const fast = borderFade(224);
    const literal = borderFade2d(224);
    let max = 0;
    for (let i = 0; i < fast.length; i++) max = Math.max(max, Math.abs(fast[i]! - literal[i]!));
    expect(max).toBeLessThan(1e-7);
    const at = (x: number, y: number) => fast[y * 224 + x]!;
    expect(at(0, 0)).toBe(0);
    expect(at(4, 112)).toBe(0); // window [−1, 9] reaches no ones
    expect(at(5, 112)).toBeCloseTo(1 / 11, 7);
    expect(at(15, 112)).toBe(1);
    expect(at(112, 112)).toBe(1);
    expect(at(218, 112)).toBeCloseTo(1 / 11, 7);
    expect(at(219, 112)).toBe(0);
  });
});

describe('paste mask chain', () => {
  it('the six separable passes (21×21 erode for two 11×11) equal the official 2-D chain', () => {
    for (const seed of [1, 2]) {
      const mask = syntheticIdnMask(224, seed);
      const official = pasteMaskCpu(mask, 224);
      const separable = pasteMaskSeparableRef(mask, 224);
      let max = 0;
      for (let i = 0; i < official.length; i++) max = Math.max(max, Math.abs(official[i]! - separable[i]!));
      expect(max).toBeLessThan(1e-6);
    }
  });

  it('keeps values ≤ 0.001 as they are and never erodes from the crop edge', () => {
    const S = 40;
    const ones = new Float32Array(S * S).fill(1);
    const alpha = pasteMaskCpu(ones, S);
    const fade = borderFade2d(S);
    // An all-ones mask survives dilate/erode untouched: the alpha is exactly the fade.
    for (let i = 0; i < S * S; i++) expect(alpha[i]).toBeCloseTo(fade[i]!, 6);
    const small = new Float32Array(S * S).fill(0.0005);
    const smallAlpha = pasteMaskCpu(small, S);
    expect(smallAlpha[20 * S + 20]).toBeCloseTo(0.0005, 9);
  });

  it('lists the passes with the mask offset on the first and the fade on the last', () => {
    const passes = pasteMaskPasses(224, 3 * 224 * 224);
    expect(passes.map((p) => `${p.params.op}/${p.params.axis}/${p.params.radius}`)).toEqual(['dilate/x/5', 'dilate/y/5', 'erode/x/10', 'erode/y/10', 'box/x/3', 'box/y/3']);
    expect(passes[0]!.params.threshold).toBe(true);
    expect(passes[0]!.params.inOffset).toBe(3 * 224 * 224);
    expect(passes.at(-1)!.params.fade).toBe(true);
    expect(passes.at(-1)!.output).toBe('b');
  });
});

describe('paste-back box', () => {
  it('covers every frame pixel whose crop position can reach a tap, and is clipped to the frame', () => {
    const rng = seededRandom(3);
    for (let t = 0; t < 40; t++) {
      const W = 30 + Math.floor(rng() * 60);
      const H = 30 + Math.floor(rng() * 60);
      const S = 5 + Math.floor(rng() * 30);
      const angle = rng() * 2 * Math.PI;
      const s = 0.4 + 2 * rng();
      const m = [s * Math.cos(angle), s * Math.sin(angle), -s * Math.sin(angle) + 0.1 * rng(), s * Math.cos(angle), -60 + 120 * rng(), -60 + 120 * rng()];
      const p = { frameWidth: W, frameHeight: H, cropSize: S, sampleMatrix: m };
      const box = pasteBackBox(p);
      expect(box.x0).toBeGreaterThanOrEqual(0);
      expect(box.y0).toBeGreaterThanOrEqual(0);
      expect(box.x0 + box.width).toBeLessThanOrEqual(W);
      expect(box.y0 + box.height).toBeLessThanOrEqual(H);
      for (let Y = 0; Y < H; Y++) {
        for (let X = 0; X < W; X++) {
          const u = m[0]! * X + m[2]! * Y + m[4]!;
          const v = m[1]! * X + m[3]! * Y + m[5]!;
          const reaches = u > -1 && v > -1 && u < S && v < S;
          const inBox = X >= box.x0 && X < box.x0 + box.width && Y >= box.y0 && Y < box.y0 + box.height;
          if (reaches && !inBox) throw new Error(`pixel (${X}, ${Y}) reaches the crop but is outside ${JSON.stringify(box)}`);
        }
      }
    }
  });

  it('is small for a small face in a big frame (the dispatch covers the face, not the frame)', () => {
    // A 224 crop at 0.5 crop px per frame px: ~450² of a 3840×2160 frame.
    const box = pasteBackBox({ frameWidth: 3840, frameHeight: 2160, cropSize: 224, sampleMatrix: [0.5, 0, 0, 0.5, -900, -400] });
    expect(box.width * box.height).toBeLessThan(0.03 * 3840 * 2160);
    expect(pasteBack.workgroups({ frameWidth: 3840, frameHeight: 2160, cropSize: 224, sampleMatrix: [0.5, 0, 0, 0.5, -900, -400] })).toEqual([Math.ceil(box.width / 16), Math.ceil(box.height / 16), 1]);
    const off = { frameWidth: 100, frameHeight: 100, cropSize: 224, sampleMatrix: [1, 0, 0, 1, 500, 0] };
    expect(pasteBackBox(off)).toEqual({ x0: 0, y0: 0, width: 0, height: 0 });
    expect(pasteBack.workgroups(off)).toEqual([1, 1, 1]);
    expect(pasteBack.uniforms(off)).toMatchObject({ box_w: 0, box_h: 0 });
  });
});

describe('align kernels refuse bad parameters with ShapeMismatchError', () => {
  it('names the kernel and the field', () => {
    expect(() => warpAffine.validate({ frameWidth: 0, frameHeight: 5, cropSize: 4, sampleMatrix: [1, 0, 0, 1, 0, 0] })).toThrow(ShapeMismatchError);
    expect(() => warpAffine.validate({ frameWidth: 5, frameHeight: 5, cropSize: 4, sampleMatrix: [1, 0, 0, 1, NaN, 0] })).toThrow(/warp-affine.*sampleMatrix/);
    expect(() => pasteBack.validate({ frameWidth: 5, frameHeight: 5, cropSize: 4, sampleMatrix: [1, 2, 2, 4, 0, 0] })).toThrow(/paste-back.*singular/);
    expect(() => maskFilter.validate({ height: 4, width: 4, op: 'open' as never, axis: 'x', radius: 1 })).toThrow(/mask-filter.*op/);
    expect(() => maskFilter.validate({ height: 4, width: 4, op: 'box', axis: 'x', radius: -1 })).toThrow(/radius/);
  });
});
