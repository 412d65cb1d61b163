/**
 * Node only: reads the two MediaPipe models shipped by the installed `@vladmandic/human` package
 * (models/blazeface.{json,bin}, models/facemesh.{json,bin}). Kept apart so browser bundles never import
 * node:fs; a browser fetches the same files and passes their bytes to FaceAnalyzer.create.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FaceModelFiles } from './face-detector';

/** The package's models/ folder, found through Node's resolver (so it works from any working directory). */
export function humanModelsDir(): string {
  const main = createRequire(import.meta.url).resolve('@vladmandic/human'); // <pkg>/dist/human.node.js
  return join(dirname(dirname(main)), 'models');
}

export async function readHumanFaceModels(dir = humanModelsDir()): Promise<FaceModelFiles> {
  const read = async (name: string) => {
    const json = await readFile(join(dir, `${name}.json`), 'utf8');
    // Every shard the manifest names, in order.
    const paths = (JSON.parse(json) as { weightsManifest: { paths: string[] }[] }).weightsManifest.flatMap((g) => g.paths);
    const weights = await Promise.all(paths.map(async (p) => new Uint8Array(await readFile(join(dir, p)))));
    return { json, weights };
  };
  return { detector: await read('blazeface'), mesh: await read('facemesh') };
}
