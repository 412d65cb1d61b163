/**
 * Heatmap colours: a perceptually ordered dark-blue → teal → yellow ramp (five hand-picked stops, linearly
 * interpolated into a 256-entry table once).
 */
const STOPS: readonly (readonly [number, number, number])[] = [
  [20, 18, 60],
  [40, 80, 150],
  [30, 150, 140],
  [130, 200, 80],
  [250, 230, 60],
];

const LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (STOPS.length - 1);
    const k = Math.min(Math.floor(t), STOPS.length - 2);
    const f = t - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(STOPS[k]![c]! * (1 - f) + STOPS[k + 1]![c]! * f);
  }
  return lut;
})();

/** Non-finite values get a loud magenta so NaN/Inf stand out in any map. */
const BAD: readonly [number, number, number] = [255, 0, 200];

/**
 * One H×W plane (at `offset` in `data`) → RGBA bytes, scaled so lo maps to the first colour and hi to the
 * last. A constant plane (hi = lo) draws in the middle colour.
 */
export function heatmapRgba(data: Float32Array, offset: number, width: number, height: number, lo: number, hi: number): Uint8ClampedArray<ArrayBuffer> {
  const n = width * height;
  const out = new Uint8ClampedArray(n * 4);
  const span = hi - lo;
  for (let p = 0; p < n; p++) {
    const v = data[offset + p]!;
    let r: number;
    let g: number;
    let b: number;
    if (!Number.isFinite(v)) [r, g, b] = BAD;
    else {
      const idx = span > 0 ? Math.min(255, Math.max(0, Math.round(((v - lo) / span) * 255))) : 128;
      r = LUT[idx * 3]!;
      g = LUT[idx * 3 + 1]!;
      b = LUT[idx * 3 + 2]!;
    }
    out[p * 4] = r;
    out[p * 4 + 1] = g;
    out[p * 4 + 2] = b;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** CSS gradient of the same ramp, for the legend. */
export const COLORMAP_CSS = `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r} ${g} ${b})`).join(', ')})`;
