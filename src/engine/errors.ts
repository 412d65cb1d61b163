/**
 * Typed errors of the engine. Every one says what was wrong and what to do, and names the kernel,
 * binding or WGSL line involved, so a caller can both show a message and branch on `code`.
 */
export type EngineErrorCode =
  | 'no-webgpu'
  | 'no-adapter'
  | 'device-request-failed'
  | 'wgsl-compile'
  | 'pipeline-creation'
  | 'missing-binding'
  | 'unknown-binding'
  | 'binding-too-small'
  | 'shape-mismatch'
  | 'device-limit'
  | 'gpu-validation'
  | 'invalid-argument'
  | 'invalid-weights'
  | 'invalid-state'
  | 'no-face';

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** No `navigator.gpu` (browser) or no WebGPU implementation (Node). */
export class WebGpuUnavailableError extends EngineError {
  constructor(detail: string) {
    super(
      'no-webgpu',
      `WebGPU is not available: ${detail}. In a browser use Chrome/Edge 113+ (or Chromium with --enable-unsafe-webgpu), ` +
        `Safari 26+, or Firefox 141+; in Node install the npm package "webgpu" and a Vulkan driver ` +
        `(run scripts/install-system-deps.sh on Debian).`,
    );
  }
}

export class NoAdapterError extends EngineError {
  constructor(detail: string) {
    super('no-adapter', `requestAdapter() returned no GPU adapter (${detail}). On a machine without a GPU, install lavapipe ` +
      `from bookworm-backports (scripts/install-system-deps.sh) or point VK_ICD_FILENAMES at SwiftShader.`);
  }
}

export interface WgslDiagnostic {
  readonly type: string;
  readonly message: string;
  /** Source part (e.g. `pointwise-conv.wgsl`) and 1-based line in that part. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The offending source line, for display. */
  readonly sourceLine: string;
}

export class KernelCompileError extends EngineError {
  readonly kernel: string;
  readonly diagnostics: readonly WgslDiagnostic[];
  constructor(kernel: string, diagnostics: readonly WgslDiagnostic[], fallback?: string) {
    const lines = diagnostics.map((d) => `  ${d.file}:${d.line}:${d.column} ${d.type}: ${d.message}\n    | ${d.sourceLine.trim()}`);
    super('wgsl-compile', `kernel "${kernel}": WGSL failed to compile\n${lines.join('\n') || `  ${fallback ?? 'no diagnostics'}`}`);
    this.kernel = kernel;
    this.diagnostics = diagnostics;
  }
}

export class PipelineCreationError extends EngineError {
  readonly kernel: string;
  constructor(kernel: string, detail: string) {
    super('pipeline-creation', `kernel "${kernel}": compute pipeline creation failed: ${detail}`);
    this.kernel = kernel;
  }
}

export class MissingBindingError extends EngineError {
  readonly kernel: string;
  readonly binding: string;
  constructor(kernel: string, binding: string, expected: readonly string[]) {
    super('missing-binding', `kernel "${kernel}": no resource given for binding "${binding}"; it needs: ${expected.join(', ')}`);
    this.kernel = kernel;
    this.binding = binding;
  }
}

export class UnknownBindingError extends EngineError {
  readonly kernel: string;
  readonly binding: string;
  constructor(kernel: string, binding: string, expected: readonly string[]) {
    super('unknown-binding', `kernel "${kernel}": resource given for "${binding}", which its WGSL does not declare; it declares: ${expected.join(', ')}`);
    this.kernel = kernel;
    this.binding = binding;
  }
}

export class BindingTooSmallError extends EngineError {
  readonly kernel: string;
  readonly binding: string;
  constructor(kernel: string, binding: string, neededBytes: number, actualBytes: number) {
    super('binding-too-small', `kernel "${kernel}": binding "${binding}" needs ${neededBytes} bytes for these shapes but the buffer ` +
      `holds ${actualBytes}; allocate it from the same shapes you pass to the kernel`);
    this.kernel = kernel;
    this.binding = binding;
  }
}

export class ShapeMismatchError extends EngineError {
  readonly kernel: string;
  constructor(kernel: string, detail: string) {
    super('shape-mismatch', `kernel "${kernel}": ${detail}`);
    this.kernel = kernel;
  }
}

export class DeviceLimitError extends EngineError {
  readonly kernel: string;
  readonly limit: string;
  readonly requested: number;
  readonly maximum: number;
  constructor(kernel: string, limit: string, requested: number, maximum: number, hint: string) {
    super('device-limit', `kernel "${kernel}": needs ${limit} = ${requested} but this device allows ${maximum}; ${hint}`);
    this.kernel = kernel;
    this.limit = limit;
    this.requested = requested;
    this.maximum = maximum;
  }
}

export class GpuValidationError extends EngineError {
  readonly kernel: string | undefined;
  constructor(kernel: string | undefined, detail: string) {
    super('gpu-validation', `${kernel ? `kernel "${kernel}": ` : ''}WebGPU validation error: ${detail}`);
    this.kernel = kernel;
  }
}

export class InvalidArgumentError extends EngineError {
  constructor(message: string) {
    super('invalid-argument', message);
  }
}

/** A call made in the wrong order (swap before weights, after dispose, ...); the message says what to do first. */
export class InvalidStateError extends EngineError {
  constructor(message: string) {
    super('invalid-state', message);
  }
}

/** No face where one was needed; the message says where. */
export class NoFaceError extends EngineError {
  constructor(where: string) {
    super('no-face', `no face found in ${where}: use a photo with a clearly visible, roughly frontal face`);
  }
}
