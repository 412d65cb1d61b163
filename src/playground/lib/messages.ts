/** People-facing wording for every failure the page can show: a title, what happened, and what to do. */
import { EngineError } from '../../engine/errors';

export interface Problem {
  readonly title: string;
  readonly detail: string;
  /** Engine error code, or a playground-specific one. */
  readonly code: string;
}

export const WEBGPU_BROWSERS = 'Chrome or Edge 113+, Safari 26+, Firefox 141+, or Chromium started with --enable-unsafe-webgpu';

export function noWebGpuProblem(detail?: string): Problem {
  return {
    code: 'no-webgpu',
    title: 'This browser has no WebGPU',
    detail:
      `The playground runs every network on the GPU through WebGPU${detail ? ` (${detail})` : ''}. ` +
      `Use ${WEBGPU_BROWSERS}. On Linux, Chrome may also need chrome://flags/#enable-unsafe-webgpu and ` +
      `chrome://flags/#enable-vulkan; in Firefox before 141 set dom.webgpu.enabled in about:config.`,
  };
}

/** Turn anything thrown into a Problem; engine errors keep their own message (it already says what to do). */
export function describeProblem(e: unknown, context = 'Something went wrong'): Problem {
  if (e instanceof EngineError) {
    switch (e.code) {
      case 'no-webgpu':
        return noWebGpuProblem();
      case 'no-adapter':
        return {
          code: e.code,
          title: 'WebGPU is present but gave no GPU adapter',
          detail: `The browser exposes WebGPU but requestAdapter() returned nothing: the GPU may be blocklisted or disabled. Try ${WEBGPU_BROWSERS}, and check chrome://gpu.`,
        };
      case 'device-request-failed':
        return { code: e.code, title: 'The GPU refused to create a device', detail: e.message };
      default:
        break;
    }
    if (e.code === 'no-face') return { code: e.code, title: 'No face found', detail: `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.` };
    return { code: e.code, title: context, detail: e.message };
  }
  if (e instanceof DOMException) return { code: e.name, title: context, detail: e.message || e.name };
  if (e instanceof Error) return { code: 'unexpected', title: context, detail: e.message };
  return { code: 'unexpected', title: context, detail: String(e) };
}

/** getUserMedia failures, by DOMException name. */
export function cameraProblem(e: unknown): Problem {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return { code: 'camera-denied', title: 'Camera access was denied', detail: 'Allow the camera for this page (the camera icon in the address bar) and try again, or use an image or video file instead.' };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { code: 'camera-missing', title: 'No camera found', detail: 'This device reports no usable camera. Use an image or video file instead.' };
    case 'NotReadableError':
    case 'AbortError':
      return { code: 'camera-busy', title: 'The camera could not be started', detail: 'Another application may be using it. Close it and try again, or use a file instead.' };
    default:
      return {
        code: 'camera-unavailable',
        title: 'The camera is not available',
        detail: `${e instanceof Error ? e.message : String(e)}. Cameras need a secure page (https or localhost).`,
      };
  }
}
