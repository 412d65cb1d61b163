/**
 * `mobilefaceswap convert`: official .pdparams → one .safetensors (see CONVERT_USAGE). Prints a progress
 * bar on stderr and a summary on stdout; bad input gives a one-line error and a non-zero exit, no stack.
 */
import { WeightsError, ConvertUsageError } from '../engine/weights/errors';
import { runConvert, type ConvertProgress, type ConvertSummary } from '../engine/weights/convert';

interface TextOut {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ConvertIo {
  readonly stdout: TextOut;
  readonly stderr: TextOut;
}

/** Exit codes: 0 done, 1 failed on an input/output problem, 2 bad usage. */
export async function convertCommand(argv: string[], io: ConvertIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const progress = new ProgressBar(io.stderr);
  try {
    const result = await runConvert(argv, (p) => progress.update(p));
    progress.finish();
    if (result.kind === 'help') {
      io.stdout.write(`${result.text}\n`);
      return 0;
    }
    if (result.synthetic) {
      io.stdout.write(`wrote SYNTHETIC checkpoints (not a real face swap):\n  ${result.synthetic.swapPath}\n  ${result.synthetic.arcfacePath}\n`);
    }
    if (result.summary) io.stdout.write(formatSummary(result.summary));
    return 0;
  } catch (e) {
    progress.finish();
    if (e instanceof ConvertUsageError) {
      io.stderr.write(`convert: ${e.message}\n`);
      return 2;
    }
    // Our typed errors already say what went wrong and what to do; anything else is shown without a stack too.
    const message = e instanceof WeightsError ? e.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`;
    io.stderr.write(`convert: ${message}\n`);
    return 1;
  }
}

function formatSummary(s: ConvertSummary): string {
  const parts = Object.entries(s.tensorsPerPart).map(([part, n]) => `${part} ${n}`).join(', ');
  const lines = [
    `wrote ${s.outPath}`,
    `  tensors:    ${s.tensors} (${parts})`,
    `  parameters: ${s.parameters.toLocaleString('en-US')}`,
    `  bytes:      ${s.bytes.toLocaleString('en-US')} (${mebibytes(s.bytes)})`,
    `  BN folded:  ${s.metadata.bn_folded === 'true' ? 'yes' : 'no'}`,
  ];
  if (s.synthetic) lines.push(`  ${s.metadata.notice}`);
  for (const note of s.notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

const BAR_WIDTH = 28;
/** Below this a non-TTY gets no progress lines at all. */
const LARGE_BYTES = 32 * 1024 * 1024;

/**
 * A redrawn bar on a TTY; on a pipe or log, one line per quarter and only for large files, so
 * scripts and CI logs stay short.
 */
class ProgressBar {
  private drawn = false;
  private lastKey = '';

  constructor(private readonly out: TextOut) {}

  update(p: ConvertProgress): void {
    const fraction = p.total > 0 ? p.done / p.total : 1;
    const verb = p.stage === 'read' ? 'reading' : 'writing';
    if (this.out.isTTY) {
      const percent = Math.floor(fraction * 100);
      const key = `${p.stage}${p.file}${percent}`;
      if (key === this.lastKey) return;
      this.lastKey = key;
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = '#'.repeat(filled) + '.'.repeat(BAR_WIDTH - filled);
      this.out.write(`\r[${bar}] ${String(percent).padStart(3)}% ${verb} ${p.file} (${mebibytes(p.done)} / ${mebibytes(p.total)})\x1b[K`);
      this.drawn = true;
      return;
    }
    if (p.total < LARGE_BYTES) return;
    const quarter = Math.floor(fraction * 4);
    const key = `${p.stage}${p.file}${quarter}`;
    if (quarter === 0 || key === this.lastKey) return;
    this.lastKey = key;
    this.out.write(`${verb} ${p.file}: ${quarter * 25}%\n`);
  }

  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
