// scripts/size-report.sh holds the build to scripts/size-budget.txt: run against a temporary
// build and budget, it passes at the budget and fails, naming the file, one byte over it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(root, 'scripts', 'size-report.sh');

let scratch;
let dist;
let total;
let embedded;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'factmark-size-'));
  dist = join(scratch, 'dist');
  await mkdir(dist);
  // Bytes that do not compress away, so the gzip size is far from zero.
  const wasm = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
  await writeFile(join(dist, 'factmark_bg.wasm'), wasm);
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Factmark</title>\n');
  total = ['factmark_bg.wasm', 'index.html'].map((file) => gzipSize(join(dist, file))).reduce((a, b) => a + b);
  // The embedded data the real budget lists, at their real sizes.
  const lines = (await readFile(join(root, 'scripts', 'size-budget.txt'), 'utf8')).split('\n');
  embedded = lines
    .filter((line) => line.startsWith('crates/'))
    .map((line) => line.split(/\s+/)[0])
    .map((name) => [name, gzipSize(join(root, name))]);
  assert.ok(embedded.length >= 3, 'the budget lists the embedded models and gazetteer');
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** What `gzip -9 -c` makes of `file`, in bytes, as the script measures it. */
function gzipSize(file) {
  return execFileSync('gzip', ['-9', '-c', file], { cwd: root }).length;
}

/** Runs the report against the temporary build with `budget` (name → bytes) as its budget. */
async function report(budget) {
  const file = join(scratch, 'budget.txt');
  await writeFile(file, `# a test budget\n${Object.entries(budget).map(([name, bytes]) => `${name} ${bytes}`).join('\n')}\n`);
  return spawnSync('bash', [script], {
    encoding: 'utf8',
    env: { ...process.env, FACTMARK_DIST: dist, FACTMARK_SIZE_BUDGET: file },
  });
}

const exact = () => ({ 'total-download': total, ...Object.fromEntries(embedded) });

test('a build exactly at its budget passes', async () => {
  const run = await report(exact());
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /total download|total-download/);
});

test('a download one byte over budget fails and says so', async () => {
  const run = await report({ ...exact(), 'total-download': total - 1 });
  assert.equal(run.status, 1);
  assert.match(run.stderr, new RegExp(`over budget: total-download: ${total} gzip bytes, 1 over its budget of ${total - 1}`));
});

test('an embedded model one byte over budget fails, naming it', async () => {
  const [name, size] = embedded[0];
  const run = await report({ ...exact(), [name]: size - 1 });
  assert.equal(run.status, 1);
  assert.match(run.stderr, new RegExp(`over budget: ${name}: ${size} gzip bytes, 1 over`));
});

test('an embedded file without a budget fails, naming it', async () => {
  const [name] = embedded[1];
  const budget = exact();
  delete budget[name];
  const run = await report(budget);
  assert.equal(run.status, 1);
  assert.match(run.stderr, new RegExp(`${name} has no budget`));
});
