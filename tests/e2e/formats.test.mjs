// Exchange formats in the app: the Export menu (download and copy every format) and the Import
// control (preview, merge or replace, and refusing malformed or hostile files), driven by
// labels and roles the way a person uses them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, openPage, annotate, seedArticle, axeViolations } from './support.mjs';

const CSV_HEADER = 'id,kind,label,start,end,text,status,note,evidence,speaker,score';
const SLUG = 'while-details-are-not-finalized-and-required-senate-approval';

let app;
let scratch;
before(async () => {
  app = await startApp();
  scratch = await mkdtemp(join(tmpdir(), 'factmark-formats-'));
});
after(async () => {
  await app?.close();
});

/** Opens the Export menu (if closed) and returns its panel. */
async function exportMenu(page) {
  const toggle = page.getByRole('button', { name: 'Export as…', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const panel = page.getByRole('group', { name: 'Export formats' });
  await panel.waitFor();
  return panel;
}

/** Downloads one format from the Export menu: its suggested name and its text. */
async function exportAs(page, label) {
  const panel = await exportMenu(page);
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: `Download ${label}`, exact: true }).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

/** Every highlight piece on the page as `id status`, in order: what an import must not change. */
function highlights(page) {
  return page.locator('mark[data-id]').evaluateAll((marks) => marks.map((m) => `${m.dataset.id} ${m.dataset.status}`));
}

/** Focuses a highlight, opens its details with Enter and presses one of the status buttons. */
async function setStatus(page, mark, button) {
  await mark.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: button, exact: true }).click();
}

const quoteMark = (page) => page.getByRole('group', { name: /^Quote: “What’s on the table…”/ });
const firstClaim = (page) => page.locator('mark[data-kind="claim"]:not([data-continued])').first();

const items = (collection) => collection.first.items.length;

/** Picks a file in the Import control. */
async function importFile(page, name, contents, mimeType = 'application/json') {
  await page.getByLabel('Import annotations').setInputFiles({ name, mimeType, buffer: Buffer.from(contents) });
}

test('every format downloads from the annotated seed article', async () => {
  const { page, context, errors } = await openPage(app);
  await annotate(page, seedArticle);
  const quote = quoteMark(page);
  const quoteId = await quote.getAttribute('data-id');
  await setStatus(page, quote, 'Mark verified');
  const claim = firstClaim(page);
  const claimId = await claim.getAttribute('data-id');
  await setStatus(page, claim, 'Mark disputed');

  const article = await exportAs(page, 'Factmark JSON, this article');
  assert.equal(article.name, `${SLUG}.factmark.json`);
  const native = JSON.parse(article.text);
  assert.equal(native.format, 'factmark');
  assert.equal(native.text, seedArticle);
  assert.equal(native.annotations.find((a) => a.id === quoteId).status, 'verified');

  const library = await exportAs(page, 'Factmark JSON, whole library');
  assert.equal(library.name, 'factmark-library.factmark.json');
  const shelf = JSON.parse(library.text);
  assert.equal(shelf.format, 'factmark');
  assert.equal(shelf.articles.length, 1);
  assert.equal(shelf.articles[0].text, seedArticle);

  const w3c = await exportAs(page, 'W3C Web Annotation (JSON-LD)');
  assert.equal(w3c.name, `${SLUG}.w3c.jsonld`);
  const collection = JSON.parse(w3c.text);
  assert.equal(collection.type, 'AnnotationCollection');
  const items = collection.first.items;
  assert.equal(items.length, native.annotations.length);
  const codePoints = [...seedArticle];
  for (const item of items) {
    assert.equal(item['@context'], 'http://www.w3.org/ns/anno.jsonld');
    assert.match(item.id, /^urn:uuid:/);
    const quoteSelector = item.target.selector.find((s) => s.type === 'TextQuoteSelector');
    const position = item.target.selector.find((s) => s.type === 'TextPositionSelector');
    assert.equal(codePoints.slice(position.start, position.end).join(''), quoteSelector.exact, item.id);
  }
  const verifiedItem = items.find((item) => item.id === `urn:uuid:${quoteId}`);
  assert.ok(verifiedItem.body.some((b) => b.purpose === 'assessing' && b.value === 'verified'));

  // ClaimReview: the disputed claim, and the fields left for the user named in the menu.
  const panel = await exportMenu(page);
  await panel.getByText(/1 draft; left for you to fill in: author, datePublished/).waitFor();
  const claimReview = await exportAs(page, 'ClaimReview drafts (schema.org JSON-LD)');
  const reviews = JSON.parse(claimReview.text);
  assert.equal(reviews.length, 1);
  assert.equal(reviews[0]['@type'], 'ClaimReview');
  assert.equal(reviews[0].reviewRating.alternateName, 'Disputed');
  assert.equal(reviews[0].claimReviewed, native.annotations.find((a) => a.id === claimId).text);

  const doccano = await exportAs(page, 'doccano JSONL (training data)');
  const lines = doccano.text.trim().split('\n');
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]);
  assert.equal(line.text, seedArticle);
  const labels = new Set(line.label.map(([, , label]) => label));
  for (const label of ['PERSON', 'QUOTE', 'CLAIM']) assert.ok(labels.has(label), label);
  for (const [start, end] of line.label) assert.ok(0 <= start && start < end && end <= codePoints.length);

  const csv = await exportAs(page, 'CSV (spreadsheet)');
  assert.equal(csv.name, `${SLUG}.csv`);
  assert.equal(csv.text.split('\r\n')[0], CSV_HEADER);
  assert.ok(csv.text.includes(quoteId));

  const markdown = await exportAs(page, 'Markdown report');
  assert.equal(markdown.name, `${SLUG}.md`);
  const claimWords = native.annotations.find((a) => a.id === claimId).text.split(/\s+/).slice(0, 3).join(' ');
  assert.ok(markdown.text.includes(claimWords), `the report mentions the claim “${claimWords}”`);
  assert.match(markdown.text, /disputed/i);
  assert.match(markdown.text, /What’s on the table/);

  // The foundation's button is still there and still downloads the article.
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON', exact: true }).click(),
  ]);
  assert.equal(file.suggestedFilename(), `${SLUG}.factmark.json`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('ClaimReview says when there is nothing to draft', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, seedArticle);
  const panel = await exportMenu(page);
  await panel.getByText('No claim is marked verified or disputed yet, so there is no ClaimReview to draft.').waitFor();
  assert.ok(await panel.getByRole('button', { name: 'Download ClaimReview drafts (schema.org JSON-LD)' }).isDisabled());
  await context.close();
});

