/** Shared pieces of the identity-path GPU tests: synthetic aligned crops, buffers, running and timing. */
import { createStorageBuffer } from '../../../src/engine/buffers';
import { seededRandom } from '../../../src/engine/random';

export interface CropStyle {
  /** Centre of the bright "face" blob. */
  readonly cx: number;
  readonly cy: number;
  /** Per-channel base level and blob gain. */
  readonly base: readonly [number, number, number];
  readonly gain: readonly [number, number, number];
  /** Period of the background ripples. */
  readonly ripple: number;
}

export const FIRST_FACE: CropStyle = { cx: 112, cy: 120, base: [60, 40, 30], gain: [150, 120, 100], ripple: 11 };
export const SECOND_FACE: CropStyle = { cx: 100, cy: 105, base: [90, 70, 50], gain: [110, 140, 90], ripple: 7 };

/** A deterministic smooth 224×224 RGBA "aligned face": gradients, ripples and a bright blob. */
export function syntheticCrop(s: CropStyle): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(224 * 224 * 4);
  for (let y = 0; y < 224; y++) {
    for (let x = 0; x < 224; x++) {
      const i = (y * 224 + x) * 4;
      const blob = Math.exp(-((x - s.cx) ** 2 + (y - s.cy) ** 2) / 3000);
      rgba[i] = s.base[0] + s.gain[0] * blob + 30 * Math.sin(x / s.ripple);
      rgba[i + 1] = s.base[1] + s.gain[1] * blob + 30 * Math.cos(y / (s.ripple * 0.7));
      rgba[i + 2] = s.base[2] + s.gain[2] * blob + 20 * Math.sin((x + y) / (s.ripple * 1.7));
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

/** The crop as a storage buffer of packed RGBA8 (one u32 per pixel, R in the low byte). */
export function uploadCrop(device: GPUDevice, rgba: Uint8ClampedArray): GPUBuffer {
  // COPY_SRC: ArcFaceGpu.encode copies it into its own input buffer.
  const buffer = device.createBuffer({ label: 'test/crop', size: rgba.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, rgba as Uint8ClampedArray<ArrayBuffer>);
  return buffer;
}

/** Records with `record`, submits, and returns the wall time from submit to onSubmittedWorkDone. */
export async function submitTimed(device: GPUDevice, record: (encoder: GPUCommandEncoder) => void): Promise<number> {
  const encoder = device.createCommandEncoder({ label: 'test' });
  record(encoder);
  const commands = encoder.finish();
  const t0 = performance.now();
  device.queue.submit([commands]);
  await device.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}

export interface ErrorSummary {
  readonly maxAbs: number;
  /** max |a − e| / max |e|: the error relative to the tensor's scale. */
  readonly maxRelToScale: number;
  readonly scale: number;
  readonly at: number;
}

export function errorSummary(actual: Float32Array, expected: Float32Array): ErrorSummary {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let maxAbs = 0;
  let at = -1;
  let scale = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i]! - expected[i]!);
    if (!(e <= maxAbs)) {
      maxAbs = e;
      at = i;
    }
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return { maxAbs, maxRelToScale: maxAbs / scale, scale, at };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A seeded identity for IIN tests: an L2-normalised embedding and a feature map shaped like ArcFace's bn2 output. */
export function syntheticIdentity(seed: number): { embedding: Float32Array; featureMap: Float32Array } {
  const rng = seededRandom(seed);
  const embedding = Float32Array.from({ length: 512 }, () => rng() - 0.5);
  const norm = Math.hypot(...embedding);
  for (let i = 0; i < embedding.length; i++) embedding[i]! /= norm;
  // Post-BN activations of the last IR block: mostly O(1), positive-leaning, a few large.
  const featureMap = Float32Array.from({ length: 512 * 49 }, () => 0.8 + 1.5 * (rng() - 0.5) * 2 + (rng() < 0.01 ? 6 * rng() : 0));
  return { embedding, featureMap };
}

export function storageBufferWith(device: GPUDevice, data: Float32Array, label: string): GPUBuffer {
  return createStorageBuffer(device, data, label);
}
