/** The Markdown report: adapters, agreement, the side-by-side tables, plan figures, targets, per-kernel times. */
import type { PairAgreement } from '../lib/agreement';
import type { BenchReport, ContenderResult, PerDispatchRow } from '../lib/types';
import { gmacPerSecond, mb, ms, sci } from './format';

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function runs(c: ContenderResult): string {
  if (c.status !== 'timed' || !c.timing) return c.status === 'checked' ? 'checked only' : c.status;
  return `${c.timing.runs} (+${c.timing.warmup} warm-up)`;
}

/** A time ratio: 2 decimals near 1, whole numbers when large, 2 significant digits when tiny. */
function ratio(r: number): string {
  return `${r >= 10 ? r.toFixed(0) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`;
}

function contenderRows(list: readonly ContenderResult[], baseline: number | undefined): string[][] {
  return list.map((c) => {
    const t = c.status === 'timed' ? c.timing : undefined;
    const a = c.allocations;
    return [
      c.label,
      c.where,
      runs(c),
      t ? ms(t.medianMs) : c.firstRunMs !== undefined ? `(first run ${ms(c.firstRunMs)})` : '–',
      t ? `${ms(t.p10Ms)} – ${ms(t.p90Ms)}` : '–',
      gmacPerSecond(c.macs, t?.medianMs),
      t && baseline ? ratio(t.medianMs / baseline) : '–',
      a ? `${a.createCalls + a.bufferMaps} in ${a.frames} runs` : '–',
      c.note ?? '',
    ];
  });
}

function agreementTable(pairs: readonly PairAgreement[]): string {
  if (!pairs.length) return '_no pairs compared_';
  return table(
    ['contender', 'against', 'tensor', 'max |Δ|', 'max |Δ| / max |ref|', 'tolerance', 'agrees'],
    pairs.map((p) => [p.a, p.b, p.tensor, sci(p.maxAbsDiff), sci(p.maxRelToScale), p.tolerance, p.pass ? 'yes' : `**NO** (${p.mismatches} values)`]),
  );
}

function perDispatchTable(rows: readonly PerDispatchRow[]): string {
  const total = rows.reduce((s, r) => s + (Number.isFinite(r.p50Ms) ? r.p50Ms : 0), 0);
  return table(
    ['dispatch', 'kernel', 'MMAC', 'p50 ms', 'p95 ms', 'GMAC/s', 'share'],
    [
      ...rows.map((r) => [r.label, r.kernel, (r.macs / 1e6).toFixed(1), ms(r.p50Ms), ms(r.p95Ms), gmacPerSecond(r.macs, r.p50Ms), `${((100 * r.p50Ms) / total).toFixed(1)} %`]),
      ['**sum**', '', (rows.reduce((s, r) => s + r.macs, 0) / 1e6).toFixed(1), ms(total), '', gmacPerSecond(rows.reduce((s, r) => s + r.macs, 0), total), '100 %'],
    ],
  );
}

