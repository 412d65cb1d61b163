/**
 * Typed errors of the weights layer. Each carries structured fields so callers (CLI, playground) can
 * react without parsing messages, and a message that says what went wrong and what to do.
 */

import { EngineError } from '../errors';

/** Base class: anything the weights layer rejects on purpose. The CLI prints these without a stack. */
export class WeightsError extends EngineError {
  constructor(message: string) {
    super('invalid-weights', message);
    this.name = 'WeightsError';
  }
}

/** The pickle references a global outside the allow-list; nothing from the file was run. */
export class UnsafePickleError extends WeightsError {
  /** `module.name` exactly as the file spells it, e.g. `os.system`. */
  readonly global: string;
  readonly offset: number;

  constructor(global: string, offset: number) {
    super(
      `refused to load pickle: it references '${global}' (at byte ${offset}), which is not a numpy array ` +
        `constructor. A .pdparams file only needs numpy's _reconstruct/ndarray/dtype and _codecs.encode; ` +
        `this file may be malicious or is not a Paddle checkpoint. Nothing from it was executed.`,
    );
    this.name = 'UnsafePickleError';
    this.global = global;
    this.offset = offset;
  }
}

/** The bytes are not a well-formed pickle (truncated, garbage, unsupported opcode, wrong structure). */
export class PickleFormatError extends WeightsError {
  readonly offset: number;
  readonly reason: string;

  constructor(reason: string, offset: number) {
    super(`not a readable .pdparams pickle: ${reason} (at byte ${offset}). Is the file complete and a Paddle state dict?`);
    this.name = 'PickleFormatError';
    this.offset = offset;
    this.reason = reason;
  }
}

/** A stored array uses a layout or dtype the engine cannot take (big-endian, Fortran order, integers...). */
export class UnsupportedTensorError extends WeightsError {
  readonly tensor: string;
  readonly reason: string;

  constructor(tensor: string, reason: string) {
    super(`tensor '${tensor}': ${reason}. Re-save it as a little-endian, C-order float32 numpy array.`);
    this.name = 'UnsupportedTensorError';
    this.tensor = tensor;
    this.reason = reason;
  }
}

export interface MisshapedTensor {
  readonly name: string;
  readonly expected: readonly number[];
  readonly actual: readonly number[];
}

/** A tensor set does not match its manifest: every missing, extra and mis-shaped key, together. */
export class WeightValidationError extends WeightsError {
  readonly source: string;
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  readonly misshaped: readonly MisshapedTensor[];

  constructor(source: string, missing: readonly string[], extra: readonly string[], misshaped: readonly MisshapedTensor[]) {
    super(describeMismatch(source, missing, extra, misshaped));
    this.name = 'WeightValidationError';
    this.source = source;
    this.missing = missing;
    this.extra = extra;
    this.misshaped = misshaped;
  }
}

/** The safetensors container itself is malformed (header, JSON, offsets, dtype, sizes). */
export class SafetensorsFormatError extends WeightsError {
  readonly reason: string;

  constructor(reason: string) {
    super(`invalid safetensors file: ${reason}. Re-create it with \`mobilefaceswap convert\`.`);
    this.name = 'SafetensorsFormatError';
    this.reason = reason;
  }
}

/** A weights download failed (HTTP status, network) before any parsing. */
export class WeightsDownloadError extends WeightsError {
  readonly url: string;
  readonly status: number | undefined;

  constructor(url: string, detail: string, status?: number) {
    super(`could not download weights from ${url}: ${detail}. Check the URL and that the server allows the request.`);
    this.name = 'WeightsDownloadError';
    this.url = url;
    this.status = status;
  }
}

/** A file was given for the wrong checkpoint (e.g. arcface.pdparams as --swap). */
export class WrongCheckpointError extends WeightsError {
  readonly expected: string;
  readonly detected: string;

  constructor(message: string, expected: string, detected: string) {
    super(message);
    this.name = 'WrongCheckpointError';
    this.expected = expected;
    this.detected = detected;
  }
}

/** An input or output path of the converter cannot be used (missing, a directory, unreadable). */
export class CheckpointFileError extends WeightsError {
  readonly path: string;
  /** The operating system's error code (ENOENT, EISDIR, ...), when there was one. */
  readonly systemCode: string | undefined;

  constructor(message: string, path: string, systemCode?: string) {
    super(message);
    this.name = 'CheckpointFileError';
    this.path = path;
    this.systemCode = systemCode;
  }
}

/** Bad command-line use of the converter. */
export class ConvertUsageError extends WeightsError {
  constructor(message: string) {
    super(message);
    this.name = 'ConvertUsageError';
  }
}

const LISTED = 5;

function preview(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown}, … (+${items.length - LISTED} more)` : shown;
}

function describeMismatch(
  source: string,
  missing: readonly string[],
  extra: readonly string[],
  misshaped: readonly MisshapedTensor[],
): string {
  const parts: string[] = [];
  if (missing.length) parts.push(`${missing.length} missing (${preview(missing)})`);
  if (extra.length) parts.push(`${extra.length} unexpected (${preview(extra)})`);
  if (misshaped.length) {
    const shapes = misshaped.map((m) => `${m.name}: expected [${m.expected.join(', ')}], got [${m.actual.join(', ')}]`);
    parts.push(`${misshaped.length} with the wrong shape (${preview(shapes)})`);
  }
  return (
    `${source} does not match the expected MobileFaceSwap checkpoint: ${parts.join('; ')}. ` +
    `Use the official MobileFaceSwap_224.pdparams / arcface.pdparams (each with its own flag), ` +
    `or re-run \`mobilefaceswap convert\` to rebuild the .safetensors.`
  );
}
