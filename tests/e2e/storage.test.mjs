// Storage that never loses work: a full quota, a corrupted entry, older layouts, two tabs, no
// storage at all, no network, the 2 MB limit, a library of 1,000 articles and an import that
// does not fit. Each test checks the message the user sees and that no annotation was lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, openPage, annotate, seedArticle, paste, longText } from './support.mjs';
import { generateLibrary } from './library-generator.mjs';

const fixture = (version) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/${version}/local-storage.json`, import.meta.url)), 'utf8'));
const v1Fixture = fixture('v1');
/** The app's default claim threshold, from the core, so generated claims are highlighted as the
 * app would highlight them on import. */
const threshold = Number(
  readFileSync(fileURLToPath(new URL('../../crates/factmark-core/src/claims.rs', import.meta.url)), 'utf8').match(
    /pub const DEFAULT_THRESHOLD: f32 = ([0-9.]+);/,
  )[1],
);
const v2Fixture = fixture('v2');

/** A second, short article. */
const otherArticle =
  'Exports from the European Union rose 12% in 2025, officials in Brussels said on Tuesday.\n\n' +
  '“We expect growth to continue,” said Maria Lopez, a spokesperson for the European Commission.';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** The stored articles' review keys (one per article). */
function reviewKeys(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('factmark:v3:review:')));
}

/** Waits until storage holds `count` articles. */
function waitForArticles(page, count, timeout) {
  return page.waitForFunction(
    (count) => Object.keys(localStorage).filter((key) => key.startsWith('factmark:v3:review:')).length === count,
    count,
    { timeout },
  );
}

/** Waits until the app's saves have caught up with `count` more since `before` (User Timing). */
function saves(page) {
  return page.evaluate(() => performance.getEntriesByName('factmark:save').length);
}

/** Opens the highlight `mark` by keyboard and sets its status. */
async function setStatus(page, mark, button) {
  await mark.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: button }).click();
}

/** Fills localStorage until it refuses more; returns how many filler keys were written. */
function fillStorage(page) {
  return page.evaluate(() => {
    let chunk = 'f'.repeat(1 << 20);
    let count = 0;
    while (chunk.length >= 1) {
      try {
        localStorage.setItem(`filler-${count}`, chunk);
        count += 1;
      } catch {
        chunk = chunk.slice(0, Math.floor(chunk.length / 2));
      }
    }
    return count;
  });
}

test('a full quota says so, offers export, keeps the work and saves it once space is freed', async () => {
  const { page, context, errors } = await openPage(app);
  await annotate(page, seedArticle);
  await waitForArticles(page, 1);
  assert.ok((await fillStorage(page)) > 0);

  // A new article needs a new key: the quota refuses it.
  await page.getByRole('button', { name: /^Library/ }).click();
  await page.getByRole('button', { name: 'New article' }).click();
  await annotate(page, otherArticle);
  const claim = page.locator('mark[data-kind="claim"]').first();
  const claimId = await claim.getAttribute('data-id');
  await setStatus(page, claim, 'Mark disputed');
  const alert = page.getByRole('alert').filter({ hasText: 'storage for Factmark is full' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /safe in this tab/);

  // The work is intact in memory and in the export.
  assert.equal(await page.locator(`mark[data-id="${claimId}"]`).getAttribute('data-status'), 'disputed');
  const [download] = await Promise.all([page.waitForEvent('download'), alert.getByRole('button', { name: 'Export library' }).click()]);
  const library = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(library.articles.length, 2);
  const exported = library.articles.find((article) => article.text === otherArticle);
  assert.equal(exported.annotations.find((a) => a.id === claimId).status, 'disputed');

  // Free the space and try again: saved, and the message goes.
  await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('filler-')).forEach((key) => localStorage.removeItem(key)));
  await alert.getByRole('button', { name: 'Try again' }).click();
  await alert.waitFor({ state: 'detached' });
  await waitForArticles(page, 2);
  await page.reload();
  await page.locator(`mark[data-id="${claimId}"][data-status="disputed"]`).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('garbage in an article’s key is moved aside and reported; the rest of the library opens', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, otherArticle);
  await waitForArticles(page, 1);
  const [key] = await reviewKeys(page);
  await page.getByRole('button', { name: /^Library/ }).click();
  await page.getByRole('button', { name: 'New article' }).click();
  await annotate(page, seedArticle);
  const quote = page.locator('mark[data-kind="quote"]').first();
  const quoteId = await quote.getAttribute('data-id');
  const before = await saves(page);
  await setStatus(page, quote, 'Mark verified');
  await page.waitForFunction((before) => performance.getEntriesByName('factmark:save').length > before, before);

  await page.evaluate((key) => localStorage.setItem(key, '{"format": "factmark", "version": 1, "title": tru'), key);
  await page.reload();

  const alert = page.getByRole('alert').filter({ hasText: 'could not be read' });
  await alert.waitFor();
  assert.match(await alert.textContent(), new RegExp(`moved aside to “factmark:v3:quarantine:${key}”`));
  assert.equal(
    await page.evaluate((key) => localStorage.getItem(`factmark:v3:quarantine:${key}`), key),
    '{"format": "factmark", "version": 1, "title": tru',
    'the unreadable value is kept as it was',
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    alert.getByRole('button', { name: 'Download the unreadable data' }).click(),
  ]);
  assert.equal(await readFile(await download.path(), 'utf8'), '{"format": "factmark", "version": 1, "title": tru');
  // The readable article reopens with its verdict.
  await page.locator(`mark[data-id="${quoteId}"][data-status="verified"]`).waitFor();
  await context.close();
});

/** A page whose localStorage holds only `fixture`'s keys, reloaded so that the app reads them. */
async function openWithFixture(fixture) {
  const opened = await openPage(app);
  await opened.page.evaluate((fixture) => {
    localStorage.clear();
    for (const [key, value] of Object.entries(fixture)) localStorage.setItem(key, value);
  }, fixture);
  await opened.page.reload();
  return opened;
}

test('the v1 layout (fixture) is upgraded on load with every verdict and note', async () => {
  const { page, context } = await openWithFixture(v1Fixture);
  const v1 = JSON.parse(v1Fixture['factmark:v1:article']);
  for (const annotation of v1.annotations.filter((a) => a.status !== 'unverified' && (a.highlighted ?? true))) {
    await page.locator(`mark[data-id="${annotation.id}"][data-status="${annotation.status}"]`).first().waitFor();
  }
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  assert.ok(!keys.includes('factmark:v1:article') && !keys.includes('factmark:v1:draft'), keys.join(', '));
  assert.equal((await reviewKeys(page)).length, 1);
  await page.getByRole('button', { name: /^Library/ }).click();
  await page.getByRole('heading', { name: v1.title }).waitFor();
  await context.close();
});

test('the v2 layout (fixture) is upgraded on load with every article, verdict, note and date', async () => {
  const { page, context } = await openWithFixture(v2Fixture);
  const index = JSON.parse(v2Fixture['factmark:v2:index']);
  const open = JSON.parse(v2Fixture[`factmark:v2:article:${index.last_opened}`]);
  for (const annotation of open.annotations.filter((a) => a.status !== 'unverified' && !a.dismissed && (a.highlighted ?? true))) {
    await page.locator(`mark[data-id="${annotation.id}"][data-status="${annotation.status}"]`).first().waitFor();
  }
  await waitForArticles(page, index.articles.length);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  assert.deepEqual(keys.filter((key) => key.startsWith('factmark:v2:')), [], 'the old keys go');
  await page.getByRole('button', { name: `Library (${index.articles.length})` }).click();
  for (const row of index.articles) await page.getByRole('heading', { name: row.title }).waitFor();
  await context.close();
});

test('two tabs editing the same article each keep the other’s change', async () => {
  const { page: first, context } = await openPage(app);
  await annotate(first, seedArticle);
  await waitForArticles(first, 1);
  const second = await context.newPage();
  await second.goto(app.baseUrl);
  await second.locator('mark[data-kind]').first().waitFor();

  const quoteId = await first.locator('mark[data-kind="quote"]').first().getAttribute('data-id');
  const claimId = await first.locator('mark[data-kind="claim"]').first().getAttribute('data-id');
  await setStatus(first, first.locator(`mark[data-id="${quoteId}"]`), 'Mark verified');
  await setStatus(second, second.locator(`mark[data-id="${claimId}"]`), 'Mark disputed');

  // Each tab takes in the other's change, and keeps its own.
  await first.locator(`mark[data-id="${claimId}"][data-status="disputed"]`).waitFor();
  await second.locator(`mark[data-id="${quoteId}"][data-status="verified"]`).waitFor();
  assert.equal(await first.locator(`mark[data-id="${quoteId}"]`).getAttribute('data-status'), 'verified');
  assert.equal(await second.locator(`mark[data-id="${claimId}"]`).getAttribute('data-status'), 'disputed');

  // And storage holds both.
  await first.reload();
  await first.locator(`mark[data-id="${quoteId}"][data-status="verified"]`).waitFor();
  await first.locator(`mark[data-id="${claimId}"][data-status="disputed"]`).waitFor();

  // An article added in one tab appears in the other's library.
  await first.getByRole('button', { name: /^Library/ }).click();
  await first.getByRole('button', { name: 'New article' }).click();
  await annotate(first, otherArticle);
  await second.getByRole('button', { name: 'Library (2)' }).waitFor();
  await context.close();
});

test('with localStorage unavailable the app runs in memory and says so', async () => {
  const context = await app.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The user denied storage', 'SecurityError');
      },
    });
  });
  const page = await context.newPage();
  await page.goto(app.baseUrl);
  const banner = page.getByRole('status').filter({ hasText: 'does not let Factmark use its storage' });
  await banner.waitFor();
  assert.ok(await banner.getByRole('button', { name: 'Export library' }).isVisible());
  await annotate(page, seedArticle);
  const quote = page.locator('mark[data-kind="quote"]').first();
  await setStatus(page, quote, 'Mark verified');
  assert.equal(await quote.getAttribute('data-status'), 'verified');
  await context.close();
});

test('after one visit the app loads and annotates offline', async () => {
  const { page, context, errors } = await openPage(app);
  // The service worker has cached the app shell once it is active.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await context.setOffline(true);
  await page.reload();
  assert.equal(await page.evaluate(() => navigator.onLine), false, 'the browser is offline');
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker served the page');
  await annotate(page, otherArticle);
  assert.ok((await page.locator('mark[data-kind]').count()) > 0);
  // The web app manifest and its icon come from the cache too.
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel="manifest"]').href;
    const manifest = await (await fetch(href)).json();
    const icon = await fetch(new URL(manifest.icons[0].src, href));
    return { name: manifest.name, icon: icon.headers.get('content-type') };
  });
  assert.deepEqual(manifest, { name: 'Factmark', icon: 'image/svg+xml' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 2 MB article is analysed with a progress bar and never freezes the page over 100 ms', async () => {
  const { page, context } = await openPage(app);
  const text = longText(2 * 1024 * 1024 - 16);
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  });
  await paste(page, text);
  const pressedAt = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  await page.getByRole('progressbar').waitFor();
  await page.getByText(/^Analysing a long article \(2\.0 MB\): [1-9]\d*%$/).waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => performance.getEntriesByName('factmark:analysed').length > 0, null, { timeout: 120_000 });
  const { tasks, analysedAt } = await page.evaluate(() => ({
    tasks: window.longTasks,
    analysedAt: performance.getEntriesByName('factmark:analysed')[0].startTime,
  }));
  const during = tasks.filter((task) => task.start >= pressedAt && task.start < analysedAt);
  const longest = Math.max(0, ...during.map((task) => task.duration));
  console.log(`2 MB analysis: ${Math.round(analysedAt - pressedAt)} ms, ${during.length} long tasks, longest ${Math.round(longest)} ms`);
  assert.ok(longest <= 100, `a task of ${longest} ms froze the page during the analysis`);

  // The article arrives whole, and the page says it is too large to keep in storage.
  await page.locator('mark[data-kind="quote"]').first().waitFor({ timeout: 120_000 });
  await page.getByRole('alert').filter({ hasText: 'too large to keep in this browser' }).waitFor({ timeout: 60_000 });
  const shownAt = await page.evaluate(() => performance.now());
  // Showing it never freezes the page either: the text arrives a screenful first and the rest
  // over later frames, the panel's lists a page of rows at a time. Measured until the whole
  // text is on the page. About 100 ms here; the bound leaves room for a slower, busier machine.
  await page.locator('#article-view:not([aria-busy])').waitFor({ timeout: 120_000 });
  const paintedAt = await page.evaluate(() => performance.now());
  const after = await page.evaluate((from) => window.longTasks.filter((task) => task.start >= from), analysedAt);
  const longestShowing = Math.max(0, ...after.map((t) => t.duration));
  console.log(
    `2 MB render: ${Math.round(shownAt - analysedAt)} ms, whole text ${Math.round(paintedAt - analysedAt)} ms, ` +
      `${after.length} long tasks, longest ${Math.round(longestShowing)} ms`,
  );
  assert.ok(longestShowing <= 250, `a task of ${longestShowing} ms froze the page while the article was shown`);
  await context.close();
});

test('a paste over 2 MB gets a clear message instead of a hang', async () => {
  const { page, context } = await openPage(app);
  await paste(page, longText(2 * 1024 * 1024 + 4096));
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'handles articles up to 2 MB' });
  await alert.waitFor();
  assert.equal(await page.locator('mark').count(), 0);
  assert.equal(await page.getByRole('progressbar').count(), 0);
  await context.close();
});

/** Writes `library` as the app exports it (pretty Factmark JSON) to a file; returns its path. */
async function libraryFile(library, name) {
  const directory = await mkdtemp(join(tmpdir(), 'factmark-'));
  const path = join(directory, name);
  await writeFile(path, JSON.stringify(library, null, 2));
  return { path, remove: () => rm(directory, { recursive: true }) };
}

/** Imports the file at `path` through Import annotations and its preview. */
async function importFile(page, path, name, timeout) {
  await page.getByLabel('Import annotations').setInputFiles(path);
  const dialog = page.getByRole('dialog', { name: `Import “${name}”` });
  await dialog.waitFor({ timeout });
  return dialog;
}

test('1,000 reviewed articles are imported, kept over a reload, and export exactly as they came', async () => {
  const library = generateLibrary(1000, 5000, 20261204, threshold);
  const file = await libraryFile(library, 'library-1000.factmark.json');
  const { page, context, errors } = await openPage(app);
  try {
    const started = Date.now();
    const dialog = await importFile(page, file.path, 'library-1000.factmark.json', 120_000);
    assert.match(await dialog.textContent(), /Factmark JSON: 1000 articles/);
    assert.equal(await dialog.getByRole('alert').count(), 0, 'it fits');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('button', { name: 'Library (1000)' }).waitFor({ timeout: 120_000 });
    await waitForArticles(page, 1000, 120_000);
    const used = await page.evaluate(() =>
      Object.keys(localStorage).reduce((sum, key) => sum + key.length + localStorage.getItem(key).length, 0),
    );
    const text = library.articles.reduce((sum, article) => sum + article.text.length, 0);
    console.log(
      `1,000 articles: imported and saved in ${Math.round((Date.now() - started) / 1000)} s; storage ${(used / 1048576).toFixed(2)} Mi units ` +
        `of 5 Mi (${Math.round(used / 1000)} units per article, ${(used / text).toFixed(2)} of the text)`,
    );
    assert.ok(used < 5 * 1024 * 1024 * 0.95, 'with room to spare');

    await page.reload();
    await page.getByRole('button', { name: 'Library (1000)' }).waitFor({ timeout: 120_000 });
    await page.locator('mark[data-status="verified"]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Export as…', exact: true }).click();
    const panel = page.getByRole('group', { name: 'Export formats' });
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      panel.getByRole('button', { name: 'Download Factmark JSON, whole library', exact: true }).click({ timeout: 120_000 }),
    ]);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(exported.articles.length, 1000);
    // Every article, annotation, status, note, evidence link and timestamp, exactly.
    for (let n = 0; n < 1000; n += 1) assert.deepEqual(exported.articles[n], library.articles[n], `article ${n + 1}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await file.remove();
  }
});

