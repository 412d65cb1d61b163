/**
 * The identity switch: a new source face → the IDN's 18 injected kernels. Ours is ArcFace + IIN on the GPU,
 * writing straight into the IDN's weight buffers. onnxruntime-web runs the exported ArcFace only (the IIN is
 * not exported; it is 0.3 % of ArcFace's work), so "ours, ArcFace only" is the like-for-like row.
 */
import { readFloats } from '../../src/engine/buffers';
import type { GpuContext } from '../../src/engine/device';
import { ArcFaceGpu } from '../../src/engine/identity/arcface-gpu';
import { IinGpu } from '../../src/engine/identity/iin-gpu';
import { depthwiseElements, pointwiseElements, type DynamicWeightBuffers } from '../../src/engine/idn/dynamic-weights';
import type { PipelineCache } from '../../src/engine/pipeline-cache';
import type { TensorMap } from '../../src/engine/weights/tensor-map';
import { arcfaceInputFromAlignedCrop } from '../../src/model/reference/arcface';
import type { Contender } from './contender';
import { createSession, runSession, type OrtBackend } from './ort';

export class OurIdentityPath {
  private constructor(
    private readonly gpu: GpuContext,
    readonly arcface: ArcFaceGpu,
    readonly iin: IinGpu,
    private readonly targets: DynamicWeightBuffers,
  ) {}

  static async create(gpu: GpuContext, cache: PipelineCache, arcfaceWeights: TensorMap, swapWeights: TensorMap, targets: DynamicWeightBuffers): Promise<OurIdentityPath> {
    const [arcface, iin] = await Promise.all([ArcFaceGpu.create(gpu, cache, arcfaceWeights), IinGpu.create(gpu, cache, swapWeights, targets)]);
    return new OurIdentityPath(gpu, arcface, iin, targets);
  }

  /** withIin: the whole switch (ArcFace → IIN → IDN weights); without: ArcFace alone, like ORT's row. */
  contender(rgba: Uint8ClampedArray, withIin: boolean, where: string): Contender {
    const { device } = this.gpu;
    const macs = this.arcface.cost.macs + (withIin ? this.iin.cost.macs : 0);
    return {
      id: withIin ? 'ours-arcface-iin' : 'ours-arcface',
      label: withIin ? `ours, ArcFace + IIN (${this.arcface.cost.dispatches + this.iin.cost.dispatches} dispatches)` : `ours, ArcFace only (${this.arcface.cost.dispatches} dispatches)`,
      where,
      macs,
      device,
      once: async () => {
        // The crop goes straight into ArcFace's input buffer, so no bind group or copy changes.
        device.queue.writeBuffer(this.arcface.inputBuffer, 0, rgba as Uint8ClampedArray<ArrayBuffer>);
        const encoder = device.createCommandEncoder({ label: 'identity switch' });
        this.arcface.encode(encoder, this.arcface.inputBuffer);
        if (withIin) this.iin.encode(encoder, this.arcface.embedding, this.arcface.featureMap);
        device.queue.submit([encoder.finish()]);
        await device.queue.onSubmittedWorkDone();
      },
      outputs: async () => {
        const out: Record<string, Float32Array> = {
          embedding: await readFloats(device, this.arcface.embedding, 512),
          feature_map: await readFloats(device, this.arcface.featureMap, 512 * 49),
        };
        if (withIin) {
          for (let i = 0; i < 9; i++) {
            out[`depthwise${i}`] = await readFloats(device, this.targets.depthwise[i]!, depthwiseElements(i));
            out[`pointwise${i}`] = await readFloats(device, this.targets.pointwise[i]!, pointwiseElements(i));
          }
        }
        return out;
      },
      dispose: () => undefined,
    };
  }

  destroy(): void {
    this.arcface.destroy();
    this.iin.destroy();
  }
}

export async function ortArcface(onnx: Uint8Array, backend: OrtBackend, rgba: Uint8ClampedArray, macs: number, where: string): Promise<Contender> {
  const session = await createSession(onnx, backend);
  let last: Record<string, Float32Array> = {};
  return {
    id: `ort-${backend}-arcface`,
    label: `onnxruntime-web ${backend === 'wasm' ? 'wasm' : 'WebGPU'} EP, ArcFace only`,
    where,
    macs,
    // Timed from the RGBA crop, like ours: the 2×2 average and normalisation run on the CPU here.
    async once() {
      last = await runSession(session, { name: 'input', data: arcfaceInputFromAlignedCrop(rgba).data, dims: [1, 3, 112, 112] });
    },
    async outputs() {
      return { embedding: last.embedding!, feature_map: last.feature_map! };
    },
    dispose: () => void session.release(),
  };
}
