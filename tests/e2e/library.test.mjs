// The library: every pasted or added article is kept, listed with its progress, and can be
// opened, renamed, searched and deleted (with undo); the last opened one reopens on load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openPage, annotate, openArticleBox, seedArticle, axeViolations } from './support.mjs';

const otherArticle =
  'Exports from the European Union rose 12% in 2025, officials in Brussels said on Tuesday.\n\n' +
  '“We expect growth to continue,” said Maria Lopez, a spokesperson for the European Commission.';
// The title is the first line, shortened to 120 characters: match its start.
const seedTitle = new RegExp(`^${seedArticle.trim().split(/\s+/).slice(0, 5).join(' ')}`);

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

const libraryButton = (page) => page.getByRole('button', { name: /^Library \(\d+\)$/ });
const articles = (page) => page.getByRole('list', { name: 'Saved articles' }).getByRole('listitem');

async function showLibrary(page) {
  await libraryButton(page).click();
  await page.getByRole('heading', { name: 'Library', level: 2 }).waitFor();
}

/** Starts a new article from the library and annotates `text`. */
async function addArticle(page, text) {
  await showLibrary(page);
  await page.getByRole('button', { name: 'New article' }).click();
  await annotate(page, text);
}

test('each paste is an article; the same text reopens it; the last opened reopens on load', async () => {
  const { page, context, errors } = await openPage(app);
  await annotate(page, seedArticle);
  const quote = page.locator('mark[data-kind="quote"]').first();
  const quoteId = await quote.getAttribute('data-id');
  await quote.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Mark verified' }).click();
  await addArticle(page, otherArticle);
  assert.equal(await libraryButton(page).textContent(), 'Library (2)');

  // Pasting the seed article again opens the saved one, verdict and all.
  await openArticleBox(page);
  await page.getByLabel('Article text').fill(`${seedArticle}\n`);
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  await page.locator(`mark[data-id="${quoteId}"][data-status="verified"]`).waitFor();
  assert.equal(await libraryButton(page).textContent(), 'Library (2)');

  await showLibrary(page);
  assert.equal(await articles(page).count(), 2);
  const seedItem = articles(page).filter({ has: page.getByRole('heading', { name: seedTitle }) });
  assert.match(await seedItem.textContent(), /Added \d+ \w{3} \d{4}, \d\d:\d\d UTC/);
  assert.match(await seedItem.textContent(), /\d+ words/);
  assert.match(await seedItem.textContent(), /Last opened/);
  assert.match(await seedItem.textContent(), /0 of \d+ claims verified/);

  // Open the other one, reload: it is the one that reopens.
  await page.getByRole('button', { name: /^Open “Exports from the European Union/ }).click();
  await page.reload();
  await page.locator('mark[data-kind]').first().waitFor();
  assert.equal(await page.getByLabel('Article text').inputValue(), otherArticle);
  assert.deepEqual(errors, []);
  await context.close();
});

test('rename, search, delete with undo, and progress in the library', async () => {
  const { page, context } = await openPage(app);
  await annotate(page, seedArticle);
  const claim = page.locator('mark[data-kind="claim"]').first();
  await claim.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Mark verified' }).click();
  await addArticle(page, otherArticle);
  await showLibrary(page);
  await page.getByText(/^1 of \d+ claims? verified$/).waitFor();

  await page.getByRole('button', { name: new RegExp(`^Rename “${seedTitle.source.slice(1)}`) }).click();
  await page.getByLabel('New title').fill('Peace talks');
  await page.getByRole('button', { name: 'Save title' }).click();
  await page.getByRole('heading', { name: 'Peace talks' }).waitFor();

  // Search by title and by text.
  const search = page.getByLabel('Search articles');
  await search.fill('peace');
  assert.equal(await articles(page).count(), 1);
  await search.fill('Maria Lopez');
  assert.equal(await articles(page).count(), 1);
  assert.ok(await page.getByRole('heading', { name: /^Exports from the European Union/ }).isVisible());
  await search.fill('no such words anywhere');
  await page.getByText('No saved article matches “no such words anywhere”.').waitFor();
  await search.fill('');

  // Delete, then undo.
  await page.getByRole('button', { name: 'Delete “Peace talks”' }).click();
  const undo = page.getByRole('status').filter({ hasText: 'Deleted “Peace talks”.' });
  await undo.waitFor();
  assert.equal(await articles(page).count(), 1);
  await undo.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('heading', { name: 'Peace talks' }).waitFor();
  assert.equal(await articles(page).count(), 2);

  // All of it was saved.
  await page.reload();
  await showLibrary(page);
  await page.getByRole('heading', { name: 'Peace talks' }).waitFor();
  await page.getByText(/^1 of \d+ claims? verified$/).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the library view');

  // A deletion without undo is saved too.
  await page.getByRole('button', { name: 'Delete “Peace talks”' }).click();
  await page.reload();
  await showLibrary(page);
  assert.equal(await articles(page).count(), 1);
  await context.close();
});

test('a picked or dropped text file becomes an article; other files get a clear message', async () => {
  const { page, context } = await openPage(app);
  await showLibrary(page);
  await page.getByLabel('Add a text file').setInputFiles({
    name: 'trade.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(otherArticle),
  });
  await page.locator('mark[data-kind]').first().waitFor();
  assert.equal(await libraryButton(page).textContent(), 'Library (1)');

  // Dropped anywhere on the page.
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'seed.md', { type: 'text/markdown' }));
    for (const type of ['dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, seedArticle);
  await page.getByRole('button', { name: 'Library (2)' }).waitFor();
  await page.locator('mark[data-kind="quote"]').first().waitFor();

  await showLibrary(page);
  await page.getByLabel('Add a text file').setInputFiles({
    name: 'scan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7'),
  });
  const alert = page.getByRole('alert').filter({ hasText: '“scan.pdf” is not a text file' });
  await alert.waitFor();
  assert.equal(await libraryButton(page).textContent(), 'Library (2)');
  await context.close();
});
