// The alignment path on Dawn: warp of a real face vs the CPU reference, the official mask chain, the
// paste-back of an identity "generated" crop, per-frame object counts, and timings at 512×600.
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignmentMatrix, DegenerateAffineError, invertAffine, type Point } from '../../../src/engine/align/affine';
import { packRgba, pasteBackCpu, pasteMaskCpu, unpackRgba, warpToCropCpu } from '../../../src/engine/align/cpu-reference';
import { FaceAligner } from '../../../src/engine/align/face-aligner';
import { createStorageBuffer, readFloats } from '../../../src/engine/buffers';
import { BindingTooSmallError, ShapeMismatchError } from '../../../src/engine/errors';
import { drawLabel } from '../../../src/engine/image/label';
import { readImageFile, writeImageFile } from '../../../src/engine/image/node-io';
import type { RgbaImage } from '../../../src/engine/image/decode';
import { seededRandom } from '../../../src/engine/random';
import { pasteBackRef } from '../../../src/kernels/paste-back/paste-back.ref';
import { countGpuObjects } from '../../support/count-gpu-objects';
import { createNodeGpuFixture, type GpuFixture } from '../../support/node-gpu-fixture';
import { syntheticIdnMask } from '../../unit/align/synthetic-mask';

const S = 224;
const PLANE = S * S;
/** Hand-picked on grace_hopper.jpg (512×600): eye centres, nose tip, mouth corners (image left first). */
const GRACE_HOPPER: Point[] = [
  [220, 187],
  [305, 186],
  [265, 243],
  [235, 276],
  [297, 275],
];
const SAVE_DIR = process.env.MFS_SAVE_IMAGES; // e.g. test-output/align: write the crop and frames as PNG to look at

let fx: GpuFixture;
let aligner: FaceAligner;
let face: RgbaImage;

beforeAll(async () => {
  fx = await createNodeGpuFixture();
  face = await readImageFile(new URL('../../../assets/faces/grace_hopper.jpg', import.meta.url).pathname);
  aligner = await FaceAligner.create(fx.gpu, fx.cache, { frameWidth: face.width, frameHeight: face.height });
  if (SAVE_DIR) await mkdir(SAVE_DIR, { recursive: true });
});
afterAll(() => {
  aligner?.destroy();
  expect(fx.uncapturedErrors).toEqual([]);
  fx.dispose();
});

