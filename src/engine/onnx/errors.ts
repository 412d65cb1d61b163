/** Raised when an export cannot start: missing or mis-shaped weights, bad kernels, a bad size. */
export class OnnxExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxExportError';
  }
}
