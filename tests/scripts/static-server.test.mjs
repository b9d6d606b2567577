// scripts/static-server.mjs survives any request and serves nothing outside its folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/static-server.mjs';

let scratch;
let server;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'factmark-serve-'));
  await mkdir(join(scratch, 'dist'));
  await mkdir(join(scratch, 'dist-old'));
  await writeFile(join(scratch, 'dist', 'index.html'), '<!doctype html><title>Factmark</title>\n');
  await writeFile(join(scratch, 'dist', 'app.wasm'), Buffer.from([0, 97, 115, 109]));
  await writeFile(join(scratch, 'dist-old', 'x'), 'a sibling folder, not to be served');
  await writeFile(join(scratch, 'secret.txt'), 'beside the folder, not to be served');
  server = await serve(join(scratch, 'dist'), 0);
});
after(async () => {
  await new Promise((done) => server.close(done));
  await rm(scratch, { recursive: true, force: true });
});

/** Sends `path` exactly as written (no client-side normalising) and returns status and body. */
function get(path) {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.address().port, path }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => done({ status: response.statusCode, type: response.headers['content-type'], body }));
    });
    // A server that died never answers: fail instead of waiting for ever.
    req.setTimeout(5_000, () => req.destroy(new Error(`no answer to ${path}`)));
    req.on('error', fail);
    req.end();
  });
}

test('a malformed escape is a bad request, and the server keeps serving', async () => {
  assert.equal((await get('/%E0%A4%A')).status, 400);
  assert.equal((await get('/%')).status, 400);
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>Factmark<\/title>/);
});

test('nothing outside the folder is served, however the path is spelt', async () => {
  for (const path of ['/..%2Fdist-old/x', '/..%2fdist-old%2fx', '/%2E%2E/dist-old/x', '/..%2F..%2Fsecret.txt', '/..%5Cdist-old%5Cx']) {
    const answer = await get(path);
    assert.notEqual(answer.status, 200, path);
    assert.doesNotMatch(answer.body, /not to be served/, path);
  }
  assert.equal((await get('/..%2Fdist-old/x')).status, 403);
});

test('files inside are served with their content type; missing ones are 404', async () => {
  const wasm = await get('/app.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.type, 'application/wasm');
  assert.equal((await get('/missing.js')).status, 404);
  assert.equal((await get('/dist/../index.html')).status, 200);
});
