#!/usr/bin/env node
// Lighthouse (mobile preset: simulated slow 4G, 4× CPU slowdown) against the release build in
// dist/ (run `trunk build --release` first), served with gzip as a real host would, in Debian's
// chromium. Prints the median of N runs: performance, accessibility, best practices, FCP, LCP,
// TBT and the total download (Lighthouse's total byte weight: what went over the wire).
//
//   node scripts/bench-lighthouse.mjs [--runs N]
//
// Lighthouse is not a test dependency (`npm ci` never installs it): this script installs the
// pinned version on demand into .tools/lighthouse (git-ignored). 12.2.3 because 13.x needs
// Node 22.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';

const LIGHTHOUSE = '12.2.3';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools', 'lighthouse');
const cli = join(tools, 'node_modules', '.bin', 'lighthouse');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;

if (!existsSync(join(root, 'dist', 'index.html'))) {
  console.error("bench-lighthouse: no dist/index.html; run 'trunk build --release' first");
  process.exit(1);
}
const installed = () => {
  try {
    return JSON.parse(readFileSync(join(tools, 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
};
if (installed() !== LIGHTHOUSE) {
  console.error(`installing lighthouse@${LIGHTHOUSE} into .tools/lighthouse …`);
  mkdirSync(tools, { recursive: true });
  execFileSync('npm', ['install', '--prefix', tools, '--no-save', '--no-audit', '--no-fund', '-E', `lighthouse@${LIGHTHOUSE}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const server = await serve(join(root, 'dist'), 0, { gzip: true });
const url = `http://127.0.0.1:${server.address().port}/`;
const out = join(root, '.tools', 'lighthouse-report.json');
const results = [];
try {
  for (let run = 0; run < runs; run += 1) {
    rmSync(out, { force: true });
    // Asynchronously: the server answering Lighthouse runs in this process.
    await promisify(execFile)(
      cli,
      [
        url,
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
        '--only-categories=performance,accessibility,best-practices',
        '--output=json',
        `--output-path=${out}`,
      ],
      // Its progress log (stderr) is shown only if the run fails.
      { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' }, timeout: 180_000, maxBuffer: 64 << 20 },
    );
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const audit = (id) => report.audits[id].numericValue;
    results.push({
      performance: report.categories.performance.score * 100,
      accessibility: report.categories.accessibility.score * 100,
      bestPractices: report.categories['best-practices'].score * 100,
      fcp: audit('first-contentful-paint'),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      bytes: audit('total-byte-weight'),
    });
  }
} finally {
  server.close();
}

const median = (key) => [...results.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(results.length / 2)];
const list = (key, format) => results.map((r) => format(r[key])).join(', ');
const ms = (value) => `${(value / 1000).toFixed(2)} s`;
const whole = (value) => `${Math.round(value)}`;
const kb = (value) => `${Math.round(value / 1024)} KB`;
console.log(`Lighthouse ${LIGHTHOUSE}, mobile preset, ${runs} runs against dist/ served with gzip (median, then each run):`);
console.log(`  performance     ${whole(median('performance'))}   (${list('performance', whole)})  goal ≥ 95`);
console.log(`  accessibility   ${whole(median('accessibility'))}   (${list('accessibility', whole)})`);
console.log(`  best practices  ${whole(median('bestPractices'))}   (${list('bestPractices', whole)})`);
console.log(`  FCP             ${ms(median('fcp'))}   (${list('fcp', ms)})`);
console.log(`  LCP             ${ms(median('lcp'))}   (${list('lcp', ms)})  goal ≤ 2.5 s`);
console.log(`  TBT             ${whole(median('tbt'))} ms   (${list('tbt', whole)})`);
console.log(`  total download  ${kb(median('bytes'))}   (${list('bytes', kb)})`);
