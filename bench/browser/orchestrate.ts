/**
 * The Chromium half of the benchmark, in one browser session: IDN contenders (ours fused/unfused, ORT wasm,
 * ORT WebGPU) then the identity switch. For each group: every contender runs once, outputs are compared, and
 * only when all agree are they timed. A contender that fails or overruns is reported as such.
 */
import type { PairAgreement } from '../lib/agreement';
import { FULL_POLICIES, stepTimeoutMs } from '../lib/policies';
import type { RunPolicy } from '../lib/stats';
import type { BenchReport, ContenderResult, ContenderStatus } from '../lib/types';
import { BenchPage, StepTimeoutError } from './driver';

export interface BrowserOptions {
  readonly size: number;
  /** Smoke mode: first runs and agreement only, no timing. */
  readonly quick: boolean;
  readonly identity: boolean;
  readonly log: (line: string) => void;
  readonly problems: string[];
}

export interface BrowserOutcome {
  readonly section: NonNullable<BenchReport['browser']>;
  /** ORT wasm's IDN outputs (the CPU oracle), for the Node run to check against. */
  readonly reference?: { id: string; out: Float32Array; mask: Float32Array };
}

interface Entry {
  status: ContenderStatus;
  firstRunMs?: number;
  timing?: ContenderResult['timing'];
  policy?: RunPolicy;
  allocations?: ContenderResult['allocations'];
  note?: string;
}

