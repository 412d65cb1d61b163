/**
 * Local seeded synthetic checkpoints for the reference-model tests: the official key names and
 * shapes (reference §2.2, §10), He-initialised convs/linears, near-identity BN, gains tuned so activations
 * stay O(1). Written independently of `src/engine/weights/synthetic.ts` (the engine's generator), so it
 * doubles as an independent listing of the expected key set for the tests.
 */
import { seededRandom } from '../../../src/engine/random';
import type { HostTensor, TensorMap } from '../../../src/engine/weights/tensor-map';

/** The project's seeded PRNG (mulberry32), re-exported under the name these tests use. */
export const rng = seededRandom;

/** Zero-mean, unit-variance uniform noise (cheaper than Gaussian for ~70 M values). */
export function unitUniform(r: () => number): () => number {
  const a = 2 * Math.sqrt(3);
  return () => (r() - 0.5) * a;
}

class Builder {
  readonly map: TensorMap = new Map();
  private readonly n: () => number;
  private readonly u: () => number;
  constructor(seed: number) {
    this.u = rng(seed);
    this.n = unitUniform(this.u);
  }
  private put(key: string, shape: number[], f: (i: number) => number): void {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = f(i);
    const t: HostTensor = { shape, data };
    this.map.set(key, t);
  }
  /** Conv weight [O, I, kh, kw] with std gain/√fan_in (He for the default gain √2). */
  conv(key: string, shape: [number, number, number, number], bias = false, gain = Math.SQRT2): void {
    const std = gain / Math.sqrt(shape[1] * shape[2] * shape[3]);
    this.put(`${key}.weight`, shape, () => this.n() * std);
    if (bias) this.put(`${key}.bias`, [shape[0]], () => this.n() * 0.05);
  }
  /** Paddle Linear [in, out]. */
  linear(key: string, inF: number, outF: number, std = Math.sqrt(2 / inF)): void {
    this.put(`${key}.weight`, [inF, outF], () => this.n() * std);
    this.put(`${key}.bias`, [outF], () => this.n() * 0.05);
  }
  bn(key: string, c: number, gamma = 1): void {
    this.put(`${key}.weight`, [c], () => gamma * (1 + 0.1 * this.n()));
    this.put(`${key}.bias`, [c], () => 0.1 * this.n());
    this.put(`${key}._mean`, [c], () => 0.1 * this.n());
    this.put(`${key}._variance`, [c], () => 0.5 + this.u());
  }
  scalar(key: string, v: number): void {
    this.put(key, [1], () => v);
  }
  raw(key: string, shape: number[], std: number): void {
    this.put(key, shape, () => this.n() * std);
  }
}

export function localSwapWeights(seed = 1): TensorMap {
  const b = new Builder(seed);
  const enc = [3, 32, 64, 128, 256, 512];
  for (let i = 0; i < 5; i++) {
    b.linear(`EncoderModulation.${i}.style`, 512, enc[i]!, 0.02);
    b.raw(`EncoderModulation.${i}.weight`, [enc[i + 1]!, enc[i]!, 1, 1], 1);
  }
  const decIn = [512, 512, 256, 128];
  const decOut = [256, 128, 64, 32];
  for (let j = 0; j < 4; j++) {
    b.linear(`DecoderModulation.${j}.style`, 512, decIn[j]!, 0.02);
    b.raw(`DecoderModulation.${j}.weight`, [decOut[j]!, decIn[j]!, 1, 1], 1);
  }
  b.conv('predictor.first', [512, 512, 4, 4], true);
  b.conv('predictor.first_decoder', [512, 512, 2, 2], true);
  b.bn('predictor.norm', 512);
  b.bn('predictor.decoder_norm', 512);
  const block = (p: string, a: number, c: number): void => {
    b.conv(`${p}.conv`, [c, a, 3, 3], true);
    b.bn(`${p}.norm`, c);
    // Small gain so the predicted depthwise kernels come out with std ≈ 0.3 (roughly unit-gain IDN stages).
    b.conv(`${p}.weight`, [c, c, 3, 3], true, 0.12);
  };
  const encChain = [512, 256, 128, 64, 32, 3];
  for (let k = 0; k < 5; k++) block(`predictor.encoder.${k}`, encChain[k]!, encChain[k + 1]!);
  const decChain = [512, 512, 512, 256, 128];
  for (let j = 0; j < 4; j++) block(`predictor.decoder.${j}`, decChain[j]!, decChain[j + 1]!);
  b.conv('final.1', [8, 32, 1, 1], true);
  b.bn('final.2', 8);
  b.conv('final.4', [3, 8, 3, 3], true);
  b.bn('final.5', 3);
  b.conv('final.7', [3, 3, 3, 3], true);
  const mc = [512, 128, 64, 32, 8, 2];
  for (let s = 0; s < 5; s++) {
    b.conv(`mask.${s}.1`, [mc[s]!, 1, 3, 3], true);
    b.conv(`mask.${s}.2`, [mc[s + 1]!, mc[s]!, 1, 1], true);
    b.bn(`mask.${s}.3`, mc[s + 1]!, 0.6); // damped so the untrained mask head stays out of saturation
  }
  b.conv('mask.5', [1, 2, 3, 3], true);
  return b.map;
}

export function localArcfaceWeights(seed = 2): TensorMap {
  const b = new Builder(seed);
  b.conv('conv1', [64, 3, 3, 3]);
  b.bn('bn1', 64);
  b.scalar('prelu._weight', 0.25);
  const blocks = [3, 4, 23, 3];
  const chans = [64, 128, 256, 512];
  let cin = 64;
  for (let s = 0; s < 4; s++) {
    const c = chans[s]!;
    for (let j = 0; j < blocks[s]!; j++) {
      const p = `layer${s + 1}.${j}`;
      const inC = j === 0 ? cin : c;
      b.bn(`${p}.bn0`, inC);
      b.conv(`${p}.conv1`, [inC, inC, 3, 3]);
      b.bn(`${p}.bn1`, inC);
      b.scalar(`${p}.prelu._weight`, 0.25);
      b.conv(`${p}.conv2`, [c, inC, 3, 3]);
      b.bn(`${p}.bn2`, c, 0.1); // small residual-branch gain keeps 33 stacked blocks from blowing up
      b.linear(`${p}.se.fc.0`, c, c / 16);
      b.scalar(`${p}.se.fc.1._weight`, 0.25);
      b.linear(`${p}.se.fc.2`, c / 16, c);
      if (j === 0 && (s > 0 || inC !== c)) {
        b.conv(`${p}.downsample.0`, [c, inC, 1, 1]);
        b.bn(`${p}.downsample.1`, c);
      }
    }
    cin = c;
  }
  b.bn('bn2', 512);
  b.linear('fc', 512 * 49, 512);
  b.bn('bn3', 512);
  return b.map;
}
