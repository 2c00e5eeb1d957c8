// Lighthouse (pinned 12.2.3, tools/lighthouse/) against the release build, served the way a host
// serves it (tools/serve.mjs: brotli and the security headers), in Debian's Chromium with
// Lighthouse's default mobile emulation and throttling. Prints the scores and fails when
// performance, accessibility or best practices is below 90.
//   node tools/lighthouse.mjs [dist]      (npm ci --prefix tools/lighthouse first)
import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';
import { serve } from './serve.mjs';

const require = createRequire(new URL('./lighthouse/package.json', import.meta.url));
const lighthouse = (await import(require.resolve('lighthouse'))).default;
const chromeLauncher = await import(require.resolve('chrome-launcher'));

const MIN = 90;
const dir = process.argv[2] ?? 'dist';
const server = await serve({ dir, host: '127.0.0.1', port: 0 });
const url = `http://127.0.0.1:${server.address().port}/`;
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
let failed = false;
try {
  const result = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
  });
  const lhr = result.lhr;
  mkdirSync('e2e/artifacts', { recursive: true });
  writeFileSync('e2e/artifacts/lighthouse.json', result.report);
  for (const [id, cat] of Object.entries(lhr.categories)) {
    const score = Math.round(cat.score * 100);
    console.log(`lighthouse ${id}: ${score}${score < MIN ? `  (below ${MIN})` : ''}`);
    if (score < MIN) {
      failed = true;
      for (const ref of cat.auditRefs) {
        const a = lhr.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 0.9) console.log(`  ${a.id}: ${a.displayValue ?? a.score} — ${a.title}`);
      }
    }
  }
  for (const m of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift']) {
    console.log(`  ${m}: ${lhr.audits[m].displayValue}`);
  }
} finally {
  await chrome.kill();
  server.close();
}
process.exit(failed ? 1 : 0);
