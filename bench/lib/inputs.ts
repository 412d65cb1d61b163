/**
 * The benchmark's inputs, built the same way in Node and in the page: synthetic official-shape weights, a
 * seeded source identity → the 18 injected kernels (CPU IIN), a target crop for the IDN and a 224×224 RGBA
 * source crop for the identity switch. Everything is deterministic (integer PRNG, + × sqrt only in the
 * weights), and `inputDigest` lets the report show that Node and Chromium really used the same bytes.
 */
import { seededRandom } from '../../src/engine/random';
import { makeSyntheticArcfaceWeights, makeSyntheticSwapWeights } from '../../src/engine/weights/synthetic';
import type { TensorMap } from '../../src/engine/weights/tensor-map';
import type { InputDigest } from './types';
import { iinForward } from '../../src/model/reference/iin';
import type { Tensor } from '../../src/model/reference/ops';

export const SWAP_SEED = 1;
export const ARCFACE_SEED = 2;
export const IDENTITY_SEED = 5;

export interface IdnInputs {
  readonly size: number;
  readonly swap: TensorMap;
  /** What exportIdnOnnx takes: [E0..E4, D0..D3] tensors with their shapes. */
  readonly injected: { readonly depthwise: Tensor[]; readonly pointwise: Tensor[] };
  /** What IdnExecutor.writeInjectedKernels takes: the same data, flat. */
  readonly kernels: { readonly depthwise: Float32Array[]; readonly pointwise: Float32Array[] };
  /** Target crop [3, S, S] in [0, 1], planar. */
  readonly crop: Float32Array;
}

/** A stand-in for ArcFace's output (the IIN only needs realistic statistics): unit embedding, 512×7×7 map. */
function syntheticIdentity(seed: number): { embedding: Float32Array; featureMap: Tensor } {
  const rng = seededRandom(seed);
  const featureMap = new Float32Array(512 * 49);
  for (let i = 0; i < featureMap.length; i++) featureMap[i] = 1 + 1.5 * (2 * rng() - 1);
  const embedding = new Float32Array(512);
  let sq = 0;
  for (let i = 0; i < 512; i++) {
    embedding[i] = 2 * rng() - 1;
    sq += embedding[i]! * embedding[i]!;
  }
  const norm = Math.sqrt(sq);
  for (let i = 0; i < 512; i++) embedding[i]! /= norm;
  return { embedding, featureMap: { shape: [1, 512, 7, 7], data: featureMap } };
}

interface FaceStyle {
  readonly cx: number;
  readonly cy: number;
  readonly base: readonly [number, number, number];
  readonly gain: readonly [number, number, number];
  readonly ripple: number;
}

const TARGET_FACE: FaceStyle = { cx: 0.5, cy: 0.54, base: [60, 40, 30], gain: [150, 120, 100], ripple: 0.05 };
const SOURCE_FACE: FaceStyle = { cx: 0.45, cy: 0.47, base: [90, 70, 50], gain: [110, 140, 90], ripple: 0.031 };

/** A smooth "face": bright blob, gradients and ripples, in 0..255 per channel; u, v in [0, 1). */
function faceValue(s: FaceStyle, u: number, v: number, c: number): number {
  const blob = Math.exp(-((u - s.cx) ** 2 + (v - s.cy) ** 2) / 0.06);
  const ripple = [Math.sin(u / s.ripple), Math.cos(v / (s.ripple * 0.7)), Math.sin((u + v) / (s.ripple * 1.7))][c]!;
  return Math.min(255, Math.max(0, s.base[c]! + s.gain[c]! * blob + 25 * ripple));
}

/** The IDN's target crop at any size, quantised to 8 bits like a real decoded frame. */
export function targetCrop(size: number): Float32Array {
  const out = new Float32Array(3 * size * size);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) out[(c * size + y) * size + x] = Math.round(faceValue(TARGET_FACE, x / size, y / size, c)) / 255;
    }
  }
  return out;
}

/** The identity switch's 224×224 RGBA source crop (what ArcFaceGpu reads). */
export function sourceRgba224(): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(224 * 224 * 4);
  for (let y = 0; y < 224; y++) {
    for (let x = 0; x < 224; x++) {
      for (let c = 0; c < 3; c++) rgba[(y * 224 + x) * 4 + c] = Math.round(faceValue(SOURCE_FACE, x / 224, y / 224, c));
      rgba[(y * 224 + x) * 4 + 3] = 255;
    }
  }
  return rgba;
}

export function makeIdnInputs(size: number): IdnInputs {
  const swap = makeSyntheticSwapWeights(SWAP_SEED);
  const identity = syntheticIdentity(IDENTITY_SEED);
  const injected = iinForward(swap, identity.embedding, identity.featureMap);
  return {
    size,
    swap,
    injected,
    kernels: { depthwise: injected.depthwise.map((t) => t.data), pointwise: injected.pointwise.map((t) => t.data) },
    crop: targetCrop(size),
  };
}

export function makeArcfaceWeights(): TensorMap {
  return makeSyntheticArcfaceWeights(ARCFACE_SEED);
}

/** FNV-1a over every 32-bit word, in a fixed order. */
export class Digest {
  private h = 0x811c9dc5;

  words(data: Float32Array | Uint8ClampedArray | Uint8Array): this {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      this.h ^= bytes[i]!;
      this.h = Math.imul(this.h, 0x01000193) >>> 0;
    }
    return this;
  }

  text(s: string): this {
    return this.words(new TextEncoder().encode(s));
  }

  weights(map: TensorMap): this {
    for (const name of [...map.keys()].sort()) this.text(name).words(map.get(name)!.data);
    return this;
  }

  toString(): string {
    return this.h.toString(16).padStart(8, '0');
  }
}

/** Digests of everything the IDN contenders consume, for the "same inputs in Node and Chromium" check. */
export function inputDigest(inputs: IdnInputs): InputDigest {
  const kernels = new Digest();
  inputs.kernels.depthwise.forEach((k) => kernels.words(k));
  inputs.kernels.pointwise.forEach((k) => kernels.words(k));
  return { weights: new Digest().weights(inputs.swap).toString(), kernels: kernels.toString(), crop: new Digest().words(inputs.crop).toString() };
}
