/**
 * The BlazeFace and FaceMesh model files for the browser. Vite copies them from the installed
 * @vladmandic/human package into the build (see public/third-party/NOTICE.txt); they are fetched the first
 * time the engine needs a face detector, not at page load.
 */
import type { FaceModelFiles, ModelFile } from '../../engine/face/face-detector';
import blazefaceBin from '../../../node_modules/@vladmandic/human/models/blazeface.bin?url';
import blazefaceJson from '../../../node_modules/@vladmandic/human/models/blazeface.json?url';
import facemeshBin from '../../../node_modules/@vladmandic/human/models/facemesh.bin?url';
import facemeshJson from '../../../node_modules/@vladmandic/human/models/facemesh.json?url';

async function fetchOk(url: string): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`the face model file ${url} could not be loaded (HTTP ${r.status})`);
  return r;
}

/** Each model is one JSON plus one weight shard; the JSON's own shard path is ignored (names are hashed). */
async function fetchModel(jsonUrl: string, binUrl: string): Promise<ModelFile> {
  const [json, weights] = await Promise.all([fetchOk(jsonUrl).then((r) => r.text()), fetchOk(binUrl).then((r) => r.arrayBuffer())]);
  const shards = (JSON.parse(json) as { weightsManifest: { paths: string[] }[] }).weightsManifest.flatMap((g) => g.paths);
  if (shards.length !== 1) throw new Error(`expected one weight shard in ${jsonUrl}, found ${shards.length}`);
  return { json, weights: new Uint8Array(weights) };
}

export async function fetchFaceModels(): Promise<FaceModelFiles> {
  const [detector, mesh] = await Promise.all([fetchModel(blazefaceJson, blazefaceBin), fetchModel(facemeshJson, facemeshBin)]);
  return { detector, mesh };
}
