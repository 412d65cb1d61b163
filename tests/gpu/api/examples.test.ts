// The ten-line Node example runs as documented and writes its output (it once crashed when Dawn's GPU object was collected).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { expect, it } from 'vitest';

it('examples/node-swap.ts swaps the sample faces', () => {
  rmSync('output/node-example.png', { force: true });
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'examples/node-swap.ts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(out).toMatch(/SYNTHETIC/);
  expect(existsSync('output/node-example.png')).toBe(true);
}, 300_000);
