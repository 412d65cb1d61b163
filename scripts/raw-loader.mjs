// Node ESM hook so that `import src from './x.wgsl?raw'` works in Node scripts (CLI, benchmarks)
// exactly as it does under Vite and Vitest: the module's default export is the file's text.
import { readFile } from 'node:fs/promises';
import { register } from 'node:module';

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('?raw')) {
    const text = await readFile(new URL(url.slice(0, -'?raw'.length)), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}

if (!globalThis.__mfsRawLoaderRegistered) {
  globalThis.__mfsRawLoaderRegistered = true;
  register(import.meta.url);
}
