/**
 * The checkpoint converter (Node): official `.pdparams` → one validated `.safetensors` with provenance
 * metadata, optionally with BatchNorm folded. Also writes synthetic `.pdparams` files to try it on.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BN_EPSILON, foldBatchNorms } from './batchnorm';
import { CheckpointFileError, ConvertUsageError, WrongCheckpointError } from './errors';
import { ARCFACE_FILE_NAME, SWAP_FILE_NAME } from './manifest';
import {
  CHECKPOINT_PARTS,
  CONVERTED_FORMAT,
  CONVERTED_FORMAT_VERSION,
  NAMING_SCHEME,
  PART_PREFIX,
  identifyCheckpoint,
  partFolds,
  partManifest,
  prefixTensors,
  type CheckpointPart,
} from './naming';

export { identifyCheckpoint };
import { readPdparams, type PdparamsContents } from './pickle-reader';
import { encodePdparamsChunks, type PdparamsWriteOptions } from './pickle-writer';
import { writeSafetensorsFile } from './safetensors-node';
import { makeSyntheticArcfaceWeights, makeSyntheticSwapWeights, SYNTHETIC_MARKER_KEY, SYNTHETIC_NOTICE } from './synthetic';
import type { TensorMap } from './tensor-map';
import { validateTensors } from './validate';

export const CONVERT_USAGE = `usage: mobilefaceswap convert [--swap MobileFaceSwap_224.pdparams] [--arcface arcface.pdparams] -o OUT.safetensors [--fold-bn]
       mobilefaceswap convert --synth DIR [--seed N] [--protocol 2|4] [-o OUT.safetensors [--fold-bn]]

  --swap FILE      the official MobileFaceSwap_224.pdparams (IIN + IDN heads)
  --arcface FILE   the official arcface.pdparams (identity encoder)
  -o, --out FILE   the .safetensors to write (keys prefixed swap. / arcface.)
  --fold-bn        fold every BatchNorm that follows a conv/linear into it
  --synth DIR      write SYNTHETIC ${SWAP_FILE_NAME} and ${ARCFACE_FILE_NAME} into DIR (not a real face swap);
                   with -o, convert them right away
  --seed N         seed of the synthetic weights (default 1)
  --protocol 2|4   pickle protocol of the synthetic files (default 4)
Either --swap or --arcface may be given alone.`;

const FLAG: Record<CheckpointPart, string> = { swap: '--swap', arcface: '--arcface' };
const DESCRIPTION: Record<CheckpointPart, string> = {
  swap: `the MobileFaceSwap network (${SWAP_FILE_NAME})`,
  arcface: `the ArcFace identity encoder (${ARCFACE_FILE_NAME})`,
};
const READ_CHUNK = 16 * 1024 * 1024;

export interface ConvertProgress {
  readonly stage: 'read' | 'write';
  readonly file: string;
  readonly done: number;
  readonly total: number;
}

export interface ConvertOptions {
  readonly swapPath?: string;
  readonly arcfacePath?: string;
  readonly outPath: string;
  readonly foldBn?: boolean;
  readonly onProgress?: (progress: ConvertProgress) => void;
}

export interface ConvertSummary {
  readonly outPath: string;
  readonly tensors: number;
  readonly parameters: number;
  readonly bytes: number;
  readonly tensorsPerPart: Partial<Record<CheckpointPart, number>>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly synthetic: boolean;
  /** Lossy conversions reported by the reader (float64/float16 → float32). */
  readonly notes: readonly string[];
}

