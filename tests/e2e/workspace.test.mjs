// The review workspace (issue 6), driven the way a person uses it: by labels, roles and keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openPage, annotate, openArticleBox, seedArticle, axeViolations } from './support.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** What has the focus: its accessible name, or its label's id. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase(), name: el?.getAttribute('aria-label'), id: el?.id, dataId: el?.getAttribute('data-id') };
  });

/** Waits until the focused element satisfies `check` (given what `focused` returns). */
async function waitForFocus(page, check, what) {
  for (;;) {
    const now = await focused(page);
    if (check(now)) return now;
    await page.waitForFunction((before) => document.activeElement?.id !== before.id || document.activeElement?.getAttribute('data-id') !== before.dataId, now, { timeout: 5000 }).catch(() => {
      throw new Error(`focus never reached ${what}; it is on ${JSON.stringify(now)}`);
    });
  }
}

/** Selects `phrase` in the article text as a person would with the mouse. */
async function selectInArticle(page, phrase) {
  await page.evaluate((phrase) => {
    const article = document.getElementById('article-view');
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    // Find the phrase in the text content, then the text nodes and offsets where it starts and ends.
    const full = article.textContent;
    const at = full.indexOf(phrase);
    if (at < 0) throw new Error(`${phrase} is not in the article`);
    let seen = 0;
    let start;
    let end;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.data.length;
      if (!start && at < seen + length) start = [node, at - seen];
      if (!end && at + phrase.length <= seen + length) {
        end = [node, at + phrase.length - seen];
        break;
      }
      seen += length;
    }
    const range = document.createRange();
    range.setStart(...start);
    range.setEnd(...end);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }, phrase);
  await page.waitForFunction((phrase) => document.getElementById('new-text')?.value === phrase, phrase);
}

/** Adds `phrase` as a highlight of the given type ("Claim", "Quote", "Person", …) by selecting it. */
async function addHighlight(page, phrase, type) {
  await selectInArticle(page, phrase);
  await page.getByLabel('Add as').selectOption({ label: type });
  await page.getByRole('button', { name: 'Add highlight' }).click();
}

const status = (page, id) => page.locator(`mark[data-id="${id}"]:not([data-continued])`).getAttribute('data-status');
const waitStatus = (page, id, value) =>
  page.locator(`mark[data-id="${id}"]:not([data-continued])[data-status="${value}"]`).waitFor();

