#!/usr/bin/env node
// Entry point of the `mobilefaceswap` command: runs the TypeScript CLI through tsx, with the `?raw` WGSL loader.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = require.resolve('tsx');
const result = spawnSync(
  process.execPath,
  ['--import', tsx, '--import', `${root}scripts/raw-loader.mjs`, `${root}src/cli/main.ts`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
