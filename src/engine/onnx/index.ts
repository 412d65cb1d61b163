/** ONNX export of the per-identity IDN and of the ArcFace identity encoder. */
export { exportIdnOnnx, type IdnExportOptions, type InjectedKernels } from './export-idn';
export { exportArcfaceOnnx, type ArcfaceExportOptions } from './export-arcface';
export { OnnxGraphBuilder, attr, DEFAULT_OPSET, DEFAULT_IR_VERSION, PRODUCER_NAME, type Attribute, type ModelInfo } from './builder';
export { OnnxExportError } from './errors';
export { SYNTHETIC_NOTICE, type WeightsProvenance } from './provenance';
