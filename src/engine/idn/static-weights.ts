/**
 * The IDN's static weights (RGB head `final.*` and mask head `mask.*`, straight from MobileFaceSwap_224) packed
 * into one float32 array with BatchNorm folded in, plus the offset of every piece. One GPU buffer holds it
 * all, so a fused dispatch binds it once for weights and biases alike.
 */
import { foldBatchNorm, readBatchNorm } from '../weights/batchnorm';
import type { HostTensor, TensorMap } from '../weights/tensor-map';
import { MASK_CHANNELS } from './layers';

export interface MaskStageOffsets {
  readonly dwWeight: number;
  readonly dwBias: number;
  readonly pwWeight: number;
  readonly pwBias: number;
}

export interface ConvOffsets {
  readonly weight: number;
  readonly bias: number;
}

export interface StaticWeights {
  readonly data: Float32Array;
  readonly mask: readonly MaskStageOffsets[];
  readonly maskConv: ConvOffsets;
  /** `final.1` 1×1 conv 32→8 with `final.2` folded. */
  readonly headPointwise: ConvOffsets;
  /** `final.4` 3×3 conv 8→3 with `final.5` folded. */
  readonly headConv1: ConvOffsets;
  /** `final.7` 3×3 conv 3→3. */
  readonly headConv2: ConvOffsets;
}

function tensor(weights: TensorMap, name: string, shape: readonly number[]): HostTensor {
  const t = weights.get(name);
  if (!t) throw new Error(`IDN static weights: missing "${name}" (expected shape [${shape.join(', ')}])`);
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`IDN static weights: "${name}" has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  return t;
}

export function packStaticWeights(weights: TensorMap): StaticWeights {
  const parts: Float32Array[] = [];
  let cursor = 0;
  const push = (a: Float32Array): number => {
    const at = cursor;
    parts.push(a);
    cursor += a.length;
    return at;
  };
  const mask: MaskStageOffsets[] = [];
  for (let s = 0; s < 5; s++) {
    const cin = MASK_CHANNELS[s]!;
    const cout = MASK_CHANNELS[s + 1]!;
    const dw = tensor(weights, `mask.${s}.1.weight`, [cin, 1, 3, 3]);
    const dwB = tensor(weights, `mask.${s}.1.bias`, [cin]);
    const pw = foldBatchNorm(tensor(weights, `mask.${s}.2.weight`, [cout, cin, 1, 1]), tensor(weights, `mask.${s}.2.bias`, [cout]), readBatchNorm(weights, `mask.${s}.3`));
    mask.push({ dwWeight: push(dw.data), dwBias: push(dwB.data), pwWeight: push(pw.weight.data), pwBias: push(pw.bias.data) });
  }
  const conv = (w: HostTensor, b: HostTensor): ConvOffsets => ({ weight: push(w.data), bias: push(b.data) });
  const maskConv = conv(tensor(weights, 'mask.5.weight', [1, 2, 3, 3]), tensor(weights, 'mask.5.bias', [1]));
  const hp = foldBatchNorm(tensor(weights, 'final.1.weight', [8, 32, 1, 1]), tensor(weights, 'final.1.bias', [8]), readBatchNorm(weights, 'final.2'));
  const headPointwise = conv(hp.weight, hp.bias);
  const h1 = foldBatchNorm(tensor(weights, 'final.4.weight', [3, 8, 3, 3]), tensor(weights, 'final.4.bias', [3]), readBatchNorm(weights, 'final.5'));
  const headConv1 = conv(h1.weight, h1.bias);
  const headConv2 = conv(tensor(weights, 'final.7.weight', [3, 3, 3, 3]), tensor(weights, 'final.7.bias', [3]));
  const data = new Float32Array(cursor);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { data, mask, maskConv, headPointwise, headConv1, headConv2 };
}
