/**
 * A small ONNX graph builder over `onnx-proto`: float32/int64 initializers (raw, little-endian),
 * single-output nodes, float32 graph inputs/outputs with static shapes, and the model envelope
 * (IR version, opset import, producer, doc string, metadata).
 *
 * It checks what ONNX runtimes would otherwise reject with an opaque message: duplicate tensor
 * names, data that does not fill its shape, and node inputs that nothing produces.
 */
import { onnx, type OnnxTypes } from './onnx-proto';

/**
 * Opset 17 (ONNX 1.12) is the newest set whose every op used here is fully implemented by
 * onnxruntime-web's wasm backend, and IR version 8 is the one that opset ships with.
 */
export const DEFAULT_OPSET = 17;
export const DEFAULT_IR_VERSION = 8;
export const PRODUCER_NAME = 'mobilefaceswap-webgpu';

export type Attribute =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string };

/** Typed attribute constructors: ONNX distinguishes INT from FLOAT, so a bare number would be ambiguous. */
export const attr = {
  int: (value: number): Attribute => ({ kind: 'int', value }),
  ints: (value: readonly number[]): Attribute => ({ kind: 'ints', value }),
  float: (value: number): Attribute => ({ kind: 'float', value }),
  string: (value: string): Attribute => ({ kind: 'string', value }),
};

export interface ModelInfo {
  graphName: string;
  docString: string;
  metadata: Readonly<Record<string, string>>;
  opsetVersion?: number;
  producerVersion?: string;
}

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextEncoder();

function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** TensorProto.raw_data is little-endian by spec; on a little-endian host the array's bytes are used as they are. */
function float32Bytes(data: Float32Array): Uint8Array {
  if (HOST_IS_LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return out;
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (!Number.isSafeInteger(v)) throw new Error(`onnx builder: int64 value ${v} is not a safe integer`);
    view.setBigInt64(i * 8, BigInt(v), true);
  });
  return out;
}

function encodeAttribute(name: string, a: Attribute): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int':
      return { name, type: T.INT, i: a.value };
    case 'ints':
      return { name, type: T.INTS, ints: [...a.value] };
    case 'float':
      return { name, type: T.FLOAT, f: a.value };
    case 'string':
      return { name, type: T.STRING, s: utf8.encode(a.value) };
  }
}

function float32ValueInfo(name: string, shape: readonly number[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: shape.map((d) => ({ dimValue: d })) },
      },
    },
  };
}

export class OnnxGraphBuilder {
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  /** Every tensor name defined so far (initializers, graph inputs, node outputs). */
  private readonly defined = new Set<string>();
  private readonly nodeNames = new Set<string>();

  get initializerCount(): number {
    return this.initializers.length;
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  has(name: string): boolean {
    return this.defined.has(name);
  }

  private define(name: string, what: string): void {
    if (name === '') throw new Error(`onnx builder: ${what} needs a non-empty name`);
    if (this.defined.has(name)) throw new Error(`onnx builder: tensor name "${name}" is already defined (${what})`);
    this.defined.add(name);
  }

  /**
   * A float32 constant. The bytes are referenced, not copied, until `encode` runs, so `data` must
   * not change in between.
   */
  addFloatInitializer(name: string, shape: readonly number[], data: Float32Array): string {
    if (data.length !== elementCount(shape)) {
      throw new Error(`onnx builder: initializer "${name}" has ${data.length} values, shape [${shape.join(', ')}] needs ${elementCount(shape)}`);
    }
    this.define(name, 'initializer');
    this.initializers.push({ name, dims: [...shape], dataType: onnx.TensorProto.DataType.FLOAT, rawData: float32Bytes(data) });
    return name;
  }

  /** A float32 scalar (rank 0), e.g. for element-wise arithmetic with broadcasting. */
  addScalar(name: string, value: number): string {
    return this.addFloatInitializer(name, [], Float32Array.of(value));
  }

  /** An int64 constant (shapes, axes). */
  addInt64Initializer(name: string, shape: readonly number[], values: readonly number[]): string {
    if (values.length !== elementCount(shape)) {
      throw new Error(`onnx builder: initializer "${name}" has ${values.length} values, shape [${shape.join(', ')}] needs ${elementCount(shape)}`);
    }
    this.define(name, 'initializer');
    this.initializers.push({ name, dims: [...shape], dataType: onnx.TensorProto.DataType.INT64, rawData: int64Bytes(values) });
    return name;
  }

  addInput(name: string, shape: readonly number[]): string {
    this.define(name, 'graph input');
    this.inputs.push(float32ValueInfo(name, shape));
    return name;
  }

  /** Declares an already-produced tensor as a float32 graph output (it may still feed other nodes). */
  addOutput(name: string, shape: readonly number[]): string {
    if (!this.defined.has(name)) throw new Error(`onnx builder: graph output "${name}" is not produced by any node`);
    this.outputs.push(float32ValueInfo(name, shape));
    return name;
  }

  /**
   * Adds a single-output node and returns its output name (`output`, which is also the node name).
   * Use '' in `inputs` for an omitted optional input.
   */
  addNode(opType: string, inputs: readonly string[], output: string, attributes: Readonly<Record<string, Attribute>> = {}): string {
    for (const input of inputs) {
      if (input !== '' && !this.defined.has(input)) {
        throw new Error(`onnx builder: node "${output}" (${opType}) reads "${input}", which is not defined yet`);
      }
    }
    if (this.nodeNames.has(output)) throw new Error(`onnx builder: node name "${output}" is already used`);
    this.define(output, `output of ${opType}`);
    this.nodeNames.add(output);
    this.nodes.push({
      name: output,
      opType,
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attributes).map(([k, v]) => encodeAttribute(k, v)),
    });
    return output;
  }

  /** Serialises the model (ModelProto wire format, ready for `InferenceSession.create`). */
  encode(info: ModelInfo): Uint8Array {
    if (this.inputs.length === 0 || this.outputs.length === 0) throw new Error('onnx builder: a model needs at least one input and one output');
    const model: OnnxTypes.IModelProto = {
      irVersion: DEFAULT_IR_VERSION,
      opsetImport: [{ domain: '', version: info.opsetVersion ?? DEFAULT_OPSET }],
      producerName: PRODUCER_NAME,
      producerVersion: info.producerVersion ?? '',
      docString: info.docString,
      metadataProps: Object.entries(info.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: info.graphName,
        docString: info.docString,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
    const bytes = onnx.ModelProto.encode(model).finish();
    // protobufjs may hand back a Node Buffer cut from a shared pool; give callers a plain
    // Uint8Array that owns its memory (copying only in that small-model case).
    if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return new Uint8Array(bytes.buffer);
    return Uint8Array.prototype.slice.call(bytes);
  }
}
