/**
 * The default face finder: MediaPipe BlazeFace (detection) and FaceMesh (468 points → the 5 alignment points),
 * both running on our WGSL kernels. Node reads the models from the installed package; a browser passes the
 * model files it fetched. Tracking re-runs only FaceMesh around each previous face (as MediaPipe's own
 * pipeline does), with the face-presence score as the confidence.
 */
import type { DetectedFace, FaceFinder } from './face-finder';
import type { FaceSwapEngine } from './face-swap-engine';
import { FaceAnalyzer, FACE_DEFAULTS, type FaceModelFiles } from './face/face-detector';
import { fivePointsFromMesh } from './face/five-points';
import { ROI_SCALE, type FaceRoi } from './face/landmarks';

export function defaultFaceFinder(models?: FaceModelFiles): (engine: FaceSwapEngine) => Promise<FaceFinder> {
  return async (engine) => {
    const analyzer = await FaceAnalyzer.create(engine.gpu, engine.cache, models);
    return {
      detect: async (rgba, width, height) =>
        (await analyzer.detect(rgba, width, height, { includeMesh: false })).map((f) => ({
          box: [f.box.x, f.box.y, f.box.width, f.box.height] as const,
          score: f.score,
          fivePoints: f.fivePoints,
        })),
      track: async (rgba, width, height, previous) => {
        const out: (DetectedFace | undefined)[] = [];
        for (const face of previous) {
          const mesh = await analyzer.faceMesh.run(rgba, width, height, roiAround(face));
          out.push(mesh.score < FACE_DEFAULTS.minMeshScore ? undefined : { box: meshBox(mesh.points), score: mesh.score, fivePoints: fivePointsFromMesh(mesh.points) });
        }
        return out;
      },
      destroy: () => analyzer.destroy(),
    };
  };
}

/** The landmark model's region around a face: its box enlarged ×1.5, turned upright along the eye line. */
function roiAround(face: DetectedFace): FaceRoi {
  const [x, y, w, h] = face.box;
  const [le, re] = face.fivePoints as [readonly [number, number], readonly [number, number]];
  return { cx: x + w / 2, cy: y + h / 2, side: Math.max(w, h) * ROI_SCALE, angle: Math.atan2(re[1] - le[1], re[0] - le[0]) };
}

function meshBox(points: Float32Array): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < points.length; i += 3) {
    x0 = Math.min(x0, points[i]!);
    x1 = Math.max(x1, points[i]!);
    y0 = Math.min(y0, points[i + 1]!);
    y1 = Math.max(y1, points[i + 1]!);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}
