/**
 * Checkpoint tensors → ONNX initializers named exactly like the checkpoint keys, so anyone can
 * map a node of the exported graph back to `MobileFaceSwap_224.pdparams` / `arcface.pdparams`.
 */
import type { TensorMap } from '../weights/tensor-map';
import type { OnnxGraphBuilder } from './builder';
import { OnnxExportError } from './errors';

function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export class CheckpointInitializers {
  constructor(
    private readonly graph: OnnxGraphBuilder,
    private readonly weights: TensorMap,
    /** Prefix of error messages, e.g. `exportIdnOnnx`. */
    private readonly context: string,
  ) {}

  /** The tensor's data after checking that `key` exists with exactly `shape`. */
  read(key: string, shape: readonly number[]): Float32Array {
    const t = this.weights.get(key);
    if (t === undefined) throw new OnnxExportError(`${this.context}: weights are missing "${key}" (expected shape ${fmt(shape)})`);
    if (!sameShape(t.shape, shape)) {
      throw new OnnxExportError(`${this.context}: weight "${key}" has shape ${fmt(t.shape)}, expected ${fmt(shape)}`);
    }
    const n = shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== n) throw new OnnxExportError(`${this.context}: weight "${key}" holds ${t.data.length} values, shape ${fmt(shape)} needs ${n}`);
    return t.data;
  }

  has(key: string): boolean {
    return this.weights.has(key);
  }

  /**
   * Adds checkpoint tensor `key` as an initializer of the same name and returns that name. A key
   * used twice (ArcFace's shared PReLU slope) becomes one initializer.
   */
  use(key: string, shape: readonly number[]): string {
    if (this.graph.has(key)) return key;
    return this.graph.addFloatInitializer(key, shape, this.read(key, shape));
  }

  /** Adds the four Paddle BatchNorm tensors of `prefix`, in ONNX BatchNormalization input order. */
  useBatchNorm(prefix: string, channels: number): [scale: string, bias: string, mean: string, variance: string] {
    return [
      this.use(`${prefix}.weight`, [channels]),
      this.use(`${prefix}.bias`, [channels]),
      this.use(`${prefix}._mean`, [channels]),
      this.use(`${prefix}._variance`, [channels]),
    ];
  }
}
