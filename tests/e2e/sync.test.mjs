// Team sync end to end: two people (two browser contexts, each with its own localStorage and
// cookies) review one library through a pouchdb-server this test starts and stops.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, openPage, annotate, testArticle, testArticles, axeViolations } from './support.mjs';
import { startCouch } from './couch.mjs';
import { generateLibrary } from './library-generator.mjs';

let app;
let couch;
before(async () => {
  app = await startApp();
  couch = await startCouch(new URL(app.baseUrl).origin);
});
after(async () => {
  await couch?.close();
  await app?.close();
});

const CLAIMS = '#article-view mark[data-kind="claim"]:not([data-continued])';
const panel = (page) => page.getByRole('region', { name: 'Team sync' });
const status = (page) => panel(page).getByRole('status');

/** What the status line shows now: the exact time of a sync, or its words. */
const shown = () => {
  const line = document.querySelector('#sync-panel [role="status"]');
  const time = line?.querySelector('time');
  return time ? `at ${time.getAttribute('datetime')}` : line?.textContent ?? null;
};
const statusNow = (page) => page.evaluate(shown);

/** Waits until the status line shows an outcome other than `before`; fails unless it synced. */
async function waitForSync(page, before) {
  await page.waitForFunction(
    (before) => {
      const line = document.querySelector('#sync-panel [role="status"]');
      const time = line?.querySelector('time');
      const now = time ? `at ${time.getAttribute('datetime')}` : line?.textContent ?? null;
      return now !== null && now !== 'Syncing…' && now !== before;
    },
    before,
    { timeout: 30_000 },
  );
  const text = await status(page).textContent();
  assert.match(text, /^Synced at /, `the sync succeeded: ${text}`);
}

/** Waits until the status line says something matching `pattern` (after a sync that fails). */
async function waitForStatus(page, pattern) {
  await panel(page).getByRole('status').filter({ hasText: pattern }).waitFor({ timeout: 30_000 });
}

async function openPanel(page) {
  if (!(await panel(page).isVisible())) await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await panel(page).waitFor();
}