const fromBase64 = (s: string) => {
  const bytes = Buffer.from(s, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

export async function runBrowser(opts: BrowserOptions): Promise<BrowserOutcome> {
  const { log, problems } = opts;
  const page = await BenchPage.open(log);
  const entries = new Map<string, Entry>();
  const entry = (id: string) => entries.get(id) ?? (entries.set(id, { status: 'not-run' }), entries.get(id)!);
  const fail = (id: string, e: unknown) => {
    const timedOut = e instanceof StepTimeoutError;
    entry(id).status = timedOut ? 'timed-out' : 'failed';
    entry(id).note = (e as Error).message;
    problems.push(`${id}: ${(e as Error).message}`);
    log(`${id}: ${timedOut ? 'TIMED OUT' : 'FAILED'}: ${(e as Error).message}`);
  };
  const firstRun = async (id: string, timeoutMs: number) => {
    try {
      const r = await page.call('firstRun', { id }, timeoutMs);
      entry(id).firstRunMs = r.ms;
      entry(id).status = 'checked';
      log(`${id}: first run ${(r.ms / 1000).toFixed(2)} s`);
    } catch (e) {
      fail(id, e);
    }
  };
  const time = async (id: string, policy: RunPolicy, perRunMs: number) => {
    if (entry(id).status !== 'checked') return;
    try {
      log(`${id}: timing (${policy.warmup} warm-up, ${policy.minRuns}–${policy.maxRuns} runs, budget ${(policy.budgetMs / 1000).toFixed(0)} s)`);
      const r = await page.call('time', { id, policy }, stepTimeoutMs(policy, perRunMs));
      Object.assign(entry(id), { status: 'timed', timing: r.timing, policy, ...(r.allocations ? { allocations: r.allocations } : {}) });
      log(`${id}: median ${r.timing.medianMs.toFixed(1)} ms over ${r.timing.runs} runs${r.allocations ? `; ${r.allocations.createCalls} create* / ${r.allocations.bufferMaps} maps in ${r.allocations.frames} frames` : ''}`);
    } catch (e) {
      fail(id, e);
    }
  };
  /** Marks the group's contenders when their outputs disagree; returns why timings are refused, if they are. */
  const judge = (pairs: PairAgreement[], ids: string[]): string | undefined => {
    const bad = pairs.filter((p) => !p.pass);
    if (!bad.length) return undefined;
    for (const p of bad) for (const id of [p.a, p.b]) if (entries.has(id)) entry(id).status = 'disagrees';
    for (const id of ids) if (entry(id).status === 'checked') entry(id).note = 'not timed: outputs of the group disagree';
    const why = bad.map((p) => `${p.a} vs ${p.b} (${p.tensor}): max |Δ| ${p.maxAbsDiff.toExponential(1)}, ${p.tolerance}`).join('; ');
    problems.push(`outputs disagree: ${why}`);
    return why;
  };

  try {
    log(`chromium ${page.browserVersion}: setting up (synthetic weights, CPU IIN, ONNX export, our two plans) at ${opts.size}×${opts.size}`);
    const setup = await page.call('setup', { size: opts.size }, 600_000);
    log(`page: ${setup.adapter.label}; ORT ${setup.ort.version}, ${setup.ort.wasmThreads} wasm threads, cross-origin isolated ${setup.crossOriginIsolated}; setup ${(setup.setupMs / 1000).toFixed(1)} s`);
    for (const backend of ['wasm', 'webgpu'] as const) {
      try {
        await page.call('addOrtIdn', { backend }, 300_000);
      } catch (e) {
        fail(`ort-${backend}`, e);
      }
    }
    const idnIds = ['ours-fused', 'ours-unfused', 'ort-wasm', 'ort-webgpu'];
    for (const id of idnIds) if (entry(id).status === 'not-run') await firstRun(id, id === 'ort-webgpu' ? 600_000 : 300_000);
    const agreement = await page.call('idnAgreement', undefined, 120_000);
    const timingsRefused = judge(agreement, idnIds);
    let reference: BrowserOutcome['reference'];
    if (entry('ort-wasm').status === 'checked') {
      const o = await page.call('exportOutputs', { id: 'ort-wasm' }, 60_000);
      reference = { id: 'ort-wasm (Chromium)', out: fromBase64(o.out!), mask: fromBase64(o.mask!) };
    }
    if (!opts.quick && !timingsRefused) {
      const P = FULL_POLICIES;
      await time('ours-fused', P.oursIdn, entry('ours-fused').firstRunMs ?? 10_000);
      await time('ours-unfused', P.oursIdn, entry('ours-unfused').firstRunMs ?? 10_000);
      await time('ort-wasm', P.ortWasmIdn, entry('ort-wasm').firstRunMs ?? 1_000);
      await time('ort-webgpu', P.ortWebgpuIdn, entry('ort-webgpu').firstRunMs ?? 30_000);
    }
    for (const id of ['ort-wasm', 'ort-webgpu']) await page.call('dispose', { id }, 60_000).catch(() => undefined);

    let identity: NonNullable<BenchReport['browser']>['identity'];
    let identityAgreement: PairAgreement[] = [];
    let identityTimingsRefused: string | undefined;
    if (opts.identity) {
      log('identity switch: synthetic ArcFace weights, ArcFace ONNX export, our ArcFace + IIN');
      identity = await page.call('identitySetup', undefined, 600_000);
      for (const backend of ['wasm', 'webgpu'] as const) {
        try {
          await page.call('addOrtArcface', { backend }, 300_000);
        } catch (e) {
          fail(`ort-${backend}-arcface`, e);
        }
      }
      const ids = ['ours-arcface-iin', 'ort-wasm-arcface', 'ort-webgpu-arcface'];
      for (const id of ids) if (entry(id).status === 'not-run') await firstRun(id, 900_000);
      // ArcFace alone shares our objects with ArcFace + IIN: its outputs are those of that first run.
      if (entry('ours-arcface-iin').status === 'checked') Object.assign(entry('ours-arcface'), { status: 'checked', note: 'outputs checked through ArcFace + IIN (same objects)' });
      identityAgreement = await page.call('identityAgreement', undefined, 300_000);
      identityTimingsRefused = judge(identityAgreement, [...ids, 'ours-arcface']);
      if (!opts.quick && !identityTimingsRefused) {
        const P = FULL_POLICIES;
        const ours = entry('ours-arcface-iin').firstRunMs ?? 120_000;
        await time('ours-arcface-iin', P.oursIdentity, ours);
        await time('ours-arcface', P.oursArcfaceOnly, ours);
        await time('ort-wasm-arcface', P.ortWasmArcface, entry('ort-wasm-arcface').firstRunMs ?? 5_000);
        await time('ort-webgpu-arcface', P.ortWebgpuArcface, entry('ort-webgpu-arcface').firstRunMs ?? 120_000);
      }
    }

    const described = await page.call('describe', undefined, 60_000);
    const pageErrors = [...(await page.call('errors', undefined, 60_000)), ...page.pageErrors];
    for (const e of pageErrors) problems.push(`page: ${e}`);
    const contenders: ContenderResult[] = described.map((d) => {
      const e = entry(d.id);
      return {
        id: d.id,
        label: d.label,
        group: d.id.includes('arcface') ? 'identity' : 'idn',
        where: d.where,
        macs: d.macs,
        status: e.status,
        ...(e.firstRunMs !== undefined ? { firstRunMs: e.firstRunMs } : {}),
        ...(e.timing ? { timing: e.timing, policy: e.policy } : {}),
        ...(e.allocations ? { allocations: e.allocations } : {}),
        ...(e.note ? { note: e.note } : {}),
      } as ContenderResult;
    });
    // Contenders whose session never got created are not in the page's list: report them too.
    for (const [id, e] of entries) {
      if (!contenders.some((c) => c.id === id)) contenders.push({ id, label: id, group: id.includes('arcface') ? 'identity' : 'idn', where: 'Chromium', macs: 0, status: e.status, ...(e.note ? { note: e.note } : {}) });
    }
    const order = ['ours-fused', 'ours-unfused', 'ort-webgpu', 'ort-wasm', 'ours-arcface-iin', 'ours-arcface', 'ort-webgpu-arcface', 'ort-wasm-arcface'];
    contenders.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    return {
      section: {
        chromiumVersion: page.browserVersion,
        setup,
        ...(identity ? { identity } : {}),
        contenders,
        agreement,
        identityAgreement,
        ...(timingsRefused ? { timingsRefused } : {}),
        ...(identityTimingsRefused ? { identityTimingsRefused } : {}),
      },
      ...(reference ? { reference } : {}),
    };
  } finally {
    await page.close();
  }
}
