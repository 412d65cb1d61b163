/**
 * `mobilefaceswap swap --source <image> --target <image|folder> -o <out>`: swap the source identity onto
 * every face of the target (or of every frame in a folder, tracking faces between frames). Uses converted
 * official weights when given (--weights, or weights/mobilefaceswap.safetensors when present) and synthetic
 * ones otherwise — and says which, in the output, the image metadata and the report.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile, copyFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { adapterLabel } from '../engine/capabilities';
import { describePlanChoice } from '../engine/idn/plan-choice';
import { defaultFaceFinder } from '../engine/face-finder-default';
import { FaceSwapEngine, NoFaceError } from '../engine/face-swap-engine';
import { readImageFile, writeImageFile } from '../engine/image/node-io';
import { nodeGpu } from '../engine/node-gpu';
import { VideoSwapper } from '../engine/video/video-swapper';
import type { WeightsSource } from '../engine/weights/load';

export const DEFAULT_WEIGHTS_PATH = 'weights/mobilefaceswap.safetensors';
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

export const SWAP_USAGE = `usage: mobilefaceswap swap --source IMAGE --target IMAGE|FOLDER -o OUT [options]

  --source IMAGE       the face to put in (PNG or JPEG; its best-scoring face is used)
  --target IMAGE|DIR   an image, or a folder of frames (swapped in name order, faces tracked across frames)
  -o, --out PATH       output image (.png/.jpg), or output folder for a folder of frames
  --weights FILE       converted weights (.safetensors); default ${DEFAULT_WEIGHTS_PATH} when present, else synthetic
  --synthetic          force synthetic weights (never a real swap)
  --largest-only       swap only the largest face (default: every face)
  --no-label           leave out the visible "AI-swapped" corner label (the metadata note stays)
  --report FILE        also write the report as JSON
`;

export interface SwapReport {
  readonly adapter: string;
  /** The per-frame network's plan and how it was chosen. */
  readonly plan: string;
  readonly weights: { provenance: 'official' | 'synthetic'; description: string };
  readonly source: string;
  readonly target: string;
  readonly output: string;
  readonly frames: number;
  readonly framesWithoutFace: number;
  readonly facesSwapped: number;
  /** Milliseconds per stage. */
  readonly stages: Record<string, number>;
}

export async function swapCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      source: { type: 'string' },
      target: { type: 'string' },
      out: { type: 'string', short: 'o' },
      weights: { type: 'string' },
      synthetic: { type: 'boolean', default: false },
      'largest-only': { type: 'boolean', default: false },
      'no-label': { type: 'boolean', default: false },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(SWAP_USAGE);
    return 0;
  }
  if (!values.source || !values.target || !values.out) {
    process.stderr.write(`swap: --source, --target and -o are all needed\n\n${SWAP_USAGE}`);
    return 2;
  }
  const report = await runSwap({
    source: values.source,
    target: values.target,
    out: values.out,
    weights: values.weights,
    synthetic: values.synthetic,
    largestOnly: values['largest-only'],
    label: !values['no-label'],
  });
  if (report === undefined) return 1;
  printReport(report);
  if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

export interface SwapJob {
  readonly source: string;
  readonly target: string;
  readonly out: string;
  readonly weights?: string;
  readonly synthetic?: boolean;
  readonly largestOnly?: boolean;
  readonly label?: boolean;
}

