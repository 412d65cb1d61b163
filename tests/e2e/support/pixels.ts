/** Is a screenshot blank? Luminance variance of a PNG (pngjs), plus a count of distinct colours. */
import { PNG } from 'pngjs';

export interface PixelSummary {
  readonly width: number;
  readonly height: number;
  readonly variance: number;
  readonly distinctColours: number;
}

export function summarisePng(png: Buffer): PixelSummary {
  const img = PNG.sync.read(png);
  const n = img.width * img.height;
  let sum = 0;
  let sumSq = 0;
  const colours = new Set<number>();
  for (let p = 0; p < n; p++) {
    const r = img.data[p * 4]!;
    const g = img.data[p * 4 + 1]!;
    const b = img.data[p * 4 + 2]!;
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += y;
    sumSq += y * y;
    if (colours.size < 5000) colours.add((r << 16) | (g << 8) | b);
  }
  const mean = sum / n;
  return { width: img.width, height: img.height, variance: sumSq / n - mean * mean, distinctColours: colours.size };
}
