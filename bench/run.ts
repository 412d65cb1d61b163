/**
 * Side-by-side benchmark (issue 8): the same network, weights and crop in one headless Chromium session —
 * our IDN frame (fused and unfused plans), onnxruntime-web's WebGPU and wasm EPs on our exported ONNX, and
 * the identity switch (our ArcFace + IIN vs ORT on the exported ArcFace) — then our engine in Node (Dawn)
 * with per-kernel timestamps. Outputs are checked to agree before anything is timed. Writes JSON, Markdown
 * and an SVG chart; prints the targets as figures, never asserts them.
 *
 *   node --import tsx --import ./scripts/raw-loader.mjs bench/run.ts            # full run → bench/results/
 *   node --import tsx --import ./scripts/raw-loader.mjs bench/run.ts --quick    # smoke: 64×64, each contender once, agreement only
 *
 * Options: --size N (multiple of 32), --out DIR, --identity / --no-identity, --no-node, --no-browser,
 * --no-ort (Node part without onnxruntime-web), --tiling emulator|gpu and --min-workgroups N (Node part: override
 * the GEMM tiling the adapter would get; see src/engine/idn/tiling.ts).
 * Exit status: 1 when outputs disagree or a part of the run crashed (in --quick: any problem at all).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { SYNTHETIC_NOTICE } from '../src/engine/weights/synthetic';
import type { BrowserOutcome } from './browser/orchestrate';
import { FULL_POLICIES, NODE_PROFILE_FRAMES } from './lib/policies';
import type { BenchReport, NodeRun } from './lib/types';
import { runNodeIdn } from './node/node-idn';
import { renderMarkdown } from './report/markdown';
import { renderSvg } from './report/svg';
import { evaluateTargets } from './report/targets';

const CAVEAT = 'CPU-emulated adapters (SwiftShader, lavapipe) say nothing about GPU speed in absolute terms: only same-run ratios count.';
const BASENAME = 'side-by-side';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    size: { type: 'string' },
    out: { type: 'string' },
    identity: { type: 'boolean' },
    'no-identity': { type: 'boolean', default: false },
    'no-node': { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    'no-ort': { type: 'boolean', default: false },
    tiling: { type: 'string' },
    'min-workgroups': { type: 'string' },
  },
});
const quick = values.quick!;
const size = Number(values.size ?? (quick ? 64 : 224));
if (!Number.isInteger(size) || size < 32 || size % 32 !== 0) throw new Error(`--size must be a positive multiple of 32, got ${values.size}`);
// The identity switch costs minutes on SwiftShader (our ArcFace: ~1–2 min a run), so the smoke mode skips it.
const identity = values['no-identity'] ? false : (values.identity ?? !quick);
const tiling = values.tiling;
if (tiling !== undefined && tiling !== 'emulator' && tiling !== 'gpu') throw new Error(`--tiling must be "emulator" or "gpu", got ${tiling}`);
const minWorkgroups = values['min-workgroups'] === undefined ? undefined : Number(values['min-workgroups']);
if (minWorkgroups !== undefined && !(Number.isInteger(minWorkgroups) && minWorkgroups > 0)) throw new Error(`--min-workgroups must be a positive integer, got ${values['min-workgroups']}`);
const outDir = values.out ?? (quick ? mkdtempSync(join(tmpdir(), 'mfs-bench-quick-')) : 'bench/results');

const T0 = performance.now();
const loadStart = loadavg()[0]!;
const problems: string[] = [];
let crashed = false;
const log = (line: string) => console.log(`[${((performance.now() - T0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
log(`side-by-side benchmark, ${quick ? 'quick (smoke)' : 'full'} mode, ${size}×${size} crop, identity switch ${identity ? 'on' : 'off'}; ${SYNTHETIC_NOTICE}; load average ${loadStart.toFixed(2)}`);

let browser: BrowserOutcome | undefined;
if (values['no-browser']) {
  log('browser part skipped (--no-browser)');
} else {
  try {
    // Loaded only here, so a Node-only run (bench/device) needs neither Playwright nor Vite.
    const { BenchPage } = await import('./browser/driver');
    const { runBrowser } = await import('./browser/orchestrate');
    if (!BenchPage.chromiumAvailable()) {
      problems.push('no Chromium at /usr/bin/chromium (set CHROMIUM_PATH): browser part skipped');
      log(problems.at(-1)!);
    } else browser = await runBrowser({ size, quick, identity, log, problems });
  } catch (e) {
    crashed = true;
    problems.push(`browser part crashed: ${(e as Error).stack ?? e}`);
    log(problems.at(-1)!);
  }
}

let node: NodeRun | undefined;
if (!values['no-node']) {
  try {
    log('node: our IDN on Dawn (same inputs), checked against the page\'s ORT wasm output');
    node = await runNodeIdn({ size, profileFrames: quick ? 0 : NODE_PROFILE_FRAMES, log, noOrt: values['no-ort']!, ...(tiling ? { tiling } : {}), ...(minWorkgroups ? { minWorkgroups } : {}), ...(quick ? {} : { policy: FULL_POLICIES.nodeIdn, ortPolicies: { webgpu: FULL_POLICIES.nodeOrtWebgpuIdn, wasm: FULL_POLICIES.nodeOrtWasmIdn } }), ...(browser?.reference ? { reference: browser.reference } : {}) });
    for (const c of node.contenders.filter((x) => x.status === 'failed')) problems.push(`node: ${c.label} failed: ${c.note ?? 'no message'}`);
    const bad = node.agreement.filter((p) => !p.pass);
    if (bad.length) problems.push(`node outputs disagree: ${bad.map((p) => `${p.a} vs ${p.b} (${p.tensor}) max |Δ| ${p.maxAbsDiff.toExponential(1)}`).join('; ')}`);
    if (browser && JSON.stringify(browser.section.setup.digest) !== JSON.stringify(node.digest)) problems.push('Node and Chromium built different inputs (digests differ)');
  } catch (e) {
    crashed = true;
    problems.push(`node part crashed: ${(e as Error).stack ?? e}`);
    log(problems.at(-1)!);
  }
}

const cpu = cpus();
const partial = {
  generatedAt: new Date().toISOString(),
  // The bench/device kit runs the bundled bench.mjs; say so, since its figures come from another machine.
  command: `${process.argv[1]?.endsWith('bench.mjs') ? 'node bench.mjs (the bench/device kit)' : 'node --import tsx --import ./scripts/raw-loader.mjs bench/run.ts'}${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
  mode: quick ? ('quick' as const) : ('full' as const),
  size,
  machine: { cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? '?', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}`, loadAverage: { start: loadStart, end: loadavg()[0]! } },
  weights: `${SYNTHETIC_NOTICE}: deterministic synthetic weights with the official names and shapes (swap seed 1, ArcFace seed 2); the injected kernels come from the CPU IIN on a seeded synthetic identity.`,
  caveat: CAVEAT,
  ...(browser ? { browser: browser.section } : {}),
  ...(node ? { node } : {}),
};
const report: BenchReport = { ...partial, targets: evaluateTargets(partial), totalSeconds: (performance.now() - T0) / 1000, problems };

mkdirSync(outDir, { recursive: true });
const files = { json: join(outDir, `${BASENAME}.json`), md: join(outDir, `${BASENAME}.md`), svg: join(outDir, `${BASENAME}.svg`) };
writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(files.svg, renderSvg(report));
writeFileSync(files.md, renderMarkdown(report, `${BASENAME}.svg`));
console.log(`\n${renderMarkdown(report, undefined)}`);
log(`wrote ${Object.values(files).map((f) => relative(process.cwd(), f) || f).join(', ')}`);

const disagree = problems.some((p) => p.includes('disagree'));
process.exitCode = disagree || crashed || (quick && problems.length > 0) ? 1 : 0;
