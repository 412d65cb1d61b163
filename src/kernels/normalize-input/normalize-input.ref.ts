/** CPU reference: (x − 0.5) / 0.5. */
export function normalizeInputRef(input: Float32Array): Float32Array {
  return input.map((v) => (v - 0.5) / 0.5);
}
