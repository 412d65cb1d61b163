import type { AddActivationParams, GraphActivation, ResidualSpec } from './add-activation';

/** The shortcut at output channel c, pixel (y, x): max-pooled 2×2/2 over its in-image taps when `pool`, zero on channels it does not cover. */
export function residualRef(residual: Float32Array, r: ResidualSpec, c: number, y: number, x: number): number {
  const rc = c - (r.channelOffset ?? 0);
  if (rc < 0 || rc >= r.channels) return 0;
  const at = (yy: number, xx: number) => residual[(rc * r.height + yy) * r.width + xx]!;
  if (!r.pool) return at(y, x);
  let m = -Infinity;
  for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) if (2 * y + dy < r.height && 2 * x + dx < r.width) m = Math.max(m, at(2 * y + dy, 2 * x + dx));
  return m;
}

/** One activation from its definition; `slope` is the channel's PReLU slope. */
export function graphActivationRef(v: number, a: GraphActivation | undefined, slope = 0): number {
  switch (a) {
    case 'relu':
      return Math.max(v, 0);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'prelu':
      return v >= 0 ? v : v * slope;
    default:
      return v;
  }
}

/**
 * CPU reference: out[c, y, x] = act(in[c, y, x] + r[c, y, x]), where r is the residual (max-pooled 2×2/2 over
 * its in-image taps when `pool`) shifted by `channelOffset` channels, and zero on channels it does not cover.
 */
export function addActivationRef(input: Float32Array, residual: Float32Array, alpha: Float32Array | undefined, p: AddActivationParams): Float32Array {
  const { channels: C, height: H, width: W } = p;
  const out = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = (c * H + y) * W + x;
        out[i] = graphActivationRef(input[i]! + residualRef(residual, p.residual, c, y, x), p.activation, alpha?.[c]);
      }
    }
  }
  return out;
}