export function renderMarkdown(r: BenchReport, chartFile: string | undefined): string {
  const out: string[] = [];
  const b = r.browser;
  const n = r.node;
  out.push(`# Side-by-side benchmark: IDN frame and identity switch (${r.mode}, ${r.size}×${r.size} crop)`);
  out.push('');
  out.push(`> **${r.caveat}**`);
  out.push('>');
  out.push(`> ${r.weights}`);
  out.push('');
  out.push(`Generated ${r.generatedAt} by \`${r.command}\` in ${r.totalSeconds.toFixed(0)} s on ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}.`);
  out.push('');
  out.push(`1-minute load average ${r.machine.loadAverage.start.toFixed(1)} at the start and ${r.machine.loadAverage.end.toFixed(1)} at the end of the run (${r.machine.cpus} cores): anything else running on the machine slows every contender, so compare rows of the same run only, and treat rows timed minutes apart (the identity switch vs the IDN) with care.`);
  out.push('');
  out.push('## Adapters and inputs');
  out.push('');
  const rows: string[][] = [];
  if (b) {
    rows.push(['Chromium (ours, ORT WebGPU EP)', `${b.setup.adapter.label}`, `Debian Chromium ${b.chromiumVersion}, headless`]);
    rows.push(['Chromium (ORT wasm EP)', `${b.setup.hardwareConcurrency} CPU cores`, `onnxruntime-web ${b.setup.ort.version}, ${b.setup.ort.wasmThreads} wasm thread(s), cross-origin isolated: ${b.setup.crossOriginIsolated ? 'yes' : 'no'}`]);
  }
  if (n) rows.push(['Node (ours)', n.adapter.label, 'Dawn from the npm `webgpu` package']);
  if (n?.ort) {
    rows.push(['Node (ORT WebGPU EP)', n.adapter.label, `onnxruntime-web ${n.ort.version} (\`onnxruntime-web/webgpu\` build) on the same Dawn instance, its own device`]);
    rows.push(['Node (ORT wasm EP)', `${r.machine.cpus} CPU cores`, `onnxruntime-web ${n.ort.version}, ${n.ort.wasmThreads} wasm thread(s)`]);
  }
  out.push(table(['where', 'adapter / CPU', 'runtime'], rows));
  out.push('');
  if (b && n) {
    const same = JSON.stringify(b.setup.digest) === JSON.stringify(n.digest);
    out.push(`Input digests (FNV-1a of swap weights / injected kernels / crop): Chromium \`${Object.values(b.setup.digest).join(' / ')}\`, Node \`${Object.values(n.digest).join(' / ')}\` — ${same ? 'identical' : '**DIFFERENT**'}.`);
    out.push('');
  }
  if (b) {
    out.push(`The ONNX file is exported in the page from the same swap weights and the same injected kernels (${mb(b.setup.idnOnnxBytes)} MB${b.identity ? `; ArcFace ${mb(b.identity.arcfaceOnnxBytes)} MB` : ''}).`);
    out.push('');
  }

  out.push('## Agreement (checked before any timing)');
  out.push('');
  if (b) {
    out.push('IDN outputs (blended crop `out`, `mask`), Chromium:');
    out.push('');
    out.push(agreementTable(b.agreement));
    out.push('');
    if (b.timingsRefused) out.push(`**IDN timings refused: ${b.timingsRefused}**\n`);
    if (b.identityAgreement.length || b.identityTimingsRefused) {
      out.push('Identity switch (ArcFace outputs; our IIN against the CPU IIN fed with ORT wasm\'s ArcFace outputs):');
      out.push('');
      out.push(agreementTable(b.identityAgreement));
      out.push('');
      if (b.identityTimingsRefused) out.push(`**Identity timings refused: ${b.identityTimingsRefused}**\n`);
    }
  }
  if (n) {
    out.push('IDN outputs, Node (against the page\'s ORT wasm output, same inputs):');
    out.push('');
    out.push(agreementTable(n.agreement));
    out.push('');
  }

  const head = ['contender', 'where', 'runs', 'median ms', 'p10 – p90 ms', 'GMAC/s', 'time vs ours fused', 'GPU create*/maps while timed', 'note'];
  if (b || n) {
    out.push('## IDN frame, side by side');
    out.push('');
    out.push('Wall time per frame: ours = write crop, record, submit → `onSubmittedWorkDone` (outputs stay on the GPU, as in the engine); ORT = `session.run` from a CPU tensor to CPU outputs (its WebGPU EP is the JSEP build that `ort.min.mjs` loads, on its own device from the same adapter; in Node it is the `onnxruntime-web/webgpu` build on the same Dawn instance as ours, and its wasm EP runs one thread, because the web build of ORT cannot start its worker threads in Node). Every contender ran once before timing, for the agreement check; that run is not counted. GMAC/s = the network\'s MACs (our cost model; layer-by-layer count for ORT) / median.');
    out.push('');
    const fused = b?.contenders.find((c) => c.id === 'ours-fused')?.timing?.medianMs;
    const list = [...(b?.contenders.filter((c) => c.group === 'idn') ?? [])];
    const nodeFused = n?.contenders.find((c) => c.id === 'node-fused')?.timing?.medianMs;
    out.push(table(head, [...contenderRows(list, fused), ...contenderRows(n?.contenders ?? [], nodeFused).map((row) => row.map((cell, i) => (i === 6 && cell !== '–' ? `${cell} (vs Node fused)` : cell)))]));
    out.push('');
    if (n?.pipelined?.length) {
      out.push('Frames queued back to back in Node (record + submit each frame, one wait at the end: the rate a video loop gets when it does not wait on every frame):');
      out.push('');
      out.push(table(['plan', 'frames', 'wall ms', 'ms per frame', 'frames per second'], n.pipelined.map((p) => [p.plan, String(p.frames), ms(p.wallMs), ms(p.msPerFrame), (1000 / p.msPerFrame).toFixed(p.msPerFrame < 10 ? 0 : 2)])));
      out.push('');
    }
  }
  if (chartFile) {
    out.push(`![median ms per contender, log scale](${chartFile})`);
    out.push('');
  }

  out.push('## Per IDN frame, from the plan (and measured allocations)');
  out.push('');
  const planRows: string[][] = [];
  for (const [where, plans, contenders] of [
    ['Chromium', b?.setup.plans ?? [], b?.contenders ?? []],
    ['Node', n?.plans ?? [], n?.contenders ?? []],
  ] as const) {
    for (const p of plans) {
      const c = contenders.find((x) => x.id === `ours-${p.plan}` || x.id === `node-${p.plan}`);
      const alloc = c?.allocations ? `${(c.allocations.createCalls + c.allocations.bufferMaps) / Math.max(1, c.allocations.frames)} (${c.allocations.createCalls} create*, ${c.allocations.bufferMaps} maps in ${c.allocations.frames} frames)` : 'not measured';
      planRows.push([where, p.plan, p.tiling ?? '–', String(p.dispatches), (p.macs / 1e9).toFixed(4), mb(p.bytesRead), mb(p.bytesWritten), mb(p.allocatedBytes), alloc, gmacPerSecond(p.macs, c?.timing?.medianMs)]);
    }
  }
  out.push(table(['where', 'plan', 'GEMM tiling', 'dispatches', 'GMAC', 'MB read', 'MB written', 'GPU MB held (allocated once)', 'GPU allocations per frame (measured)', 'GMAC/s'], planRows));
  out.push('');

  if (b && (b.identity || b.contenders.some((c) => c.group === 'identity'))) {
    out.push('## Identity switch');
    out.push('');
    if (b.identity) {
      out.push(`Ours: ArcFace (${b.identity.arcfaceDispatches} dispatches, ${(b.identity.arcfaceMacs / 1e9).toFixed(2)} GMAC) + IIN (${b.identity.iinDispatches} dispatches, ${(b.identity.iinMacs / 1e9).toFixed(3)} GMAC) writing the 18 kernels into the IDN's weight buffers, one submit. ORT runs the exported ArcFace only (the IIN is not exported), so compare it with "ours, ArcFace only". Timed from the 224×224 RGBA crop.`);
      out.push('');
    }
    const ours = b.contenders.find((c) => c.id === 'ours-arcface')?.timing?.medianMs;
    out.push(table([...head.slice(0, 6), 'time vs ours ArcFace only', ...head.slice(7)], contenderRows(b.contenders.filter((c) => c.group === 'identity'), ours)));
    out.push('');
  }

  out.push('## Targets (figures, not assertions)');
  out.push('');
  out.push(table(['target', 'measured', 'met'], r.targets.map((t) => [t.target, t.measured, t.met === undefined ? '–' : t.met ? 'yes' : 'no'])));
  out.push('');

  if (n && Object.keys(n.perDispatch).length) {
    out.push(`## Per-kernel GPU time in Node (${n.adapter.label})`);
    out.push('');
    out.push(`Timestamp queries, profiling mode (one compute pass per dispatch, so pass boundaries add their own cost), ${n.profileFrames} frames${n.timestampQuantisationMs ? `; timestamps look quantised to ${n.timestampQuantisationMs} ms` : ''}.`);
    out.push('');
    for (const [plan, rows] of Object.entries(n.perDispatch)) {
      out.push(`### ${plan} plan`);
      out.push('');
      out.push(perDispatchTable(rows));
      out.push('');
    }
  }
  if (r.problems.length) {
    out.push('## Problems in this run');
    out.push('');
    for (const p of r.problems) out.push(`- ${p}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
