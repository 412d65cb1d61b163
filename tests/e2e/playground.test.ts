/**
 * The built playground (npm run build → dist/playground), served from 127.0.0.1 by a tiny static server and
 * driven in Debian Chromium on SwiftShader. One page runs through every view in order, because each GPU step
 * costs seconds on the emulator: weights once, the identity of one sample face (detection, ArcFace, IIN:
 * about a minute; MFS_E2E_FAST=1 uses a random identity instead), one swap onto another sample face, then the
 * views read what that frame left behind. Screenshots of every view at 1280×800 and 390×844 go to
 * test-output/screenshots/. Environment: MFS_E2E_SKIP_BUILD=1 reuses dist/playground.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage, type PageLog } from './support/browser';
import { summarisePng } from './support/pixels';
import { serveStatic, type StaticServer } from './support/static-server';
import { syntheticSwapSafetensors } from './support/weights-file';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = join(ROOT, 'dist/playground');
const SHOTS = join(ROOT, 'test-output/screenshots');
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
const VIEWS = ['swap', 'profiler', 'tensors', 'wgsl', 'weights'] as const;
// SwiftShader on a busy 2-core machine: loading synthetic weights ~30 s, one IDN frame ~5–15 s.
const SLOW = 300_000;

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let log: PageLog;
const t0 = Date.now();
const timings: Record<string, number> = {};

function mark(name: string, since: number): void {
  timings[name] = Math.round((Date.now() - since) / 100) / 10;
}

async function openTab(id: string): Promise<void> {
  await page.locator(`nav a[data-tab="${id}"]`).click();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#${id}`);
}

async function saveScreenshot(name: string, target: Page | Locator = page): Promise<ReturnType<typeof summarisePng>> {
  mkdirSync(SHOTS, { recursive: true });
  const png = await target.screenshot({ animations: 'disabled' });
  writeFileSync(join(SHOTS, `${name}.png`), png);
  return summarisePng(png);
}

/** Luminance variance of a canvas's pixels, read inside the page (canvases live in shadow roots). */
function canvasVariance(canvas: Locator): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let s = 0;
    let s2 = 0;
    const n = d.length / 4;
    for (let i = 0; i < d.length; i += 4) {
      const y = 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;
      s += y;
      s2 += y * y;
    }
    return s2 / n - (s / n) ** 2;
  });
}

beforeAll(async () => {
  let t = Date.now();
  if (!process.env.MFS_E2E_SKIP_BUILD) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  mark('build', t);
  server = await serveStatic(DIST);
  // A synthetic webcam (test pattern), so the live loop can run; the page still has to be granted the camera.
  browser = await launchChromium(['--use-fake-device-for-media-stream']);
  context = await browser.newContext({ viewport: VIEWPORTS[0] });
  page = await context.newPage();
  // The page probes for an optional converted weights file next to it; this host has none (404 is expected).
  log = watchPage(page, (m) => m.location().url.endsWith('weights/mobilefaceswap.safetensors'));
  t = Date.now();
  await page.goto(`${server.url}#swap`);
  await page.evaluate(() => window.mfs!.whenReady());
  mark('load synthetic weights', t);
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  writeFileSync(join(ROOT, 'test-output/e2e-timings.json'), JSON.stringify({ ...timings, total: Math.round((Date.now() - t0) / 1000) }, null, 2));
});

