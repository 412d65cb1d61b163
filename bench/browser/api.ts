/**
 * The page's side of the benchmark: a handful of steps that the Node driver calls one at a time through
 * page.evaluate (so it can give each a deadline and log progress). State lives in this module between steps.
 * Outputs stay in the page; only figures, agreement reports and (on request) one reference output leave it.
 */
import { adapterLabel } from '../../src/engine/capabilities';
import { acquireGpu, type GpuContext } from '../../src/engine/device';
import type { IdnExecutor } from '../../src/engine/idn/executor';
import { exportArcfaceOnnx, exportIdnOnnx } from '../../src/engine/onnx';
import { PipelineCache } from '../../src/engine/pipeline-cache';
import { iinForward } from '../../src/model/reference/iin';
import { shortAdapter } from '../lib/adapter';
import { agreeClose, agreeRelative, type PairAgreement } from '../lib/agreement';
import { countAllocations } from '../lib/frame-allocations';
import { inputDigest, makeArcfaceWeights, makeIdnInputs, sourceRgba224, type IdnInputs } from '../lib/inputs';
import { timeRuns, type RunPolicy, type TimingSummary } from '../lib/stats';
import type { BrowserSetup, FrameAllocations, IdentitySetup, PlanFigures } from '../lib/types';
import type { Contender } from './contender';
import { OurIdentityPath, ortArcface } from './identity-contenders';
import { ortIdn, ourIdn } from './idn-contenders';
import { configureOrt } from './ort';

interface State {
  gpu: GpuContext;
  cache: PipelineCache;
  inputs: IdnInputs;
  idnOnnx: Uint8Array;
  fused: IdnExecutor;
  networkMacs: number;
  whereGpu: string;
  whereCpu: string;
  contenders: Map<string, Contender>;
  outputs: Map<string, Record<string, Float32Array>>;
  errors: string[];
  identity?: { path: OurIdentityPath; rgba: Uint8ClampedArray; onnx: Uint8Array; arcfaceMacs: number };
}

let state: State | undefined;

function need(): State {
  if (!state) throw new Error('bench page: setup() has not run');
  return state;
}

function contender(id: string): Contender {
  const c = need().contenders.get(id);
  if (!c) throw new Error(`bench page: no contender "${id}" (have: ${[...need().contenders.keys()].join(', ')})`);
  return c;
}

async function setup(args: { size: number }): Promise<BrowserSetup> {
  const t0 = performance.now();
  const ort = configureOrt();
  const gpu = await acquireGpu();
  const errors: string[] = [];
  gpu.device.addEventListener('uncapturederror', (e) => errors.push((e as GPUUncapturedErrorEvent).error.message));
  const cache = new PipelineCache(gpu);
  const inputs = makeIdnInputs(args.size);
  const idnOnnx = exportIdnOnnx(inputs.swap, inputs.injected, { size: args.size, synthetic: true });
  const chromium = /Chrom(?:e|ium)\/(\d+)/.exec(navigator.userAgent)?.[1] ?? '?';
  const whereGpu = `Chromium ${chromium}, WebGPU on ${shortAdapter(gpu.capabilities.adapter)}`;
  const whereCpu = `Chromium ${chromium}, wasm SIMD, ${ort.wasmThreads} thread${ort.wasmThreads === 1 ? '' : 's'} on ${navigator.hardwareConcurrency} CPU cores`;
  const fused = await ourIdn(gpu, cache, inputs, 'fused', whereGpu);
  const unfused = await ourIdn(gpu, cache, inputs, 'unfused', whereGpu);
  // The network's work is the layer-by-layer count (the unfused plan); the fused plan may recompute a little.
  const networkMacs = unfused.macs;
  const contenders = new Map<string, Contender>([
    [fused.id, fused],
    [unfused.id, unfused],
  ]);
  state = { gpu, cache, inputs, idnOnnx, fused: fused.executor, networkMacs, whereGpu, whereCpu, contenders, outputs: new Map(), errors };
  const plans: PlanFigures[] = [fused.figures, unfused.figures];
  const a = gpu.capabilities.adapter;
  return {
    userAgent: navigator.userAgent,
    adapter: { label: adapterLabel(a), vendor: a.vendor, architecture: a.architecture, isSoftware: a.isSoftware },
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: ort.crossOriginIsolated,
    ort: { version: ort.version, wasmThreads: ort.wasmThreads },
    digest: inputDigest(inputs),
    idnOnnxBytes: idnOnnx.byteLength,
    plans,
    setupMs: performance.now() - t0,
    errors,
  };
}

/** Creates an ORT session on the exported IDN (separately, so a slow or failing EP is its own step). */
async function addOrtIdn(args: { backend: 'wasm' | 'webgpu' }): Promise<{ id: string; ms: number }> {
  const s = need();
  const t0 = performance.now();
  const c = await ortIdn(s.idnOnnx, args.backend, s.inputs, s.networkMacs, args.backend === 'wasm' ? s.whereCpu : s.whereGpu.replace('WebGPU on', 'WebGPU (ORT\'s own device) on'));
  s.contenders.set(c.id, c);
  return { id: c.id, ms: performance.now() - t0 };
}

/** The first run of a contender: its outputs feed the agreement check; it also serves as a warm-up. */
async function firstRun(args: { id: string }): Promise<{ ms: number }> {
  const c = contender(args.id);
  const t0 = performance.now();
  await c.once();
  const ms = performance.now() - t0;
  need().outputs.set(c.id, await c.outputs());
  return { ms };
}

function outputsOf(id: string): Record<string, Float32Array> | undefined {
  return need().outputs.get(id);
}

