/** A deterministic 224×224 RGBA "aligned face" for identity-network tests: smooth gradients plus a bright blob. */
export function syntheticAlignedCrop(): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(224 * 224 * 4);
  for (let y = 0; y < 224; y++) {
    for (let x = 0; x < 224; x++) {
      const i = (y * 224 + x) * 4;
      const blob = Math.exp(-((x - 112) ** 2 + (y - 120) ** 2) / 3000);
      rgba[i] = 60 + 150 * blob + 30 * Math.sin(x / 11);
      rgba[i + 1] = 40 + 120 * blob + 30 * Math.cos(y / 7);
      rgba[i + 2] = 30 + 100 * blob + 20 * Math.sin((x + y) / 19);
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}
