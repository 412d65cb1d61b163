/**
 * Face detection and landmarks for alignment, on our WGSL kernels (no tfjs at run time):
 * BlazeFace 256 (detector.ts) → FaceMesh 192 on each box (landmarks.ts) → the 5 alignment points in the
 * official order (five-points.ts). Models: MediaPipe's, Apache-2.0, as converted to tfjs graph models by
 * vladmandic/human (see weights/NOTICE).
 *
 * Coordinates: `box` is in continuous frame coordinates (pixel i spans [i, i+1]); `fivePoints` and `mesh`
 * x/y are in OpenCV's pixel-centre convention (pixel i's centre is i), the convention of the official
 * alignment code.
 */
import type { GpuContext } from '../device';
import type { PipelineCache } from '../pipeline-cache';
import { DETECTOR_DEFAULTS, BlazeFaceDetector } from './detector';
import { fivePointsFromMesh, type Point } from './five-points';
import type { Pixels } from './image-sampling';
import { FaceMesh, roiFromDetection } from './landmarks';
import { parseTfjsGraphModel } from './tfjs-graph';

/** One tfjs graph model: model.json (text or parsed) and its weight shards in manifest order. */
export interface ModelFile {
  readonly json: string | object;
  readonly weights: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[];
}

export interface FaceModelFiles {
  /** blazeface.json/.bin (BlazeFace back-camera, 256×256). */
  readonly detector: ModelFile;
  /** facemesh.json/.bin (FaceMesh, 192×192, 468 points). */
  readonly mesh: ModelFile;
}

export interface Face {
  /** Detector box, frame pixels (continuous coordinates). */
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** BlazeFace score in [0, 1]. */
  readonly score: number;
  /** Left eye, right eye, nose tip, left mouth corner, right mouth corner (image left/right), pixel centres. */
  readonly fivePoints: [Point, Point, Point, Point, Point];
  /** 468 × (x, y, z): x/y pixel centres, z relative depth in pixels. Present unless `includeMesh: false`. */
  readonly mesh?: Float32Array;
  /** FaceMesh face-presence probability in [0, 1]. */
  readonly meshScore: number;
  /** BlazeFace's 6 keypoints (right eye, left eye, nose, mouth, right ear, left ear), pixel centres. */
  readonly detectorKeypoints: readonly Point[];
}

export interface DetectOptions {
  /** Keep at most this many faces, the best-scored first (default 10). The mesh runs once per kept face. */
  readonly maxFaces?: number;
  /** Detector score threshold (default 0.65, MediaPipe's for this model). */
  readonly minScore?: number;
  /** Weighted-NMS IoU threshold (default 0.3). */
  readonly iouThreshold?: number;
  /** Faces whose mesh says "no face" below this probability are dropped (default 0.5, MediaPipe's). */
  readonly minMeshScore?: number;
  readonly includeMesh?: boolean;
}

export const FACE_DEFAULTS = { maxFaces: 10, minMeshScore: 0.5, ...DETECTOR_DEFAULTS } as const;

export class FaceAnalyzer {
  private busy: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly detector: BlazeFaceDetector,
    readonly faceMesh: FaceMesh,
  ) {}

  /**
   * Load both models and prepare their GPU plans. Without `models`, Node reads them from the installed
   * `@vladmandic/human` package; a browser fetches the four files and passes their bytes.
   */
  static async create(gpu: GpuContext, cache: PipelineCache, models?: FaceModelFiles): Promise<FaceAnalyzer> {
    const files = models ?? (await (await import('./face-models-node')).readHumanFaceModels());
    const detector = await BlazeFaceDetector.create(gpu, cache, parseTfjsGraphModel(files.detector.json, files.detector.weights));
    try {
      const faceMesh = await FaceMesh.create(gpu, cache, parseTfjsGraphModel(files.mesh.json, files.mesh.weights));
      return new FaceAnalyzer(detector, faceMesh);
    } catch (e) {
      detector.destroy();
      throw e;
    }
  }

  /** Faces in an RGBA frame (row-major, 4 bytes per pixel), best score first. Calls run one at a time. */
  detect(rgba: Pixels, width: number, height: number, options: DetectOptions = {}): Promise<Face[]> {
    const result = this.busy.then(() => this.detectNow(rgba, width, height, options));
    this.busy = result.catch(() => undefined);
    return result;
  }

  private async detectNow(rgba: Pixels, width: number, height: number, o: DetectOptions): Promise<Face[]> {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || rgba.length < width * height * 4) {
      throw new RangeError(`FaceAnalyzer.detect: need ${width}×${height}×4 RGBA bytes, got ${rgba.length}`);
    }
    const detections = await this.detector.detect(rgba, width, height, { minScore: o.minScore ?? FACE_DEFAULTS.minScore, iouThreshold: o.iouThreshold ?? FACE_DEFAULTS.iouThreshold });
    const faces: Face[] = [];
    for (const d of detections.slice(0, o.maxFaces ?? FACE_DEFAULTS.maxFaces)) {
      const mesh = await this.faceMesh.run(rgba, width, height, roiFromDetection(d));
      if (mesh.score < (o.minMeshScore ?? FACE_DEFAULTS.minMeshScore)) continue;
      const centred = mesh.points.map((v, i) => (i % 3 === 2 ? v : v - 0.5));
      const keypoints: Point[] = [];
      for (let i = 0; i < d.keypoints.length; i += 2) keypoints.push([d.keypoints[i]! - 0.5, d.keypoints[i + 1]! - 0.5]);
      faces.push({
        box: { x: d.xMin, y: d.yMin, width: d.xMax - d.xMin, height: d.yMax - d.yMin },
        score: d.score,
        fivePoints: fivePointsFromMesh(mesh.points),
        ...(o.includeMesh === false ? {} : { mesh: centred }),
        meshScore: mesh.score,
        detectorKeypoints: keypoints,
      });
    }
    return faces.sort((a, b) => b.score - a.score);
  }

  destroy(): void {
    this.detector.destroy();
    this.faceMesh.destroy();
  }
}
