/** CPU reference: gen = (t + 1)/2; out = gen·m + crop·(1 − m), m broadcast over 3 channels. */
export function blendRef(tanhImage: Float32Array, mask: Float32Array, crop: Float32Array, pixels: number): Float32Array {
  const out = new Float32Array(3 * pixels);
  for (let i = 0; i < 3 * pixels; i++) {
    const m = mask[i % pixels]!;
    out[i] = ((tanhImage[i]! + 1) / 2) * m + crop[i]! * (1 - m);
  }
  return out;
}
