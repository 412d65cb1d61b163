/**
 * A static server on 127.0.0.1 for the built page, with the headers that make it cross-origin isolated
 * (COOP/COEP: SharedArrayBuffer, hence ORT's wasm threads). /ort/* is onnxruntime-web's dist folder.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentType } from '../../scripts/content-types';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ORT_DIST = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));

const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

export interface BenchServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Resolves `rel` under `root`, refusing anything that would leave it. */
function inside(root: string, rel: string): string | undefined {
  const file = normalize(join(root, rel));
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

export async function serveBenchPage(pageDir: string): Promise<BenchServer> {
  const pageRoot = resolve(pageDir);
  const ortRoot = resolve(ORT_DIST);
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      let file = path.startsWith('/ort/') ? inside(ortRoot, path.slice('/ort/'.length)) : inside(pageRoot, path === '/' ? 'index.html' : path);
      try {
        if (!file) throw new Error('outside');
        let s = await stat(file);
        if (s.isDirectory()) {
          file = join(file, 'index.html');
          s = await stat(file);
        }
        res.writeHead(200, { ...ISOLATION, 'content-type': contentType(file), 'content-length': s.size });
        if (req.method === 'HEAD') res.end();
        else createReadStream(file).pipe(res);
      } catch {
        res.writeHead(404, { ...ISOLATION, 'content-type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }) };
}
