/**
 * BlazeFace face detector (MediaPipe back-camera model, 256×256) on our WGSL kernels.
 *
 * Pre-processing, as MediaPipe's face detection graph does for this model: the whole frame is letterboxed
 * into 256×256 (aspect ratio kept, centred, black borders — keep_aspect_ratio + BORDER_ZERO), bilinear, RGB
 * scaled to [−1, 1] (black padding is therefore −1). Runs on the CPU; the network runs on the GPU.
 *
 * Post-processing (blazeface-decode.ts): 896 anchors, sigmoid scores ≥ `minScore` (default 0.65, MediaPipe's
 * min_score_thresh for the back-camera model), weighted NMS at IoU 0.3 (MediaPipe's setting), then the
 * letterbox is undone so boxes and keypoints are in frame pixels (continuous coordinates: pixel i spans
 * [i, i+1]).
 */
import type { GpuContext } from '../device';
import { InvalidArgumentError } from '../errors';
import type { PipelineCache } from '../pipeline-cache';
import { BLAZEFACE_INPUT, decodeDetections, generateAnchors, weightedNms, type RawDetection } from './blazeface-decode';
import { applyAffine, letterbox, sampleToTensor, type Affine, type Pixels } from './image-sampling';
import { GraphNetwork } from './network';
import type { TfjsGraph } from './tfjs-graph';

export interface DetectorOptions {
  /** Minimum sigmoid score (default 0.65). */
  readonly minScore?: number;
  /** IoU above which detections merge in the weighted NMS (default 0.3). */
  readonly iouThreshold?: number;
}

export const DETECTOR_DEFAULTS = { minScore: 0.65, iouThreshold: 0.3 } as const;

export class BlazeFaceDetector {
  private readonly anchors = generateAnchors();

  private constructor(readonly network: GraphNetwork) {}

  static async create(gpu: GpuContext, cache: PipelineCache, graph: TfjsGraph): Promise<BlazeFaceDetector> {
    const network = await GraphNetwork.create(gpu, cache, graph, { label: 'blazeface' });
    const { channels, height, width } = network.input;
    if (channels !== 3 || height !== BLAZEFACE_INPUT || width !== BLAZEFACE_INPUT) {
      network.destroy();
      throw new InvalidArgumentError(`BlazeFace: expected a [1, 256, 256, 3] input, the model has [1, ${height}, ${width}, ${channels}]`);
    }
    return new BlazeFaceDetector(network);
  }

  /** The network input for a frame, and the map from input pixels back to frame pixels. */
  preprocess(rgba: Pixels, width: number, height: number): { input: Float32Array; tensorToFrame: Affine } {
    const tensorToFrame = letterbox(width, height, BLAZEFACE_INPUT);
    const input = sampleToTensor(rgba, width, height, { size: BLAZEFACE_INPUT, tensorToFrame, range: [-1, 1], border: 'zero' });
    return { input, tensorToFrame };
  }

  /** Raw network outputs for a prepared input: regressors [896, 16] and logits [896], in anchor order. */
  async infer(input: Float32Array): Promise<{ regressors: Float32Array; logits: Float32Array }> {
    return splitOutputs(await this.network.run(input));
  }

  /** Faces in frame pixels, best first. */
  async detect(rgba: Pixels, width: number, height: number, options: DetectorOptions = {}): Promise<RawDetection[]> {
    const { input, tensorToFrame } = this.preprocess(rgba, width, height);
    const { regressors, logits } = await this.infer(input);
    return postprocessDetections(regressors, logits, tensorToFrame, options, this.anchors);
  }

  destroy(): void {
    this.network.destroy();
  }
}

/**
 * The model has four outputs: scores and regressors for the 512 stride-16 anchors and the 384 stride-32 ones.
 * They are told apart by shape (width 1 or 16, then anchor count), not by name, and concatenated 512 first.
 */
export function splitOutputs(outputs: Record<string, Float32Array>): { regressors: Float32Array; logits: Float32Array } {
  const all = Object.values(outputs);
  const scores = all.filter((a) => a.length === 512 || a.length === 384).sort((a, b) => b.length - a.length);
  const regs = all.filter((a) => a.length === 512 * 16 || a.length === 384 * 16).sort((a, b) => b.length - a.length);
  if (scores.length !== 2 || regs.length !== 2) throw new InvalidArgumentError('BlazeFace: expected outputs [512,1], [384,1], [512,16], [384,16]');
  const logits = new Float32Array(896);
  logits.set(scores[0]!, 0);
  logits.set(scores[1]!, 512);
  const regressors = new Float32Array(896 * 16);
  regressors.set(regs[0]!, 0);
  regressors.set(regs[1]!, 512 * 16);
  return { regressors, logits };
}

/** Decode, threshold, weighted NMS, and map to frame pixels (best first). */
export function postprocessDetections(regressors: Float32Array, logits: Float32Array, tensorToFrame: Affine, options: DetectorOptions = {}, anchors = generateAnchors()): RawDetection[] {
  const minScore = options.minScore ?? DETECTOR_DEFAULTS.minScore;
  const found = weightedNms(decodeDetections(regressors, logits, anchors, minScore), options.iouThreshold ?? DETECTOR_DEFAULTS.iouThreshold);
  return found.map((d) => toFrame(d, tensorToFrame));
}

/** Normalised input coordinates → frame pixels. */
function toFrame(d: RawDetection, tensorToFrame: Affine): RawDetection {
  const p = (x: number, y: number) => applyAffine(tensorToFrame, x * BLAZEFACE_INPUT, y * BLAZEFACE_INPUT);
  const [xMin, yMin] = p(d.xMin, d.yMin);
  const [xMax, yMax] = p(d.xMax, d.yMax);
  const keypoints: number[] = [];
  for (let i = 0; i < d.keypoints.length; i += 2) keypoints.push(...p(d.keypoints[i]!, d.keypoints[i + 1]!));
  return { xMin, yMin, xMax, yMax, score: d.score, keypoints };
}
