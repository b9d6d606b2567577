#!/usr/bin/env node
// Browser benchmark of saving, in Debian's chromium driven by Playwright against the release
// build in dist/ (run `trunk build --release` first).
//
//   node scripts/bench-storage.mjs [--saves N]
//
// Pastes a ~10,000-word article with at least 2,000 annotations (PolNeAR dev articles joined,
// read from ../shared/data beside the checkout), then changes one status at a time and reads the
// app's own User Timing measure of each save (`factmark:save`: one flush of everything pending,
// that is encoding the article's review (layout 3: only what the user changed, compressed) and
// writing it to localStorage). Goal: median ≤ 5 ms, p95 ≤ 10 ms. Also prints what the article
// takes in storage, in UTF-16 code units, against its text.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, openPage } from '../tests/e2e/support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = process.env.FACTMARK_DATA ?? join(root, '..', 'shared', 'data');
const textDir = join(data, 'quotes', 'polnear', 'dev', 'text');
const saves = Number(process.argv[process.argv.indexOf('--saves') + 1]) || 40;
if (!existsSync(textDir)) {
  console.error(`bench-storage: ${textDir} is missing (set FACTMARK_DATA to the shared data folder)`);
  process.exit(1);
}

/** PolNeAR dev articles, in name order, joined from the `skip`th until `words` words. */
function article(words, skip = 0) {
  const parts = [];
  let count = 0;
  for (const name of readdirSync(textDir).filter((n) => n.endsWith('.txt')).sort().slice(skip)) {
    const text = readFileSync(join(textDir, name), 'utf8').trim();
    parts.push(text);
    count += text.split(/\s+/).length;
    if (count >= words) break;
  }
  return parts.join('\n\n');
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const percentile = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const fmt = (ms) => `${ms.toFixed(2)} ms`;

const app = await startApp();
try {
  const { page, context } = await openPage(app);
  // Grow the text until it has 10,000 words and 2,000 annotations.
  let words = 10_000;
  for (;;) {
    const text = article(words);
    await page.getByLabel('Article text').evaluate((area, text) => {
      area.value = text;
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, text);
    const savesBefore = await page.evaluate(() => performance.getEntriesByName('factmark:save').length);
    const reviews = () => Object.keys(localStorage).filter((k) => k.startsWith('factmark:v3:review:'));
    const reviewsBefore = await page.evaluate(reviews);
    await page.getByRole('button', { name: 'Annotate', exact: true }).click();
    await page.locator('mark[data-kind="claim"]').first().waitFor();
    // Saved when its review is stored (written last, after its text).
    const key = await page
      .waitForFunction(
        (before) => Object.keys(localStorage).find((k) => k.startsWith('factmark:v3:review:') && !before.includes(k)),
        reviewsBefore,
        { timeout: 60_000 },
      )
      .then((handle) => handle.jsonValue());
    const id = key.slice('factmark:v3:review:'.length);
    await page.getByRole('button', { name: 'Export as…', exact: true }).click();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('group', { name: 'Export formats' }).getByRole('button', { name: 'Download Factmark JSON, this article', exact: true }).click(),
    ]);
    const parsed = JSON.parse(await readFile(await file.path(), 'utf8'));
    // The first save of a new article writes its base too: the whole text compressed.
    const first = await page.evaluate((n) => Math.max(...performance.getEntriesByName('factmark:save').slice(n).map((e) => e.duration)), savesBefore);
    await page.getByRole('button', { name: 'Export as…', exact: true }).click();
    if (parsed.annotations.length >= 2000) {
      const units = await page.evaluate(
        (id) =>
          Object.keys(localStorage)
            .filter((k) => k.startsWith(`factmark:v3:text:${id}:`) || k === `factmark:v3:review:${id}`)
            .reduce((sum, k) => sum + k.length + localStorage.getItem(k).length, 0),
        id,
      );
      const textUnits = parsed.text.length;
      console.log(
        `article: ${parsed.text.split(/\s+/).length} words, ${parsed.annotations.length} annotations; stored in ${units} UTF-16 units ` +
          `(${(units / textUnits).toFixed(2)} of its ${textUnits}-unit text; ${(units / parsed.annotations.length).toFixed(1)} units per annotation); ` +
          `first save (text and review) ${fmt(first)}`,
      );
      break;
    }
    await page.getByRole('button', { name: /^Library/ }).click();
    await page.getByRole('button', { name: 'New article' }).click();
    words += 1000;
  }

  // Change one status at a time and wait for its save.
  const claims = page.locator('mark[data-kind="claim"]:not([data-continued])');
  const durations = [];
  for (let i = 0; i < saves; i += 1) {
    const before = await page.evaluate(() => performance.getEntriesByName('factmark:save').length);
    await claims.nth(i).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: i % 2 ? 'Mark disputed' : 'Mark verified' }).click();
    await page.waitForFunction((before) => performance.getEntriesByName('factmark:save').length > before, before);
    durations.push(await page.evaluate(() => performance.getEntriesByName('factmark:save').at(-1).duration));
  }
  console.log(
    `save (one status change, ${saves} runs): median ${fmt(percentile(durations, 0.5))}, p95 ${fmt(percentile(durations, 0.95))}, max ${fmt(Math.max(...durations))}  (goal: median ≤ 5 ms, p95 ≤ 10 ms)`,
  );
  await context.close();
} finally {
  await app.close();
}
