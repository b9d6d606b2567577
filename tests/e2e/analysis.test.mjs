// Every analysis runs in the worker: annotating an edited 2 MB article again runs off the page's
// thread (the old annotations are re-anchored in the worker too; the page only merges).
//
// The goal is that no task blocks the page over 100 ms. Not reached yet: with a 2 MB article on
// the page, the browser's own paint of it (50–150 ms a frame on this 2-core machine) and the
// merge and first render of 60,000 annotations (about 0.5 s) block longer. So this asserts what
// does hold, that the analysis itself never runs on the page (no task as long as the worker's
// run), and prints the longest tasks of each phase for the notes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openPage, openArticleBox, paste, longText } from './support.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** The long tasks (start, duration) seen since the observer was installed. */
const longTasks = (page, from, to = Infinity) =>
  page.evaluate(
    ([from, to]) => window.longTasks.filter((task) => task.start >= from && task.start < to),
    [from, to],
  );

test('annotating an edited 2 MB article again runs in the worker, not on the page', async () => {
  const { page, context } = await openPage(app);
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  });
  const text = longText(2 * 1024 * 1024 - 4096);
  await paste(page, text);
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  await page.locator('mark[data-kind="quote"]').first().waitFor({ timeout: 120_000 });
  await page.locator('#article-view:not([aria-busy])').waitFor({ timeout: 120_000 });
  const first = page.locator('mark[data-kind="quote"]').first();
  const id = await first.getAttribute('data-id');
  await first.focus();
  await page.keyboard.press('v');
  await page.locator(`mark[data-id="${id}"][data-status="verified"]`).waitFor();

  // The edit: a paragraph at the top, which moves every annotation.
  await openArticleBox(page);
  await paste(page, `Editor’s note: this article was corrected.\n\n${text}`);
  const pressedAt = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  await page.waitForFunction(() => performance.getEntriesByName('factmark:analysed').length > 1, null, { timeout: 120_000 });
  // The first paragraph only: a text search of the whole 2 MB page would itself block the page
  // for hundreds of milliseconds on every poll, and be counted here.
  await page.waitForFunction(
    () => document.querySelector('#article-view .para')?.textContent.startsWith('Editor’s note'),
    null,
    { timeout: 60_000, polling: 50 },
  );
  const mergedAt = await page.evaluate(() => performance.now());
  await page.locator('#article-view:not([aria-busy])').waitFor({ timeout: 120_000 });
  const paintedAt = await page.evaluate(() => performance.now());
  const analysedAt = await page.evaluate(() => performance.getEntriesByName('factmark:analysed')[1].startTime);
  const during = await longTasks(page, pressedAt, analysedAt);
  const merging = await longTasks(page, analysedAt, mergedAt);
  const showing = await longTasks(page, mergedAt, paintedAt);
  const longest = (tasks) => Math.round(Math.max(0, ...tasks.map((task) => task.duration)));
  console.log(
    `2 MB re-annotation: worker ${Math.round(analysedAt - pressedAt)} ms (longest task ${longest(during)} ms), ` +
      `merge and first screen ${Math.round(mergedAt - analysedAt)} ms (longest ${longest(merging)} ms), ` +
      `whole text ${Math.round(paintedAt - mergedAt)} ms more (longest ${longest(showing)} ms)`,
  );
  const workerRan = analysedAt - pressedAt;
  const afterAnswer = await longTasks(page, analysedAt);
  console.log(`long tasks after the answer (start from it, duration): ${afterAnswer.map((t) => `${Math.round(t.start - analysedAt)}+${Math.round(t.duration)}`).join(' ')}`);
  assert.ok(
    longest(during) < workerRan / 2,
    `a task of ${longest(during)} ms during the worker's ${Math.round(workerRan)} ms: the analysis ran on the page`,
  );
  // The user's tag moved with its words.
  await page.locator(`mark[data-id="${id}"][data-status="verified"]`).waitFor();
  await context.close();
});
