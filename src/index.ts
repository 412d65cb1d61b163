/**
 * mobilefaceswap-webgpu: MobileFaceSwap on hand-written WGSL kernels, for browsers and Node.
 * The public API: create an engine (on your GPUDevice or its own), load weights, set a source identity, swap frames.
 */
export { createFaceSwap } from './api/engine';
export type { CreateEngineOptions, FaceModelFiles, FaceSwap, ModelFileInput, IdentitySummary, ImageInput, ProfileRecord, RgbaPixels, SwapOptions, SwapOutput, WeightsInput, WeightsSummary } from './api/engine';
export { EngineError, WebGpuUnavailableError, NoAdapterError, InvalidArgumentError, InvalidStateError, NoFaceError, type EngineErrorCode } from './engine/errors';
export { WeightsError } from './engine/weights/errors';
export { SYNTHETIC_NOTICE } from './engine/weights/synthetic';