test('the Export menu works from the keyboard and Escape closes it', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, seedArticle);
  const toggle = page.getByRole('button', { name: 'Export as…', exact: true });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Tab');
  const first = page.getByRole('button', { name: 'Download Factmark JSON, this article', exact: true });
  assert.ok(await first.evaluate((button) => button === document.activeElement));
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(file.suggestedFilename(), `${SLUG}.factmark.json`);
  await page.getByRole('status').filter({ hasText: `Downloaded ${SLUG}.factmark.json.` }).waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByRole('group', { name: 'Export formats' }).count(), 0);
  assert.ok(await toggle.evaluate((button) => button === document.activeElement), 'the focus is back on the toggle');

  // A click elsewhere closes it too.
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.getByRole('heading', { name: 'Factmark', level: 1 }).click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await context.close();
});

test('copy to the clipboard, and a clear message when the browser refuses', async () => {
  const { page, context } = await openPage(app, { permissions: ['clipboard-read', 'clipboard-write'] });
  await annotate(page, seedArticle);
  const panel = await exportMenu(page);
  await panel.getByRole('button', { name: 'Copy CSV (spreadsheet)', exact: true }).click();
  await panel.getByRole('status').filter({ hasText: 'Copied CSV (spreadsheet) to the clipboard.' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied.split('\r\n')[0], CSV_HEADER);
  await panel.getByRole('button', { name: 'Copy W3C Web Annotation (JSON-LD)', exact: true }).click();
  await panel.getByRole('status').filter({ hasText: 'Copied W3C Web Annotation (JSON-LD)' }).waitFor();
  assert.equal(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())).type, 'AnnotationCollection');

  // A browser that refuses (a permission prompt turned down, a policy).
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await panel.getByRole('button', { name: 'Copy Markdown report', exact: true }).click();
  const alert = panel.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /did not let Factmark copy to the clipboard \(NotAllowedError: Write permission denied\.\)/);
  assert.match(await alert.textContent(), /use Download/);
  await context.close();
});

