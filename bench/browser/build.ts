/** Builds the benchmark page with Vite's API into a folder of our choosing (a temp dir): no dev server. */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const pageRoot = fileURLToPath(new URL('.', import.meta.url));
// The non-bundled ORT build: it loads its .mjs/.wasm from env.wasm.wasmPaths (/ort/), which Vite leaves alone.
const ortModule = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/ort.min.mjs', import.meta.url));

export async function buildBenchPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: pageRoot,
    base: './',
    logLevel: 'warn',
    resolve: { alias: [{ find: /^onnxruntime-web$/, replacement: ortModule }] },
    build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false, chunkSizeWarningLimit: 100_000, sourcemap: false },
  });
}
