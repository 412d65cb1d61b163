/**
 * The two official checkpoints described as data: every (name, shape) they must hold, generated from the
 * architecture (reference doc §2.2, §3, §4, §5, §10) rather than typed out, so the totals are an independent check.
 */
import { elementCount } from './tensor-map';

export interface TensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
}

/** The expected tensors of one checkpoint, in the order its module registers them. */
export type Manifest = readonly TensorSpec[];

export const SWAP_FILE_NAME = 'MobileFaceSwap_224.pdparams';
export const ARCFACE_FILE_NAME = 'arcface.pdparams';

/** A BatchNorm that directly follows a conv or linear layer and can be folded into it. */
export interface BatchNormFold {
  /** Prefix of the conv/linear layer (`<layer>.weight`, optional `<layer>.bias`). */
  readonly layer: string;
  /** Prefix of the BatchNorm (`<bn>.weight|bias|_mean|_variance`). */
  readonly bn: string;
  /** Conv weights are [O, I, kh, kw]; Paddle linear weights are [in, out]. */
  readonly kind: 'conv' | 'linear';
}

/** Paddle BatchNorm parameter suffixes, in registration order. */
export const BN_SUFFIXES = ['weight', 'bias', '_mean', '_variance'] as const;

/** IIN / IDN channel plan of MobileFaceSwap_224 (reference §3, §4.2, §5). */
export const SWAP_ARCHITECTURE = {
  embeddingSize: 512,
  identityChannels: 512,
  /** (Cin, Cout) of the pointwise conv of IDN encoder stage i, modulated by EncoderModulation.i. */
  encoderModulation: [[3, 32], [32, 64], [64, 128], [128, 256], [256, 512]],
  /** (Cin, Cout) of the pointwise conv of IDN decoder stage i, modulated by DecoderModulation.i. */
  decoderModulation: [[512, 256], [512, 128], [256, 64], [128, 32]],
  /** (a → b) of predictor.encoder.i; entry i yields the depthwise kernel of IDN encoder stage 4 − i. */
  predictorEncoder: [[512, 256], [256, 128], [128, 64], [64, 32], [32, 3]],
  /** (a → b) of predictor.decoder.i; entry i yields the depthwise kernel of IDN decoder stage i. */
  predictorDecoder: [[512, 512], [512, 512], [512, 256], [256, 128]],
  /** (C → C') of mask.s, s = 0..4. */
  maskStages: [[512, 128], [128, 64], [64, 32], [32, 8], [8, 2]],
} as const;

/** IR-SE ArcFace plan (reference §2.1): [channels, blocks, first stride] per stage. */
export const ARCFACE_ARCHITECTURE = {
  stemChannels: 64,
  stages: [[64, 3, 1], [128, 4, 2], [256, 23, 2], [512, 3, 2]],
  seReduction: 16,
  featureMap: [512, 7, 7],
  embeddingSize: 512,
} as const;

/** Collects specs and fold records while the architecture loops walk the layers. */
class ManifestBuilder {
  readonly specs: TensorSpec[] = [];
  readonly folds: BatchNormFold[] = [];

  add(name: string, shape: readonly number[]): void {
    this.specs.push({ name, shape: [...shape] });
  }

  conv(prefix: string, out: number, inPerGroup: number, k: number, bias: boolean): void {
    this.add(`${prefix}.weight`, [out, inPerGroup, k, k]);
    if (bias) this.add(`${prefix}.bias`, [out]);
  }

  /** Paddle stores Linear weights as [in, out]. */
  linear(prefix: string, inFeatures: number, outFeatures: number): void {
    this.add(`${prefix}.weight`, [inFeatures, outFeatures]);
    this.add(`${prefix}.bias`, [outFeatures]);
  }

  batchNorm(prefix: string, channels: number, foldsInto?: { layer: string; kind: 'conv' | 'linear' }): void {
    for (const suffix of BN_SUFFIXES) this.add(`${prefix}.${suffix}`, [channels]);
    if (foldsInto) this.folds.push({ layer: foldsInto.layer, bn: prefix, kind: foldsInto.kind });
  }

  prelu(prefix: string): void {
    this.add(`${prefix}._weight`, [1]);
  }
}