test('import round trip: merge takes the newer file, replace restores an older one', async () => {
  const { page, context, errors } = await openPage(app);
  await annotate(page, seedArticle);
  const quote = quoteMark(page);
  const id = await quote.getAttribute('data-id');
  const mark = page.locator(`mark[data-id="${id}"]`).first();
  await setStatus(page, quote, 'Mark verified');
  const exported = await exportAs(page, 'Factmark JSON, this article');
  const path = join(scratch, exported.name);
  await writeFile(path, exported.text);
  const count = await page.locator('mark[data-id]').count();

  // Undo gives the quote back its state from before, older than the file's: merge takes the file.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.equal(await mark.getAttribute('data-status'), 'unverified');
  await page.getByLabel('Import annotations').setInputFiles(path);
  const dialog = page.getByRole('dialog', { name: `Import “${exported.name}”` });
  await dialog.waitFor();
  await dialog.getByText('into the open article').waitFor();
  assert.ok(await dialog.getByRole('radio', { name: /^Merge/ }).isChecked());
  await dialog.getByText('1 updated', { exact: true }).waitFor();
  await dialog.getByText('0 added', { exact: true }).waitFor();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await mark.getAttribute('data-status'), 'verified');
  assert.equal(await page.locator('mark[data-id]').count(), count);
  await page.getByRole('status').filter({ hasText: `Imported “${exported.name}”: 1 updated` }).waitFor();

  // A newer change here: merge keeps it, replace puts the file's version back.
  await setStatus(page, quote, 'Mark disputed');
  assert.equal(await mark.getAttribute('data-status'), 'disputed');
  await page.getByLabel('Import annotations').setInputFiles(path);
  await dialog.waitFor();
  await dialog.getByText(/^1 kept as they are here/).waitFor();
  await dialog.getByText('0 updated', { exact: true }).waitFor();
  await dialog.getByRole('radio', { name: /^Replace/ }).check();
  await dialog.getByText('1 updated', { exact: true }).waitFor();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await mark.getAttribute('data-status'), 'verified');

  // Cancel (and Escape) change nothing.
  await setStatus(page, quote, 'Mark disputed');
  await page.getByLabel('Import annotations').setInputFiles(path);
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByLabel('Import annotations').setInputFiles(path);
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await mark.getAttribute('data-status'), 'disputed');

  // The import is saved like any change.
  await page.reload();
  await page.locator(`mark[data-id="${id}"][data-status="disputed"]`).first().waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a W3C export imports into a fresh page as a new article', async () => {
  const first = await openPage(app);
  await annotate(first.page, seedArticle);
  const quote = quoteMark(first.page);
  const id = await quote.getAttribute('data-id');
  await setStatus(first.page, quote, 'Mark verified');
  const before = await highlights(first.page);
  const w3c = await exportAs(first.page, 'W3C Web Annotation (JSON-LD)');
  await first.context.close();

  const { page, context, errors } = await openPage(app);
  assert.equal(await page.locator('mark').count(), 0);
  await importFile(page, w3c.name, w3c.text, 'application/ld+json');
  const dialog = page.getByRole('dialog', { name: `Import “${w3c.name}”` });
  await dialog.getByText(/W3C Web Annotation \(JSON-LD\): 1 article/).waitFor();
  await dialog.getByText('as a new article').waitFor();
  assert.equal(await dialog.getByRole('radio').count(), 0, 'nothing to merge with');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await page.locator(`mark[data-id="${id}"][data-status="verified"]`).first().waitFor();
  assert.deepEqual(await highlights(page), before);
  await page.getByRole('button', { name: /^Library \(1\)$/ }).waitFor();

  // The same file with one quote that is not in the text: the preview lists it as left out.
  const damaged = JSON.parse(w3c.text);
  const lost = damaged.first.items[0];
  lost.target.selector.find((s) => s.type === 'TextQuoteSelector').exact = 'words that are nowhere in the article';
  await importFile(page, 'damaged.jsonld', JSON.stringify(damaged), 'application/ld+json');
  const again = page.getByRole('dialog', { name: 'Import “damaged.jsonld”' });
  await again.getByText('into the open article').waitFor();
  await again.getByRole('heading', { name: '1 annotation in the file could not be placed and will be left out' }).waitFor();
  assert.match(await again.getByRole('listitem').filter({ hasText: 'first.items[0]' }).textContent(), /nowhere in the article/);
  await again.getByText(`${items(damaged) - 1} unchanged`, { exact: true }).waitFor();
  await again.getByRole('button', { name: 'Import', exact: true }).click();
  assert.deepEqual(await highlights(page), before, 'a merge never removes');
  assert.deepEqual(errors, []);
  await context.close();
});