/** Every IDN contender that ran against ORT wasm (the CPU oracle), plus fused against unfused. */
function idnAgreement(): PairAgreement[] {
  const ref = outputsOf('ort-wasm');
  const pairs: PairAgreement[] = [];
  const compare = (a: string, b: string, r: Record<string, Float32Array> | undefined) => {
    const x = outputsOf(a);
    if (!x || !r) return;
    for (const t of ['out', 'mask']) pairs.push(agreeClose(a, b, t, x[t] ?? new Float32Array(), r[t] ?? new Float32Array()));
  };
  for (const id of ['ours-fused', 'ours-unfused', 'ort-webgpu']) compare(id, 'ort-wasm', ref);
  compare('ours-fused', 'ours-unfused', outputsOf('ours-unfused'));
  return pairs;
}

async function time(args: { id: string; policy: RunPolicy }): Promise<{ timing: TimingSummary; allocations?: FrameAllocations }> {
  const c = contender(args.id);
  if (!c.device) return { timing: await timeRuns(() => c.once(), args.policy) };
  const { result, allocations } = await countAllocations(c.device, () => timeRuns(() => c.once(), args.policy), (t) => t.runs + t.warmup);
  return { timing: result, allocations };
}

/** One contender's outputs as base64 float32, for the Node run to check its own against. */
function exportOutputs(args: { id: string }): Record<string, string> {
  const o = outputsOf(args.id);
  if (!o) throw new Error(`bench page: "${args.id}" has not run`);
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(o)) {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    out[name] = btoa(bin);
  }
  return out;
}

/** Frees a contender's resources (ORT sessions hold their weights); it stays listed for describe(). */
function dispose(args: { id: string }): void {
  contender(args.id).dispose();
}

async function identitySetup(): Promise<IdentitySetup> {
  const s = need();
  const t0 = performance.now();
  const weights = makeArcfaceWeights();
  const onnx = exportArcfaceOnnx(weights, { synthetic: true });
  // The IIN writes into the fused IDN's own weight buffers, as the engine does on an identity change.
  const path = await OurIdentityPath.create(s.gpu, s.cache, weights, s.inputs.swap, s.fused.dynamicWeights);
  const rgba = sourceRgba224();
  const arcfaceMacs = path.arcface.cost.macs;
  s.identity = { path, rgba, onnx, arcfaceMacs };
  for (const c of [path.contender(rgba, true, s.whereGpu), path.contender(rgba, false, s.whereGpu)]) s.contenders.set(c.id, c);
  return {
    arcfaceMacs,
    iinMacs: path.iin.cost.macs,
    arcfaceDispatches: path.arcface.cost.dispatches,
    iinDispatches: path.iin.cost.dispatches,
    arcfaceOnnxBytes: onnx.byteLength,
    setupMs: performance.now() - t0,
  };
}

async function addOrtArcface(args: { backend: 'wasm' | 'webgpu' }): Promise<{ id: string; ms: number }> {
  const s = need();
  if (!s.identity) throw new Error('bench page: identitySetup() has not run');
  const t0 = performance.now();
  const c = await ortArcface(s.identity.onnx, args.backend, s.identity.rgba, s.identity.arcfaceMacs, args.backend === 'wasm' ? s.whereCpu : s.whereGpu.replace('WebGPU on', 'WebGPU (ORT\'s own device) on'));
  s.contenders.set(c.id, c);
  return { id: c.id, ms: performance.now() - t0 };
}

/** ArcFace outputs against ORT wasm; our IIN's kernels against the CPU IIN fed with ORT wasm's ArcFace outputs. */
function identityAgreement(): PairAgreement[] {
  const s = need();
  const ref = outputsOf('ort-wasm-arcface');
  const pairs: PairAgreement[] = [];
  if (!ref) return pairs;
  for (const id of ['ours-arcface-iin', 'ort-webgpu-arcface']) {
    const x = outputsOf(id);
    if (!x) continue;
    for (const t of ['embedding', 'feature_map']) pairs.push(agreeRelative(id, 'ort-wasm-arcface', t, x[t] ?? new Float32Array(), ref[t]!));
  }
  const ours = outputsOf('ours-arcface-iin');
  if (ours && ref.embedding && ref.feature_map) {
    const cpu = iinForward(s.inputs.swap, ref.embedding, { shape: [1, 512, 7, 7], data: ref.feature_map });
    const all: PairAgreement[] = [];
    for (let i = 0; i < 9; i++) {
      all.push(agreeRelative('ours-arcface-iin', 'CPU IIN on ort-wasm-arcface', `depthwise kernel ${i}`, ours[`depthwise${i}`]!, cpu.depthwise[i]!.data));
      all.push(agreeRelative('ours-arcface-iin', 'CPU IIN on ort-wasm-arcface', `pointwise kernel ${i}`, ours[`pointwise${i}`]!, cpu.pointwise[i]!.data));
    }
    const worst = all.reduce((a, b) => (b.maxRelToScale > a.maxRelToScale ? b : a));
    const mismatches = all.reduce((n, p) => n + p.mismatches, 0);
    pairs.push({ ...worst, tensor: `18 injected kernels (worst: ${worst.tensor})`, mismatches, pass: all.every((p) => p.pass) });
  }
  return pairs;
}

function errors(): string[] {
  return state?.errors ?? [];
}

/** What each registered contender is, for the report. */
function describe(): { id: string; label: string; where: string; macs: number }[] {
  return [...need().contenders.values()].map((c) => ({ id: c.id, label: c.label, where: c.where, macs: c.macs }));
}

export const benchApi = { setup, addOrtIdn, firstRun, idnAgreement, time, exportOutputs, dispose, identitySetup, addOrtArcface, identityAgreement, errors, describe };
export type BenchApi = typeof benchApi;
export type BenchStep = keyof BenchApi;
