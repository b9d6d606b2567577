// Reading first (issue 16): once annotated the article is the page, and a chosen highlight, its
// details and its verdict buttons share the screen, on a laptop and on a phone (touch).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openPage, annotate, axeViolations } from './support.mjs';
import { harborArticle } from './reading-article.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

const SCREENS = {
  laptop: { viewport: { width: 1366, height: 768 } },
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
};

const HIGHLIGHTS = '#article-view mark[data-id]:not([data-continued])';
const CLAIMS = '#article-view mark[data-kind="claim"]:not([data-continued])';

/**
 * Runs in the page: for each element, whether all of it lies inside the viewport and nothing
 * covers it (the sticky toolbar, the details sheet): the point in the middle and near each end
 * of every line it spans hits the element or something inside it.
 */
function inViewAndUncovered(elements) {
  return elements.map((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) return false;
    return [...element.getClientRects()]
      .filter((line) => line.width > 6)
      .every((line) => {
        const y = (line.top + line.bottom) / 2;
        return [line.left + 2, (line.left + line.right) / 2, line.right - 2].every((x) => {
          const hit = document.elementFromPoint(x, y);
          return hit !== null && element.contains(hit);
        });
      });
  });
}

/** Waits until every element `selector` matches is in view and uncovered; fails with `what`. */
async function waitInView(page, selector, what) {
  const check = `(${inViewAndUncovered})([...document.querySelectorAll(${JSON.stringify(selector)})]).every(Boolean) && document.querySelector(${JSON.stringify(selector)}) !== null`;
  await page.waitForFunction(check, null, { timeout: 5000 }).catch(() => {
    throw new Error(`${what} is not wholly in view and uncovered`);
  });
}

/** Chooses a highlight the way a person does: a click, or a tap on a touch screen, on its first word. */
async function choose(page, locator, touch) {
  await locator.scrollIntoViewIfNeeded();
  // The first line's start, where the claim's own bar is: not a name or quote nested in it.
  const position = await locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const first = element.getClientRects()[0];
    return { x: first.left - box.left + 2, y: first.top - box.top + first.height / 2 };
  });
  if (touch) await locator.tap({ position });
  else await locator.click({ position });
}