/** Fills the panel and signs in as `user` on `database`; does not wait for the result. */
async function signIn(page, user, password = `${user}-pw`, database = 'team') {
  await openPanel(page);
  await page.getByLabel('Server URL').fill(couch.url);
  await page.getByLabel('Database').fill(database);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function syncNow(page) {
  const before = await statusNow(page);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await waitForSync(page, before);
}

/** Selects the claim `id` and waits for its details. */
async function selectClaim(page, id) {
  // By keyboard, as a click could land on a name or quote inside the claim.
  await page.locator(`#article-view mark[data-id="${id}"]`).first().focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Mark verified' }).waitFor();
}

const statusOf = (page, id) => page.locator(`#article-view mark[data-id="${id}"]`).first().getAttribute('data-status');

async function waitStatus(page, id, value) {
  await page.locator(`#article-view mark[data-id="${id}"][data-status="${value}"]`).first().waitFor();
}

async function openFromLibrary(page, count) {
  await page.getByRole('button', { name: `Library (${count})` }).click();
  await page.getByRole('button', { name: /^Open “/ }).first().click();
  await page.locator(CLAIMS).first().waitFor();
}

test('two people review one article through the team server, online and offline', async () => {
  const a = await openPage(app);
  const b = await openPage(app);
  try {
    // A signs in (an empty database: nothing either way), verifies a claim and adds a note.
    await openPanel(a.page);
    const notSignedIn = await statusNow(a.page);
    await signIn(a.page, 'alice');
    await waitForSync(a.page, notSignedIn);
    assert.deepEqual(await axeViolations(a.page), [], 'the sync panel passes axe');
    await annotate(a.page, testArticle);
    const claims = await a.page.locator(CLAIMS).evaluateAll((marks) => marks.map((m) => m.dataset.id));
    assert.ok(claims.length >= 3, 'the article has three claims to review');
    const [first, second, third] = claims;
    await selectClaim(a.page, first);
    await a.page.getByRole('button', { name: 'Mark verified' }).click();
    await waitStatus(a.page, first, 'verified');
    await a.page.getByLabel('Note').fill('Checked against the ministry statement.');
    await a.page.getByLabel('Note').blur();
    await a.page.locator(`#article-view mark[data-id="${first}"].has-note`).first().waitFor();
    await syncNow(a.page);
    assert.match(await panel(a.page).textContent(), /1 article sent, 0 articles received/);

    // B signs in: the sign-in's sync brings A's article, verdict and note.
    await signIn(b.page, 'bob');
    await waitForSync(b.page, notSignedIn);
    assert.match(await panel(b.page).textContent(), /0 articles sent, 1 article received/);
    // What was pulled is not sent back.
    await syncNow(b.page);
    assert.match(await panel(b.page).textContent(), /0 articles sent, 0 articles received/);
    await openFromLibrary(b.page, 1);
    await waitStatus(b.page, first, 'verified');
    await selectClaim(b.page, first);
    assert.equal(await b.page.getByLabel('Note').inputValue(), 'Checked against the ministry statement.');

    // B goes offline and disputes another claim: the sync says so and the work stays.
    await b.context.setOffline(true);
    await selectClaim(b.page, second);
    await b.page.getByRole('button', { name: 'Mark disputed' }).click();
    await waitStatus(b.page, second, 'disputed');
    await b.page.getByRole('button', { name: 'Sync now' }).click();
    await waitForStatus(b.page, /The server is unreachable: your work is kept here and will sync later/);
    assert.equal(await statusOf(b.page, second), 'disputed');
    // Back online, B syncs; A's next sync shows B's verdict on the open article.
    await b.context.setOffline(false);
    await syncNow(b.page);
    await syncNow(a.page);
    await waitStatus(a.page, second, 'disputed');
    await waitStatus(a.page, first, 'verified');

    // Both change the same claim, A first, then B: after both sync, B's later verdict holds on
    // both, and nothing else is lost.
    await selectClaim(a.page, third);
    await a.page.getByRole('button', { name: 'Mark verified' }).click();
    await waitStatus(a.page, third, 'verified');
    await selectClaim(b.page, third);
    await b.page.getByRole('button', { name: 'Mark disputed' }).click();
    await waitStatus(b.page, third, 'disputed');
    await syncNow(a.page);
    await syncNow(b.page);
    await syncNow(a.page);
    for (const page of [a.page, b.page]) {
      await waitStatus(page, third, 'disputed');
      assert.equal(await statusOf(page, first), 'verified');
      assert.equal(await statusOf(page, second), 'disputed');
      await selectClaim(page, first);
      assert.equal(await page.getByLabel('Note').inputValue(), 'Checked against the ministry statement.');
    }

    // A signs out and back in with a wrong password: the message, and nothing here changes.
    await a.page.getByRole('button', { name: 'Sign out' }).click();
    await waitForStatus(a.page, /Signed out/);
    await a.page.getByLabel('Password').fill('not-her-password');
    await a.page.getByRole('button', { name: 'Sign in' }).click();
    await waitForStatus(a.page, /The server refused the password/);
    assert.equal(await statusOf(a.page, first), 'verified');
    assert.equal(await statusOf(a.page, third), 'disputed');
    assert.equal(await a.page.getByRole('button', { name: 'Library (1)' }).count(), 1);

    // Nothing was ever stored but the settings and sync state: no password anywhere.
    for (const page of [a.page, b.page]) {
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
      assert.ok(!stored.includes('-pw'), 'no password in localStorage');
    }
    assert.deepEqual(a.errors.filter((e) => !/Failed to load resource|net::ERR/.test(e)), []);
    assert.deepEqual(b.errors.filter((e) => !/Failed to load resource|net::ERR/.test(e)), []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('someone who is not a member is told so, and keeps their own work', async () => {
  const c = await openPage(app);
  try {
    await annotate(c.page, testArticles['opinion-column']);
    // Plain http to another machine is refused before anything is sent.
    await openPanel(c.page);
    await c.page.getByLabel('Server URL').fill('http://couch.example.org');
    await c.page.getByLabel('Database').fill('team');
    await c.page.getByLabel('User name').fill('carol');
    await c.page.getByLabel('Password').fill('carol-pw');
    await c.page.getByRole('button', { name: 'Sign in' }).click();
    await waitForStatus(c.page, /uses plain http, which would send your password/);
    await signIn(c.page, 'carol');
    await waitForStatus(c.page, /You are not a member of this database/);
    await c.page.getByRole('button', { name: 'Library (1)' }).waitFor();
    assert.ok((await c.page.locator(CLAIMS).count()) > 0, 'her article is still open');
  } finally {
    await c.context.close();
  }
});

test('an answer that is not from CouchDB changes nothing here', async () => {
  const b = await openPage(app);
  try {
    await annotate(b.page, testArticles['interview-feature']);
    // A proxy answers the feed with a page of its own.
    await b.page.route(/\/team\/_changes/, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<html><body>Please log in to the network</body></html>' }),
    );
    await signIn(b.page, 'bob');
    await waitForStatus(b.page, /is not a CouchDB answer \(it began “<html><body>Please log in/);
    await b.page.getByRole('button', { name: 'Library (1)' }).waitFor();
    await b.page.unroute(/\/team\/_changes/);
    // The next sync goes through and brings the team's article.
    const before = await statusNow(b.page);
    await b.page.getByRole('button', { name: 'Sync now' }).click();
    await waitForSync(b.page, before);
    await b.page.getByRole('button', { name: 'Library (2)' }).waitFor();
  } finally {
    await b.context.close();
  }
});

test('a sync cut off half-way and started again leaves exactly one copy of everything', async () => {
  await couch.database('halfway');
  const library = generateLibrary(25, 3000, 11);
  const directory = await mkdtemp(join(tmpdir(), 'factmark-sync-'));
  const file = join(directory, 'twenty-five.factmark.json');
  await writeFile(file, JSON.stringify(library));
  const a = await openPage(app);
  const b = await openPage(app);
  try {
    await a.page.getByLabel('Import annotations').setInputFiles(file);
    await a.page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await a.page.getByRole('button', { name: 'Library (25)' }).waitFor();

    // The second upload reaches the server, but its answer never comes back (as when the
    // network drops at that moment); later ones are never sent.
    let uploads = 0;
    await a.page.route(/\/halfway\/_bulk_docs$/, async (route) => {
      uploads += 1;
      if (uploads === 1) return route.continue();
      if (uploads === 2) await route.fetch();
      return route.abort('connectionreset');
    });
    await signIn(a.page, 'alice', 'alice-pw', 'halfway');
    await waitForStatus(a.page, /The server is unreachable/);
    assert.equal(uploads, 2);
    const cut = (await couch.allDocs('halfway')).filter((row) => row.id.startsWith('article-'));
    assert.ok(cut.length > 0 && cut.length < 25, `part of the library got there (${cut.length})`);

    await a.page.unroute(/\/halfway\/_bulk_docs$/);
    await syncNow(a.page);
    const rows = await couch.allDocs('halfway');
    const articles = rows.filter((row) => row.id.startsWith('article-'));
    const texts = rows.filter((row) => row.id.startsWith('text-'));
    assert.equal(articles.length, 25, 'every article once');
    assert.equal(texts.length, 25, 'every text once');
    assert.deepEqual(rows.filter((row) => row.doc._conflicts), [], 'no conflicting copies');
    assert.ok(articles.every((row) => row.value.rev.startsWith('1-')), 'each article stored once, not twice');

    // Someone else gets all of it, each annotation once.
    await openPanel(b.page);
    const before = await statusNow(b.page);
    await signIn(b.page, 'bob', 'bob-pw', 'halfway');
    await waitForSync(b.page, before);
    await b.page.getByRole('button', { name: 'Library (25)' }).waitFor();
    const count = (doc) => doc.annotations.length;
    const expected = library.articles.reduce((sum, article) => sum + article.annotations.length, 0);
    assert.equal(articles.reduce((sum, row) => sum + count(row.doc), 0), expected, 'every annotation once');

    // A deletes an article and syncs: it goes from B's library at B's next sync, and stays gone
    // after both sync again (a deletion is sent, not forgotten).
    const title = library.articles[3].title;
    await a.page.getByRole('button', { name: 'Library (25)' }).click();
    await a.page.getByRole('button', { name: `Delete “${title}”` }).click();
    await a.page.getByRole('button', { name: 'Library (24)' }).waitFor();
    await syncNow(a.page);
    await syncNow(b.page);
    await b.page.getByRole('button', { name: 'Library (24)' }).waitFor();
    await syncNow(a.page);
    await syncNow(b.page);
    await b.page.getByRole('button', { name: 'Library (24)' }).click();
    for (const page of [a.page, b.page]) {
      await page.getByRole('button', { name: `Open “${library.articles[4].title}”` }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Library (24)' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: `Open “${title}”` }).count(), 0);
    }
    assert.equal((await couch.allDocs('halfway')).filter((row) => row.doc.deleted).length, 1, 'one deletion on the server');
  } finally {
    await a.context.close();
    await b.context.close();
    await rm(directory, { recursive: true, force: true });
  }
});

test('with Sync automatically, a change goes up on its own; the settings outlive a reload, the password does not', async () => {
  await couch.database('auto');
  const a = await openPage(app);
  const b = await openPage(app);
  try {
    await annotate(a.page, testArticles['data-report']);
    await openPanel(a.page);
    let before = await statusNow(a.page);
    await signIn(a.page, 'alice', 'alice-pw', 'auto');
    await waitForSync(a.page, before);
    await a.page.getByLabel('Sync automatically').check();

    // Reloaded, the panel keeps the server, database, user and the session (the cookie).
    await a.page.reload();
    await a.page.locator(CLAIMS).first().waitFor();
    await openPanel(a.page);
    assert.equal(await a.page.getByLabel('Server URL').inputValue(), couch.url);
    assert.equal(await a.page.getByLabel('Database').inputValue(), 'auto');
    assert.equal(await a.page.getByLabel('User name').inputValue(), 'alice');
    assert.ok(await a.page.getByLabel('Sync automatically').isChecked());
    await a.page.getByRole('button', { name: 'Sync now' }).waitFor();
    assert.equal(await a.page.getByLabel('Password').count(), 0, 'signed in: no password asked');

    // A change, and no button pressed: it syncs by itself a moment later.
    const claim = await a.page.locator(CLAIMS).first().getAttribute('data-id');
    await selectClaim(a.page, claim);
    await a.page.getByRole('button', { name: 'Mark disputed' }).click();
    await waitStatus(a.page, claim, 'disputed');
    // (The page's own sync after the reload sent nothing: nothing had changed.)
    await panel(a.page).getByText(/1 article sent/).waitFor({ timeout: 30_000 });

    await openPanel(b.page);
    before = await statusNow(b.page);
    await signIn(b.page, 'bob', 'bob-pw', 'auto');
    await waitForSync(b.page, before);
    await openFromLibrary(b.page, 1);
    await waitStatus(b.page, claim, 'disputed');

    // Signed out with every field emptied and the box unticked, a reload keeps them that way.
    await a.page.getByRole('button', { name: 'Sign out' }).click();
    for (const field of ['Server URL', 'Database', 'User name']) await a.page.getByLabel(field).fill('');
    await a.page.getByLabel('Sync automatically').uncheck();
    await a.page.reload();
    await a.page.locator(CLAIMS).first().waitFor();
    await openPanel(a.page);
    for (const field of ['Server URL', 'Database', 'User name']) {
      assert.equal(await a.page.getByLabel(field).inputValue(), '', `${field} stays empty`);
    }
    assert.equal(await a.page.getByLabel('Sync automatically').isChecked(), false);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
