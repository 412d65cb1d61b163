/**
 * Drives the benchmark page: builds it, serves it from 127.0.0.1, opens it in ONE headless Debian Chromium
 * (playwright-core style launch with our flags; never a downloaded browser) and calls its steps one at a time,
 * each with a deadline. After a step overruns, the page is still busy with it, so no further step is called.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { CHROMIUM_PATH, CHROMIUM_WEBGPU_FLAGS } from '../../scripts/chromium-flags';
import type { BenchApi, BenchStep } from './api';
import { buildBenchPage } from './build';
import { serveBenchPage, type BenchServer } from './server';

export class StepTimeoutError extends Error {
  constructor(
    readonly step: string,
    readonly timeoutMs: number,
  ) {
    super(`page step "${step}" did not finish within ${(timeoutMs / 1000).toFixed(0)} s`);
  }
}

type StepArgs<S extends BenchStep> = Parameters<BenchApi[S]> extends [infer A] ? A : undefined;
type StepResult<S extends BenchStep> = Awaited<ReturnType<BenchApi[S]>>;

export class BenchPage {
  private stuck: string | undefined;
  readonly pageErrors: string[] = [];

  private constructor(
    private readonly dir: string,
    private readonly server: BenchServer,
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static chromiumAvailable(): boolean {
    return existsSync(CHROMIUM_PATH);
  }

  static async open(log: (line: string) => void): Promise<BenchPage> {
    const dir = mkdtempSync(join(tmpdir(), 'mfs-bench-page-'));
    let server: BenchServer | undefined;
    let browser: Browser | undefined;
    try {
      const t0 = performance.now();
      await buildBenchPage(dir);
      log(`page built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      server = await serveBenchPage(dir);
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_WEBGPU_FLAGS, headless: true });
      const page = await browser.newPage();
      const bench = new BenchPage(dir, server, browser, page);
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') log(`[page ${m.type()}] ${m.text()}`);
      });
      page.on('pageerror', (e) => bench.pageErrors.push(e.message));
      page.on('crash', () => bench.pageErrors.push('page crashed'));
      await page.goto(server.url);
      await page.waitForFunction(() => window.mfsBench !== undefined, undefined, { timeout: 60_000 });
      return bench;
    } catch (e) {
      await browser?.close();
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  get browserVersion(): string {
    return this.browser.version();
  }

  async call<S extends BenchStep>(step: S, args: StepArgs<S>, timeoutMs: number): Promise<StepResult<S>> {
    if (this.stuck) throw new Error(`page is still busy with "${this.stuck}" (it overran); "${step}" not called`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.stuck = step;
        reject(new StepTimeoutError(step, timeoutMs));
      }, timeoutMs);
    });
    try {
      const run = this.page.evaluate(([s, a]) => (window.mfsBench![s as BenchStep] as (x: unknown) => unknown)(a), [step, args] as const);
      run.catch(() => undefined); // an overrun step may still fail later (e.g. when the browser closes)
      return (await Promise.race([run, deadline])) as StepResult<S>;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