for (const [screen, options] of Object.entries(SCREENS)) {
  const touch = Boolean(options.hasTouch);

  test(`${screen}: after Annotate a highlight is on screen; a chosen claim and Mark verified share it`, async () => {
    const { page, context, errors } = await openPage(app, options);
    await annotate(page, harborArticle);

    // The article is the page: the box has folded away, and a highlight is in view without
    // any scrolling by the test.
    assert.equal(await page.getByLabel('Article text').isHidden(), true, 'the article box folds away');
    await page.getByRole('button', { name: 'Edit text' }).waitFor();
    const inView = await page.locator(HIGHLIGHTS).evaluateAll(inViewAndUncovered);
    assert.ok(inView.some(Boolean), 'a highlight is wholly in view after Annotate');

    // The last claim of the article: the reader scrolls to it and chooses it.
    const claims = page.locator(CLAIMS);
    assert.ok((await claims.count()) >= 3, 'the article has several highlighted claims');
    const claim = claims.last();
    const id = await claim.getAttribute('data-id');
    const claimSelector = `mark[data-id="${id}"]`;
    await choose(page, claim, touch);
    await page.getByRole('heading', { name: 'Claim', exact: true }).waitFor();
    assert.equal(await claim.getAttribute('aria-current'), 'true');
    const verify = page.getByRole('button', { name: 'Mark verified' });
    await waitInView(page, claimSelector, 'the chosen claim');
    await waitInView(page, '#verdict-verified', 'Mark verified');
    await waitInView(page, '#details-heading', 'the details heading');

    // Pressing it: the claim shows verified, and stays in view.
    if (touch) await verify.tap();
    else await verify.click();
    await page.locator(`${claimSelector}[data-status="verified"]`).waitFor();
    assert.match(await claim.getAttribute('aria-label'), /^Claim: .*, verified$/);
    assert.equal(await page.getByTestId('details-status').textContent(), 'verified');
    assert.equal(await verify.getAttribute('aria-pressed'), 'true');
    await waitInView(page, claimSelector, 'the verified claim');
    await waitInView(page, '#verdict-verified', 'Mark verified, once pressed');

    assert.deepEqual(await axeViolations(page), [], `${screen}, details open`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the panel lists as claims exactly the highlighted ones; never a dateline, byline or boilerplate', async () => {
  const { page, context } = await openPage(app, SCREENS.laptop);
  await annotate(page, harborArticle);
  const ids = (selector) => page.locator(selector).evaluateAll((elements) => elements.map((e) => e.dataset.id ?? e.dataset.itemId).sort());
  const rows = '.annotation-section[aria-labelledby="list-claim"] li[data-item-id]';
  await page.getByRole('heading', { name: /^Claims \(\d+\)$/ }).waitFor();
  const highlighted = await ids(CLAIMS);
  assert.deepEqual(await ids(rows), highlighted);
  assert.ok(highlighted.length >= 3);
  assert.equal(await page.getByRole('heading', { name: `Claims (${highlighted.length})` }).count(), 1);
  const furniture = /PORTLAND|By Maria Lindqvist|This story has been updated/;

  // Asked for, the candidates below the threshold join the list; the furniture never does.
  await page.getByLabel('Show claims below the threshold').check();
  await page.waitForFunction(([rows, n]) => document.querySelectorAll(rows).length > n, [rows, highlighted.length]);
  const all = await page.locator(rows).allTextContents();
  assert.ok(all.every((row) => !furniture.test(row)), `no furniture among ${JSON.stringify(all)}`);
  assert.ok(all.some((row) => /Why does the project cost so much/.test(row)), 'a question is a candidate below the threshold');
  await page.getByLabel('Show claims below the threshold').uncheck();
  await page.waitForFunction(([rows, n]) => document.querySelectorAll(rows).length === n, [rows, highlighted.length]);

  // At threshold 0 every sentence is a highlighted claim, but for the furniture, in the text and the list.
  await page.getByLabel('Claim threshold').fill('0');
  await page.waitForFunction(([claims, n]) => document.querySelectorAll(claims).length > n, [CLAIMS, highlighted.length]);
  const texts = await page.locator(CLAIMS).allTextContents();
  assert.ok(texts.every((text) => !furniture.test(text)), `no furniture highlighted: ${JSON.stringify(texts)}`);
  assert.deepEqual(await ids(rows), await ids(CLAIMS));
  await context.close();
});

test('keyboard: Enter takes the focus to the verdict, Escape back to the highlight, again closes the details', async () => {
  const { page, context, errors } = await openPage(app, SCREENS.laptop);
  await annotate(page, harborArticle);
  await page.keyboard.press('j');
  const first = await page.locator(HIGHLIGHTS).first().getAttribute('data-id');
  await page.waitForFunction((id) => document.activeElement?.dataset.id === id, first);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'verdict-verified');
  await page.keyboard.press('Enter');
  await page.locator(`mark[data-id="${first}"][data-status="verified"]`).first().waitFor();
  await page.keyboard.press('Escape');
  await page.waitForFunction((id) => document.activeElement?.dataset.id === id, first);
  await page.locator('#details-heading').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('#details-heading').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.id), first, 'the focus stays on the highlight');
  // Enter opens them again; the close button closes them and gives the focus back.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'verdict-verified');
  await page.getByRole('button', { name: 'Close details' }).click();
  await page.locator('#details-heading').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.id), first);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Edit text opens the folded box with the draft; Annotate again keeps the work and folds it', async () => {
  const { page, context } = await openPage(app, SCREENS.laptop);
  await annotate(page, harborArticle);
  const box = page.getByLabel('Article text');
  const quote = page.locator('#article-view mark[data-kind="quote"]:not([data-continued])').first();
  const quoted = await quote.textContent();
  await quote.click();
  await page.getByRole('button', { name: 'Mark disputed' }).click();
  await page.locator('#article-view mark[data-kind="quote"][data-status="disputed"]').first().waitFor();

  await page.getByRole('button', { name: 'Edit text' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'article-text');
  assert.equal(await box.inputValue(), harborArticle);
  // Close folds it without annotating; the draft is kept.
  await box.fill(harborArticle.replace('on June 12', 'on June 19'));
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await box.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Edit text' }).click();
  assert.match(await box.inputValue(), /on June 19/);
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  await box.waitFor({ state: 'hidden' });
  await page.locator('#article-view', { hasText: 'on June 19' }).waitFor();
  const kept = page.locator('#article-view mark[data-kind="quote"][data-status="disputed"]:not([data-continued])');
  assert.equal(await kept.first().textContent(), quoted, 'the verdict stays on its words');
  await context.close();
});

test('the details list what a claim cites one per row, what it is beside its words', async () => {
  const { page, context } = await openPage(app, SCREENS.laptop);
  await annotate(page, harborArticle);
  const claim = page.locator(CLAIMS, { hasText: '21,000 vehicles' });
  await choose(page, claim, false);
  const cites = page.locator('.cites button.cite');
  await cites.first().waitFor();
  assert.ok((await cites.count()) >= 2, 'the claim cites several names and figures');
  for (const cite of await cites.all()) {
    const [kind, text] = await cite.evaluate((button) =>
      ['.cite-kind', '.cite-text'].map((part) => {
        const box = button.querySelector(part).getBoundingClientRect();
        return { left: box.left, right: box.right, top: box.top, width: box.width };
      }),
    );
    assert.ok(kind.width > 0 && text.width > 0);
    assert.ok(kind.right <= text.left, 'the kind stands in its own column, left of the words');
    assert.match(await cite.textContent(), /^[^:]+: .+$/, 'read as "Kind: words"');
  }
  await context.close();
});

test('dark theme on a phone: the annotated article with the details sheet passes axe', async () => {
  const { page, context } = await openPage(app, { ...SCREENS.phone, colorScheme: 'dark' });
  await annotate(page, harborArticle);
  await choose(page, page.locator('#article-view mark[data-kind="quote"]:not([data-continued])').first(), true);
  await page.getByRole('button', { name: 'Mark verified' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'dark phone, sheet open');
  await context.close();
});