test('keyboard: j/k move between highlights, v/u/d tag, n edits the note, Escape goes back', async () => {
  const { page, context, errors } = await openPage(app);
  await annotate(page, seedArticle);
  const ids = await page.locator('#article-view mark[data-id]:not([data-continued])').evaluateAll((marks) => marks.map((m) => m.dataset.id));
  assert.ok(ids.length > 3, 'several highlights');

  await page.keyboard.press('j');
  await waitForFocus(page, (f) => f.dataId === ids[0], 'the first highlight');
  await page.keyboard.press('j');
  await waitForFocus(page, (f) => f.dataId === ids[1], 'the second highlight');
  await page.keyboard.press('k');
  const first = await waitForFocus(page, (f) => f.dataId === ids[0], 'the first highlight again');
  assert.equal(await page.locator(`mark[data-id="${ids[0]}"]`).first().getAttribute('aria-current'), 'true');
  assert.match(first.name, /, unverified$/);

  for (const [key, value] of [['v', 'verified'], ['d', 'disputed'], ['u', 'unverified'], ['v', 'verified']]) {
    await page.keyboard.press(key);
    await waitStatus(page, ids[0], value);
  }
  await page.getByRole('group', { name: /, verified$/ }).first().waitFor();

  // n: the note field; letters typed there are text, not shortcuts.
  await page.keyboard.press('n');
  await waitForFocus(page, (f) => f.id === 'annotation-note', 'the note field');
  await page.keyboard.type('Checked: vdjk');
  assert.equal(await status(page, ids[0]), 'verified', 'typing v/d in the note does not tag');
  await page.keyboard.press('Escape');
  await waitForFocus(page, (f) => f.dataId === ids[0], 'the highlight, after Escape');
  await page.locator(`mark[data-id="${ids[0]}"].has-note`).waitFor();
  assert.equal(await page.getByLabel('Note').inputValue(), 'Checked: vdjk');

  // /: the search field.
  await page.keyboard.press('/');
  await waitForFocus(page, (f) => f.id === 'annotation-search', 'the search field');
  await page.keyboard.press('Escape');
  await waitForFocus(page, (f) => f.dataId === ids[0], 'the highlight, after Escape from search');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the panel: progress, filters, search, and selection both ways', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, seedArticle);
  const progress = page.getByRole('list', { name: 'Progress' });
  const claims = await page.locator('#article-view mark[data-kind="claim"]:not([data-continued])').count();
  assert.match(await progress.textContent(), new RegExp(`0 of ${claims} claims? verified`));

  // Kind filter: only the claims list remains.
  await page.getByLabel('Filter by kind').selectOption({ label: 'Claims' });
  await page.getByRole('heading', { name: /^Claims \(\d+\)$/ }).waitFor();
  assert.equal(await page.getByRole('heading', { name: /^Entities \(/ }).count(), 0);
  await page.getByLabel('Filter by kind').selectOption({ label: 'Any' });

  // Search by text.
  await page.getByLabel('Search annotations').fill('platinum standard');
  const found = page.locator('.annotation-list button.item');
  await page.waitForFunction(() => [...document.querySelectorAll('.annotation-list button.item')].every((b) => /platinum standard/i.test(b.textContent)));
  assert.ok((await found.count()) >= 1, 'the quote is found');

  // Selecting a row focuses its highlight.
  const row = found.first();
  await row.click();
  const id = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
  assert.ok(id, 'a highlight has the focus');
  assert.match(await page.locator(`mark[data-id="${id}"]`).first().textContent(), /platinum standard/);
  assert.equal(await row.getAttribute('aria-current'), 'true');

  // Status filter, after tagging it verified from the details.
  await page.getByRole('button', { name: 'Mark verified' }).click();
  await waitStatus(page, id, 'verified');
  await page.getByLabel('Search annotations').fill('');
  await page.getByLabel('Filter by status').selectOption({ label: 'verified' });
  await page.waitForFunction(() => document.querySelectorAll('.annotation-list button.item').length === 1);
  await page.getByLabel('Filter by status').selectOption({ label: 'Any' });

  // And the reverse: clicking a highlight marks its row.
  const other = page.locator('#article-view mark[data-kind="entity"]:not([data-continued])').first();
  const otherId = await other.getAttribute('data-id');
  await other.click();
  await page.locator(`[data-item-id="${otherId}"] button.item[aria-current="true"]`).waitFor({ state: 'attached' });
  await context.close();
});

test('details: evidence links are checked, notes and times are shown, all mentions of an entity tag at once', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, seedArticle);
  await page.locator('#article-view mark[data-kind="quote"]').first().click();
  await page.getByLabel('Evidence URL').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Add evidence' }).click();
  assert.match(await page.getByRole('alert').textContent(), /https:\/\//);
  await page.getByLabel('Evidence URL').fill('https://example.org/report');
  await page.getByLabel('Evidence title (optional)').fill('The report');
  await page.getByRole('button', { name: 'Add evidence' }).click();
  const link = page.getByRole('link', { name: 'The report' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), 'https://example.org/report');
  assert.equal(await page.getByRole('alert').count(), 0);
  await page.locator('.details time').first().waitFor();

  // An entity with several mentions: the panel says how many, and one button tags them all.
  const group = page.locator('.entity-group summary').first();
  if ((await group.count()) > 0) {
    const [, count] = (await group.textContent()).match(/— (\d+) mentions/);
    await group.click();
    await page.locator('.entity-group[open] button.item, .entity-group details[open] button.item').first().click();
    await page.getByRole('button', { name: `Mark all ${count} mentions verified` }).click();
    await page.waitForFunction(
      (count) => document.querySelectorAll('.entity-group details[open] .item-verified').length === Number(count),
      count,
    );
  }
  await context.close();
});

