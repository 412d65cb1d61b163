/**
 * Re-renders the Markdown table and the SVG chart from a results JSON (e.g. after changing the report's
 * layout), without running anything:
 *
 *   node --import tsx bench/report/render.ts bench/results/side-by-side.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BenchReport } from '../lib/types';
import { renderMarkdown } from './markdown';
import { renderSvg } from './svg';

const file = process.argv[2];
if (!file) {
  console.error('usage: render.ts <results.json>');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
const stem = basename(file, '.json');
writeFileSync(join(dirname(file), `${stem}.svg`), renderSvg(report));
writeFileSync(join(dirname(file), `${stem}.md`), renderMarkdown(report, `${stem}.svg`));
console.log(`wrote ${stem}.md and ${stem}.svg next to ${file}`);
