#!/usr/bin/env node
// Screenshots of the review screen for a person to look at: the empty page, the annotated
// article, a chosen highlight with its details, the article box opened by Edit text, and the
// library; light and dark; on a laptop
// (1366×768) and on a phone (390×844, touch). Against the release build in dist/ (run
// `trunk build --release` first), with the test article of tests/e2e/reading-article.mjs.
//
//   node scripts/screenshots.mjs [DIR]      (default: screenshots/, which git ignores)
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, openPage, annotate } from '../tests/e2e/support.mjs';
import { harborArticle } from '../tests/e2e/reading-article.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'screenshots');
mkdirSync(out, { recursive: true });

const screens = {
  laptop: { viewport: { width: 1366, height: 768 } },
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
};

const app = await startApp();
try {
  for (const [screen, options] of Object.entries(screens)) {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context, errors } = await openPage(app, { ...options, colorScheme });
      const shot = async (name) => {
        const path = join(out, `${screen}-${colorScheme}-${name}.png`);
        await page.screenshot({ path });
        console.log(path);
      };
      await shot('1-empty');
      await annotate(page, harborArticle);
      await page.locator('#article-view:not([aria-busy])').waitFor();
      await shot('2-annotated');
      // The third claim, chosen as a person would: a click or a tap on its first word.
      const claim = page.locator('#article-view mark[data-kind="claim"]:not([data-continued])').nth(2);
      await claim.scrollIntoViewIfNeeded();
      const position = await claim.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const first = element.getClientRects()[0];
        return { x: first.left - box.left + 2, y: first.top - box.top + first.height / 2 };
      });
      if (options.hasTouch) await claim.tap({ position });
      else await claim.click({ position });
      await page.getByRole('button', { name: 'Mark verified' }).waitFor();
      await page.mouse.move(0, 0);
      await shot('3-chosen');
      // The folded article box, opened over the page.
      await page.getByRole('button', { name: 'Edit text' }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'article-text');
      await shot('3-edit-text');
      await page.getByRole('button', { name: 'Close', exact: true }).click();
      await page.getByRole('button', { name: /^Library/ }).click();
      await page.getByRole('heading', { name: 'Library' }).waitFor();
      await shot('4-library');
      if (errors.length > 0) console.error(`${screen} ${colorScheme}: ${errors.join('; ')}`);
      await context.close();
    }
  }
} finally {
  await app.close();
}