/** Converts the given checkpoints into one safetensors file. Throws WeightsError subclasses on bad input. */
export async function convertCheckpoints(options: ConvertOptions): Promise<ConvertSummary> {
  const inputs: [CheckpointPart, string][] = [];
  if (options.swapPath !== undefined) inputs.push(['swap', options.swapPath]);
  if (options.arcfacePath !== undefined) inputs.push(['arcface', options.arcfacePath]);
  if (inputs.length === 0) throw new ConvertUsageError('give --swap and/or --arcface');
  for (const [part, path] of inputs) {
    if (resolve(path) === resolve(options.outPath)) throw new ConvertUsageError(`the output ${options.outPath} is also the ${FLAG[part]} input`);
  }

  const foldBn = options.foldBn ?? false;
  const metadata: Record<string, string> = {
    format: CONVERTED_FORMAT,
    format_version: CONVERTED_FORMAT_VERSION,
    naming: NAMING_SCHEME,
    parts: inputs.map(([part]) => part).join(','),
    bn_folded: String(foldBn),
    bn_epsilon: String(BN_EPSILON),
  };
  const out: TensorMap = new Map();
  const tensorsPerPart: Partial<Record<CheckpointPart, number>> = {};
  const notes: string[] = [];
  let synthetic = false;

  for (const [part, path] of inputs) {
    const { contents, sha256 } = await readCheckpointFile(path, part, options.onProgress);
    let tensors = checkCheckpoint(contents.tensors, part, path);
    if (foldBn) tensors = foldBatchNorms(tensors, partFolds(part));
    for (const [name, t] of prefixTensors(tensors, PART_PREFIX[part])) out.set(name, t);
    tensorsPerPart[part] = tensors.size;
    notes.push(...contents.notes.map((n) => `${basename(path)}: ${n}`));
    metadata[`${part}_source`] = basename(path);
    metadata[`${part}_sha256`] = sha256;
    if (contents.structuredNames.has(SYNTHETIC_MARKER_KEY)) synthetic = true;
  }
  metadata.synthetic = String(synthetic);
  if (synthetic) metadata.notice = SYNTHETIC_NOTICE;

  await ensureWritableTarget(options.outPath);
  const bytes = await writeSafetensorsFile(options.outPath, out, metadata, (done, total) =>
    options.onProgress?.({ stage: 'write', file: options.outPath, done, total }),
  );
  let parameters = 0;
  for (const t of out.values()) parameters += t.data.length;
  return { outPath: options.outPath, tensors: out.size, parameters, bytes, tensorsPerPart, metadata, synthetic, notes };
}

/** Rejects the other checkpoint given under this flag, then validates against the manifest. */
function checkCheckpoint(tensors: TensorMap, part: CheckpointPart, path: string): TensorMap {
  const detected = identifyCheckpoint(tensors);
  if (detected && detected !== part) {
    throw new WrongCheckpointError(
      `${FLAG[part]} ${path} holds ${DESCRIPTION[detected]}, not ${DESCRIPTION[part]}: pass it as ${FLAG[detected]} instead`,
      part,
      detected,
    );
  }
  validateTensors(tensors, partManifest(part, false), `${FLAG[part]} ${basename(path)}`);
  return tensors;
}

/** Reads a checkpoint in chunks (progress, SHA-256 in the same pass) and parses it safely. */
async function readCheckpointFile(
  path: string,
  part: CheckpointPart,
  onProgress: ConvertOptions['onProgress'],
): Promise<{ contents: PdparamsContents; sha256: string }> {
  const size = await fileSize(path, FLAG[part]);
  const bytes = new Uint8Array(size);
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  try {
    let done = 0;
    while (done < size) {
      const { bytesRead } = await file.read(bytes, done, Math.min(READ_CHUNK, size - done), done);
      if (bytesRead === 0) break;
      hash.update(bytes.subarray(done, done + bytesRead));
      done += bytesRead;
      onProgress?.({ stage: 'read', file: path, done, total: size });
    }
  } finally {
    await file.close();
  }
  return { contents: readPdparams(bytes), sha256: hash.digest('hex') };
}

async function fileSize(path: string, flag: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new CheckpointFileError(`${flag} ${path} is a directory, not a .pdparams file`, path, 'EISDIR');
    return info.size;
  } catch (e) {
    if (e instanceof CheckpointFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new CheckpointFileError(`${flag} ${path}: ${why}`, path, code);
  }
}

async function ensureWritableTarget(outPath: string): Promise<void> {
  const info = await stat(outPath).catch(() => undefined);
  if (info?.isDirectory()) throw new CheckpointFileError(`-o ${outPath} is a directory; give a file name such as weights.safetensors`, outPath, 'EISDIR');
  const dir = await stat(join(outPath, '..')).catch(() => undefined);
  if (!dir?.isDirectory()) throw new CheckpointFileError(`-o ${outPath}: its folder does not exist`, outPath, 'ENOENT');
}

// ---------------------------------------------------------------- synthetic inputs

export interface SyntheticPdparamsOptions extends Omit<PdparamsWriteOptions, 'structuredNames'> {
  readonly seed?: number;
}

