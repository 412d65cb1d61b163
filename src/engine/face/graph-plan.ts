/**
 * Lowers an imported TF graph (tfjs-graph.ts) to a fixed list of WGSL kernel dispatches over NCHW tensors —
 * pure TypeScript, no GPU. The graph is NHWC; weights are transposed here, once:
 *   Conv2D filter [KH, KW, Cin, Cout] → [Cout, Cin, KH, KW];  depthwise [KH, KW, C, 1] → [C, KH, KW];
 *   PReLU alpha [1, 1, C] → [C].
 *
 * Ops and how they lower (anything else is refused with the node's name):
 *   _FusedConv2D            direct-conv (+bias, activation fused, TF padding) when C_in·K² ≤ 512: every conv of
 *                           these two models. On lavapipe it beat the GEMM-tiled kernels on every shape here —
 *                           11× conv2d on the BlazeFace 5×5 RGB stem, 1.1–5× pointwise-conv on the 1×1s
 *                           (16–128 channels: a 64-channel tile is mostly padding, and barriers are costly on
 *                           a CPU rasteriser). Wider convs: pointwise-conv (1×1, Relu/Prelu in place after) or
 *                           conv2d (symmetric padding only; Relu as PReLU with a zero slope).
 *   DepthwiseConv2dNative   depthwise-same (TF SAME/VALID padding)
 *   AddV2 [→ Relu|Prelu|Sigmoid]   fused into the epilogue of the direct-conv that feeds it (a BlazeBlock's tail:
 *                           1×1 conv + bias + shortcut + activation in one dispatch), else add-activation; the
 *                           activation rides along when the add is its only input
 *   MaxPool 2×2/2, Pad (channels only)   never stored: folded into the AddV2 that reads them
 *   Relu/Prelu/Sigmoid      fused into the producer when possible, else in place
 *   Reshape, Identity       views: outputs are read back in TF (NHWC) order
 */
import { InvalidArgumentError } from '../errors';
import type { KernelDefinition } from '../kernel';
import { addActivation, type AddActivationParams, type GraphActivation, type ResidualSpec } from '../../kernels/add-activation/add-activation';
import { channelActivation, type ChannelActivationParams } from '../../kernels/channel-activation/channel-activation';
import { conv2d, conv2dOutputShape, type Conv2dParams } from '../../kernels/conv2d/conv2d';
import { depthwiseSame, depthwiseSameShape, tfConvAxis, type DepthwiseSameParams, type TfPadding } from '../../kernels/depthwise-same/depthwise-same';
import { directConv, packDirectConvBias, packDirectConvWeights, type DirectConvParams } from '../../kernels/direct-conv/direct-conv';
import { pointwiseConv, type PointwiseConvParams } from '../../kernels/pointwise-conv/pointwise-conv';
import type { AttrValue, ConstTensor, GraphNode, TfjsGraph } from './tfjs-graph';

export type BufferRef = { readonly kind: 'tensor'; readonly id: number } | { readonly kind: 'weight'; readonly key: string };

/** Kernel parameters, tagged by kernel so a CPU runner can dispatch on them. */
export type StepCall =
  | { readonly kernel: 'pointwise-conv'; readonly params: PointwiseConvParams }
  | { readonly kernel: 'conv2d'; readonly params: Conv2dParams }
  | { readonly kernel: 'direct-conv'; readonly params: DirectConvParams }
  | { readonly kernel: 'depthwise-same'; readonly params: DepthwiseSameParams }
  | { readonly kernel: 'add-activation'; readonly params: AddActivationParams }
  | { readonly kernel: 'channel-activation'; readonly params: ChannelActivationParams };

export type PlanStep = StepCall & {
  readonly label: string;
  /** Graph nodes this dispatch computes. */
  readonly nodes: readonly string[];
  readonly bindings: Readonly<Record<string, BufferRef>>;
};

export interface PlanTensor {
  readonly id: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly elements: number;
}

