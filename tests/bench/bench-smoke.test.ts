/**
 * Smoke test of the side-by-side benchmark (bench/run.ts --quick): it builds the page, runs every IDN
 * contender once at 64×64 in one Chromium session (ours fused and unfused, ORT WebGPU EP, ORT wasm EP) and
 * our engine and onnxruntime-web's WebGPU and wasm EPs in Node on the same Dawn adapter, and the outputs
 * must agree. Timings are not looked at. About a minute on 2 cores.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../../scripts/chromium-flags';
import type { BenchReport } from '../../bench/lib/types';

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`bench smoke test skipped: no Chromium at ${CHROMIUM_PATH} (scripts/install-system-deps.sh installs it; CHROMIUM_PATH overrides)`);

function runQuick(outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'bench/run.ts', '--quick', '--out', outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!hasChromium)('bench/run.ts --quick', () => {
  let dir: string;
  let run: { code: number | null; output: string };
  let report: BenchReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mfs-bench-smoke-'));
    run = await runQuick(dir);
    if (existsSync(join(dir, 'side-by-side.json'))) report = JSON.parse(readFileSync(join(dir, 'side-by-side.json'), 'utf8')) as BenchReport;
  }, 280_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits cleanly and writes JSON, Markdown and SVG', () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    for (const f of ['side-by-side.json', 'side-by-side.md', 'side-by-side.svg']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(readFileSync(join(dir, 'side-by-side.svg'), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(report.problems).toEqual([]);
  });

  it('ran every IDN contender in Chromium and in Node, and all outputs agree', () => {
    const ids = report.browser!.contenders.filter((c) => c.group === 'idn').map((c) => `${c.id}:${c.status}`);
    expect(ids.sort()).toEqual(['ort-wasm:checked', 'ort-webgpu:checked', 'ours-fused:checked', 'ours-unfused:checked']);
    expect(report.node!.contenders.map((c) => `${c.id}:${c.status}`)).toEqual(['node-fused:checked', 'node-unfused:checked', 'node-ort-webgpu:checked', 'node-ort-wasm:checked']);
    expect(report.node!.ort?.version).toMatch(/^\d+\.\d+/);
    const pairs = [...report.browser!.agreement, ...report.node!.agreement];
    // Page: fused/unfused/ORT WebGPU against ORT wasm. Node: fused and unfused against the page's ORT wasm,
    // fused against unfused, ORT WebGPU and wasm in Node against Node's fused.
    expect(pairs.length).toBe(18);
    expect(report.node!.agreement.filter((p) => p.a.startsWith('node-ort-')).map((p) => `${p.a}/${p.tensor}`)).toEqual(['node-ort-webgpu/out', 'node-ort-webgpu/mask', 'node-ort-wasm/out', 'node-ort-wasm/mask']);
    for (const p of pairs) expect(p.pass, `${p.a} vs ${p.b} (${p.tensor}): max |Δ| ${p.maxAbsDiff}`).toBe(true);
  });

  it('used the same inputs in Node and Chromium and reports the plan figures', () => {
    expect(report.node!.digest).toEqual(report.browser!.setup.digest);
    expect(report.browser!.setup.adapter.label).toMatch(/swiftshader/i);
    const fused = report.browser!.setup.plans.find((p) => p.plan === 'fused')!;
    expect(fused.dispatches).toBeLessThanOrEqual(12);
    expect(fused.macs).toBeGreaterThan(0);
    expect(report.targets.find((t) => t.target.startsWith('≤ 12 dispatches'))?.met).toBe(true);
  });
});
