/**
 * Deterministic synthetic weights with exactly the official names and shapes, for running the engine
 * when the real checkpoints are absent. Their output is NOT a face swap; anything built from them must
 * say so (SYNTHETIC_NOTICE / syntheticMetadata).
 *
 * Only integer ops, + and × and Math.sqrt (correctly rounded everywhere) are used, so every JS engine
 * produces the same bytes for a seed: normal-ish samples come from a sum of four uniforms, not from
 * Math.log/Math.cos, whose last bits differ between engines.
 */
import { arcfaceManifest, swapManifest, type Manifest } from './manifest';
import type { TensorMap } from './tensor-map';
import { elementCount } from './tensor-map';

export const SYNTHETIC_NOTICE = 'SYNTHETIC weights — not a real face swap';

/** Key of the `StructuredToParameterName@@` table that marks a synthetic `.pdparams` file. */
export const SYNTHETIC_MARKER_KEY = '__synthetic__';

/** safetensors `__metadata__` entries for anything produced from synthetic weights. */
export function syntheticMetadata(seed: number): Record<string, string> {
  return { synthetic: 'true', synthetic_seed: String(seed >>> 0), notice: SYNTHETIC_NOTICE };
}

/** True when safetensors metadata says the weights are synthetic. */
export function isSyntheticMetadata(metadata: Readonly<Record<string, string>>): boolean {
  return metadata.synthetic === 'true';
}

export function makeSyntheticSwapWeights(seed: number): TensorMap {
  return makeSyntheticTensors(swapManifest(), seed);
}

export function makeSyntheticArcfaceWeights(seed: number): TensorMap {
  return makeSyntheticTensors(arcfaceManifest(), seed);
}

/**
 * One tensor per manifest entry. Each tensor has its own stream (seeded from the seed and its name),
 * so a tensor's values do not depend on which other tensors are generated.
 */
export function makeSyntheticTensors(manifest: Manifest, seed: number): TensorMap {
  const bnPrefixes = new Set(manifest.filter((s) => s.name.endsWith('._mean')).map((s) => s.name.slice(0, -'._mean'.length)));
  const out: TensorMap = new Map();
  for (const spec of manifest) {
    const data = new Float32Array(elementCount(spec.shape));
    fill(data, initFor(spec.name, spec.shape, bnPrefixes), new Xoshiro128(seed, spec.name));
    out.set(spec.name, { shape: spec.shape, data });
  }
  return out;
}

type Init =
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'constant'; value: number };

const STYLE_STD = 0.1; // s = e·W + b with a unit-norm e has std ≈ 0.1, so (1 + s) stays near 1
const BIAS_STD = 0.01;
/**
 * Two gains keep the untrained network in float32 range (plain He + identity BN reaches ~1e32 in the
 * IDN): the last BN of each ArcFace residual branch starts at γ ≈ 0.1 (the usual small-residual init;
 * 33 stacked blocks otherwise grow the feature map ~500×), and the convs whose output *is* a depthwise
 * kernel get a small gain so predicted kernels come out with std ≈ 0.1–0.3, i.e. roughly unit-gain
 * IDN stages instead of a ×1000 per stage.
 */
const RESIDUAL_BN_GAMMA = 0.1;
const KERNEL_HEAD_GAIN = 0.3;
const RESIDUAL_BRANCH_BN = /^layer\d+\.\d+\.bn2$/;
const KERNEL_HEAD = /^predictor\.(encoder|decoder)\.\d+\.weight$/;

function initFor(name: string, shape: readonly number[], bnPrefixes: ReadonlySet<string>): Init {
  const dot = name.lastIndexOf('.');
  const layer = name.slice(0, dot);
  const param = name.slice(dot + 1);
  if (bnPrefixes.has(layer)) {
    // near-identity BN with a little jitter, so folding and BN kernels are exercised on non-trivial values
    if (param === 'weight') {
      const gamma = RESIDUAL_BRANCH_BN.test(layer) ? RESIDUAL_BN_GAMMA : 1;
      return { kind: 'uniform', low: 0.95 * gamma, high: 1.05 * gamma };
    }
    if (param === '_variance') return { kind: 'uniform', low: 0.9, high: 1.1 };
    return { kind: 'normal', mean: 0, std: 0.02 }; // bias, _mean
  }
  if (param === '_weight') return { kind: 'constant', value: 0.25 }; // PReLU slope, Paddle's default
  if (layer.endsWith('.style')) return param === 'weight' ? { kind: 'normal', mean: 0, std: STYLE_STD } : { kind: 'constant', value: 0 };
  if (param === 'bias') return { kind: 'normal', mean: 0, std: BIAS_STD };
  // He init: conv [O, I, kh, kw] has fan_in I·kh·kw; Paddle linear [in, out] has fan_in = in
  const fanIn = shape.length === 2 ? shape[0]! : elementCount(shape.slice(1));
  if (KERNEL_HEAD.test(layer)) return { kind: 'normal', mean: 0, std: KERNEL_HEAD_GAIN / Math.sqrt(fanIn) };
  return { kind: 'normal', mean: 0, std: Math.sqrt(2 / fanIn) };
}

function fill(data: Float32Array, init: Init, rng: Xoshiro128): void {
  switch (init.kind) {
    case 'constant':
      data.fill(init.value);
      return;
    case 'uniform':
      for (let i = 0; i < data.length; i++) data[i] = init.low + (init.high - init.low) * rng.uniform();
      return;
    case 'normal':
      for (let i = 0; i < data.length; i++) data[i] = init.mean + init.std * rng.standardNormalish();
      return;
  }
}

const SQRT3 = Math.sqrt(3);

/** xoshiro128** (Blackman & Vigna), seeded through splitmix32 from (seed, tensor name). */
class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number, stream: string) {
    let x = (seed ^ fnv1a(stream)) >>> 0;
    const splitmix = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix();
    this.s1 = splitmix();
    this.s2 = splitmix();
    this.s3 = splitmix() | 1; // never the all-zero state
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 24 random bits (exact in float32). */
  uniform(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /**
   * Irwin–Hall(4) rescaled to mean 0, variance 1: bell-shaped, bounded by ±2√3. The four uniforms are
   * the 16-bit halves of two draws, centred in their bins ((k + ½)/2¹⁶) so the mean is exactly 0.
   */
  standardNormalish(): number {
    const a = this.nextUint32();
    const b = this.nextUint32();
    const sum = (a & 0xffff) + (a >>> 16) + (b & 0xffff) + (b >>> 16) + 2;
    return (sum / 65536 - 2) * SQRT3;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