test('selecting text adds a highlight; crossing highlights are each focusable; undo and redo', async () => {
  const { page, context, errors } = await openPage(app);
  await annotate(page, seedArticle);
  const before = await page.locator('#article-view mark[data-id]:not([data-continued])').count();

  // Two highlights that cross: "peace talks aimed at" and "aimed at ending the war".
  await addHighlight(page, 'peace talks aimed at', 'Claim');
  const claim = page.getByRole('group', { name: 'Claim: peace talks aimed at, unverified' });
  await claim.waitFor();
  await addHighlight(page, 'aimed at ending the war', 'Quote');
  const quote = page.getByRole('group', { name: /^Quote: aimed at ending the…, unverified$/ });
  await quote.waitFor();
  const quoteId = await quote.getAttribute('data-id');
  const pieces = page.locator(`mark[data-id="${quoteId}"]`);
  assert.equal(await pieces.count(), 2, 'the crossing quote is cut in two pieces');
  assert.equal(await pieces.nth(1).getAttribute('data-continued'), 'true');
  assert.equal(await pieces.nth(1).getAttribute('tabindex'), null, 'continuations are not focusable');
  assert.equal(await page.locator('mark[data-continued][tabindex]').count(), 0);

  // Each is tagged on its own.
  await quote.focus();
  await page.keyboard.press('d');
  await waitStatus(page, quoteId, 'disputed');
  assert.equal(await claim.getAttribute('data-status'), 'unverified');
  assert.equal(await claim.getAttribute('data-kind'), 'claim');

  // Change its type from the details.
  await page.getByLabel('Type').selectOption({ label: 'Event' });
  await page.locator(`mark[data-id="${quoteId}"][data-kind="entity"][data-label="EVENT"]`).first().waitFor();

  // Undo: the type, the status, the quote, the claim. Redo brings the quote back.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  for (const gone of ['type', 'status']) {
    await page.keyboard.press('Control+z');
    if (gone === 'type') await page.locator(`mark[data-id="${quoteId}"][data-kind="quote"]`).first().waitFor();
  }
  await waitStatus(page, quoteId, 'unverified');
  await page.keyboard.press('Control+z');
  await pieces.first().waitFor({ state: 'detached' });
  await page.keyboard.press('Control+z');
  await claim.waitFor({ state: 'detached' });
  assert.equal(await page.locator('#article-view mark[data-id]:not([data-continued])').count(), before);
  await page.keyboard.press('Control+Shift+z');
  await claim.waitFor();
  await page.getByRole('button', { name: 'Redo' }).click();
  await quote.waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('typing the text to highlight works without a mouse, and unknown text is refused', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, seedArticle);
  await page.getByLabel('Text to highlight').fill('senior U.S. officials');
  await page.getByLabel('Add as').selectOption({ label: 'Claim' });
  await page.getByLabel('Text to highlight').press('Enter');
  await page.getByRole('group', { name: 'Claim: senior U.S. officials, unverified' }).waitFor();
  await page.getByLabel('Text to highlight').fill('words that are nowhere');
  await page.getByLabel('Text to highlight').press('Enter');
  assert.match(await page.getByRole('alert').textContent(), /not in the article/);
  await context.close();
});

test('a dismissed highlight stays dismissed when annotating again, and can be restored', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, seedArticle);
  const mark = page.locator('#article-view mark[data-kind="entity"]:not([data-continued])').first();
  const id = await mark.getAttribute('data-id');
  await mark.click();
  await page.getByRole('button', { name: 'Dismiss this highlight' }).click();
  await page.locator(`mark[data-id="${id}"]`).first().waitFor({ state: 'detached' });

  await openArticleBox(page);
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  await page.locator('#article-view mark[data-kind]').first().waitFor();
  assert.equal(await page.locator(`mark[data-id="${id}"]`).count(), 0, 'still dismissed after annotating again');

  await page.getByLabel('Show dismissed only').check();
  const restore = page.locator(`[data-item-id="${id}"]`).getByRole('button', { name: /^Restore/ });
  await restore.click();
  await page.locator(`mark[data-id="${id}"]`).first().waitFor();
  await context.close();
});

test('editing the text keeps annotations on their words and lists those it cannot place', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, seedArticle);
  const quote = page.locator('#article-view mark[data-kind="quote"]:not([data-continued])').first();
  const id = await quote.getAttribute('data-id');
  const quoted = await quote.textContent();
  await quote.click();
  await page.getByRole('button', { name: 'Mark verified' }).click();
  await waitStatus(page, id, 'verified');
  await addHighlight(page, 'security guarantees', 'Claim');
  await page.getByRole('group', { name: 'Claim: security guarantees, unverified' }).click();
  await page.getByRole('button', { name: 'Mark disputed' }).click();

  // Put a paragraph before everything and drop the words of the manual claim.
  const edited = `An editor's note comes first.\n\n${seedArticle.replace('security guarantees', 'assurances')}`;
  await openArticleBox(page);
  await page.getByLabel('Article text').fill(edited);
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  const moved = page.locator('#article-view mark[data-kind="quote"][data-status="verified"]:not([data-continued])');
  await moved.first().waitFor();
  assert.equal(await moved.first().textContent(), quoted, 'the verified quote is on the same words');
  const lost = page.getByRole('region', { name: /1 annotation could not be placed/ });
  await lost.waitFor();
  assert.match(await lost.textContent(), /security guarantees/);

  // Undo brings back the text as it was, with the claim in place.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('group', { name: 'Claim: security guarantees, disputed' }).waitFor();
  await page.getByRole('button', { name: 'Forget them' }).click();
  await lost.waitFor({ state: 'detached' });
  await context.close();
});

