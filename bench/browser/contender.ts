/** One thing that runs a network: ours on WebGPU, or onnxruntime-web with some execution provider. */
export interface Contender {
  readonly id: string;
  readonly label: string;
  readonly where: string;
  /** Work per run, from our plan's cost model. */
  readonly macs: number;
  /** Our engine's device (its create* calls are counted during timed runs); undefined for ORT. */
  readonly device?: GPUDevice;
  /** One complete run: inputs in, outputs ready (GPU work finished). */
  once(): Promise<void>;
  /** The last run's outputs, on the CPU (for the agreement check only: never timed). */
  outputs(): Promise<Record<string, Float32Array>>;
  dispose(): void;
}
