/** A tiny static file server on 127.0.0.1 (random port) for the built playground: what any static host does. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentType } from '../../../scripts/content-types';
import { join, normalize, resolve, sep } from 'node:path';

export interface StaticServer {
  readonly url: string;
  /** Files served from memory at these paths (e.g. a weights file "next to the page"), ahead of the root. */
  readonly memory: Map<string, Uint8Array>;
  /** Every path requested, for checks (e.g. that nothing was fetched from elsewhere). */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function serveStatic(rootDir: string): Promise<StaticServer> {
  const root = resolve(rootDir);
  const requests: string[] = [];
  const memory = new Map<string, Uint8Array>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      requests.push(`${req.method} ${path}`);
      const held = memory.get(path);
      if (held) {
        res.writeHead(200, { 'content-type': contentType(path), 'content-length': held.length, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : held);
        return;
      }
      let file = normalize(join(root, path));
      // Never serve outside the root, whatever the path says.
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      try {
        let s = await stat(file);
        if (s.isDirectory()) {
          file = join(file, 'index.html');
          s = await stat(file);
        }
        res.writeHead(200, { 'content-type': contentType(file), 'content-length': s.size, 'cache-control': 'no-store' });
        if (req.method === 'HEAD') res.end();
        else createReadStream(file).pipe(res);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    memory,
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