export interface PlanOutput {
  /** Signature name (e.g. 'output_mesh' or 'Identity:0'). */
  readonly name: string;
  readonly tensor: number;
  /** The tensor's NCHW shape; read back, it is permuted to NHWC and flattened. */
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export interface PlanInput {
  readonly node: string;
  readonly tensor: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export interface NetworkPlan {
  readonly input: PlanInput;
  readonly steps: readonly PlanStep[];
  readonly tensors: readonly PlanTensor[];
  readonly weights: ReadonlyMap<string, Float32Array>;
  readonly outputs: readonly PlanOutput[];
  /**
   * The stored tensor of every graph node that has one. A conv followed by an in-place activation shares its
   * tensor with the activation node, so reading it after a run gives the activated values.
   */
  readonly nodeTensors: ReadonlyMap<string, number>;
}

export const KERNELS: Readonly<Record<StepCall['kernel'], KernelDefinition<any>>> = {
  'pointwise-conv': pointwiseConv,
  conv2d,
  'direct-conv': directConv,
  'depthwise-same': depthwiseSame,
  'add-activation': addActivation,
  'channel-activation': channelActivation,
};

/** A graph value: a stored tensor, or a pooled / channel-padded view of one that only an add may read. */
type Value =
  | { readonly kind: 'tensor'; readonly id: number; readonly shape: Shape }
  | { readonly kind: 'view'; readonly id: number; readonly shape: Shape; readonly source: Shape; readonly pool: boolean; readonly channelOffset: number }
  /** A direct-conv not emitted yet: its only reader is an add, which will fuse itself into the conv's epilogue. */
  | { readonly kind: 'pending'; readonly shape: Shape; readonly emit: (e: Epilogue) => void };

/** What a fused consumer adds to a pending conv: where to write, the shortcut and the activation. */
interface Epilogue {
  readonly output: number;
  readonly residual?: { readonly id: number; readonly spec: ResidualSpec };
  readonly activation: GraphActivation;
  readonly alphaKey?: string;
  readonly nodes: readonly string[];
}

interface Shape {
  readonly c: number;
  readonly h: number;
  readonly w: number;
}

class Unsupported extends InvalidArgumentError {
  constructor(node: GraphNode, why: string) {
    super(`face network: node "${node.name}" (${node.op}): ${why}`);
  }
}

const ZERO_SLOPE = '__zero_slope';
/** Dense convs with at most this many taps per output (C_in·KH·KW) run as direct-conv. */
export const DIRECT_MAX_TAPS = 512;

export function planGraph(graph: TfjsGraph): NetworkPlan {
  return new Planner(graph).plan();
}

class Planner {
  private readonly tensors: PlanTensor[] = [];
  private readonly steps: PlanStep[] = [];
  private readonly weights = new Map<string, Float32Array>();
  private readonly values = new Map<string, Value>();
  private readonly consumers = new Map<string, GraphNode[]>();
  /** Activation nodes already applied by their producer. */
  private readonly absorbed = new Set<string>();
  private readonly outputNodes: Set<string>;
  private input: { node: string; tensor: number; shape: Shape } | undefined;

  constructor(private readonly graph: TfjsGraph) {
    for (const n of graph.nodes) for (const i of n.inputs) if (!graph.consts.has(i)) this.consumers.set(i, [...(this.consumers.get(i) ?? []), n]);
    this.outputNodes = new Set(graph.outputs.map((o) => o.node));
  }

  plan(): NetworkPlan {
    for (const node of this.graph.nodes) {
      if (this.absorbed.has(node.name)) continue;
      this.lower(node);
    }
    if (!this.input) throw new InvalidArgumentError('face network: the graph has no Placeholder input');
    const outputs = this.graph.outputs.map((o): PlanOutput => {
      const v = this.values.get(o.node);
      if (!v || v.kind !== 'tensor') throw new InvalidArgumentError(`face network: output "${o.name}" (${o.node}) is not a stored tensor`);
      return { name: o.name, tensor: v.id, channels: v.shape.c, height: v.shape.h, width: v.shape.w };
    });
    const { node, tensor, shape } = this.input;
    return {
      input: { node, tensor, channels: shape.c, height: shape.h, width: shape.w },
      steps: this.steps,
      tensors: this.tensors,
      weights: this.weights,
      outputs,
      nodeTensors: new Map([...this.values].flatMap(([name, v]) => (v.kind === 'tensor' ? [[name, v.id] as const] : []))),
    };
  }

  private lower(node: GraphNode): void {
    switch (node.op) {
      case 'Placeholder':
        return this.placeholder(node);
      case '_FusedConv2D':
      case 'Conv2D':
        return this.conv(node);
      case 'DepthwiseConv2dNative':
        return this.depthwise(node);
      case 'MaxPool':
        return this.maxPool(node);
      case 'Pad':
        return this.pad(node);
      case 'AddV2':
      case 'Add':
        return this.add(node);
      case 'Relu':
      case 'Prelu':
      case 'Sigmoid':
        return this.activation(node);
      case 'Identity':
      case 'Reshape':
        return this.view(node);
      default:
        throw new Unsupported(node, 'op not supported by the face network lowering');
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private newTensor(shape: Shape): number {
    const id = this.tensors.length;
    this.tensors.push({ id, channels: shape.c, height: shape.h, width: shape.w, elements: shape.c * shape.h * shape.w });
    return id;
  }

  private tensorOf(node: GraphNode, name: string): Value & { kind: 'tensor' } {
    const v = this.values.get(name);
    if (!v) throw new Unsupported(node, `input "${name}" has no value`);
    if (v.kind === 'pending') return this.materialize(name, v);
    if (v.kind !== 'tensor') throw new Unsupported(node, `input "${name}" is a pooled/padded view, which only an add can read`);
    return v;
  }

  /** Emit a pending conv as it is (no residual, no activation). */
  private materialize(name: string, v: Value & { kind: 'pending' }): Value & { kind: 'tensor' } {
    const id = this.newTensor(v.shape);
    v.emit({ output: id, activation: 'none', nodes: [] });
    const t = { kind: 'tensor' as const, id, shape: v.shape };
    this.values.set(name, t);
    return t;
  }

  /** The node's single consumer when it is an add (and nothing else reads the node). */
  private fusableAdd(node: GraphNode): GraphNode | undefined {
    const users = this.users(node.name);
    if (users.length !== 1 || this.outputNodes.has(node.name)) return undefined;
    const u = users[0]!;
    return (u.op === 'AddV2' || u.op === 'Add') && u.inputs[0] !== u.inputs[1] ? u : undefined;
  }

  private constOf(node: GraphNode, name: string | undefined): ConstTensor {
    const c = name === undefined ? undefined : this.graph.consts.get(name);
    if (!c) throw new Unsupported(node, `expected a constant input, got "${name}"`);
    return c;
  }

  private users(name: string): readonly GraphNode[] {
    return this.consumers.get(name) ?? [];
  }

  /** The node's single consumer when it is an activation we can fuse (and nothing else reads the node). */
  private fusableActivation(node: GraphNode): GraphNode | undefined {
    const users = this.users(node.name);
    if (users.length !== 1 || this.outputNodes.has(node.name)) return undefined;
    const u = users[0]!;
    return u.op === 'Relu' || u.op === 'Prelu' || u.op === 'Sigmoid' ? u : undefined;
  }

  private alphaKey(node: GraphNode, alphaName: string | undefined, channels: number): string {
    const alpha = this.constOf(node, alphaName);
    if (alpha.data.length !== channels) throw new Unsupported(node, `PReLU alpha has ${alpha.data.length} values for ${channels} channels`);
    this.weights.set(alpha.name, Float32Array.from(alpha.data));
    return alpha.name;
  }

  private push(step: PlanStep): void {
    this.steps.push(step);
  }

  private inPlace(node: GraphNode, id: number, shape: Shape, activation: GraphActivation, alphaKey?: string): void {
    this.push({
      kernel: 'channel-activation',
      params: { channels: shape.c, pixels: shape.h * shape.w, activation },
      label: `${shortName(node.name)} ${activation}`,
      nodes: [node.name],
      bindings: { data: { kind: 'tensor', id }, ...(alphaKey ? { alpha: { kind: 'weight', key: alphaKey } } : {}) },
    });
  }

  // ---- ops -------------------------------------------------------------------------------------------------

  private placeholder(node: GraphNode): void {
    if (this.input) throw new Unsupported(node, 'only one graph input is supported');
    const shape = shapeAttr(node.attrs['shape']);
    if (shape.length !== 4 || shape.slice(1).some((d) => d <= 0) || (shape[0]! > 1)) throw new Unsupported(node, `input shape must be [1|-1, H, W, C], got [${shape.join(', ')}]`);
    const s = { c: shape[3]!, h: shape[1]!, w: shape[2]! };
    const id = this.newTensor(s);
    this.input = { node: node.name, tensor: id, shape: s };
    this.values.set(node.name, { kind: 'tensor', id, shape: s });
  }

  private conv(node: GraphNode): void {
    const x = this.tensorOf(node, node.inputs[0]!);
    const filter = this.constOf(node, node.inputs[1]);
    const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
    if (filter.shape.length !== 4 || cin !== x.shape.c) throw new Unsupported(node, `filter [${filter.shape.join(', ')}] does not fit ${x.shape.c} input channels`);
    const stride = squareStride(node);
    checkNhwcNoDilation(node);
    const padding = paddingAttr(node);
    const fused = node.op === 'Conv2D' ? [] : ((node.attrs['fused_ops'] as readonly string[] | undefined) ?? []);
    const args = node.inputs.slice(2);
    let argIndex = 0;
    let biasKey: string | undefined;
    let biasData: Float32Array | undefined;
    let act: GraphActivation = 'none';
    let alphaKey: string | undefined;
    for (const op of fused) {
      if (op === 'BiasAdd') {
        const bias = this.constOf(node, args[argIndex++]);
        if (bias.data.length !== cout) throw new Unsupported(node, `bias has ${bias.data.length} values for ${cout} channels`);
        biasKey = bias.name;
        biasData = Float32Array.from(bias.data);
      } else if (op === 'Relu') act = 'relu';
      else if (op === 'Prelu') {
        act = 'prelu';
        alphaKey = this.alphaKey(node, args[argIndex++], cout);
      } else throw new Unsupported(node, `fused op ${op} is not supported`);
    }
    // A lone Sigmoid after an activation-free conv rides in the conv's epilogue.
    const next = act === 'none' ? this.fusableActivation(node) : undefined;
    if (next?.op === 'Sigmoid') {
      act = 'sigmoid';
      this.absorbed.add(next.name);
    }

    const weightKey = `${node.name}/weight`;
    const hw = tfConvAxis(x.shape.h, kh, stride, padding);
    const ww = tfConvAxis(x.shape.w, kw, stride, padding);
    const out: Shape = { c: cout, h: hw.out, w: ww.out };
    const nodes = [node.name, ...(act === 'sigmoid' ? [next!.name] : [])];
    const label = `${shortName(node.name)} ${kh}×${kw}/${stride} ${cin}→${cout}`;
    const ioBindings = (output: number): Record<string, BufferRef> => ({ input: { kind: 'tensor', id: x.id }, output: { kind: 'tensor', id: output }, weight: { kind: 'weight', key: weightKey } });

    if (cin * kh * kw <= DIRECT_MAX_TAPS) {
      // direct-conv; with no activation of its own and an add as its only reader, it waits for that add.
      const base: DirectConvParams = { inChannels: cin, outChannels: cout, height: x.shape.h, width: x.shape.w, kernelHeight: kh, kernelWidth: kw, stride, padding };
      this.weights.set(weightKey, packDirectConvWeights(hwioToOihw(filter), base));
      const biasPacked = `${node.name}/bias8`;
      this.weights.set(biasPacked, packDirectConvBias(biasData, base));
      const emit = (e: Epilogue) => {
        const bindings: Record<string, BufferRef> = { ...ioBindings(e.output), bias: { kind: 'weight', key: biasPacked } };
        if (e.alphaKey) bindings['alpha'] = { kind: 'weight', key: e.alphaKey };
        if (e.residual) bindings['residual'] = { kind: 'tensor', id: e.residual.id };
        const params: DirectConvParams = { ...base, activation: e.activation, ...(e.residual ? { residual: e.residual.spec } : {}) };
        this.push({ kernel: 'direct-conv', params, label: `${label}${e.residual ? ' +res' : ''} ${e.activation}`, nodes: [...nodes, ...e.nodes], bindings });
      };
      if (act === 'none' && this.fusableAdd(node)) {
        this.values.set(node.name, { kind: 'pending', shape: out, emit });
        return;
      }
      const id = this.newTensor(out);
      emit({ output: id, activation: act, ...(alphaKey ? { alphaKey } : {}), nodes: [] });
      this.values.set(node.name, { kind: 'tensor', id, shape: out });
      if (act === 'sigmoid') this.values.set(next!.name, { kind: 'tensor', id, shape: out });
      return;
    }

    const id = this.newTensor(out);
    const bindings = ioBindings(id);
    if (biasKey) {
      this.weights.set(biasKey, biasData!);
      bindings['bias'] = { kind: 'weight', key: biasKey };
    }
    this.weights.set(weightKey, hwioToOihw(filter));
    if (kh === 1 && kw === 1 && stride === 1) {
      // Very wide 1×1 convs: pointwise-conv's GEMM tiles.
      this.push({ kernel: 'pointwise-conv', params: { inChannels: cin, outChannels: cout, pixels: x.shape.h * x.shape.w, hasBias: !!biasKey, activation: act === 'sigmoid' ? 'sigmoid' : 'none' }, label, nodes, bindings });
      if (act === 'relu' || act === 'prelu') this.inPlace(node, id, out, act, alphaKey);
    } else {
      if (hw.padBefore !== hw.padAfter || ww.padBefore !== ww.padAfter || hw.padBefore !== ww.padBefore) {
        throw new Unsupported(node, `a wide dense conv (C_in·K² > ${DIRECT_MAX_TAPS}) with asymmetric padding: conv2d pads all sides alike`);
      }
      const params: Conv2dParams = {
        inChannels: cin,
        outChannels: cout,
        inHeight: x.shape.h,
        inWidth: x.shape.w,
        kernelHeight: kh,
        kernelWidth: kw,
        stride,
        padding: hw.padBefore,
        hasBias: !!biasKey,
        activation: act === 'relu' ? 'prelu' : act === 'sigmoid' ? 'sigmoid' : 'none',
      };
      const got = conv2dOutputShape(params);
      if (got.outHeight !== out.h || got.outWidth !== out.w) throw new Unsupported(node, `conv2d would give ${got.outHeight}×${got.outWidth}, TF ${out.h}×${out.w}`);
      if (act === 'relu') {
        // PReLU with slope 0 is ReLU exactly.
        this.weights.set(ZERO_SLOPE, new Float32Array(1));
        bindings['slope'] = { kind: 'weight', key: ZERO_SLOPE };
      }
      this.push({ kernel: 'conv2d', params, label, nodes, bindings });
      if (act === 'prelu') this.inPlace(node, id, out, 'prelu', alphaKey);
    }
    this.values.set(node.name, { kind: 'tensor', id, shape: out });
    if (act === 'sigmoid') this.values.set(next!.name, { kind: 'tensor', id, shape: out });
  }

  private depthwise(node: GraphNode): void {
    const x = this.tensorOf(node, node.inputs[0]!);
    const filter = this.constOf(node, node.inputs[1]);
    const [kh, kw, c, mult] = filter.shape as [number, number, number, number];
    if (filter.shape.length !== 4 || c !== x.shape.c || mult !== 1) throw new Unsupported(node, `filter [${filter.shape.join(', ')}] must be [K, K, ${x.shape.c}, 1]`);
    if (kh !== kw) throw new Unsupported(node, 'only square depthwise kernels are supported');
    checkNhwcNoDilation(node);
    const params: DepthwiseSameParams = { channels: c, height: x.shape.h, width: x.shape.w, kernelSize: kh, stride: squareStride(node), padding: paddingAttr(node) };
    const s = depthwiseSameShape(params);
    const out: Shape = { c, h: s.outHeight, w: s.outWidth };
    const id = this.newTensor(out);
    const weightKey = `${node.name}/weight`;
    // [KH, KW, C, 1] → [C, KH, KW]
    const w = new Float32Array(c * kh * kw);
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let ch = 0; ch < c; ch++) w[(ch * kh + i) * kw + j] = filter.data[(i * kw + j) * c + ch]!;
    this.weights.set(weightKey, w);
    this.push({
      kernel: 'depthwise-same',
      params,
      label: `${shortName(node.name)} dw ${kh}×${kw}/${params.stride} ${c}`,
      nodes: [node.name],
      bindings: { input: { kind: 'tensor', id: x.id }, output: { kind: 'tensor', id }, weight: { kind: 'weight', key: weightKey } },
    });
    this.values.set(node.name, { kind: 'tensor', id, shape: out });
  }

  private maxPool(node: GraphNode): void {
    const x = this.tensorOf(node, node.inputs[0]!);
    const k = node.attrs['ksize'] as readonly number[] | undefined;
    const s = node.attrs['strides'] as readonly number[] | undefined;
    if (!k || !s || k.join() !== '1,2,2,1' || s.join() !== '1,2,2,1') throw new Unsupported(node, 'only 2×2 stride-2 max pooling is supported');
    const padding = paddingAttr(node);
    const out: Shape = { c: x.shape.c, h: tfConvAxis(x.shape.h, 2, 2, padding).out, w: tfConvAxis(x.shape.w, 2, 2, padding).out };
    this.values.set(node.name, { kind: 'view', id: x.id, shape: out, source: x.shape, pool: true, channelOffset: 0 });
  }

  private pad(node: GraphNode): void {
    const v0 = this.values.get(node.inputs[0]!);
    if (!v0) throw new Unsupported(node, 'input has no value');
    const v = v0.kind === 'pending' ? this.materialize(node.inputs[0]!, v0) : v0;
    const p = this.constOf(node, node.inputs[1]).data;
    if (p.length !== 8 || p[0] || p[1] || p[2] || p[3] || p[4] || p[5]) throw new Unsupported(node, 'only zero padding of the channel axis is supported');
    if (v.kind === 'view' && v.channelOffset !== 0) throw new Unsupported(node, 'a channel pad of a channel pad');
    const [before, after] = [p[6]!, p[7]!];
    const shape = { ...v.shape, c: v.shape.c + before + after };
    const source = v.kind === 'view' ? v.source : v.shape;
    this.values.set(node.name, { kind: 'view', id: v.id, shape, source, pool: v.kind === 'view' && v.pool, channelOffset: before });
  }

  private add(node: GraphNode): void {
    const [a, b] = node.inputs.map((i) => this.values.get(i));
    if (!a || !b || node.inputs.length !== 2) throw new Unsupported(node, 'expected two inputs with values');
    if (a.shape.c !== b.shape.c || a.shape.h !== b.shape.h || a.shape.w !== b.shape.w) throw new Unsupported(node, 'broadcasting adds are not supported');
    const next = this.fusableActivation(node);
    let act: GraphActivation = 'none';
    let alphaKey: string | undefined;
    if (next) {
      act = next.op === 'Relu' ? 'relu' : next.op === 'Sigmoid' ? 'sigmoid' : 'prelu';
      if (act === 'prelu') alphaKey = this.alphaKey(next, next.inputs[1], a.shape.c);
      this.absorbed.add(next.name);
    }
    const out = a.shape;
    const fusedNodes = [...node.inputs.filter((i) => this.values.get(i)?.kind === 'view'), node.name, ...(next ? [next.name] : [])];
    const residualOf = (v: Value): { id: number; spec: ResidualSpec } => {
      if (v.kind === 'pending') throw new Error('unreachable: pending operands are materialised first');
      const source = v.kind === 'view' ? v.source : v.shape;
      return { id: v.id, spec: { channels: source.c, height: source.h, width: source.w, pool: v.kind === 'view' && v.pool, channelOffset: v.kind === 'view' ? v.channelOffset : 0 } };
    };
    const id = this.newTensor(out);

    // A pending 1×1 conv takes the add (and its activation) into its epilogue: one dispatch for the block's tail.
    const pendingAt = a.kind === 'pending' ? 0 : b.kind === 'pending' ? 1 : -1;
    if (pendingAt >= 0) {
      const conv = (pendingAt === 0 ? a : b) as Value & { kind: 'pending' };
      const otherName = node.inputs[1 - pendingAt]!;
      let other = this.values.get(otherName)!;
      if (other.kind === 'pending') other = this.materialize(otherName, other);
      conv.emit({ output: id, residual: residualOf(other), activation: act, ...(alphaKey ? { alphaKey } : {}), nodes: fusedNodes });
    } else {
      // The stored operand of full shape is the input; the other (possibly a view) is the residual.
      const [main, res] = a.kind === 'tensor' ? [a, b] : [b, a];
      if (main.kind !== 'tensor') throw new Unsupported(node, 'at most one operand may be a pooled/padded view');
      const residual = residualOf(res);
      const params: AddActivationParams = { channels: out.c, height: out.h, width: out.w, residual: residual.spec, activation: act };
      this.push({
        kernel: 'add-activation',
        params,
        label: `${shortName(node.name)} add${residual.spec.pool ? '+pool' : ''}${residual.spec.channels !== out.c ? '+pad' : ''} ${act}`,
        nodes: fusedNodes,
        bindings: {
          input: { kind: 'tensor', id: main.id },
          residual: { kind: 'tensor', id: residual.id },
          output: { kind: 'tensor', id },
          ...(alphaKey ? { alpha: { kind: 'weight', key: alphaKey } } : {}),
        },
      });
    }
    this.values.set(node.name, { kind: 'tensor', id, shape: out });
    if (next) this.values.set(next.name, { kind: 'tensor', id, shape: out });
  }

  private activation(node: GraphNode): void {
    const x = this.tensorOf(node, node.inputs[0]!);
    // In place is only safe when nothing else reads the input.
    if (this.users(node.inputs[0]!).length !== 1 || this.outputNodes.has(node.inputs[0]!) || x.id === this.input?.tensor) {
      throw new Unsupported(node, 'a standalone activation whose input is also read elsewhere');
    }
    const act: GraphActivation = node.op === 'Relu' ? 'relu' : node.op === 'Sigmoid' ? 'sigmoid' : 'prelu';
    const alphaKey = act === 'prelu' ? this.alphaKey(node, node.inputs[1], x.shape.c) : undefined;
    this.inPlace(node, x.id, x.shape, act, alphaKey);
    this.values.set(node.name, x);
  }

  private view(node: GraphNode): void {
    const v = this.tensorOf(node, node.inputs[0]!);
    // A reshape reorders nothing in NHWC order, but our tensors are NCHW: only outputs (read back in NHWC
    // order) and further views may consume it.
    if (node.op === 'Reshape') {
      const target = this.constOf(node, node.inputs[1]).data;
      const known = [...target].filter((d) => d > 0).reduce((a, d) => a * d, 1);
      const total = v.shape.c * v.shape.h * v.shape.w;
      if (total % known !== 0) throw new Unsupported(node, `cannot reshape ${total} elements to [${[...target].join(', ')}]`);
      for (const u of this.users(node.name)) if (u.op !== 'Identity' && u.op !== 'Reshape') throw new Unsupported(node, `reshape read by ${u.op} "${u.name}"`);
    }
    this.values.set(node.name, v);
  }
}

function shapeAttr(a: AttrValue | undefined): number[] {
  return a && typeof a === 'object' && 'shape' in a ? [...a.shape] : [];
}

function squareStride(node: GraphNode): number {
  const s = (node.attrs['strides'] as readonly number[] | undefined) ?? [1, 1, 1, 1];
  if (s.length !== 4 || s[0] !== 1 || s[3] !== 1 || s[1] !== s[2]) throw new Unsupported(node, `strides [${s.join(', ')}] must be [1, s, s, 1]`);
  return s[1]!;
}

function paddingAttr(node: GraphNode): TfPadding {
  const p = node.attrs['padding'];
  if (p !== 'SAME' && p !== 'VALID') throw new Unsupported(node, `padding ${String(p)} is not supported (SAME or VALID)`);
  return p;
}

function checkNhwcNoDilation(node: GraphNode): void {
  const fmt = node.attrs['data_format'];
  if (fmt !== undefined && fmt !== 'NHWC') throw new Unsupported(node, `data_format ${String(fmt)} (only NHWC)`);
  const d = node.attrs['dilations'] as readonly number[] | undefined;
  if (d && d.some((v) => v !== 1)) throw new Unsupported(node, 'dilated convolutions are not supported');
}

/** [KH, KW, Cin, Cout] → [Cout, Cin, KH, KW]. */
export function hwioToOihw(filter: ConstTensor): Float32Array {
  const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
  const out = new Float32Array(kh * kw * cin * cout);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let ci = 0; ci < cin; ci++)
        for (let co = 0; co < cout; co++) out[((co * cin + ci) * kh + i) * kw + j] = filter.data[((i * kw + j) * cin + ci) * cout + co]!;
  return out;
}

/** The last path component that says something ("StatefulPartitionedCall/model/conv2d_3/BiasAdd" → "conv2d_3/BiasAdd"). */
function shortName(name: string): string {
  return name.split('/').slice(-2).join('/');
}

/** NCHW [C, H, W] → the NHWC order a TF reshape of that tensor reads. */
export function nchwToNhwc(data: Float32Array, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(c * h * w);
  for (let ch = 0; ch < c; ch++) for (let p = 0; p < h * w; p++) out[p * c + ch] = data[ch * h * w + p]!;
  return out;
}

/** Total MACs of a plan, from each kernel's cost model. */
export function planMacs(plan: NetworkPlan): number {
  return plan.steps.reduce((s, st) => s + KERNELS[st.kernel].cost(st.params as never).macs, 0);
}