function buildSwap(): ManifestBuilder {
  const m = new ManifestBuilder();
  const a = SWAP_ARCHITECTURE;
  const modulation = (group: string, plan: readonly (readonly [number, number])[]): void => {
    plan.forEach(([cin, cout], i) => {
      m.linear(`${group}.${i}.style`, a.embeddingSize, cin);
      m.add(`${group}.${i}.weight`, [cout, cin, 1, 1]);
    });
  };
  modulation('EncoderModulation', a.encoderModulation);
  modulation('DecoderModulation', a.decoderModulation);

  const c = a.identityChannels;
  m.conv('predictor.first', c, c, 4, true);
  m.conv('predictor.first_decoder', c, c, 2, true);
  m.batchNorm('predictor.norm', c, { layer: 'predictor.first', kind: 'conv' });
  m.batchNorm('predictor.decoder_norm', c, { layer: 'predictor.first_decoder', kind: 'conv' });
  const convBlocks = (group: string, plan: readonly (readonly [number, number])[]): void => {
    plan.forEach(([from, to], i) => {
      const p = `predictor.${group}.${i}`;
      m.conv(`${p}.conv`, to, from, 3, true);
      m.batchNorm(`${p}.norm`, to, { layer: `${p}.conv`, kind: 'conv' });
      m.conv(`${p}.weight`, to, to, 3, true);
    });
  };
  convBlocks('encoder', a.predictorEncoder);
  convBlocks('decoder', a.predictorDecoder);

  // RGB head: indices 0, 3, 6, 8 are parameter-free (upsample, LReLU, tanh).
  m.conv('final.1', 8, 32, 1, true);
  m.batchNorm('final.2', 8, { layer: 'final.1', kind: 'conv' });
  m.conv('final.4', 3, 8, 3, true);
  m.batchNorm('final.5', 3, { layer: 'final.4', kind: 'conv' });
  m.conv('final.7', 3, 3, 3, true);

  a.maskStages.forEach(([cin, cout], s) => {
    m.conv(`mask.${s}.1`, cin, 1, 3, true); // depthwise
    m.conv(`mask.${s}.2`, cout, cin, 1, true);
    m.batchNorm(`mask.${s}.3`, cout, { layer: `mask.${s}.2`, kind: 'conv' });
  });
  m.conv('mask.5', 1, 2, 3, true);
  return m;
}

function buildArcface(): ManifestBuilder {
  const m = new ManifestBuilder();
  const a = ARCFACE_ARCHITECTURE;
  m.conv('conv1', a.stemChannels, 3, 3, false);
  m.batchNorm('bn1', a.stemChannels, { layer: 'conv1', kind: 'conv' });
  m.prelu('prelu');

  let inChannels: number = a.stemChannels;
  a.stages.forEach(([channels, blocks, firstStride], stage) => {
    for (let j = 0; j < blocks; j++) {
      const p = `layer${stage + 1}.${j}`;
      const stride = j === 0 ? firstStride : 1;
      // bn0 precedes conv1 (and its zero padding), so it cannot be folded exactly: no fold record.
      m.batchNorm(`${p}.bn0`, inChannels);
      m.conv(`${p}.conv1`, inChannels, inChannels, 3, false);
      m.batchNorm(`${p}.bn1`, inChannels, { layer: `${p}.conv1`, kind: 'conv' });
      m.prelu(`${p}.prelu`);
      m.conv(`${p}.conv2`, channels, inChannels, 3, false);
      m.batchNorm(`${p}.bn2`, channels, { layer: `${p}.conv2`, kind: 'conv' });
      if (stride !== 1 || inChannels !== channels) {
        m.conv(`${p}.downsample.0`, channels, inChannels, 1, false);
        m.batchNorm(`${p}.downsample.1`, channels, { layer: `${p}.downsample.0`, kind: 'conv' });
      }
      const squeezed = channels / a.seReduction;
      m.linear(`${p}.se.fc.0`, channels, squeezed);
      m.prelu(`${p}.se.fc.1`);
      m.linear(`${p}.se.fc.2`, squeezed, channels);
      inChannels = channels;
    }
  });

  const [c, h, w] = a.featureMap;
  m.batchNorm('bn2', c); // follows the last block's PReLU: not foldable
  m.linear('fc', c * h * w, a.embeddingSize);
  m.batchNorm('bn3', a.embeddingSize, { layer: 'fc', kind: 'linear' });
  return m;
}

/** Every key of MobileFaceSwap_224.pdparams with its Paddle shape (167 keys, 20,706,030 floats). */
export function swapManifest(): Manifest {
  return buildSwap().specs;
}

/** Every key of arcface.pdparams with its Paddle shape (691 keys, 52,244,159 floats). */
export function arcfaceManifest(): Manifest {
  return buildArcface().specs;
}

/** The BatchNorms of MobileFaceSwap_224 that follow a conv and can be folded into it. */
export function swapBatchNormFolds(): readonly BatchNormFold[] {
  return buildSwap().folds;
}

/** The BatchNorms of arcface that follow a conv/linear (bn0 of each block and the head bn2 do not). */
export function arcfaceBatchNormFolds(): readonly BatchNormFold[] {
  return buildArcface().folds;
}

export function manifestElementCount(manifest: Manifest): number {
  let total = 0;
  for (const spec of manifest) total += elementCount(spec.shape);
  return total;
}
