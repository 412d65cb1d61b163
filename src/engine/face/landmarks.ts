/**
 * FaceMesh (MediaPipe face landmark model, 192×192, 468 points) on our WGSL kernels, run on a detector box.
 *
 * Region of interest, as MediaPipe derives it from a detection: centred on the detection box, square with the
 * box's longer side, enlarged ×1.5, and rotated so the line from detector keypoint 0 (the subject's right
 * eye, image left) to keypoint 1 (the left eye) is horizontal — the face is upright in the crop whatever its
 * roll. The crop is sampled bilinearly with edge replication (MediaPipe's ImageToTensor default) into
 * [0, 1] RGB.
 *
 * Output: 468 × (x, y, z) in crop pixels, mapped back through the same rotation and scale to frame pixels
 * (x, y continuous; z scaled like x, relative depth, smaller = nearer the camera), and the face-presence
 * probability (the graph ends in a sigmoid).
 */
import type { GpuContext } from '../device';
import { InvalidArgumentError } from '../errors';
import type { PipelineCache } from '../pipeline-cache';
import type { RawDetection } from './blazeface-decode';
import { applyAffine, rotatedSquare, sampleToTensor, type Affine, type Pixels } from './image-sampling';
import { GraphNetwork } from './network';
import type { TfjsGraph } from './tfjs-graph';

export const MESH_INPUT = 192;
export const MESH_POINTS = 468;
/** MediaPipe's RectTransformation scale for the face landmark ROI. */
export const ROI_SCALE = 1.5;

export interface FaceRoi {
  readonly cx: number;
  readonly cy: number;
  readonly side: number;
  /** Radians; the crop's x axis points along (cos, sin) in the frame. */
  readonly angle: number;
}

export interface MeshResult {
  /** 468 × (x, y, z), frame pixels, continuous coordinates. */
  readonly points: Float32Array;
  /** Face presence probability in [0, 1]. */
  readonly score: number;
  readonly roi: FaceRoi;
}

/** MediaPipe's detection → landmark ROI (see the module comment). */
export function roiFromDetection(d: RawDetection, scale = ROI_SCALE): FaceRoi {
  const [x0, y0, x1, y1] = d.keypoints as [number, number, number, number];
  // Rotation that brings the eye line to the horizontal (y grows downwards).
  const angle = Math.atan2(y1 - y0, x1 - x0);
  return { cx: (d.xMin + d.xMax) / 2, cy: (d.yMin + d.yMax) / 2, side: Math.max(d.xMax - d.xMin, d.yMax - d.yMin) * scale, angle };
}

export function roiToFrame(roi: FaceRoi): Affine {
  return rotatedSquare(roi.cx, roi.cy, roi.side, roi.angle, MESH_INPUT);
}

export class FaceMesh {
  private constructor(readonly network: GraphNetwork, private readonly outputs: { mesh: string; score: string }) {}

  static async create(gpu: GpuContext, cache: PipelineCache, graph: TfjsGraph): Promise<FaceMesh> {
    const network = await GraphNetwork.create(gpu, cache, graph, { label: 'facemesh' });
    const { channels, height, width } = network.input;
    const byLength = (n: number) => network.plan.outputs.find((o) => o.channels * o.height * o.width === n)?.name;
    const mesh = byLength(MESH_POINTS * 3);
    const score = byLength(1);
    if (channels !== 3 || height !== MESH_INPUT || width !== MESH_INPUT || !mesh || !score) {
      network.destroy();
      throw new InvalidArgumentError('FaceMesh: expected a [1, 192, 192, 3] input and outputs of 1404 and 1 values');
    }
    return new FaceMesh(network, { mesh, score });
  }

  preprocess(rgba: Pixels, width: number, height: number, roi: FaceRoi): { input: Float32Array; tensorToFrame: Affine } {
    const tensorToFrame = roiToFrame(roi);
    return { input: sampleToTensor(rgba, width, height, { size: MESH_INPUT, tensorToFrame, range: [0, 1], border: 'replicate' }), tensorToFrame };
  }

  /** Raw network outputs: 1404 crop-pixel coordinates and the presence probability. */
  async infer(input: Float32Array): Promise<{ mesh: Float32Array; score: number }> {
    const out = await this.network.run(input);
    return { mesh: out[this.outputs.mesh]!, score: out[this.outputs.score]![0]! };
  }

  async run(rgba: Pixels, width: number, height: number, roi: FaceRoi): Promise<MeshResult> {
    const { input, tensorToFrame } = this.preprocess(rgba, width, height, roi);
    const { mesh, score } = await this.infer(input);
    return { points: meshToFrame(mesh, tensorToFrame, roi.side), score, roi };
  }

  destroy(): void {
    this.network.destroy();
  }
}

/** Crop-pixel landmarks → frame pixels; z is scaled by the crop's pixel size, like x and y. */
export function meshToFrame(mesh: Float32Array, tensorToFrame: Affine, side: number): Float32Array {
  const out = new Float32Array(mesh.length);
  const zScale = side / MESH_INPUT;
  for (let i = 0; i < mesh.length; i += 3) {
    const [x, y] = applyAffine(tensorToFrame, mesh[i]!, mesh[i + 1]!);
    out[i] = x;
    out[i + 1] = y;
    out[i + 2] = mesh[i + 2]! * zScale;
  }
  return out;
}
