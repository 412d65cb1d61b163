// Lowering the two face graphs to our kernels, checked without a GPU: dispatch lists, shapes, buffer reuse,
// and the whole plan run on the CPU with the kernels' references against tfjs (CPU backend).
import { beforeAll, describe, expect, it } from 'vitest';
import { assignSlots } from '../../../src/engine/face/buffer-slots';
import { hwioToOihw, planGraph, planMacs, type NetworkPlan } from '../../../src/engine/face/graph-plan';
import { seededRandom, randomArray } from '../../../src/engine/random';
import { parseTfjsGraphModel } from '../../../src/engine/face/tfjs-graph';
import { loadGraph, loadTfjsFromBytes, loadTfjsModel, maxAbsError, runTfjs, syntheticGraphModel, type FaceModelName } from './face-fixtures';
import { runPlanOnCpu } from './plan-cpu';

function kernelCounts(plan: NetworkPlan): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of plan.steps) counts[s.kernel] = (counts[s.kernel] ?? 0) + 1;
  return counts;
}

describe('face graph lowering', () => {
  it('BlazeFace: 69 dispatches — every BlazeBlock is a depthwise plus a 1×1 conv with the add and ReLU fused', () => {
    const plan = planGraph(loadGraph('blazeface'));
    expect(kernelCounts(plan)).toEqual({ 'direct-conv': 37, 'depthwise-same': 32 });
    expect(plan.steps.filter((s) => s.kernel === 'direct-conv' && s.params.residual).length).toBe(31);
    expect(plan.input).toMatchObject({ channels: 3, height: 256, width: 256 });
    expect(plan.steps[0]).toMatchObject({ kernel: 'direct-conv', params: { height: 256, kernelHeight: 5, stride: 2, padding: 'SAME', activation: 'relu' } });
    // 16×16×(2 anchors × 16) and 8×8×(6 × 16) regressors, 2 and 6 score channels.
    // Stride-2 blocks: the shortcut is pooled in the epilogue, and channel-padded where the width doubles.
    const pooled = plan.steps.filter((s) => s.kernel === 'direct-conv' && s.params.residual?.pool);
    expect(pooled.map((s) => s.kernel === 'direct-conv' && [s.params.residual!.channels, s.params.outChannels])).toEqual([[24, 24], [24, 48], [48, 96]]);
    const shapes = Object.fromEntries(plan.outputs.map((o) => [o.name, [o.channels, o.height, o.width]]));
    expect(shapes).toEqual({ 'Identity:0': [2, 16, 16], 'Identity_1:0': [6, 8, 8], 'Identity_2:0': [32, 16, 16], 'Identity_3:0': [96, 8, 8] });
    expect(planMacs(plan) / 1e6).toBeCloseTo(188.7, 0);
  });

  it('FaceMesh: 55 dispatches, pools, channel pads, adds and PReLUs folded into the convs, sigmoid into the flag head', () => {
    const plan = planGraph(loadGraph('facemesh'));
    expect(kernelCounts(plan)).toEqual({ 'direct-conv': 31, 'depthwise-same': 24 });
    expect(plan.input).toMatchObject({ height: 192, width: 192 });
    const withResidual = plan.steps.filter((s) => s.kernel === 'direct-conv' && s.params.residual);
    expect(withResidual.length).toBe(24);
    expect(withResidual.every((s) => s.kernel === 'direct-conv' && s.params.activation === 'prelu')).toBe(true);
    const pooled = withResidual.filter((s) => s.kernel === 'direct-conv' && s.params.residual!.pool);
    expect(pooled.length).toBe(7);
    expect(pooled.filter((s) => s.kernel === 'direct-conv' && s.params.residual!.channels < s.params.outChannels).length).toBe(3);
    const flag = plan.steps.find((s) => s.kernel === 'direct-conv' && s.params.outChannels === 1)!;
    expect(flag.params).toMatchObject({ kernelHeight: 3, stride: 3, height: 3, padding: 'VALID', activation: 'sigmoid' });
    expect(Object.fromEntries(plan.outputs.map((o) => [o.name, o.channels * o.height * o.width]))).toEqual({ output_mesh: 1404, output_faceflag: 1, output_contours: 266 });
  });

  it('HWIO → OIHW weight transpose', () => {
    // [KH=1, KW=2, Cin=2, Cout=3], value = 1000·i + 100·j + 10·ci + co
    const data = new Float32Array(12);
    for (let j = 0; j < 2; j++) for (let ci = 0; ci < 2; ci++) for (let co = 0; co < 3; co++) data[(j * 2 + ci) * 3 + co] = 100 * j + 10 * ci + co;
    const out = hwioToOihw({ name: 'w', dtype: 'float32', shape: [1, 2, 2, 3], data, storedAs: 'float32' });
    for (let co = 0; co < 3; co++) for (let ci = 0; ci < 2; ci++) for (let j = 0; j < 2; j++) expect(out[(co * 2 + ci) * 2 + j]).toBe(100 * j + 10 * ci + co);
  });

  it.each(['blazeface', 'facemesh'] as const)('%s: buffer slots never alias a live tensor', (name) => {
    const plan = planGraph(loadGraph(name));
    const { slotOf, slotElements } = assignSlots(plan);
    const first = new Map<number, number>([[plan.input.tensor, -1]]);
    const last = new Map<number, number>();
    plan.steps.forEach((s, i) => {
      for (const [binding, r] of Object.entries(s.bindings)) {
        if (r.kind !== 'tensor') continue;
        if ((binding === 'output' || binding === 'data') && !first.has(r.id)) first.set(r.id, i);
        last.set(r.id, i);
      }
    });
    for (const o of plan.outputs) last.set(o.tensor, plan.steps.length);
    const ids = [...first.keys()];
    for (const a of ids) {
      expect(slotElements[slotOf[a]!]).toBeGreaterThanOrEqual(plan.tensors[a]!.elements);
      for (const b of ids) {
        if (a >= b || slotOf[a] !== slotOf[b]) continue;
        const overlap = first.get(a)! <= last.get(b)! && first.get(b)! <= last.get(a)!;
        expect(overlap, `tensors ${a} and ${b} share slot ${slotOf[a]} while both live`).toBe(false);
      }
    }
    expect(slotElements.length).toBeLessThan(10);
  });
});

