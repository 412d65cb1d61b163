/**
 * The main job: a real swap on the bundled public-domain sample faces (source grace_hopper.jpg, target
 * astronaut.png), written to output/, with a short report (adapter, weights used, per-stage times).
 */
import { writeFile } from 'node:fs/promises';
import { printReport, runSwap } from './swap';

export async function demoCommand(args: string[]): Promise<number> {
  const out = args[0] ?? 'output/demo-swap.png';
  const report = await runSwap({ source: 'assets/faces/grace_hopper.jpg', target: 'assets/faces/astronaut.png', out });
  if (!report) return 1;
  printReport(report);
  const reportPath = out.replace(/\.[a-z]+$/i, '-report.json');
  await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`report:   ${reportPath}\n`);
  if (report.weights.provenance === 'synthetic') {
    process.stdout.write('NOTE: synthetic weights — the swapped face shows the full pipeline running, not a real identity swap. Convert the official checkpoints (see README) for a real swap.\n');
  }
  return 0;
}
