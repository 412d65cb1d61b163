// Packs the Node part of the side-by-side benchmark into one self-contained archive for a machine that has
// a GPU but no npm, no network and perhaps no Node: .devkit/kit.tar.xz (~60 MB) holding this Node binary,
// bench/run.ts bundled by esbuild (WGSL inlined), the linux-x64 Dawn addon, onnxruntime-web's WebGPU build
// and Debian's Vulkan loader. bench/device/run-on-gpu.sh unpacks and runs it there.
//
//   node bench/device/pack-kit.mjs [--out .devkit]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const { values } = parseArgs({ options: { out: { type: 'string', default: '.devkit' } } });
const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const outDir = resolve(root, values.out);
const kit = join(outDir, 'kit');

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`pack-kit: the device machines are linux x64; this is ${process.platform} ${process.arch}, whose Node binary would not run there.`);
  process.exit(2);
}

// Only the kit's own paths are replaced: --out may name a folder that holds other things.
const archive = join(outDir, 'kit.tar.xz');
rmSync(kit, { recursive: true, force: true });
rmSync(archive, { force: true });
mkdirSync(kit, { recursive: true });

// `import x from './k.wgsl?raw'` → the file's text, as Vite and scripts/raw-loader.mjs do.
const rawText = {
  name: 'raw-text',
  setup(build) {
    build.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)), namespace: 'raw-text' }));
    build.onLoad({ filter: /.*/, namespace: 'raw-text' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

await esbuild.build({
  entryPoints: [join(root, 'bench/run.ts')],
  outdir: kit,
  entryNames: 'bench',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // Dynamic imports stay separate chunks, so the browser part (and Playwright, Vite) loads only when it runs.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Loaded from the kit's node_modules at run time (native addon; wasm beside its loader). The browser part's
  // tools are never loaded in a --no-browser run.
  external: ['webgpu', 'onnxruntime-web', 'onnxruntime-web/*', 'playwright', 'playwright-core', 'vite', 'vitest', '@vitest/*'],
  banner: { js: "import { createRequire as __mfsCreateRequire } from 'node:module'; const require = __mfsCreateRequire(import.meta.url);" },
  plugins: [rawText],
  logLevel: 'warning',
});

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

const nm = join(root, 'node_modules');
for (const f of ['package.json', 'index.js', 'dist/linux-x64/dawn.node']) copy(join(nm, 'webgpu', f), join(kit, 'node_modules/webgpu', f));
const ortDist = join(nm, 'onnxruntime-web/dist');
copy(join(nm, 'onnxruntime-web/package.json'), join(kit, 'node_modules/onnxruntime-web/package.json'));
for (const f of ['ort.webgpu.bundle.min.mjs', 'ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm']) copy(join(ortDist, f), join(kit, 'node_modules/onnxruntime-web/dist', f));
copy(process.execPath, join(kit, 'node'));
copy(join(root, 'bench/device/run-on-gpu.sh'), join(kit, 'run-on-gpu.sh'));

// Dawn dlopens libvulkan.so.1; GPU images often carry the NVIDIA driver but no loader, and NVIDIA's Vulkan
// ICD lives in libGLX_nvidia.so.0, which needs glvnd's libGLdispatch and friends to load at all.
const LOADER_PACKAGES = ['libvulkan1', 'libglvnd0', 'libglx0', 'libgl1', 'libegl1', 'libopengl0', 'libgles2'];
mkdirSync(join(kit, 'debs'), { recursive: true });
try {
  execFileSync('apt-get', ['download', ...LOADER_PACKAGES], { cwd: join(kit, 'debs'), stdio: 'pipe' });
} catch (e) {
  console.warn(`pack-kit: could not download ${LOADER_PACKAGES.join(', ')} (${e.message.split('\n')[0]}); the kit will rely on the target's own Vulkan loader.`);
}

writeFileSync(join(kit, 'VERSION.txt'), `${execFileSync('git', ['-C', root, 'describe', '--always', '--dirty']).toString().trim()}\nnode ${process.version}\n`);
execFileSync('tar', ['-cJf', archive, '-C', outDir, 'kit'], { env: { ...process.env, XZ_OPT: '-6 -T0' } });
rmSync(kit, { recursive: true, force: true });
const mb = (statSync(archive).size / 2 ** 20).toFixed(1);
console.log(`pack-kit: wrote ${archive} (${mb} MiB)`);
