// FaceAnalyzer end to end on the sample faces (Dawn/lavapipe): one face each, plausible five points, the
// same points as the identical pipeline fed by tfjs, and no face in noise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { postprocessDetections, splitOutputs } from '../../../src/engine/face/detector';
import { FaceAnalyzer, type Face } from '../../../src/engine/face/face-detector';
import { fivePointsFromMesh } from '../../../src/engine/face/five-points';
import { rotatedSquare, sampleToTensor } from '../../../src/engine/face/image-sampling';
import { meshToFrame, roiFromDetection } from '../../../src/engine/face/landmarks';
import type { TfjsGraph } from '../../../src/engine/face/tfjs-graph';
import { countGpuObjects } from '../../support/count-gpu-objects';
import { createNodeGpuFixture, type GpuFixture } from '../../support/node-gpu-fixture';
import {
  FACES_MISSING,
  facesPresent,
  loadGraph,
  loadImage,
  loadTfjsModel,
  modelFiles,
  noiseImage,
  runTfjs,
  SAMPLE_FACES,
  type RgbaImage,
} from '../../unit/face/face-fixtures';

let fx: GpuFixture;
let analyzer: FaceAnalyzer;

beforeAll(async () => {
  fx = await createNodeGpuFixture();
  analyzer = await FaceAnalyzer.create(fx.gpu, fx.cache); // models read from node_modules/@vladmandic/human
});
afterAll(() => {
  analyzer?.destroy();
  expect(fx.uncapturedErrors).toEqual([]);
  fx.dispose();
});

/** The same pre- and post-processing as FaceAnalyzer, with both networks run by tfjs instead: five points. */
async function fivePointsViaTfjs(img: RgbaImage, tf: { graphs: Record<string, TfjsGraph>; models: Record<string, GraphModel> }) {
  const { input, tensorToFrame } = analyzer.detector.preprocess(img.data, img.width, img.height);
  const { regressors, logits } = splitOutputs(runTfjs(tf.models['blazeface']!, tf.graphs['blazeface']!, input));
  const [best] = postprocessDetections(regressors, logits, tensorToFrame);
  const roi = roiFromDetection(best!);
  const crop = analyzer.faceMesh.preprocess(img.data, img.width, img.height, roi);
  const out = runTfjs(tf.models['facemesh']!, tf.graphs['facemesh']!, crop.input);
  return { score: best!.score, five: fivePointsFromMesh(meshToFrame(out['output_mesh']!, crop.tensorToFrame, roi.side)) };
}

function checkGeometry(f: Face, name: string): void {
  const [le, re, nose, lm, rm] = f.fivePoints;
  const eyeY = (le[1] + re[1]) / 2;
  const mouthY = (lm[1] + rm[1]) / 2;
  // Upright faces: eyes above the nose tip above the mouth corners (y grows downwards).
  expect(eyeY, `${name}: eyes above nose`).toBeLessThan(nose[1]);
  expect(nose[1], `${name}: nose above mouth`).toBeLessThan(mouthY);
  // Official order: image-left eye and mouth corner first.
  expect(le[0], `${name}: left eye x < right eye x`).toBeLessThan(re[0]);
  expect(lm[0], `${name}: left mouth x < right mouth x`).toBeLessThan(rm[0]);
  expect(nose[0]).toBeGreaterThan(le[0]);
  expect(nose[0]).toBeLessThan(re[0]);
  // BlazeFace boxes span roughly brow to chin and cheek to cheek; in the ArcFace template the eyes are 35 of
  // 112 px apart in a crop ~1.3× the face width, so eyes ≈ 0.3–0.5 of a box width for frontal faces.
  const eyeDist = Math.hypot(re[0] - le[0], re[1] - le[1]);
  expect(eyeDist / f.box.width, `${name}: inter-eye distance / box width`).toBeGreaterThan(0.25);
  expect(eyeDist / f.box.width).toBeLessThan(0.6);
  for (const [x, y] of f.fivePoints) {
    expect(x).toBeGreaterThan(f.box.x);
    expect(x).toBeLessThan(f.box.x + f.box.width);
    expect(y).toBeGreaterThan(f.box.y);
    expect(y).toBeLessThan(f.box.y + f.box.height);
  }
}