/** Runs a swap job; returns undefined (after printing why) when the source has no face. */
export async function runSwap(job: SwapJob): Promise<SwapReport | undefined> {
  const stages: Record<string, number> = {};
  const time = async <T>(stage: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      stages[stage] = (stages[stage] ?? 0) + performance.now() - t0;
    }
  };
  const engine = await time('device', async () => FaceSwapEngine.create({ gpu: await nodeGpu(), faceFinder: defaultFaceFinder() }));
  try {
    const weightsSource = await chooseWeights(job);
    const loaded = await time('load weights', () => engine.loadWeights(weightsSource));
    if (loaded.provenance === 'synthetic') process.stderr.write(`swap: ${loaded.description} — the output shows the pipeline, not a real identity swap\n`);
    const source = await readImageFile(job.source);
    try {
      await time('source identity (detect + ArcFace + IIN)', () => engine.setIdentityFromImage(source.rgba, source.width, source.height, { name: basename(job.source), allFaces: !job.largestOnly }));
    } catch (e) {
      if (e instanceof NoFaceError) {
        process.stderr.write(`swap: ${e.message}\n`);
        return undefined;
      }
      throw e;
    }
    // PNG tEXt is Latin-1: keep the note ASCII.
    const provenance = `AI-swapped with MobileFaceSwap (WebGPU engine); weights: ${loaded.description}`.replace(/[^\x20-\x7e]/g, '-');
    const targetIsDir = (await stat(job.target)).isDirectory();
    const frames = targetIsDir ? (await readdir(job.target)).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort() : [basename(job.target)];
    if (targetIsDir && frames.length === 0) throw new Error(`no .png/.jpg frames in ${job.target}`);
    const inDir = targetIsDir ? job.target : dirname(job.target);
    if (targetIsDir) await mkdir(job.out, { recursive: true });
    else await mkdir(dirname(job.out), { recursive: true });
    const video = new VideoSwapper(engine, { largestOnly: job.largestOnly ?? false, label: job.label ?? true, track: targetIsDir });
    let withoutFace = 0;
    let faces = 0;
    for (const name of frames) {
      const inPath = join(inDir, name);
      const outPath = targetIsDir ? join(job.out, name) : job.out;
      const frame = await time('read target', () => readImageFile(inPath));
      const result = await time('swap (detect/track + warp + IDN + paste-back)', () => video.swapFrame(frame.rgba, frame.width, frame.height));
      for (const [stage, ms] of Object.entries(result.timings)) stages[`  ${stage}`] = (stages[`  ${stage}`] ?? 0) + ms;
      if (result.faces.length === 0) {
        withoutFace++;
        process.stderr.write(`swap: warning: no face in ${inPath}; ${targetIsDir ? 'frame passed through unchanged' : 'copied unchanged'}\n`);
        if (!targetIsDir && extname(inPath).toLowerCase() === extname(outPath).toLowerCase()) {
          await copyFile(inPath, outPath);
          continue;
        }
      }
      faces += result.faces.length;
      await time('write output', () => writeImageFile(outPath, { width: result.width, height: result.height, rgba: result.rgba }, result.faces.length ? { textChunks: { Comment: provenance, 'AI-generated': 'true' } } : {}));
    }
    return {
      adapter: adapterLabel(engine.capabilities.adapter),
      plan: engine.planChoice ? describePlanChoice(engine.planChoice) : 'none',
      weights: { provenance: loaded.provenance, description: loaded.description },
      source: job.source,
      target: job.target,
      output: job.out,
      frames: frames.length,
      framesWithoutFace: withoutFace,
      facesSwapped: faces,
      stages,
    };
  } finally {
    engine.dispose();
  }
}

async function chooseWeights(job: SwapJob): Promise<WeightsSource> {
  if (job.synthetic) return { synthetic: {} };
  const path = job.weights ?? (existsSync(DEFAULT_WEIGHTS_PATH) ? DEFAULT_WEIGHTS_PATH : undefined);
  if (!path) return { synthetic: {} };
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(path);
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name: path };
}

export function printReport(r: SwapReport): void {
  const lines = [
    `adapter:  ${r.adapter}`,
    `plan:     ${r.plan}`,
    `weights:  ${r.weights.provenance === 'synthetic' && !r.weights.description.includes('SYNTHETIC') ? 'SYNTHETIC — ' : ''}${r.weights.description}`,
    `source:   ${r.source}`,
    `target:   ${r.target} (${r.frames} frame${r.frames === 1 ? '' : 's'}, ${r.facesSwapped} face${r.facesSwapped === 1 ? '' : 's'} swapped, ${r.framesWithoutFace} without a face)`,
    `output:   ${r.output}`,
    'stages (ms):',
    ...Object.entries(r.stages).map(([k, v]) => `  ${k.padEnd(50)}${v.toFixed(0).padStart(8)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