test('CSV and doccano files are previewed against the open article', async () => {
  const { page, context, errors } = await openPage(app);
  await annotate(page, seedArticle);
  const before = await highlights(page);
  for (const [label, mimeType] of [['CSV (spreadsheet)', 'text/csv'], ['doccano JSONL (training data)', 'application/jsonl']]) {
    const file = await exportAs(page, label);
    await importFile(page, file.name, file.text, mimeType);
    const dialog = page.getByRole('dialog', { name: `Import “${file.name}”` });
    await dialog.getByText('into the open article').waitFor();
    // Neither format carries update times, so a merge keeps what is here.
    await dialog.getByText(/^\d+ kept as they are here/).waitFor();
    await dialog.getByText('0 updated', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  assert.deepEqual(await highlights(page), before);
  assert.deepEqual(errors, []);
  await context.close();
});

test('malformed and hostile imports are refused with the place and the reason, and change nothing', async () => {
  const { page, context, errors } = await openPage(app);
  await annotate(page, seedArticle);
  await setStatus(page, quoteMark(page), 'Mark verified');
  const before = await highlights(page);
  const exported = JSON.parse((await exportAs(page, 'Factmark JSON, this article')).text);
  await page.getByRole('button', { name: 'Export as…', exact: true }).click();
  const text = JSON.stringify(exported, null, 2);
  const edited = (change) => {
    const copy = structuredClone(exported);
    change(copy);
    return JSON.stringify(copy, null, 2);
  };

  const cases = [
    ['truncated.json', text.slice(0, Math.floor(text.length / 2)), /not valid Factmark JSON \(line \d+, column \d+\).*ends too early/],
    ['wrong-type.json', edited((d) => { d.annotations[2].start = 'ten'; }), /annotations\[2\]\.start: invalid type: string "ten", expected/],
    ['past-the-end.json', edited((d) => { d.annotations[0].start = 900000; d.annotations[0].end = 900010; }),
      /annotations\[0\]: offsets 900000\.\.900010 lie outside the text/],
    ['nested.jsonld', `{"type": "AnnotationPage", "items": ${'['.repeat(100000)}${']'.repeat(100000)}}`,
      /nests its JSON more than 128 levels deep \(line 1, column \d+\)/],
    ['hostile.json', edited((d) => { d.annotations[0].label = '<img src=x onerror="window.__pwned=1">'; }),
      /annotations\[0\]\.label: unknown variant `<img src=x onerror="window.__pwned=1">`/],
    ['script.json', edited((d) => { d.annotations[1].kind = '<script>window.__pwned=2</script>'; }),
      /annotations\[1\]\.kind: unknown variant `<script>window.__pwned=2<\/script>`/],
    ['other.csv', 'name,age\r\nAda,36\r\n', /cannot tell what this file is/],
  ];
  const alert = page.getByRole('alert');
  for (const [name, contents, reason] of cases) {
    await importFile(page, name, contents);
    await alert.filter({ hasText: `“${name}” was not imported, and nothing changed.` }).waitFor();
    assert.match(await alert.textContent(), reason, name);
    assert.equal(await page.getByRole('dialog').count(), 0, `${name}: no preview`);
    assert.deepEqual(await highlights(page), before, `${name}: the highlights are unchanged`);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  }

  // A file over the limit, dropped on the page: refused by its size before it is read.
  await page.evaluate(() => {
    const file = new File([new Uint8Array(129 * 1024 * 1024)], 'huge.json', { type: 'application/json' });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await alert.filter({ hasText: '“huge.json” was not imported' }).waitFor();
  assert.match(await alert.textContent(), /This file is 129\.0 MiB; Factmark imports files up to 128 MiB/);

  assert.deepEqual(await highlights(page), before);
  assert.equal(await page.locator('.notice img').count(), 0, 'markup in an error stays text');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
  assert.deepEqual(errors, []);
  await context.close();
});

test('script in an imported file stays inert text', async () => {
  const { page, context, errors } = await openPage(app);
  await annotate(page, seedArticle);
  const exported = JSON.parse((await exportAs(page, 'Factmark JSON, this article')).text);
  await context.close();

  const fresh = await openPage(app);
  const hostile = structuredClone(exported);
  hostile.title = '<script>window.__pwned=1</script>Seed';
  hostile.annotations[0].note = '<img src=x onerror="window.__pwned=2">';
  await importFile(fresh.page, 'hostile.json', JSON.stringify(hostile));
  const dialog = fresh.page.getByRole('dialog');
  await dialog.getByText('“<script>window.__pwned=1</script>Seed”, as a new article').waitFor();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await fresh.page.locator('mark[data-id]').first().waitFor();
  assert.equal(await fresh.page.locator('img[src="x"]').count(), 0);
  assert.equal(await fresh.page.evaluate(() => window.__pwned), undefined, 'no script ran');
  assert.deepEqual(errors, []);
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`the Export menu and the import preview pass an axe-core scan (${colorScheme} theme)`, async () => {
    const { page, context } = await openPage(app, { colorScheme });
    await annotate(page, seedArticle);
    await setStatus(page, firstClaim(page), 'Mark disputed');
    await exportMenu(page);
    assert.deepEqual(await axeViolations(page), [], 'export menu open');
    const exported = await exportAs(page, 'Factmark JSON, this article');
    await page.keyboard.press('Escape');
    await importFile(page, exported.name, exported.text);
    await page.getByRole('dialog', { name: `Import “${exported.name}”` }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'import preview open');
    await context.close();
  });
}