describe.skipIf(!facesPresent)('FaceAnalyzer on the sample faces', () => {
  const tf = { graphs: {} as Record<string, TfjsGraph>, models: {} as Record<string, GraphModel> };
  beforeAll(async () => {
    for (const name of ['blazeface', 'facemesh'] as const) {
      tf.graphs[name] = loadGraph(name);
      tf.models[name] = await loadTfjsModel(name);
    }
  });

  for (const file of SAMPLE_FACES) {
    it(`${file}: exactly one face, score > 0.8, plausible five points, as with tfjs`, async () => {
      const img = loadImage(file);
      await analyzer.detect(img.data, img.width, img.height); // warm-up (first-use costs)
      const t0 = performance.now();
      const faces = await analyzer.detect(img.data, img.width, img.height, { maxFaces: 10 });
      const ms = performance.now() - t0;
      expect(faces.length).toBe(1);
      const f = faces[0]!;
      expect(f.score).toBeGreaterThan(0.8);
      expect(f.meshScore).toBeGreaterThan(0.9);
      expect(f.mesh?.length).toBe(468 * 3);
      checkGeometry(f, file);
      const viaTf = await fivePointsViaTfjs(img, tf);
      let worst = 0;
      f.fivePoints.forEach((p, i) => (worst = Math.max(worst, Math.hypot(p[0] - viaTf.five[i]![0], p[1] - viaTf.five[i]![1]))));
      console.log(
        `${file} ${img.width}×${img.height}: ${ms.toFixed(0)} ms, score ${f.score.toFixed(3)}, mesh ${f.meshScore.toFixed(3)}, ` +
          `box [${[f.box.x, f.box.y, f.box.width, f.box.height].map((v) => v.toFixed(1)).join(', ')}], five points ` +
          f.fivePoints.map((p) => `(${p[0].toFixed(2)}, ${p[1].toFixed(2)})`).join(' ') + `, max |ours − tfjs pipeline| ${worst.toExponential(2)} px`,
      );
      // Network outputs agree to ~1e-4 (see face-network.test.ts); through the box, the crop and the mesh
      // that moves a point by far less than 0.05 px.
      expect(Math.abs(f.score - viaTf.score)).toBeLessThan(1e-4);
      expect(worst).toBeLessThan(0.05);
    });
  }

  // The ROI turns with the eye line, so a rolled face gives the rolled points. The rotated frame is a resampled
  // image (new pixel values), so the mesh moves by ~1 px; 2.5 px is 6% of this face's 44-px eye distance.
  it.each([25, -40, 60])('astronaut rolled by %i°: the five points roll with the face, same order', async (deg) => {
    const img = loadImage('astronaut.png');
    const [upright] = await analyzer.detect(img.data, img.width, img.height);
    const a = (deg * Math.PI) / 180;
    const c = img.width / 2;
    // Frame pixel q shows the source at R(a)(q − c) + c: the content turns by −a.
    const t = sampleToTensor(img.data, img.width, img.height, { size: img.width, tensorToFrame: rotatedSquare(c, c, img.width, a, img.width), range: [0, 255], border: 'zero' });
    const n = img.width * img.width;
    const rolled = new Uint8Array(4 * n);
    for (let i = 0; i < n; i++) rolled.set([t[i]!, t[n + i]!, t[2 * n + i]!, 255], 4 * i);
    const faces = await analyzer.detect(rolled, img.width, img.width);
    expect(faces.length).toBe(1);
    faces[0]!.fivePoints.forEach(([x, y], i) => {
      const [sx, sy] = upright!.fivePoints[i]!;
      const dx = sx + 0.5 - c;
      const dy = sy + 0.5 - c;
      const ex = Math.cos(a) * dx + Math.sin(a) * dy + c - 0.5;
      const ey = -Math.sin(a) * dx + Math.cos(a) * dy + c - 0.5;
      expect(Math.hypot(x - ex, y - ey), `point ${i}`).toBeLessThan(2.5);
    });
  });

  it('model bytes passed by the caller (the browser path) give the same faces; maxFaces 0 gives none', async () => {
    const files = { detector: modelFiles('blazeface'), mesh: modelFiles('facemesh') };
    const other = await FaceAnalyzer.create(fx.gpu, fx.cache, { detector: { json: files.detector.json, weights: files.detector.bin }, mesh: { json: JSON.parse(files.mesh.json), weights: [files.mesh.bin] } });
    try {
      const img = loadImage('astronaut.png');
      const [a, b] = [await analyzer.detect(img.data, img.width, img.height), await other.detect(img.data, img.width, img.height)];
      expect(b.map((f) => f.fivePoints)).toEqual(a.map((f) => f.fivePoints));
      expect(await other.detect(img.data, img.width, img.height, { maxFaces: 0 })).toEqual([]);
    } finally {
      other.destroy();
    }
  });
});
if (!facesPresent) describe.skip(FACES_MISSING, () => it('skipped', () => {}));

describe('FaceAnalyzer at run time', () => {
  it('detect() creates no GPU object (everything is prepared in create)', async () => {
    const img = facesPresent ? loadImage('grace_hopper.jpg') : noiseImage(320, 240);
    await analyzer.detect(img.data, img.width, img.height);
    const counter = countGpuObjects(fx.gpu.device);
    try {
      await analyzer.detect(img.data, img.width, img.height);
    } finally {
      counter.restore();
    }
    expect(counter.counts).toEqual({});
  });

  it('uniform RGB noise has no face', async () => {
    const img = noiseImage(640, 480);
    expect(await analyzer.detect(img.data, img.width, img.height)).toEqual([]);
  });
  it('refuses a buffer smaller than width × height × 4', async () => {
    await expect(analyzer.detect(new Uint8Array(10), 4, 4)).rejects.toThrow(/4×4×4/);
  });
});
