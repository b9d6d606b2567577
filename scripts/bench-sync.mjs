#!/usr/bin/env node
// Browser benchmark of team sync, in Debian's chromium driven by Playwright against the release
// build in dist/ (run `trunk build --release` first), with a pouchdb-server it starts itself
// (node_modules/.bin/pouchdb-server, installed by scripts/setup.sh).
//
//   node scripts/bench-sync.mjs [--articles N]
//
// Imports a generated library (tests/e2e/library-generator.mjs: 1,000 reviewed news-like
// articles of 5,000 characters by default) into one profile, signs in and pushes it to an empty
// database, then signs a second, empty profile in and pulls it. Prints the time of each, the
// longest main-thread task during each (PerformanceObserver "longtask"), and counts articles and
// annotations on the server and in the pulled profile's exported library against the generated
// library.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, openPage } from '../tests/e2e/support.mjs';
import { startCouch } from '../tests/e2e/couch.mjs';
import { generateLibrary } from '../tests/e2e/library-generator.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--articles');
const count = at > 0 ? Number(process.argv[at + 1]) : 1000;
const threshold = Number(
  readFileSync(join(root, 'crates/factmark-core/src/claims.rs'), 'utf8').match(/pub const DEFAULT_THRESHOLD: f32 = ([0-9.]+);/)[1],
);
const LONG = 10 * 60_000;

/** Starts recording long tasks, sync steps (`factmark:sync-step`) and saves (`factmark:save`). */
const watchTasks = (page) =>
  page.evaluate(() => {
    window.__tasks = [];
    window.__measures = { 'factmark:sync-step': [], 'factmark:save': [] };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__tasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__measures[entry.name]?.push(entry.duration);
    }).observe({ type: 'measure' });
  });
const takeTasks = (page) =>
  page.evaluate(() => ({ tasks: window.__tasks.splice(0), steps: window.__measures['factmark:sync-step'].splice(0), saves: window.__measures['factmark:save'].splice(0) }));
const top = (xs) => [...xs].sort((a, b) => b - a);
const summary = ({ tasks, steps, saves }) => {
  const sorted = top(tasks);
  const sum = (xs) => Math.round(xs.reduce((a, b) => a + b, 0));
  return (
    `longest task ${Math.round(sorted[0] ?? 0)} ms (${tasks.length} over 50 ms, top five ${sorted.slice(0, 5).map(Math.round).join(', ')}); ` +
    `sync steps: ${steps.length}, longest ${Math.round(top(steps)[0] ?? 0)} ms, ${sum(steps)} ms in all; ` +
    `saves: ${saves.length}, longest ${Math.round(top(saves)[0] ?? 0)} ms, ${sum(saves)} ms in all`
  );
};

/** Waits until the page has saved what it has (no save for a second after the last one). */
async function settle(page) {
  await page.evaluate(
    () =>
      new Promise((done) => {
        let timer = setTimeout(done, 1000);
        new PerformanceObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(done, 1000);
        }).observe({ type: 'measure' });
      }),
  );
}

/** Signs in on `page` and waits (up to ten minutes) for the first sync to end; returns its ms. */
async function signInAndSync(page, couch, user) {
  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await page.getByLabel('Server URL').fill(couch.url);
  await page.getByLabel('Database').fill('team');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(`${user}-pw`);
  const started = Date.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  const status = page.getByRole('region', { name: 'Team sync' }).getByRole('status');
  await status.filter({ hasText: /^(Synced at|The |You )/ }).waitFor({ timeout: LONG });
  const ms = Date.now() - started;
  const text = await status.textContent();
  if (!text.startsWith('Synced at')) throw new Error(`bench-sync: the sync failed: ${text}`);
  return ms;
}

const library = generateLibrary(count, 5000, 20261204, threshold);
const annotations = library.articles.reduce((sum, article) => sum + article.annotations.length, 0);
const directory = await mkdtemp(join(tmpdir(), 'factmark-bench-sync-'));
const file = join(directory, 'library.factmark.json');
await writeFile(file, JSON.stringify(library));
const app = await startApp();
const couch = await startCouch(new URL(app.baseUrl).origin);
try {
  const a = await openPage(app);
  a.page.setDefaultTimeout(LONG);
  await a.page.getByLabel('Import annotations').setInputFiles(file);
  await a.page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
  await a.page.getByRole('button', { name: `Library (${count})` }).waitFor();
  // The import's own save (every article written) is not sync's: measured from after it.
  await settle(a.page);
  await watchTasks(a.page);
  const push = await signInAndSync(a.page, couch, 'alice');
  const pushTasks = await takeTasks(a.page);
  const rows = await couch.allDocs('team');
  const articles = rows.filter((row) => row.id.startsWith('article-'));
  const onServer = articles.reduce((sum, row) => sum + row.doc.annotations.length, 0);
  console.log(`push of ${count} articles (${annotations} annotations): ${(push / 1000).toFixed(1)} s; ${summary(pushTasks)}`);
  console.log(
    `  server: ${articles.length} articles, ${rows.filter((row) => row.id.startsWith('text-')).length} texts, ${onServer} annotations`,
  );

  const c = await openPage(app);
  c.page.setDefaultTimeout(LONG);
  await watchTasks(c.page);
  const pull = await signInAndSync(c.page, couch, 'bob');
  const pullTasks = await takeTasks(c.page);
  await c.page.getByRole('button', { name: `Library (${count})` }).waitFor();
  console.log(`pull into an empty profile: ${(pull / 1000).toFixed(1)} s; ${summary(pullTasks)}`);
  // A sync with nothing to do: what was pulled must not go back up.
  await settle(c.page);
  const syncedAt = () => document.querySelector('#sync-panel [role="status"] time')?.getAttribute('datetime');
  const before = await c.page.evaluate(syncedAt);
  const idleStart = Date.now();
  await c.page.getByRole('button', { name: 'Sync now' }).click();
  await c.page.waitForFunction(
    (before) => {
      const time = document.querySelector('#sync-panel [role="status"] time');
      return time && time.getAttribute('datetime') !== before;
    },
    before,
  );
  const idle = Date.now() - idleStart;
  const last = await c.page.locator('.sync-last').textContent();
  console.log(`then a sync with nothing to do: ${(idle / 1000).toFixed(1)} s (${last}); ${summary(await takeTasks(c.page))}`);
  // What the pulled profile holds, through its own export of the whole library.
  await c.page.getByRole('button', { name: `Library (${count})` }).click();
  await c.page.getByRole('button', { name: /^Open “/ }).first().click();
  await c.page.getByRole('button', { name: 'Export as…', exact: true }).click();
  const [download] = await Promise.all([
    c.page.waitForEvent('download'),
    c.page
      .getByRole('group', { name: 'Export formats' })
      .getByRole('button', { name: 'Download Factmark JSON, whole library', exact: true })
      .click(),
  ]);
  const pulled = JSON.parse(await readFile(await download.path(), 'utf8'));
  const pulledAnnotations = pulled.articles.reduce((sum, article) => sum + article.annotations.length, 0);
  console.log(`  pulled profile: ${pulled.articles.length} articles, ${pulledAnnotations} annotations`);
  const intact = articles.length === count && onServer === annotations && pulled.articles.length === count && pulledAnnotations === annotations;
  console.log(intact ? 'intact: every article and annotation on both sides' : 'NOT intact: counts differ (see above)');
  await a.context.close();
  await c.context.close();
  if (!intact) process.exitCode = 1;
} finally {
  await couch.close();
  await app.close();
  await rm(directory, { recursive: true, force: true });
}
