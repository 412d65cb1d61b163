// Shape checks of the identity-path kernels: bad parameters get a ShapeMismatchError naming the kernel
// before anything reaches the GPU. (Their numerics run through src/kernels/cases.ts in tests/gpu/kernels.test.ts.)
import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../../../src/engine/errors';
import { pipelineCacheKey } from '../../../src/engine/kernel';
import { conv2d, conv2dOutputShape, type Conv2dParams } from '../../../src/kernels/conv2d/conv2d';
import { linear } from '../../../src/kernels/linear/linear';
import { maxPool2x2 } from '../../../src/kernels/max-pool-2x2/max-pool-2x2';
import { modulateWeights } from '../../../src/kernels/modulate-weights/modulate-weights';
import { packSqueezeExcite, squeezeExcite } from '../../../src/kernels/squeeze-excite/squeeze-excite';

const conv: Conv2dParams = { inChannels: 512, outChannels: 512, inHeight: 7, inWidth: 7, kernelHeight: 4, kernelWidth: 4 };

describe('identity-path kernel shapes', () => {
  it('conv2d: valid, padded and strided output sizes', () => {
    expect(conv2dOutputShape(conv)).toEqual({ outHeight: 4, outWidth: 4 });
    expect(conv2dOutputShape({ ...conv, inHeight: 112, inWidth: 112, kernelHeight: 3, kernelWidth: 3 })).toEqual({ outHeight: 110, outWidth: 110 });
    expect(conv2dOutputShape({ ...conv, inHeight: 55, inWidth: 55, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1 })).toEqual({ outHeight: 28, outWidth: 28 });
  });

  it('conv2d: the entry point binds exactly the optional inputs asked for; small maps take the narrow tile', () => {
    const key = (p: Conv2dParams) => pipelineCacheKey(conv2d.name, conv2d.variant(p));
    expect(key({ ...conv, hasBias: true, activation: 'leakyRelu' })).toBe('conv2d#main_bias{ACTIVATION=1,PIXELS_PER_THREAD=1}');
    expect(key({ ...conv, inHeight: 56, inWidth: 56, inputAffine: true, hasBias: true, activation: 'prelu' })).toBe('conv2d#main_affine_bias_prelu{ACTIVATION=0,PIXELS_PER_THREAD=4}');
    expect(Object.keys(conv2d.bindingElements({ ...conv, activation: 'prelu', inputAffine: true })).sort()).toEqual(['in_affine', 'input', 'output', 'slope', 'weight']);
    expect(conv2d.workgroups(conv)).toEqual([1, 8, 1]);
  });

  it('refuse impossible shapes with the kernel named', () => {
    expect(() => conv2d.validate({ ...conv, kernelHeight: 8 })).toThrow(ShapeMismatchError);
    expect(() => conv2d.validate({ ...conv, padding: -1 })).toThrow(/conv2d.*padding/);
    expect(() => maxPool2x2.validate({ channels: 3, inHeight: 1, inWidth: 9 })).toThrow(/max-pool-2x2/);
    expect(() => squeezeExcite.validate({ channels: 8192, reduced: 512, pixels: 4 })).toThrow(/squeeze-excite.*256/);
    expect(() => linear.validate({ inFeatures: 4, outFeatures: 2, splits: 5 })).toThrow(/linear.*splits/);
    expect(() => modulateWeights.validate({ styleFeatures: 512, inChannels: 2048, outChannels: 4 })).toThrow(/modulate-weights.*1024/);
  });

  it('squeeze-excite packs [W1 | b1 | slope | W2 | b2] and checks every length', () => {
    const w = { fc1Weight: Float32Array.of(1, 2), fc1Bias: Float32Array.of(3), slope: 0.25, fc2Weight: Float32Array.of(4, 5), fc2Bias: Float32Array.of(6, 7) };
    expect([...packSqueezeExcite(w, 2, 1)]).toEqual([1, 2, 3, 0.25, 4, 5, 6, 7]);
    expect(() => packSqueezeExcite({ ...w, fc2Bias: Float32Array.of(6) }, 2, 1)).toThrow(/fc2Bias/);
  });
});
