/** CPU reference: bilinear ×2, align_corners=True (source coordinate = d·(in−1)/(out−1)), NCHW. */
export function upsampleBilinearRef(input: Float32Array, channels: number, height: number, width: number): Float32Array {
  const oh = 2 * height;
  const ow = 2 * width;
  const out = new Float32Array(channels * oh * ow);
  const coord = (d: number, inSize: number, outSize: number) => (outSize > 1 ? (d * (inSize - 1)) / (outSize - 1) : 0);
  for (let c = 0; c < channels; c++) {
    const plane = input.subarray(c * height * width, (c + 1) * height * width);
    for (let y = 0; y < oh; y++) {
      const sy = coord(y, height, oh);
      const y0 = Math.floor(sy);
      const y1 = Math.min(y0 + 1, height - 1);
      const fy = sy - y0;
      for (let x = 0; x < ow; x++) {
        const sx = coord(x, width, ow);
        const x0 = Math.floor(sx);
        const x1 = Math.min(x0 + 1, width - 1);
        const fx = sx - x0;
        const top = plane[y0 * width + x0]! * (1 - fx) + plane[y0 * width + x1]! * fx;
        const bottom = plane[y1 * width + x0]! * (1 - fx) + plane[y1 * width + x1]! * fx;
        out[(c * oh + y) * ow + x] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}
