/** The targets, evaluated as figures from this run (never assertions). */
import type { BenchReport, ContenderResult, TargetFigure } from '../lib/types';

function medianOf(list: readonly ContenderResult[] | undefined, id: string): number | undefined {
  const c = list?.find((x) => x.id === id);
  return c?.status === 'timed' && c.timing && c.timing.runs > 0 ? c.timing.medianMs : undefined;
}

const x = (r: number) => `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;

function ratioTarget(target: string, num: number | undefined, den: number | undefined, describe: (r: number) => string, meets: (r: number) => boolean): TargetFigure {
  if (num === undefined || den === undefined) return { target, measured: 'not measured in this run' };
  const r = num / den;
  return { target, measured: describe(r), ratio: r, met: meets(r) };
}

export function evaluateTargets(report: Pick<BenchReport, 'browser' | 'node'>): TargetFigure[] {
  const b = report.browser?.contenders;
  const n = report.node?.contenders;
  const fused = medianOf(b, 'ours-fused');
  const out: TargetFigure[] = [
    ratioTarget('IDN frame ≥ 20× faster than ORT WebGPU EP, same adapter (Chromium)', medianOf(b, 'ort-webgpu'), fused, (r) => `ours fused is ${x(r)} faster`, (r) => r >= 20),
    ratioTarget('IDN frame within 3× of ORT wasm EP, same CPU (Chromium)', fused, medianOf(b, 'ort-wasm'), (r) => (r >= 1 ? `ours fused takes ${x(r)} ORT wasm's time` : `ours fused is ${x(1 / r)} faster than ORT wasm`), (r) => r <= 3),
    ratioTarget('IDN frame ≥ 20× faster than ORT WebGPU EP, same adapter (Node, Dawn)', medianOf(n, 'node-ort-webgpu'), medianOf(n, 'node-fused'), (r) => `ours fused is ${x(r)} faster`, (r) => r >= 20),
    ratioTarget('IDN frame within 3× of ORT wasm EP, same CPU (Node)', medianOf(n, 'node-fused'), medianOf(n, 'node-ort-wasm'), (r) => (r >= 1 ? `ours fused takes ${x(r)} ORT wasm's time` : `ours fused is ${x(1 / r)} faster than ORT wasm`), (r) => r <= 3),
    ratioTarget('fused ≥ 2× faster than unfused (Chromium)', medianOf(b, 'ours-unfused'), fused, (r) => `${x(r)}`, (r) => r >= 2),
    ratioTarget('fused ≥ 2× faster than unfused (Node)', medianOf(n, 'node-unfused'), medianOf(n, 'node-fused'), (r) => `${x(r)}`, (r) => r >= 2),
  ];
  const plan = report.browser?.setup.plans.find((p) => p.plan === 'fused') ?? report.node?.plans.find((p) => p.plan === 'fused');
  out.push(plan ? { target: '≤ 12 dispatches per IDN frame', measured: `${plan.dispatches} dispatches (fused plan)`, met: plan.dispatches <= 12 } : { target: '≤ 12 dispatches per IDN frame', measured: 'not measured in this run' });
  const counted = [...(b ?? []), ...(n ?? [])].filter((c) => c.allocations && c.group === 'idn');
  const creates = counted.reduce((s, c) => s + c.allocations!.createCalls + c.allocations!.bufferMaps, 0);
  const frames = counted.reduce((s, c) => s + c.allocations!.frames, 0);
  out.push(
    counted.length
      ? { target: '0 GPU allocations per IDN frame', measured: `${creates} create*/map calls over ${frames} timed frames (both plans, both adapters)`, met: creates === 0 }
      : { target: '0 GPU allocations per IDN frame', measured: 'not measured in this run' },
  );
  return out;
}