describe('playground (built, Chromium + SwiftShader)', () => {
  it('loads with the synthetic-weights banner and the engine on the expected adapter', async () => {
    const banner = page.locator('[data-testid="synthetic-banner"]');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.innerText()).toMatch(/Synthetic weights: this is not a real face swap/);
    expect(await page.locator('[data-testid="adapter"]').innerText()).toMatch(/swiftshader/i);
    expect(log.errors).toEqual([]);
  });

  it('swaps two sample faces', async () => {
    let t = Date.now();
    if (!process.env.MFS_E2E_FAST) {
      // The whole identity path from a photo: detection, alignment, ArcFace, IIN (minutes on SwiftShader).
      await page.locator('button[data-source="grace_hopper"]').click();
      await expect.poll(() => page.evaluate(() => window.mfs!.host.identity?.source ?? ''), { timeout: 2 * SLOW }).toMatch(/Grace Hopper/);
    } else {
      await page.evaluate(() => window.mfs!.setRandomIdentity(1));
    }
    mark('identity', t);
    t = Date.now();
    await page.locator('button[data-target="astronaut"]').click();
    const result = page.locator('[data-testid="swap-result"][data-done="true"]');
    await Promise.race([
      result.waitFor({ timeout: SLOW }),
      page.locator('[data-testid="swap-problem"]').waitFor({ timeout: SLOW }).then(async () => {
        throw new Error(`the swap failed: ${await page.locator('[data-testid="swap-problem"] .box').innerText()}`);
      }),
    ]);
    mark('swapImage (detect + warp + IDN + paste-back)', t);
    expect(Number(await result.getAttribute('data-faces'))).toBe(1);
    const output = page.locator('[data-testid="swap-output"] canvas').first();
    expect(await canvasVariance(output)).toBeGreaterThan(50);
    expect(await canvasVariance(page.locator('[data-testid="aligned-crop"] canvas'))).toBeGreaterThan(50);
    expect(await page.locator('[data-testid="mask"]').count()).toBe(1);
    // The before/after slider shows the same result.
    await page.locator('[data-testid="compare-mode"]').selectOption('slider');
    const slider = await saveScreenshot('swap-slider-1280x800', page.locator('[data-testid="swap-result"]'));
    expect(slider.variance).toBeGreaterThan(100);
    await page.locator('[data-testid="compare-mode"]').selectOption('side-by-side');
  });

  it('says so when the source photo has no face', async () => {
    // A smooth grey gradient: nothing for the detector to find.
    const png = new PNG({ width: 320, height: 240 });
    for (let i = 0; i < 320 * 240; i++) png.data.set([100 + (i % 320) / 8, 110, 120, 255], i * 4);
    const before = await page.evaluate(() => window.mfs!.host.identity?.source);
    await page.locator('[data-testid="source-file"]').setInputFiles({ name: 'no-face.png', mimeType: 'image/png', buffer: PNG.sync.write(png) });
    const problem = page.locator('[data-testid="source-problem"] [data-code="no-face"]');
    await problem.waitFor({ timeout: SLOW });
    expect(await page.locator('[data-testid="source-problem"] .box').innerText()).toMatch(/No face found/);
    // The identity that was set stays set.
    expect(await page.evaluate(() => window.mfs!.host.identity?.source)).toBe(before);
    await saveScreenshot('no-face-1280x800', page.locator('mfs-swap-view section').first());
  });

  it('profiles every planned dispatch with positive times', async () => {
    await openTab('profiler');
    const planned = await page.evaluate(() => window.mfs!.host.engine!.executor.dispatches.length);
    const rows = page.locator('[data-testid="profile-row"]');
    await expect.poll(() => rows.count()).toBe(planned);
    const p50s = async () => (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-p50')))));
    if (!(await p50s()).every((v) => v > 0)) {
      // The swap path did not report a timed frame: time one here.
      await page.locator('[data-testid="run-frames"]').click();
    }
    await expect.poll(async () => (await p50s()).every((v) => v > 0), { timeout: SLOW }).toBe(true);
    expect(await page.locator('[data-testid="timing-mode"]').innerText()).toMatch(/timestamp|wall time/);
    // SwiftShader is a CPU emulator: the fused plan as requested, with GEMM tiles sized for emulators.
    expect(await page.locator('[data-testid="plan-choice"]').innerText()).toMatch(/^fused plan \(the default on a CPU emulator, where timing both plans would take seconds\); GEMM tiling for a CPU emulator/);
  });

  it('switches the per-frame plan from the profiler, keeping the identity, and back', async () => {
    await openTab('profiler');
    const identity = await page.evaluate(() => window.mfs!.host.identity?.source ?? '');
    const t = Date.now();
    await page.locator('[data-testid="plan-select"]').selectOption('unfused');
    await expect.poll(() => page.locator('[data-testid="plan-kind"]').innerText(), { timeout: SLOW }).toMatch(/^unfused plan · 35 dispatches/);
    await page.evaluate(() => window.mfs!.whenReady());
    mark('plan switch', t);
    expect(await page.locator('[data-testid="plan-choice"]').innerText()).toMatch(/^unfused plan \(as requested\)/);
    expect(new URL(page.url()).searchParams.get('plan')).toBe('unfused');
    expect(await page.evaluate(() => window.mfs!.host.identity?.source ?? '')).toBe(identity);
    await page.locator('[data-testid="plan-select"]').selectOption('');
    await expect.poll(() => page.locator('[data-testid="plan-kind"]').innerText(), { timeout: SLOW }).toMatch(/^fused plan · 12 dispatches/);
    await page.evaluate(() => window.mfs!.whenReady());
    expect(new URL(page.url()).searchParams.has('plan')).toBe(false);
  });

  it('inspects a tensor as heatmaps and matches the CPU reference', async () => {
    await openTab('tensors');
    const heatmap = page.locator('canvas[data-testid="heatmap"]').first();
    await heatmap.waitFor({ timeout: 60_000 });
    expect(await canvasVariance(heatmap)).toBeGreaterThan(1);
    expect(await page.locator('[data-testid="nan-count"]').innerText()).toBe('0');
    const t = Date.now();
    await page.locator('[data-testid="compare-reference"]').click();
    const diff = page.locator('[data-testid="diff-stats"]');
    await diff.waitFor({ timeout: SLOW });
    mark('CPU reference', t);
    expect(Number(await diff.getAttribute('data-mismatches'))).toBe(0);
    // And the network's output against the reference too.
    await page.locator('[data-testid="tensor-select"]').selectOption('out');
    await expect.poll(async () => Number(await page.locator('[data-testid="diff-stats"]').getAttribute('data-mismatches')), { timeout: 60_000 }).toBe(0);
  });

  it('shows WGSL with reflected bindings and the weights with their provenance', async () => {
    await openTab('wgsl');
    expect(await page.locator('[data-testid="wgsl-source"]').innerText()).toMatch(/@compute/);
    expect(await page.locator('[data-testid="bindings"] tbody tr').count()).toBeGreaterThan(0);
    await openTab('weights');
    expect(await page.locator('[data-testid="provenance"]').innerText()).toMatch(/synthetic/i);
    expect(await page.locator('[data-testid="weights-table"] tbody tr').count()).toBeGreaterThan(10);
    expect(await page.locator('nav a[data-tab="selfcheck"]').count()).toBe(1);
  });

  it('screenshots every view at 1280×800 and 390×844, none blank', async () => {
    await openTab('tensors');
    await page.locator('[data-testid="tensor-select"]').selectOption('E0');
    await page.locator('[data-testid="show-diff"]').uncheck();
    for (const vp of VIEWPORTS) {
      await page.setViewportSize(vp);
      for (const view of VIEWS) {
        await openTab(view);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const s = await saveScreenshot(`${view}-${vp.width}x${vp.height}`);
        expect(s.width).toBe(vp.width);
        expect(s.variance, `${view} at ${vp.width}×${vp.height} looks blank`).toBeGreaterThan(100);
        expect(s.distinctColours).toBeGreaterThan(20);
      }
    }
    await page.setViewportSize(VIEWPORTS[0]);
  });

  it('says so when the camera is denied', async () => {
    await openTab('swap');
    await page.locator('button[data-kind="webcam"]').click();
    await page.locator('[data-testid="start-webcam"]').click();
    const problem = page.locator('[data-testid="swap-problem"] [data-code^="camera-"]');
    await problem.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="swap-problem"] .box').innerText()).toMatch(/camera/i);
    await saveScreenshot('camera-denied-1280x800');
  });

  it('runs the live webcam one frame at a time and shows the rate', async () => {
    await context.grantPermissions(['camera'], { origin: server.url.replace(/\/$/, '') });
    await page.locator('[data-testid="start-webcam"]').click();
    const fps = page.locator('[data-testid="fps"]');
    await fps.waitFor({ timeout: 60_000 });
    // The test pattern has no face: frames pass through unchanged, but each one goes through detection.
    const frames = () => page.evaluate(() => window.mfs!.host.frameCount);
    const before = await frames();
    await expect.poll(frames, { timeout: SLOW }).toBeGreaterThanOrEqual(before + 2);
    await expect.poll(async () => parseFloat(await fps.innerText()), { timeout: 60_000 }).toBeGreaterThan(0);
    await saveScreenshot('live-webcam-1280x800');
    await page.locator('[data-testid="stop-live"]').click();
    await page.locator('[data-testid="start-webcam"]').waitFor({ timeout: SLOW });
  });

  it('recovers from a lost device without a reload', async () => {
    const identity = await page.evaluate(() => window.mfs!.host.identity?.source ?? '');
    expect(identity).not.toBe('');
    await page.evaluate(() => window.mfs!.loseDevice());
    const lost = page.locator('[data-testid="device-lost"]');
    await lost.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="device-lost"] .box').innerText()).toMatch(/device was lost/i);
    await saveScreenshot('device-lost-1280x800');
    const t = Date.now();
    await page.locator('[data-testid="recover"]').click();
    await page.evaluate(() => window.mfs!.whenReady());
    // The identity comes back with the engine.
    await expect.poll(() => page.evaluate(() => window.mfs!.host.identity?.source ?? ''), { timeout: SLOW }).toBe(identity);
    mark('recover', t);
    expect(await page.locator('[data-testid="synthetic-banner"]').isVisible()).toBe(true);
  });

  it('keeps the kernel self-check reachable as a tab', async () => {
    await openTab('selfcheck');
    // It runs every kernel case on its own device; the first results are enough here.
    await expect.poll(() => page.locator('mfs-selfcheck [data-testid="summary"]').innerText(), { timeout: 120_000 }).toMatch(/running… [1-9]|cases match|failed/);
    expect(await page.locator('mfs-selfcheck .fail').count()).toBe(0);
  });

  it('had no console errors or uncaught exceptions', async () => {
    expect(log.errors).toEqual([]);
    // Closing the page also stops the self-check, which would keep the CPU busy for the tests below.
    await page.close();
  });

  it('loads a converted weights file found next to the page, with progress', async () => {
    server.memory.set('/weights/mobilefaceswap.safetensors', syntheticSwapSafetensors(7));
    const p = await context.newPage();
    const plog = watchPage(p);
    const t = Date.now();
    await p.goto(`${server.url}#weights`);
    await p.evaluate(() => window.mfs!.whenReady());
    mark('load weights over fetch', t);
    // The download was reported as it streamed, up to the whole file.
    const progress = await p.evaluate(() => window.mfs!.weightsProgress);
    const size = server.memory.get('/weights/mobilefaceswap.safetensors')!.length;
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ loaded: size, total: size });
    expect(server.requests).toContain('GET /weights/mobilefaceswap.safetensors');
    expect(await p.locator('[data-testid="provenance"]').innerText()).toMatch(/synthetic.*weights\/mobilefaceswap\.safetensors/is);
    expect(await p.locator('[data-testid="synthetic-banner"]').isVisible()).toBe(true);
    expect(await p.locator('[data-testid="arcface-state"]').innerText()).toMatch(/not loaded/);
    expect(plog.errors).toEqual([]);
    await p.close();
    server.memory.delete('/weights/mobilefaceswap.safetensors');
  });

  it('explains which browsers work when there is no WebGPU', async () => {
    const ctx = await browser.newContext({ viewport: VIEWPORTS[1] });
    // A browser without WebGPU: navigator.gpu is absent.
    await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true }));
    const p = await ctx.newPage();
    const plog = watchPage(p, (m) => m.location().url.endsWith('weights/mobilefaceswap.safetensors'));
    await p.goto(server.url);
    const fatal = p.locator('[data-testid="fatal"]');
    await fatal.waitFor({ timeout: 30_000 });
    const text = await p.locator('[data-testid="fatal"] .box').innerText();
    expect(text).toMatch(/no WebGPU/i);
    expect(text).toMatch(/Chrome or Edge 113\+/);
    expect(text).toMatch(/Safari 26\+/);
    expect(text).toMatch(/Firefox 141\+/);
    expect(text).toMatch(/--enable-unsafe-webgpu/);
    mkdirSync(SHOTS, { recursive: true });
    const png = await p.screenshot();
    writeFileSync(join(SHOTS, 'no-webgpu-390x844.png'), png);
    expect(summarisePng(png).variance).toBeGreaterThan(100);
    expect(plog.errors).toEqual([]);
    await ctx.close();
  });
});
