/**
 * The handful of layer shapes MobileFaceSwap is made of, emitted as ONNX nodes. Node (and output
 * tensor) names are the caller's; the IDN exporter passes the reference implementation's
 * intermediate names so ONNX tensors can be compared with `idnForward`'s callback.
 */
import { attr, type Attribute, type OnnxGraphBuilder } from './builder';

/** Paddle's BatchNorm default epsilon. */
export const BN_EPSILON = 1e-5;
/** MobileFaceSwap's LeakyReLU slope, everywhere. */
export const LEAKY_SLOPE = 0.1;

export interface ConvSpec {
  kernel: number;
  stride?: number;
  pad?: number;
  group?: number;
}

export class OnnxLayers {
  private scalesName: string | null = null;

  constructor(readonly graph: OnnxGraphBuilder) {}

  /** Cross-correlation with weight [O, I/group, k, k] (Paddle and ONNX agree on layout and semantics). */
  conv(name: string, x: string, weight: string, bias: string | null, spec: ConvSpec): string {
    const pad = spec.pad ?? 0;
    const stride = spec.stride ?? 1;
    const attributes: Record<string, Attribute> = {
      kernel_shape: attr.ints([spec.kernel, spec.kernel]),
      strides: attr.ints([stride, stride]),
      pads: attr.ints([pad, pad, pad, pad]),
    };
    if ((spec.group ?? 1) !== 1) attributes.group = attr.int(spec.group!);
    return this.graph.addNode('Conv', bias === null ? [x, weight] : [x, weight, bias], name, attributes);
  }

  /** Inference BatchNormalization from the four [C] tensors (scale, bias, mean, variance). */
  batchNorm(name: string, x: string, params: readonly [string, string, string, string]): string {
    return this.graph.addNode('BatchNormalization', [x, ...params], name, { epsilon: attr.float(BN_EPSILON) });
  }

  leakyRelu(name: string, x: string): string {
    return this.graph.addNode('LeakyRelu', [x], name, { alpha: attr.float(LEAKY_SLOPE) });
  }

  /**
   * Paddle `Upsample(scale_factor=2, mode='bilinear', align_corners=True)`: ONNX Resize, linear,
   * align_corners (src = dst·(in − 1)/(out − 1)), scales [1, 1, 2, 2]; no roi.
   */
  upsample2x(name: string, x: string): string {
    this.scalesName ??= this.graph.addFloatInitializer('upsample2x.scales', [4], Float32Array.of(1, 1, 2, 2));
    return this.graph.addNode('Resize', [x, '', this.scalesName], name, {
      mode: attr.string('linear'),
      coordinate_transformation_mode: attr.string('align_corners'),
    });
  }
}
