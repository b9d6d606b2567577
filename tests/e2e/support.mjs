// Shared set-up for the end-to-end tests: serve the release build in dist/ and drive Debian's
// chromium with Playwright, the way a person uses the page (labels and roles).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** The seed article, read in place from ../shared beside the checkout (or beside $FACTMARK_DATA). */
const shared = process.env.FACTMARK_DATA ? join(process.env.FACTMARK_DATA, '..') : join(root, '..', 'shared');
export const seedArticle = readFileSync(join(shared, 'samples', 'seed-article.txt'), 'utf8');

/** Starts the static server on a free port and a headless chromium; `close()` stops both. */
export async function startApp() {
  // FACTMARK_DIST: another build to test, so parallel builds in one checkout do not collide.
  const server = await serve(process.env.FACTMARK_DIST ?? join(root, 'dist'), 0);
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    baseUrl,
    browser,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

/** A fresh page in a fresh context that records console errors and uncaught exceptions. */
export async function openPage(app, options = {}) {
  const context = await app.browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(app.baseUrl);
  // index.html paints a static first screen; the app replaces it once its wasm has started.
  await page.locator('[data-shell]').first().waitFor({ state: 'detached' });
  await page.getByLabel('Article text').waitFor();
  return { context, page, errors };
}

/** Opens the article box: once an article is shown it is folded behind "Edit text". */
export async function openArticleBox(page) {
  if (await page.getByLabel('Article text').isHidden()) {
    await page.getByRole('button', { name: 'Edit text' }).click();
  }
  await page.getByLabel('Article text').waitFor();
}

/** Pastes `text` into the article box and presses Annotate. */
export async function annotate(page, text) {
  await openArticleBox(page);
  await page.getByLabel('Article text').fill(text);
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  await page.locator('mark[data-kind]').first().waitFor();
}

/** Pastes `text` into the article box the way a paste does: one input event. (Playwright's
 * `fill` types it through the input method, which takes minutes for megabytes.) */
export async function paste(page, text) {
  await page.getByLabel('Article text').evaluate((area, text) => {
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

/** About `bytes` of news text: the seed article over and over, each copy numbered. */
export function longText(bytes) {
  const parts = [];
  let length = 0;
  for (let copy = 1; length < bytes; copy += 1) {
    const part = `Part ${copy}.\n\n${seedArticle.trim()}\n\n`;
    parts.push(part);
    length += Buffer.byteLength(part);
  }
  return Buffer.from(parts.join('')).subarray(0, bytes).toString('utf8').replace(/\uFFFD$/, '');
}

/** Runs axe-core on the page and returns its violations (WCAG 2.1 A and AA). */
export async function axeViolations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const results = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}