// The lowering run on the CPU (kernels' references, float64 accumulation) against tfjs on the same input:
// differences are float32 rounding only. Outputs reach |165| (mesh coordinates in 192-px units) and |115|
// (BlazeFace regressors in 256-px units); atol 2e-3 is 1/1000 of a pixel there and 1e-4 relative is ~1000 f32
// ulps, room for ~60 layers of re-ordered sums; a layout or transpose bug gives errors of order 1–100.
describe('face plans on the CPU vs tfjs', () => {
  const cases: [FaceModelName, [number, number]][] = [
    ['facemesh', [0, 1]],
    ['blazeface', [-1, 1]],
  ];
  for (const [name, range] of cases) {
    let result: { ours: Record<string, Float32Array>; ref: Record<string, Float32Array> };
    beforeAll(async () => {
      const graph = loadGraph(name);
      const plan = planGraph(graph);
      const { channels, height, width } = plan.input;
      const input = randomArray(seededRandom(3), channels * height * width, ...range);
      result = { ours: runPlanOnCpu(plan, input), ref: runTfjs(await loadTfjsModel(name), graph, input) };
    }, 120_000);
    it(`${name}: every output matches`, () => {
      for (const [key, ref] of Object.entries(result.ref)) {
        const ours = result.ours[key]!;
        expect(ours.length).toBe(ref.length);
        const { err } = maxAbsError(ours, ref);
        let worst = 0;
        for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - ref[i]!) - (2e-3 + 1e-4 * Math.abs(ref[i]!)));
        expect(worst, `${name} ${key}: max |err| ${err}`).toBeLessThanOrEqual(0);
      }
    });
  }
});

describe('fallback lowerings on a synthetic graph', () => {
  const { json, bin } = syntheticGraphModel(seededRandom(5));
  const graph = parseTfjsGraphModel(json, bin);

  it('uses channel-activation, add-activation, direct-conv with a fused sigmoid and conv2d', () => {
    const plan = planGraph(graph);
    expect(kernelCounts(plan)).toEqual({ 'depthwise-same': 1, 'channel-activation': 1, 'add-activation': 1, 'direct-conv': 1, conv2d: 1 });
    expect(plan.steps.find((s) => s.kernel === 'direct-conv')).toMatchObject({ params: { activation: 'sigmoid' } });
    expect(plan.steps.find((s) => s.kernel === 'conv2d')).toMatchObject({ params: { kernelHeight: 3, padding: 0, activation: 'prelu' }, bindings: { slope: { kind: 'weight' } } });
    expect(plan.steps.find((s) => s.kernel === 'add-activation')).toMatchObject({ params: { residual: { pool: true }, activation: 'none' } });
  });

  it('matches tfjs on the CPU', async () => {
    const plan = planGraph(graph);
    const input = randomArray(seededRandom(9), 64 * 36);
    const ours = runPlanOnCpu(plan, input);
    const ref = runTfjs(await loadTfjsFromBytes(json, bin), graph, input);
    expect(Object.keys(ours).sort()).toEqual(['out_a', 'out_b']);
    for (const k of Object.keys(ref)) {
      const { err } = maxAbsError(ours[k]!, ref[k]!);
      // 576-term sums of products in [−1, 1]: f32 rounding stays below 1e-4.
      expect(err, k).toBeLessThan(1e-4);
    }
  });

  it('refuses what it cannot lower, naming the node', () => {
    const tanh = JSON.parse(json) as { modelTopology: { node: { name: string; op: string; input?: string[] }[] } };
    tanh.modelTopology.node.push({ name: 'odd', op: 'Tanh', input: ['add'] });
    expect(() => planGraph(parseTfjsGraphModel(tanh, bin))).toThrow(/node "odd" \(Tanh\): op not supported/);
    const twice = JSON.parse(json) as { modelTopology: { node: { name: string; op: string; input?: string[] }[] } };
    twice.modelTopology.node.push({ name: 'pool_relu', op: 'Relu', input: ['pool'] });
    expect(() => planGraph(parseTfjsGraphModel(twice, bin))).toThrow(/"pool_relu".*pooled\/padded view/);
  });
});