async function submit(record: (encoder: GPUCommandEncoder) => void): Promise<number> {
  const { device } = fx.gpu;
  const encoder = device.createCommandEncoder();
  record(encoder);
  const t0 = performance.now();
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function cropToRgba(crop: Float32Array): Uint8Array {
  const rgba = new Uint8Array(4 * PLANE);
  for (let i = 0; i < PLANE; i++) {
    for (let c = 0; c < 3; c++) rgba[4 * i + c] = Math.round(crop[c * PLANE + i]! * 255);
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

/** Per-channel byte differences between two RGBA8 images (alpha ignored). */
function byteDiff(a: Uint8Array, b: Uint8Array, pixel: (i: number) => boolean = () => true): { max: number; mean: number; over1: number; count: number } {
  let max = 0;
  let sum = 0;
  let over1 = 0;
  let count = 0;
  for (let p = 0; p < a.length / 4; p++) {
    if (!pixel(p)) continue;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a[4 * p + c]! - b[4 * p + c]!);
      max = Math.max(max, d);
      sum += d;
      if (d > 1) over1++;
      count++;
    }
  }
  return { max, mean: sum / Math.max(1, count), over1, count };
}

describe('FaceAligner on grace_hopper.jpg (512×600)', () => {
  const forward = alignmentMatrix(GRACE_HOPPER, S);
  const back = invertAffine(forward);

  it('warps the face to the 224 crop as the CPU reference does (uint8 ±1 at rounding ties, sentinel intact)', async () => {
    const offset = 17;
    const target = createStorageBuffer(fx.gpu.device, new Float32Array(offset + 3 * PLANE + 5).fill(-7777), 'test/crop');
    aligner.writeFrame(face.rgba);
    await submit((e) => aligner.encodeWarp(e, forward, { buffer: target, offset }));
    const all = await readFloats(fx.gpu.device, target, offset + 3 * PLANE + 5);
    target.destroy();
    const gpu = all.subarray(offset, offset + 3 * PLANE);
    const cpu = warpToCropCpu(face.rgba, face.width, face.height, forward, S);
    let max = 0;
    let differ = 0;
    for (let i = 0; i < gpu.length; i++) {
      const d = Math.abs(gpu[i]! - cpu[i]!);
      max = Math.max(max, d);
      if (d > 1e-6) differ++;
    }
    console.log(`warp vs CPU reference: max |err| ${(max * 255).toFixed(3)}/255, ${differ} of ${gpu.length} values differ (${((100 * differ) / gpu.length).toFixed(3)}%)`);
    expect(max).toBeLessThanOrEqual(1 / 255 + 1e-6);
    expect(differ / gpu.length).toBeLessThan(0.005);
    expect([...all.subarray(0, offset), ...all.subarray(offset + 3 * PLANE)].every((v) => v === -7777)).toBe(true);
    // A centred, upright face: the eyes are darker than the skin between them and the forehead band.
    const lum = (x: number, y: number) => gpu[y * S + x]! + gpu[PLANE + y * S + x]! + gpu[2 * PLANE + y * S + x]!;
    const patch = (cx: number, cy: number) => {
      let s = 0;
      for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) s += lum(cx + dx, cy + dy);
      return s / 49;
    };
    expect(patch(77, 103)).toBeLessThan(patch(112, 110));
    expect(patch(147, 103)).toBeLessThan(patch(112, 110));
    if (SAVE_DIR) await writeImageFile(`${SAVE_DIR}/grace_hopper_crop.png`, { width: S, height: S, rgba: cropToRgba(gpu) });
  });

  it('turns an IDN-like mask into the official paste alpha (GPU separable chain vs 2-D OpenCV-style reference)', async () => {
    const mask = syntheticIdnMask(S, 5);
    const offset = 3 * PLANE; // as in the IDN arena: the mask after the RGB planes
    const buffer = createStorageBuffer(fx.gpu.device, new Float32Array(offset + PLANE).fill(0.5).fill(0, offset).map((v, i) => (i >= offset ? mask[i - offset]! : v)), 'test/mask');
    await submit((e) => aligner.encodePasteMask(e, { buffer, offset }));
    buffer.destroy();
    const alpha = await readFloats(fx.gpu.device, aligner.alphaBuffer, PLANE);
    const ref = pasteMaskCpu(mask, S);
    let max = 0;
    for (let i = 0; i < PLANE; i++) max = Math.max(max, Math.abs(alpha[i]! - ref[i]!));
    console.log(`paste alpha vs 2-D reference: max |err| ${max.toExponential(2)}`);
    expect(max).toBeLessThan(1e-5);
    // Eroded ~5 px net and faded at the crop edge.
    expect(alpha[0]).toBe(0);
    expect(alpha[112 * S + 112]).toBeCloseTo(1, 5);
  });

  it('pastes an identity "generated" crop with an all-ones mask: exact outside the footprint, double-resampling blur inside', async () => {
    const { device } = fx.gpu;
    // One buffer laid out like the IDN arena: generated [3, S, S] then mask [1, S, S].
    const arena = createStorageBuffer(device, new Float32Array(4 * PLANE).fill(1), 'test/arena');
    aligner.writeFrame(face.rgba);
    const ms = await submit((e) => {
      aligner.encodeWarp(e, forward, { buffer: arena, offset: 0 });
      aligner.encodePasteBack(e, back, { buffer: arena, offset: 0 }, { buffer: arena, offset: 3 * PLANE });
    });
    const pasted = await aligner.readFrame();
    const crop = await readFloats(device, arena, 3 * PLANE);
    const alpha = await readFloats(device, aligner.alphaBuffer, PLANE);
    arena.destroy();
    const box = aligner.lastPasteRegion;
    const W = face.width;
    const inBox = (p: number) => {
      const x = p % W;
      const y = Math.floor(p / W);
      return x >= box.x0 && x < box.x0 + box.width && y >= box.y0 && y < box.y0 + box.height;
    };
    // Crop position of each frame pixel, to tell the footprint and the fully pasted core.
    const cropPos = (p: number) => {
      const x = p % W;
      const y = Math.floor(p / W);
      return [forward[0]! * x + forward[2]! * y + forward[4]!, forward[1]! * x + forward[3]! * y + forward[5]!] as const;
    };
    const outsideFootprint = (p: number) => {
      const [u, v] = cropPos(p);
      return !(u > -1 && v > -1 && u < S && v < S);
    };
    const core = (p: number) => {
      const [u, v] = cropPos(p);
      return u > 20 && v > 20 && u < S - 21 && v < S - 21;
    };
    const outside = byteDiff(pasted, face.rgba, outsideFootprint);
    const inside = byteDiff(pasted, face.rgba, core);
    const ref = byteDiff(pasted, pasteBackCpu(face.rgba, W, face.height, back, crop, alpha));
    const alphaKept = pasted.every((v, i) => i % 4 !== 3 || v === face.rgba[i]);
    console.log(
      `paste-back (warp + mask + blend, one submit) ${ms.toFixed(1)} ms; box ${box.width}×${box.height} at (${box.x0}, ${box.y0}) = ${((100 * box.width * box.height) / (W * face.height)).toFixed(1)}% of the frame; ` +
        `outside footprint max |Δ| ${outside.max}; face core vs original: mean |Δ| ${inside.mean.toFixed(3)}, max ${inside.max}; vs CPU paste of the same crop: max ${ref.max}, ${ref.over1} values >1`,
    );
    expect(outside.count).toBeGreaterThan(0);
    expect(outside.max).toBe(0);
    expect(byteDiff(pasted, face.rgba, (p) => !inBox(p)).max).toBe(0);
    expect(inside.mean).toBeLessThan(4);
    expect(ref.max).toBeLessThanOrEqual(1);
    expect(alphaKept).toBe(true);
    if (SAVE_DIR) {
      const labelled = pasted.slice();
      drawLabel(labelled, W, face.height, 'AI-swapped', 'bottom-right');
      await writeImageFile(`${SAVE_DIR}/grace_hopper_pasted.png`, { width: W, height: face.height, rgba: labelled }, { textChunks: { Comment: 'AI-swapped' } });
    }
  });

  it('round-trips losslessly through an integer-translation crop (pixel-centre conventions agree)', async () => {
    const { device } = fx.gpu;
    const arena = createStorageBuffer(device, new Float32Array(4 * PLANE).fill(1), 'test/arena-int');
    const shift = Float64Array.of(1, 0, 0, 1, -143, -91);
    aligner.writeFrame(face.rgba);
    await submit((e) => {
      aligner.encodeWarp(e, shift, { buffer: arena, offset: 0 });
      aligner.encodePasteBack(e, invertAffine(shift), { buffer: arena, offset: 0 }, { buffer: arena, offset: 3 * PLANE });
    });
    const pasted = await aligner.readFrame();
    arena.destroy();
    const W = face.width;
    // Where the paste alpha is exactly 1 (≥ 15 px inside the crop) the frame comes back bit for bit;
    // in the fade band gen·m + frame·(1 − m) may round below the integer and truncate one lower.
    const core = byteDiff(pasted, face.rgba, (p) => {
      const u = (p % W) - 143;
      const v = Math.floor(p / W) - 91;
      return u >= 15 && v >= 15 && u < S - 15 && v < S - 15;
    });
    const everywhere = byteDiff(pasted, face.rgba);
    expect(core.max).toBe(0);
    expect(everywhere.max).toBeLessThanOrEqual(1);
  });

  it('matches the CPU paste-back to ±1 (truncation) for arbitrary matrices and values', async () => {
    const { device } = fx.gpu;
    const rng = seededRandom(11);
    const crop = Float32Array.from({ length: 3 * PLANE }, () => -0.1 + 1.2 * rng());
    const mask = Float32Array.from({ length: PLANE }, () => (rng() < 0.5 ? 0 : rng()));
    const buffer = createStorageBuffer(device, new Float32Array([...crop, ...mask]), 'test/generated');
    const angle = 0.4;
    const s = 0.61;
    const m = [s * Math.cos(angle), s * Math.sin(angle), -s * Math.sin(angle), s * Math.cos(angle), 0, 0];
    m[4] = 112 - (m[0]! * 300.3 + m[2]! * 250.7);
    m[5] = 112 - (m[1]! * 300.3 + m[3]! * 250.7);
    const forwardM = Float64Array.from(m);
    aligner.writeFrame(face.rgba);
    await submit((e) => aligner.encodePasteBack(e, invertAffine(forwardM), { buffer, offset: 0 }, { buffer, offset: 3 * PLANE }));
    const gpu = await aligner.readFrame();
    const alpha = await readFloats(device, aligner.alphaBuffer, PLANE);
    buffer.destroy();
    const ref = unpackRgba(pasteBackRef(packRgba(face.rgba), crop, alpha, { frameWidth: face.width, frameHeight: face.height, cropSize: S, sampleMatrix: forwardM }));
    const d = byteDiff(gpu, ref);
    let differ = 0;
    for (let i = 0; i < gpu.length; i++) if (gpu[i] !== ref[i]) differ++;
    console.log(`paste-back vs CPU reference, arbitrary matrix: max |Δ| ${d.max}, ${differ} of ${d.count} bytes differ`);
    expect(d.max).toBeLessThanOrEqual(1);
    expect(differ / d.count).toBeLessThan(0.01);
  });

  it('creates no GPU object per frame once the target buffers are known, whatever the matrix', async () => {
    const { device } = fx.gpu;
    const arena = createStorageBuffer(device, 4 * PLANE, 'test/arena2');
    const frame = (k: number) =>
      submit((e) => {
        const lm = GRACE_HOPPER.map(([x, y]) => [x + 3 * k, y - 2 * k] as Point);
        const f = alignmentMatrix(lm, S);
        aligner.encodeWarp(e, f, { buffer: arena, offset: 0 });
        aligner.encodePasteBack(e, invertAffine(f), { buffer: arena, offset: 0 }, { buffer: arena, offset: 3 * PLANE });
      });
    await frame(0);
    const counter = countGpuObjects(device);
    try {
      for (let k = 1; k <= 4; k++) {
        aligner.writeFrame(face.rgba);
        await frame(k);
        await aligner.readFrame();
      }
      expect(counter.counts).toEqual({});
    } finally {
      counter.restore();
      arena.destroy();
    }
  });

  it('times warp and paste-back at 512×600', async () => {
    const arena = createStorageBuffer(fx.gpu.device, 4 * PLANE, 'test/arena3');
    aligner.writeFrame(face.rgba);
    const slot = { buffer: arena, offset: 0 };
    const maskSlot = { buffer: arena, offset: 3 * PLANE };
    const runs = 15;
    const time = async (record: (e: GPUCommandEncoder) => void) => {
      await submit(record);
      const ts: number[] = [];
      for (let i = 0; i < runs; i++) ts.push(await submit(record));
      return median(ts);
    };
    const warp = await time((e) => aligner.encodeWarp(e, forward, slot));
    const maskChain = await time((e) => aligner.encodePasteMask(e, maskSlot));
    const blend = await time((e) => aligner.encodePasteBlend(e, back, slot));
    const paste = await time((e) => aligner.encodePasteBack(e, back, slot, maskSlot));
    const empty = await time(() => undefined);
    arena.destroy();
    const box = aligner.lastPasteRegion;
    console.log(
      `align timings on ${fx.gpu.capabilities.adapter.description || fx.gpu.capabilities.adapter.vendor}, 512×600 frame, submit→done medians of ${runs}: ` +
        `empty submit ${empty.toFixed(2)} ms; warp ${warp.toFixed(2)} ms; mask chain (6 passes) ${maskChain.toFixed(2)} ms; blend ${blend.toFixed(2)} ms over ${box.width}×${box.height}; paste-back (mask + blend) ${paste.toFixed(2)} ms`,
    );
    expect(warp).toBeGreaterThan(0);
  });

  it('refuses bad targets and matrices with typed errors, and skips a crop that misses the frame', async () => {
    const { device } = fx.gpu;
    const small = createStorageBuffer(device, 3 * PLANE - 1, 'test/small');
    const big = createStorageBuffer(device, 3 * PLANE + 10, 'test/big');
    const encoder = device.createCommandEncoder();
    const forward = alignmentMatrix(GRACE_HOPPER, S);
    expect(() => aligner.encodeWarp(encoder, forward, { buffer: small, offset: 0 })).toThrow(BindingTooSmallError);
    aligner.encodeWarp(encoder, forward, { buffer: big, offset: 10 });
    // Same buffer, an offset that no longer fits: caught by the per-frame check, not by WebGPU.
    expect(() => aligner.encodeWarp(encoder, forward, { buffer: big, offset: 11 })).toThrow(BindingTooSmallError);
    expect(() => aligner.encodeWarp(encoder, [1, 2, 2, 4, 0, 0], { buffer: big, offset: 0 })).toThrow(DegenerateAffineError);
    expect(() => aligner.encodeWarp(encoder, forward, { buffer: big, offset: 0.5 })).toThrow(ShapeMismatchError);
    encoder.finish();
    // A back matrix that puts the crop off the frame: nothing is dispatched and nothing changes.
    aligner.writeFrame(face.rgba);
    await submit((e) => aligner.encodePasteBack(e, [1, 0, 0, 1, 5000, 0], { buffer: big, offset: 0 }, { buffer: big, offset: 0 }));
    expect(aligner.lastPasteRegion.width * aligner.lastPasteRegion.height).toBe(0);
    expect(Buffer.from(await aligner.readFrame()).equals(Buffer.from(face.rgba))).toBe(true);
    small.destroy();
    big.destroy();
  });

  it('recreates its frame buffers on resize and refuses frames of the wrong size', async () => {
    expect(() => aligner.writeFrame(new Uint8Array(16))).toThrow(/512×600 RGBA8 frame is 1228800 bytes/);
    const w = 301;
    const h = 257;
    const rgba = new Uint8Array(4 * w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([face.rgba[4 * (y * 512 + x)]!, face.rgba[4 * (y * 512 + x) + 1]!, face.rgba[4 * (y * 512 + x) + 2]!, 255], 4 * (y * w + x));
    const before = aligner.frameBuffer;
    aligner.resize(w, h);
    expect(aligner.frameBuffer).not.toBe(before);
    expect([aligner.frameWidth, aligner.frameHeight]).toEqual([w, h]);
    aligner.writeFrame(rgba);
    const lm = GRACE_HOPPER.map(([x, y]) => [x - 60, y - 40] as Point);
    const f = alignmentMatrix(lm, S);
    const target = createStorageBuffer(fx.gpu.device, 3 * PLANE, 'test/crop2');
    await submit((e) => aligner.encodeWarp(e, f, { buffer: target, offset: 0 }));
    const gpu = await readFloats(fx.gpu.device, target, 3 * PLANE);
    target.destroy();
    const cpu = warpToCropCpu(rgba, w, h, f, S);
    let max = 0;
    for (let i = 0; i < gpu.length; i++) max = Math.max(max, Math.abs(gpu[i]! - cpu[i]!));
    expect(max).toBeLessThanOrEqual(1 / 255 + 1e-6);
    expect(Buffer.from(await aligner.readFrame()).equals(Buffer.from(rgba))).toBe(true);
    aligner.resize(512, 600);
  });
});
