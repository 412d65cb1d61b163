/**
 * The GPU-machine kit (bench/device): packed here, unpacked in a temporary folder with nothing of this checkout
 * around it, and run in quick mode on this machine's adapter — the same steps as on a lent GPU machine. The
 * quick run must find an adapter, check every Node contender (ours fused/unfused, ORT WebGPU and wasm) and
 * write its report. About a minute and a half on 2 cores.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../bench/lib/types';

const run = promisify(execFile);

describe('bench/device kit', () => {
  let dir: string;
  let log = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mfs-kit-test-'));
    const packed = await run(process.execPath, ['bench/device/pack-kit.mjs', '--out', dir], { maxBuffer: 1 << 24 });
    log += packed.stdout + packed.stderr;
    const ran = await run('bash', ['bench/device/run-on-gpu.sh', join(dir, 'kit.tar.xz'), '--', '--quick', '--out', join(dir, 'results')], { cwd: process.cwd(), maxBuffer: 1 << 24, env: { ...process.env, OUT: '' } });
    log += ran.stdout + ran.stderr;
  }, 280_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('packs one archive with Node, the bundled benchmark, Dawn and ORT', () => {
    const archive = join(dir, 'kit.tar.xz');
    expect(existsSync(archive), log).toBe(true);
    expect(statSync(archive).size).toBeGreaterThan(10 * 2 ** 20);
    expect(log).toMatch(/pack-kit: wrote .*kit\.tar\.xz/);
  });

  it('runs from the archive alone and checks every Node contender', () => {
    expect(log).toMatch(/Dawn adapter: .+/);
    const report = JSON.parse(readFileSync(join(dir, 'results', 'side-by-side.json'), 'utf8')) as BenchReport;
    expect(report.command).toContain('bench.mjs (the bench/device kit)');
    expect(report.problems).toEqual([]);
    expect(report.node!.contenders.map((c) => `${c.id}:${c.status}`)).toEqual(['node-fused:checked', 'node-unfused:checked', 'node-ort-webgpu:checked', 'node-ort-wasm:checked']);
    for (const p of report.node!.agreement) expect(p.pass, `${p.a} vs ${p.b} (${p.tensor})`).toBe(true);
  });
});