test('the claim threshold raises and lowers which claims are highlighted', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, seedArticle);
  const claims = page.locator('#article-view mark[data-kind="claim"]:not([data-continued])');
  const atDefault = await claims.count();
  await page.getByLabel('Claim threshold').fill('0');
  await page.waitForFunction((n) => document.querySelectorAll('#article-view mark[data-kind="claim"]:not([data-continued])').length > n, atDefault);
  const atZero = await claims.count();
  // The chosen threshold comes back with the article after a reload.
  await page.reload();
  await page.locator('#article-view mark[data-kind="claim"]').first().waitFor();
  assert.equal(await page.getByLabel('Claim threshold').inputValue(), '0');
  assert.equal(await claims.count(), atZero);
  await page.getByLabel('Claim threshold').fill('1');
  await page.waitForFunction((n) => document.querySelectorAll('#article-view mark[data-kind="claim"]:not([data-continued])').length < n, atDefault + 1);
  assert.ok((await claims.count()) <= atDefault);
  await context.close();
});

// OWASP XSS filter-evasion cheat sheet, a representative cut.
const PAYLOADS = [
  `<script>window.__xss = 1; alert('xss')</script>`,
  `<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<img src=x onerror="window.__xss=2;alert(2)">`,
  `<svg/onload=window.__xss=3;alert(3)>`,
  `<a href="javascript:window.__xss=4">Click here</a>`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
  `<iframe src="javascript:window.top.__xss=5"></iframe>`,
  `<BODY ONLOAD=window.__xss=6>`,
  `<div style="background-image: url(javascript:window.__xss=7)">`,
  `"><script>window.__xss=8</script>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=9>`,
  `&lt;script&gt;window.__xss=10&lt;/script&gt;`,
  `<details open ontoggle=window.__xss=11>`,
];

test('pasted HTML and script is shown as text: nothing runs, nothing is injected', async () => {
  const { page, context, errors } = await openPage(app);
  let dialogs = 0;
  page.on('dialog', async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  const text = `“We will not run your <script>alert(1)</script>,” Jane Doe said on Monday in Paris.\n\n${PAYLOADS.join('\n\n')}`;
  await annotate(page, text);
  const article = page.locator('#article-view:not([aria-busy])');
  assert.equal(await article.textContent(), text, 'the article shows the text exactly');
  // The article holds only its runs of paragraph blocks and highlights: nothing from the paste.
  assert.equal(await article.locator('*:not(div.run):not(div.para):not(mark)').count(), 0, 'no element injected');
  // Hover and focus every highlight, open their details: still nothing runs.
  for (const mark of await article.locator('mark[tabindex]').all()) {
    await mark.hover();
    await mark.focus();
  }
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(dialogs, 0);
  assert.equal(await page.locator('body script:not([src]), body img, body iframe').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('help overlay: a labelled modal dialog listing every shortcut, closed by Escape', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, seedArticle);
  await page.keyboard.press('j');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  for (const key of ['j', 'k', 'v', 'u', 'd', 'n', '/', 'Escape', '?', 'Ctrl+Z', 'Ctrl+Shift+Z']) {
    await dialog.locator('kbd', { hasText: new RegExp(`^${key.replace(/[?/+]/g, '\\$&')}$`) }).waitFor();
  }
  // The focus stays inside while tabbing.
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() => !!document.activeElement?.closest('dialog') || document.activeElement === document.body);
    assert.ok(inside, 'focus stays in the dialog');
  }
  // Shortcuts are off while it is open.
  const statuses = await page.locator('mark[data-status="verified"]').count();
  await page.keyboard.press('v');
  assert.equal(await page.locator('mark[data-status="verified"]').count(), statuses);
  assert.deepEqual(await axeViolations(page), [], 'help overlay');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await context.close();
});

test('axe-core finds no violations on the empty page and the annotated seed article with details open', async () => {
  const { page, context } = await openPage(app);
  assert.deepEqual(await axeViolations(page), [], 'empty page');
  await annotate(page, seedArticle);
  await page.locator('#article-view mark[data-kind="claim"]').first().click();
  await page.getByRole('heading', { name: 'Claim', exact: true }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'annotated seed article');
  await context.close();
});

test('dark theme: the annotated article passes axe colour contrast', async () => {
  const { page, context } = await openPage(app, { colorScheme: 'dark' });
  await annotate(page, seedArticle);
  await page.locator('#article-view mark[data-kind="quote"]').first().click();
  assert.deepEqual(await axeViolations(page), [], 'dark theme');
  await context.close();
});
