import { readCapabilities, TIMESTAMP_INSIDE_PASSES_FEATURE, type Capabilities } from './capabilities';
import { NoAdapterError, EngineError, WebGpuUnavailableError } from './errors';

/** A device plus the facts read from it, and whether the engine owns it (and so may destroy it). */
export interface GpuContext {
  readonly device: GPUDevice;
  readonly capabilities: Capabilities;
  readonly ownsDevice: boolean;
  /** The GPU entry point the device came from. Held so it lives as long as the device: Dawn in Node crashes if it is collected first. */
  readonly entry?: GPU;
}

export interface AcquireOptions {
  /** Use this device (e.g. the caller's renderer's). The engine never destroys a device it did not create. */
  readonly device?: GPUDevice;
  /** The adapter info for a caller's device, when the caller still has it. */
  readonly adapterInfo?: GPUAdapterInfo;
  /** The `navigator.gpu` object to use; defaults to `globalThis.navigator.gpu`. Node passes Dawn's (see node-gpu.ts). */
  readonly gpu?: GPU;
  readonly powerPreference?: GPUPowerPreference;
}

// Features worth having when offered; the kernels never require any of them.
const OPTIONAL_FEATURES: readonly string[] = ['timestamp-query', TIMESTAMP_INSIDE_PASSES_FEATURE, 'shader-f16', 'subgroups'];

/**
 * Get a device. The default limits are requested on purpose: every kernel is written to run within the
 * WebGPU spec defaults (256 invocations per workgroup, 8 storage buffers per stage, 16 KiB workgroup memory).
 */
export async function acquireGpu(options: AcquireOptions = {}): Promise<GpuContext> {
  if (options.device) {
    return { device: options.device, capabilities: readCapabilities(options.device, options.adapterInfo), ownsDevice: false };
  }
  const gpu = options.gpu ?? (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) throw new WebGpuUnavailableError('navigator.gpu is undefined');
  const adapter = await gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
  if (!adapter) throw new NoAdapterError('no adapter matched');
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f)) as GPUFeatureName[];
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredFeatures, label: 'mobilefaceswap' });
  } catch (e) {
    throw new EngineError('device-request-failed', `requestDevice() failed: ${(e as Error).message}`);
  }
  return { device, capabilities: readCapabilities(device, adapter.info), ownsDevice: true, entry: gpu };
}
