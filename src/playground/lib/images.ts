/**
 * Pixels in and out of the page: decode images to RGBA, grab video frames, convert between RGBA and the
 * engine's planar [3, S, S] float crops.
 */
export interface RgbaFrame {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
}

/** Big photos are scaled down first: detection and paste-back cost grows with pixels, the 224 crop does not. */
export const MAX_IMAGE_SIDE = 1280;

function scratchContext(width: number, height: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser gave no 2D canvas context');
  return ctx;
}

function fitted(width: number, height: number, maxSide: number): [number, number] {
  const s = Math.min(1, maxSide / Math.max(width, height));
  return [Math.max(1, Math.round(width * s)), Math.max(1, Math.round(height * s))];
}

/** Decode an image (file, blob or URL) to RGBA, no larger than maxSide on its long edge. */
export async function decodeToRgba(source: Blob | string, maxSide = MAX_IMAGE_SIDE): Promise<RgbaFrame> {
  const blob = typeof source === 'string' ? await (await fetchOk(source)).blob() : source;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(`${source instanceof File ? source.name : 'the image'} could not be decoded: use a PNG, JPEG or WebP image`);
  }
  try {
    return drawToRgba(bitmap, bitmap.width, bitmap.height, maxSide);
  } finally {
    bitmap.close();
  }
}

async function fetchOk(url: string): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r;
}

export function drawToRgba(source: CanvasImageSource, width: number, height: number, maxSide = MAX_IMAGE_SIDE): RgbaFrame {
  const [w, h] = fitted(width, height, maxSide);
  const ctx = scratchContext(w, h);
  ctx.drawImage(source, 0, 0, w, h);
  return { width: w, height: h, rgba: ctx.getImageData(0, 0, w, h).data };
}

/** One frame of a playing video (or webcam) as RGBA; undefined until the video has a frame. */
export function grabVideoFrame(video: HTMLVideoElement, maxSide = 640): RgbaFrame | undefined {
  if (video.readyState < 2 || video.videoWidth === 0) return undefined;
  return drawToRgba(video, video.videoWidth, video.videoHeight, maxSide);
}

/** The largest centred square of the frame. */
export function centreSquare(width: number, height: number): { x: number; y: number; side: number } {
  const side = Math.min(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), side };
}

/** Bilinear sample of channel c at a fractional pixel (clamped at the edges). */
function sample(rgba: ArrayLike<number>, width: number, height: number, x: number, y: number, c: number): number {
  const xc = Math.min(Math.max(x, 0), width - 1);
  const yc = Math.min(Math.max(y, 0), height - 1);
  const x0 = Math.floor(xc);
  const y0 = Math.floor(yc);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const fx = xc - x0;
  const fy = yc - y0;
  const at = (xx: number, yy: number) => rgba[(yy * width + xx) * 4 + c]!;
  return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
}

/** Centre square resized to size×size, as planar [3, size, size] floats in [0, 1] (the IDN's crop layout). */
export function centreCropPlanar(frame: RgbaFrame, size = 224): Float32Array {
  const { x, y, side } = centreSquare(frame.width, frame.height);
  const out = new Float32Array(3 * size * size);
  const scale = side / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const sx = x + (i + 0.5) * scale - 0.5;
      const sy = y + (j + 0.5) * scale - 0.5;
      for (let c = 0; c < 3; c++) out[c * size * size + j * size + i] = sample(frame.rgba, frame.width, frame.height, sx, sy, c) / 255;
    }
  }
  return out;
}

/** Planar [3, S, S] in [0, 1] → RGBA bytes. */
export function planarToRgba(planar: Float32Array, size: number): Uint8Array {
  const n = size * size;
  const out = new Uint8Array(n * 4);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) out[p * 4 + c] = clampByte(planar[c * n + p]! * 255);
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** One channel in [0, 1] (a mask) → grey RGBA bytes. */
export function greyToRgba(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  for (let p = 0; p < values.length; p++) {
    const v = clampByte(values[p]! * 255);
    out[p * 4] = out[p * 4 + 1] = out[p * 4 + 2] = v;
    out[p * 4 + 3] = 255;
  }
  return out;
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** Draw RGBA bytes into a canvas, resizing the canvas to the image. */
export function paintRgba(canvas: HTMLCanvasElement, rgba: ArrayLike<number>, width: number, height: number): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const data = rgba instanceof Uint8ClampedArray ? rgba : new Uint8ClampedArray(rgba as ArrayLike<number>);
  ctx.putImageData(new ImageData(data as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
}

/**
 * A crop from swapImage in whichever layout it came: planar [3, S, S] floats, interleaved RGBA floats, or a
 * single-channel mask. Returns RGBA bytes and the side, or undefined for a length that fits none.
 */
export function cropToRgba(values: Float32Array): { rgba: Uint8Array; size: number } | undefined {
  const asSide = (n: number) => (Number.isInteger(Math.sqrt(n)) ? Math.sqrt(n) : 0);
  const planar = asSide(values.length / 3);
  if (values.length % 3 === 0 && planar) return { rgba: planarToRgba(values, planar), size: planar };
  const grey = asSide(values.length);
  if (grey) return { rgba: greyToRgba(values), size: grey };
  return undefined;
}