/** Writes SYNTHETIC MobileFaceSwap_224.pdparams and arcface.pdparams into `dir` (created if needed). */
export async function writeSyntheticPdparams(
  dir: string,
  options: SyntheticPdparamsOptions = {},
): Promise<{ swapPath: string; arcfacePath: string }> {
  const seed = options.seed ?? 1;
  await mkdir(dir, { recursive: true });
  const swapPath = join(dir, SWAP_FILE_NAME);
  const arcfacePath = join(dir, ARCFACE_FILE_NAME);
  await writePdparamsFile(swapPath, makeSyntheticSwapWeights(seed), seed, options);
  await writePdparamsFile(arcfacePath, makeSyntheticArcfaceWeights(seed), seed, options);
  return { swapPath, arcfacePath };
}

async function writePdparamsFile(path: string, tensors: TensorMap, seed: number, options: PdparamsWriteOptions): Promise<void> {
  // The name table carries the synthetic marker so the converter can flag everything made from it.
  const structuredNames = new Map([...tensors.keys()].map((name, i) => [name, `synthetic_${i}`]));
  structuredNames.set(SYNTHETIC_MARKER_KEY, `${SYNTHETIC_NOTICE} (seed ${seed})`);
  const file = await open(path, 'w');
  try {
    for (const chunk of encodePdparamsChunks(tensors, { ...options, structuredNames })) await file.write(chunk);
  } finally {
    await file.close();
  }
}

// ---------------------------------------------------------------- command line

export type ConvertResult =
  | { readonly kind: 'help'; readonly text: string }
  | {
      readonly kind: 'done';
      readonly synthetic?: { readonly swapPath: string; readonly arcfacePath: string };
      readonly summary?: ConvertSummary;
    };

/**
 * `convert --swap A --arcface B -o OUT [--fold-bn]` or `convert --synth DIR [...]`. A leading
 * `convert` word is accepted. Throws ConvertUsageError on bad arguments.
 */
export async function runConvert(args: string[], onProgress?: (progress: ConvertProgress) => void): Promise<ConvertResult> {
  const parsed = parseConvertArgs(args[0] === 'convert' ? args.slice(1) : args);
  if (parsed.help) return { kind: 'help', text: CONVERT_USAGE };

  let { swap, arcface } = parsed;
  let synthetic: { swapPath: string; arcfacePath: string } | undefined;
  if (parsed.synth !== undefined) {
    if (swap !== undefined || arcface !== undefined) throw new ConvertUsageError('--synth writes its own inputs: do not combine it with --swap/--arcface');
    synthetic = await writeSyntheticPdparams(parsed.synth, { seed: parsed.seed, protocol: parsed.protocol });
    if (parsed.out === undefined) return { kind: 'done', synthetic };
    ({ swapPath: swap, arcfacePath: arcface } = synthetic);
  }
  if (swap === undefined && arcface === undefined) throw new ConvertUsageError('give --swap and/or --arcface (or --synth DIR)');
  if (parsed.out === undefined) throw new ConvertUsageError('give the output file with -o OUT.safetensors');
  const summary = await convertCheckpoints({
    ...(swap !== undefined && { swapPath: swap }),
    ...(arcface !== undefined && { arcfacePath: arcface }),
    outPath: parsed.out,
    foldBn: parsed.foldBn,
    ...(onProgress && { onProgress }),
  });
  return { kind: 'done', summary, ...(synthetic && { synthetic }) };
}

interface ConvertArgs {
  readonly help: boolean;
  readonly swap: string | undefined;
  readonly arcface: string | undefined;
  readonly out: string | undefined;
  readonly foldBn: boolean;
  readonly synth: string | undefined;
  readonly seed: number;
  readonly protocol: 2 | 4;
}

function parseConvertArgs(args: string[]): ConvertArgs {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        swap: { type: 'string' },
        arcface: { type: 'string' },
        out: { type: 'string', short: 'o' },
        'fold-bn': { type: 'boolean', default: false },
        synth: { type: 'string' },
        seed: { type: 'string', default: '1' },
        protocol: { type: 'string', default: '4' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new ConvertUsageError(`${(e as Error).message}\n${CONVERT_USAGE}`);
  }
  if (positionals.length) throw new ConvertUsageError(`unexpected argument '${positionals[0]}'\n${CONVERT_USAGE}`);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ConvertUsageError(`--seed ${values.seed} is not an integer in 0..4294967295`);
  if (values.protocol !== '2' && values.protocol !== '4') throw new ConvertUsageError(`--protocol ${values.protocol}: only 2 and 4 are supported`);
  return {
    help: values.help,
    swap: values.swap,
    arcface: values.arcface,
    out: values.out,
    foldBn: values['fold-bn'],
    synth: values.synth,
    seed,
    protocol: values.protocol === '2' ? 2 : 4,
  };
}

