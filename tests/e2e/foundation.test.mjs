// The whole loop a user goes through: paste, annotate, tag, reload, export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startApp, openPage, annotate, testArticle, axeViolations } from './support.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('paste, annotate, verify, reload and export an article', async () => {
  const { page, context, errors } = await openPage(app);
  await annotate(page, testArticle);

  for (const kind of ['entity', 'quote', 'claim']) {
    assert.ok((await page.locator(`mark[data-kind="${kind}"]`).count()) > 0, `highlights of kind ${kind}`);
  }
  const person = page.getByRole('group', { name: 'Person: Nikos Varvaris, unverified' });
  await person.waitFor();
  assert.equal(await person.getAttribute('data-label'), 'PERSON');
  const forum = page.locator('mark[data-kind="entity"][data-label="ORG"]', { hasText: /^Hellenic Bulk Carriers Forum$/ });
  await forum.first().waitFor();
  const quote = page.getByRole('group', { name: /^Quote: “Owners will come back…”, unverified$/ });
  await quote.waitFor();
  assert.equal(await quote.getAttribute('data-label'), 'STATEMENT');
  assert.match(await quote.textContent(), /^“Owners will come back when the numbers make sense/);

  // Tag the quote by keyboard: focus it, Enter opens its details.
  const id = await quote.getAttribute('data-id');
  await quote.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Mark verified' }).click();
  const verified = page.locator(`mark[data-id="${id}"]`);
  assert.equal(await verified.getAttribute('data-status'), 'verified');
  await page.getByRole('group', { name: /^Quote: “Owners will come back…”, verified$/ }).waitFor();

  // Reload at once: the verdict survives.
  await page.reload();
  await page.locator(`mark[data-id="${id}"][data-status="verified"]`).waitFor();

  // Export and read the file back.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'ukraine-and-european-insurers-near-deal-on-black-sea.factmark.json');
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(exported.format, 'factmark');
  assert.equal(exported.version, 1);
  assert.equal(exported.text, testArticle);
  const exportedQuote = exported.annotations.find((a) => a.id === id);
  assert.equal(exportedQuote.status, 'verified');
  assert.equal(exportedQuote.kind, 'quote');
  assert.equal([...testArticle].slice(exportedQuote.start, exportedQuote.end).join(''), exportedQuote.text);
  assert.match(exportedQuote.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

  assert.deepEqual(errors, []);
  await context.close();
});

test('an empty paste gets a clear message', async () => {
  const { page, context } = await openPage(app);
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /no text to annotate/);
  assert.equal(await page.locator('mark').count(), 0);
  await context.close();
});

test('the annotated page passes an axe-core scan', async () => {
  const { page, context } = await openPage(app);
  assert.deepEqual(await axeViolations(page), [], 'empty page');
  await annotate(page, testArticle);
  assert.deepEqual(await axeViolations(page), [], 'annotated article');
  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await page.getByRole('region', { name: 'Team sync' }).getByLabel('Password').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the sync panel, signed out');
  await context.close();
});
