// Serves a built dist/ folder on 127.0.0.1 with the right content types (wasm included).
// Usage: node scripts/static-server.mjs DIR PORT [--gzip]. Node's standard library only.
// `--gzip` (or `serve(dir, port, { gzip: true })`) compresses what it sends (gzip -9, when the
// browser accepts it), as a real host would: what the Lighthouse benchmark measures.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

export function serve(dir, port, { gzip = false } = {}) {
  const root = resolve(dir);
  const server = createServer(async (request, response) => {
    // Any request, however malformed, gets an answer and leaves the server running.
    try {
      const file = fileFor(root, request.url);
      if (file === undefined) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
        return;
      }
      if (file === null) {
        response.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
        return;
      }
      const body = await readFile(file);
      const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
      if (gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
        response.writeHead(200, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' });
        response.end(gzipSync(body, { level: 9 }));
        return;
      }
      response.writeHead(200, headers);
      response.end(body);
    } catch {
      if (!response.headersSent) response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  return new Promise((done) => server.listen(port, '127.0.0.1', () => done(server)));
}

/**
 * The file under `root` that `url` names: `undefined` when its escapes are malformed (`%E0%A4%A`),
 * `null` when it points outside `root` (`/..%2Fdist-old/x`).
 */
export function fileFor(root, url) {
  let path;
  try {
    path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  // Compared with a separator: a sibling whose name starts with the root's ("dist-old" beside
  // "dist") is outside it.
  return file === root || file.startsWith(root + sep) ? file : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'dist', port = '8080'] = process.argv.slice(2).filter((arg) => arg !== '--gzip');
  await serve(dir, Number(port), { gzip: process.argv.includes('--gzip') });
}
