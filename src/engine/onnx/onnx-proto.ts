/**
 * The `onnx` namespace of `onnx-proto` (the public onnx.proto compiled for protobufjs).
 *
 * The package is CommonJS (`module.exports = root`), so native Node ESM only offers it as the
 * default export while bundlers may also expose the named one; accept either.
 */
import * as onnxProtoModule from 'onnx-proto';

type OnnxNamespace = typeof onnxProtoModule.onnx;

function resolveNamespace(): OnnxNamespace {
  const mod = onnxProtoModule as unknown as { onnx?: OnnxNamespace; default?: { onnx?: OnnxNamespace } };
  const ns = mod.onnx ?? mod.default?.onnx;
  if (ns === undefined) throw new Error('onnx-proto: could not find the `onnx` namespace in the installed package');
  return ns;
}

export const onnx: OnnxNamespace = resolveNamespace();
// The namespace again as types only: `OnnxTypes.IModelProto` etc. (a const cannot serve as a type namespace).
export type { onnx as OnnxTypes } from 'onnx-proto';
