// The first screen is in the served HTML: usable before the app's wasm arrives, and what was
// typed or pressed there survives the app taking over. The page's wasm is held back by the test
// (a route that waits), so the typing really happens before the app starts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, axeViolations } from './support.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** A page whose own wasm (not the worker's) is held until `release()` is called. */
async function pageWithHeldWasm() {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  let release;
  const released = new Promise((done) => (release = done));
  let asked = false;
  // Trunk writes its hash without leading zeros, so its length varies from build to build.
  await page.route(/\/factmark-[0-9a-f]+_bg\.wasm$/, async (route) => {
    asked = true;
    await released;
    await route.continue();
  });
  await page.goto(app.baseUrl, { waitUntil: 'commit' });
  return { context, page, errors, release, wasAsked: () => asked };
}

test('text typed into the first screen before the wasm arrives survives the app taking over', async () => {
  const { context, page, errors, release, wasAsked } = await pageWithHeldWasm();
  const box = page.getByLabel('Article text');
  await box.click();
  const text = '“We will win this war,” Jane Doe said on Monday in Paris.';
  await box.pressSequentially(text);
  assert.equal(await page.locator('[data-shell]').count(), 2, 'the static first screen is still in charge');
  assert.ok(wasAsked(), 'the page has asked for its wasm, which is held back');
  assert.deepEqual(await axeViolations(page), [], 'the first screen is accessible');
  const headerButtons = () => page.locator('header').getByRole('button').count();
  const shellButtons = await headerButtons();
  release();
  await page.locator('[data-shell]').first().waitFor({ state: 'detached' });
  // The same header controls before and after, so nothing in the header moves at the takeover.
  assert.equal(await headerButtons(), shellButtons, 'the first screen has every header button of the app');
  assert.equal(await box.inputValue(), text, 'no keystroke lost');
  assert.ok(await box.evaluate((area) => area === document.activeElement), 'the box keeps the focus');
  // Typing goes on in the app's box.
  await page.keyboard.type(' More.');
  assert.equal(await box.inputValue(), `${text} More.`);
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  await page.locator('mark[data-kind="quote"]').first().waitFor({ timeout: 30_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('Annotate pressed on the first screen is carried out once the app starts', async () => {
  const { context, page, errors, release } = await pageWithHeldWasm();
  const text = 'Prices rose 5% in May, officials in Brussels said on Tuesday.';
  await page.getByLabel('Article text').fill(text);
  await page.getByRole('button', { name: 'Annotate', exact: true }).click();
  assert.equal(page.url(), app.baseUrl, 'the form did not leave the page');
  release();
  await page.locator('mark[data-kind]').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.getByLabel('Article text').inputValue(), text);
  assert.deepEqual(errors, []);
  await context.close();
});
