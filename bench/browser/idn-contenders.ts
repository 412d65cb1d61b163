/** The IDN frame contenders: our fused and unfused plans, and onnxruntime-web on our exported ONNX. */
import type { GpuContext } from '../../src/engine/device';
import { IdnExecutor } from '../../src/engine/idn/executor';
import type { PipelineCache } from '../../src/engine/pipeline-cache';
import type { IdnInputs } from '../lib/inputs';
import { planFigures } from '../lib/plan-figures';
import type { PlanFigures } from '../lib/types';
import type { Contender } from './contender';
import { createSession, runSession, type OrtBackend } from './ort';

export async function ourIdn(gpu: GpuContext, cache: PipelineCache, inputs: IdnInputs, plan: 'fused' | 'unfused', where: string): Promise<Contender & { figures: PlanFigures; executor: IdnExecutor }> {
  const idn = await IdnExecutor.create(gpu, cache, inputs.swap, { size: inputs.size, plan });
  idn.writeInjectedKernels(inputs.kernels);
  const figures = planFigures(idn);
  return {
    id: `ours-${plan}`,
    label: `ours, ${plan} plan (${figures.dispatches} dispatches)`,
    where,
    macs: figures.macs,
    device: gpu.device,
    figures,
    executor: idn,
    // A frame as the engine runs it: write the crop, record, submit; timed until the GPU is done.
    async once() {
      idn.run(inputs.crop);
      await gpu.device.queue.onSubmittedWorkDone();
    },
    async outputs() {
      const o = await idn.readOutputs();
      return { out: o.out, mask: o.mask };
    },
    dispose: () => idn.destroy(),
  };
}

export async function ortIdn(onnx: Uint8Array, backend: OrtBackend, inputs: IdnInputs, macs: number, where: string): Promise<Contender> {
  const session = await createSession(onnx, backend);
  const S = inputs.size;
  let last: Record<string, Float32Array> = {};
  return {
    id: `ort-${backend}`,
    label: `onnxruntime-web ${backend === 'wasm' ? 'wasm' : 'WebGPU'} EP`,
    where,
    macs,
    async once() {
      last = await runSession(session, { name: 'crop', data: inputs.crop, dims: [1, 3, S, S] });
    },
    async outputs() {
      return { out: last.out!, mask: last.mask! };
    },
    dispose: () => void session.release(),
  };
}
