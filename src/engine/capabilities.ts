/**
 * One frozen record of what the device offers, read once when the engine gets its device. Kernels, the
 * planner and the profiler read this instead of probing the device themselves.
 */
export type TimestampMode = 'inside-passes' | 'per-pass' | 'none';

export interface AdapterDescription {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** True for CPU emulators (lavapipe/llvmpipe, SwiftShader): timings only mean something as same-run ratios. */
  readonly isSoftware: boolean;
}

export interface Capabilities {
  readonly adapter: AdapterDescription;
  readonly features: {
    readonly timestampQuery: boolean;
    readonly timestampInsidePasses: boolean;
    readonly shaderF16: boolean;
    readonly subgroups: boolean;
  };
  /** How per-kernel GPU time can be measured on this device. */
  readonly timestampMode: TimestampMode;
  readonly subgroupMinSize: number | undefined;
  readonly subgroupMaxSize: number | undefined;
  readonly limits: {
    readonly maxComputeInvocationsPerWorkgroup: number;
    readonly maxComputeWorkgroupSizeX: number;
    readonly maxComputeWorkgroupSizeY: number;
    readonly maxComputeWorkgroupSizeZ: number;
    readonly maxComputeWorkgroupsPerDimension: number;
    readonly maxComputeWorkgroupStorageSize: number;
    readonly maxStorageBuffersPerShaderStage: number;
    readonly maxStorageBufferBindingSize: number;
    readonly maxBufferSize: number;
    readonly maxBindGroups: number;
    readonly minStorageBufferOffsetAlignment: number;
    readonly minUniformBufferOffsetAlignment: number;
  };
}

export const TIMESTAMP_INSIDE_PASSES_FEATURE = 'chromium-experimental-timestamp-query-inside-passes';

const SOFTWARE_HINTS = /swiftshader|llvmpipe|lavapipe|software|cpu|warp/i;

export function describeAdapterInfo(info: Partial<GPUAdapterInfo> | undefined, fallbackSoftware = false): AdapterDescription {
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const device = info?.device ?? '';
  const description = info?.description ?? '';
  const isSoftware = fallbackSoftware || SOFTWARE_HINTS.test(`${vendor} ${architecture} ${device} ${description}`);
  return { vendor, architecture, device, description, isSoftware };
}

export function adapterLabel(a: AdapterDescription): string {
  const parts = [a.vendor, a.architecture, a.device, a.description].filter((s) => s.length > 0);
  return `${parts.join(' / ') || 'unknown adapter'}${a.isSoftware ? ' (CPU emulation)' : ''}`;
}

/** Build the record from a device that already exists (also works for a caller's own device). */
export function readCapabilities(device: GPUDevice, adapterInfo?: GPUAdapterInfo): Capabilities {
  const has = (f: string) => device.features.has(f);
  const info = adapterInfo ?? (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  const l = device.limits;
  const timestampQuery = has('timestamp-query');
  const timestampInsidePasses = timestampQuery && has(TIMESTAMP_INSIDE_PASSES_FEATURE);
  const sub = info as (GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number }) | undefined;
  return deepFreeze({
    adapter: describeAdapterInfo(info),
    features: { timestampQuery, timestampInsidePasses, shaderF16: has('shader-f16'), subgroups: has('subgroups') },
    timestampMode: timestampInsidePasses ? 'inside-passes' : timestampQuery ? 'per-pass' : 'none',
    subgroupMinSize: sub?.subgroupMinSize,
    subgroupMaxSize: sub?.subgroupMaxSize,
    limits: {
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: l.maxComputeWorkgroupSizeY,
      maxComputeWorkgroupSizeZ: l.maxComputeWorkgroupSizeZ,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxBindGroups: l.maxBindGroups,
      minStorageBufferOffsetAlignment: l.minStorageBufferOffsetAlignment,
      minUniformBufferOffsetAlignment: l.minUniformBufferOffsetAlignment,
    },
  });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