test('an import that does not fit is refused whole, and over-full storage keeps what was saved and says so', async () => {
  const { page, context } = await openPage(app);
  const small = await libraryFile(generateLibrary(3, 5000, 7), 'three.factmark.json');
  const large = await libraryFile(generateLibrary(40, 5000, 8), 'forty.factmark.json');
  try {
    let dialog = await importFile(page, small.path, 'three.factmark.json');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await waitForArticles(page, 3);
    // Leave room for a few articles only: 16 Ki units.
    await fillStorage(page);
    await page.evaluate(() => {
      const filler = Object.keys(localStorage).find((key) => key.startsWith('filler-') && localStorage.getItem(key).length === 16384);
      localStorage.removeItem(filler);
    });

    dialog = await importFile(page, large.path, 'forty.factmark.json');
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /only \d+ of its 40 articles would fit, so nothing will be imported/);
    assert.match(await refusal.textContent(), /export the library .* and delete articles you no longer need/);
    assert.ok(await dialog.getByRole('button', { name: 'Import', exact: true }).isDisabled());
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.getByRole('button', { name: 'Library (3)' }).count(), 1, 'nothing half-applied');

    // A paste that does not fit either: the user is told at once, and after a reload too.
    await page.getByRole('button', { name: /^Library/ }).click();
    await page.getByRole('button', { name: 'New article' }).click();
    const long = generateLibrary(1, 60_000, 9).articles[0].text;
    await page.getByLabel('Article text').evaluate((area, text) => {
      area.value = text;
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, long);
    await page.getByRole('button', { name: 'Annotate', exact: true }).click();
    // The worker's answer makes the article (the draft alone may fail to save first).
    await page.locator('mark[data-kind]').first().waitFor({ timeout: 30_000 });
    await page.getByRole('alert').filter({ hasText: 'storage for Factmark is full' }).waitFor({ timeout: 30_000 });
    await page.reload();
    const told = page.getByRole('alert').filter({ hasText: 'Your last visit could not save its latest changes' });
    await told.waitFor();
    assert.match(await told.textContent(), new RegExp(long.split('\n')[0].slice(0, 20)));
    await page.getByRole('button', { name: 'Library (3)' }).waitFor();
    assert.equal((await reviewKeys(page)).length, 3, 'every article saved before is still there');
  } finally {
    await context.close();
    await small.remove();
    await large.remove();
  }
});
