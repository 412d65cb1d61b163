/** Typed errors of the image helpers: what was wrong with the bytes or the arguments, and what is accepted. */
import { EngineError } from '../errors';

export type ImageErrorReason = 'unsupported-format' | 'corrupt' | 'bad-argument';

/** Bytes that are not a PNG or JPEG, or a PNG/JPEG that does not decode. */
export class ImageDecodeError extends EngineError {
  readonly reason: ImageErrorReason;
  constructor(reason: Exclude<ImageErrorReason, 'bad-argument'>, detail: string) {
    super('invalid-argument', `cannot decode image: ${detail}`);
    this.reason = reason;
  }
}

/** Pixels, sizes or text that cannot be encoded or drawn as asked. */
export class ImageArgumentError extends EngineError {
  readonly reason: ImageErrorReason = 'bad-argument';
  constructor(detail: string) {
    super('invalid-argument', detail);
  }
}

/** Throws unless `rgba` holds exactly width·height RGBA8 pixels of a positive-integer size. */
export function checkRgba(rgba: Uint8Array, width: number, height: number, what = 'image'): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new ImageArgumentError(`${what}: width and height must be positive integers, got ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new ImageArgumentError(`${what}: ${width}×${height} RGBA8 needs ${width * height * 4} bytes, got ${rgba.length}`);
  }
}
