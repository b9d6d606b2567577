// A CouchDB for the sync tests and benchmark: node_modules/.bin/pouchdb-server (installed by
// scripts/setup.sh from package-lock.json), in memory on a free port, started and stopped by
// whoever uses it. Set up as a team's administrator would: an admin, users alice, bob and carol
// (password `<name>-pw`), CORS for the app's origin with credentials, and database `team` whose
// members are alice and bob. Admin requests use basic authentication; the app never does.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ADMIN = 'Basic ' + Buffer.from('admin:admin-pw').toString('base64');

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** Starts pouchdb-server and sets it up for `origin` (the app's, e.g. http://127.0.0.1:8080). */
export async function startCouch(origin) {
  const binary = join(root, 'node_modules', '.bin', 'pouchdb-server');
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run scripts/setup.sh`);
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'factmark-couch-'));
  const child = spawn(binary, ['--in-memory', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((started, failed) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes('has started on')) started();
    });
    child.once('exit', (code) => failed(new Error(`pouchdb-server exited (${code}) before it started`)));
  });
  // Keep reading its request log, or it would block once the pipe is full.
  child.stdout.resume();
  const url = `http://127.0.0.1:${port}`;

  /** An admin request; fails the caller on an unexpected status. */
  async function admin(method, path, body, auth = true) {
    const response = await fetch(url + path, {
      method,
      headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: ADMIN } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text);
  }

  await admin('PUT', '/_config/admins/admin', 'admin-pw', false);
  for (const [section, key, value] of [
    ['httpd', 'enable_cors', 'true'],
    ['cors', 'origins', origin],
    ['cors', 'credentials', 'true'],
    ['cors', 'methods', 'GET, PUT, POST, HEAD, DELETE'],
    ['cors', 'headers', 'accept, authorization, content-type, origin, referer'],
  ]) {
    await admin('PUT', `/_config/${section}/${key}`, value);
  }
  for (const name of ['alice', 'bob', 'carol']) {
    await admin('PUT', `/_users/org.couchdb.user:${name}`, { name, password: `${name}-pw`, roles: [], type: 'user' });
  }

  /** Creates database `name` whose members are `members`. */
  async function database(name, members = ['alice', 'bob']) {
    await admin('PUT', `/${name}`);
    await admin('PUT', `/${name}/_security`, {
      admins: { names: [], roles: [] },
      members: { names: members, roles: [] },
    });
  }
  await database('team');

  return {
    url,
    admin,
    database,
    /** Every document of `db` with its conflicts: `{id → doc}`. */
    async allDocs(db) {
      const all = await admin('GET', `/${db}/_all_docs?include_docs=true&conflicts=true`);
      return all.rows;
    },
    async close() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill();
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
