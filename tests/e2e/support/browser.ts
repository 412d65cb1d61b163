/**
 * Debian's Chromium through playwright, with the WebGPU-on-SwiftShader flags; playwright never downloads a
 * browser here. Collects console errors and page errors per page so a test can assert there were none.
 */
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright';
import { CHROMIUM_PATH, CHROMIUM_WEBGPU_FLAGS } from '../../../scripts/chromium-flags';

/** `extraArgs`, e.g. --use-fake-device-for-media-stream (a synthetic webcam; permission is still asked). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_WEBGPU_FLAGS, ...extraArgs], headless: true });
}

export interface PageLog {
  readonly errors: string[];
  readonly all: string[];
}

/**
 * Record console errors and uncaught page errors. `expected` filters known, intended failures (the probe
 * for an optional weights file answers 404 on a host that has none).
 */
export function watchPage(page: Page, expected: (m: ConsoleMessage) => boolean = () => false): PageLog {
  const log: PageLog = { errors: [], all: [] };
  page.on('console', (m) => {
    log.all.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error' && !expected(m)) log.errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('crash', () => log.errors.push('page crashed'));
  return log;
}
