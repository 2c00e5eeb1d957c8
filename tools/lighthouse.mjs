// Lighthouse (pinned 12.2.3, tools/lighthouse/) against the release build, served the way a host
// serves it (tools/serve.mjs: precompressed brotli and the security headers), in Debian's
// Chromium with Lighthouse's mobile emulation and its mobile network throttling (150 ms round
// trip, 1.6 Mbit/s). Prints the scores of each run and their medians; fails when the median of
// performance, accessibility or best practices is below 90.
//
//   node tools/lighthouse.mjs [dist] [--runs 3] [--cpu N] [--simulate]   (npm ci --prefix tools/lighthouse first)
//
// CPU: calibrated, as Lighthouse's throttling guide says to do
// (docs/throttling.md, "calibrating the CPU slowdown"). Its fixed 4x stands for "a fast desktop made
// as slow as a mid-tier phone"; on a shared 2-core VM the host's own speed moves with the load, and
// with a fixed 4x the same build scored 98 on a quiet evening and 83 on a busy one (the unchanged
// static page's first paint 0.8 vs 1.3 s). So before each run this script measures the browser's
// speed with Lighthouse's own benchmark (the BenchmarkIndex every report records, run in the
// same browser) and sets the slowdown that Lighthouse's calibration formula
// (lighthouse-cpu-throttling-calculator) gives for it: index 2000 → 6x, 1533 → 4x, 1300 → 3x,
// 800 → 2x. The emulated phone stays the same whatever the machine is doing; on a quiet machine
// this is stricter than 4x (index ≈ 2100 → ≈ 6.4x). The index and slowdown of each run are printed
// and stay in the report (e2e/artifacts/lighthouse-N.json). `--cpu N` fixes the slowdown instead.
//
// Throttling is applied for real (`throttlingMethod: 'devtools'`), not simulated. Lighthouse's
// default simulation estimates a slow phone from a trace taken at full speed; from localhost the
// 233 KB WebAssembly arrives before the first paint, so in about half the runs the simulation
// counts it against the Largest Contentful Paint (2.8 s instead of 0.9 s) although the first
// paint — the static call button and loading text — never waits for it. `--simulate` runs the
// default method, for comparison. Scores vary from run to run, so the verdict is on the median
// of `--runs` runs, as Lighthouse's own guidance on variance says.
import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { precompress, serve } from './serve.mjs';

const require = createRequire(new URL('./lighthouse/package.json', import.meta.url));
const lighthouse = (await import(require.resolve('lighthouse'))).default;
const chromeLauncher = await import(require.resolve('chrome-launcher'));
const puppeteer = (await import(require.resolve('puppeteer-core'))).default;
const lighthouseRoot = pathToFileURL(require.resolve('lighthouse/package.json'));
const { pageFunctions } = await import(new URL('core/lib/page-functions.js', lighthouseRoot));
const { throttling } = await import(new URL('core/config/constants.js', lighthouseRoot));

const MIN = 90;
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dir = args.find((a, i) => !a.startsWith('--') && !['--runs', '--cpu'].includes(args[i - 1])) ?? 'dist';
const runs = Number(option('--runs', '3'));
const simulate = flag('--simulate');
const fixedCpu = option('--cpu', null);

/** Lighthouse's calibration: the CPU slowdown that makes a host with this BenchmarkIndex behave
 * like its reference mid-tier phone (lighthouse-cpu-throttling-calculator, linear pieces).
 * @example slowdownFor(1533) ≈ 4, slowdownFor(800) = 2 */
function slowdownFor(index) {
  if (index >= 1300) return 3 + (index - 1300) / 233;
  if (index >= 800) return 2 + (index - 800) / 500;
  return Math.max(1, 1 + (index - 150) / 650);
}

/** The BenchmarkIndex of the browser behind `port`, by Lighthouse's own page function, in a blank tab. */
async function benchmarkIndex(port) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  try {
    const page = await browser.newPage();
    // Twice, keeping the second: the first runs while the freshly started browser is still busy
    // starting (it read ≈ 15 % below Lighthouse's own check a moment later).
    await page.evaluate(`(${pageFunctions.computeBenchmarkIndex})()`);
    const index = await page.evaluate(`(${pageFunctions.computeBenchmarkIndex})()`);
    await page.close();
    return index;
  } finally {
    await browser.disconnect();
  }
}
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
      const index = fixedCpu === null && !simulate ? await benchmarkIndex(chrome.port) : null;
      const cpu = fixedCpu !== null ? Number(fixedCpu) : index !== null ? Math.round(slowdownFor(index) * 10) / 10 : 4;
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: CATEGORIES,
        throttlingMethod: simulate ? 'simulate' : 'devtools',
        // Lighthouse's own mobile defaults (its default network), with the CPU calibrated.
        throttling: { ...throttling.mobileSlow4G, cpuSlowdownMultiplier: cpu },
      });
      const lhr = result.lhr;
      writeFileSync(`e2e/artifacts/lighthouse-${run}.json`, result.report);
      const line = CATEGORIES.map((c) => {
        const score = Math.round(lhr.categories[c].score * 100);
        scores[c].push(score);
        return `${c} ${score}`;
      });
      const metrics = METRICS.map((m) => `${m.replace(/-/g, ' ')} ${lhr.audits[m].displayValue}`);
      const how = index !== null ? `CPU ${cpu}x for benchmark index ${Math.round(index)}, ${Math.round(lhr.environment.benchmarkIndex)} in Lighthouse's own check` : `CPU ${cpu}x`;
      console.log(`lighthouse run ${run}/${runs}: ${line.join(', ')}  (${metrics.join(', ')}; ${how})`);
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
  failed ||= m < MIN;
  const verdict = m < MIN ? `below ${MIN}: FAIL` : `>= ${MIN}`;
  console.log(`lighthouse ${c}: ${m} (median of ${scores[c].join(', ')}) — ${verdict}`);
}
console.log(`lighthouse (${simulate ? 'simulated' : 'applied'} throttling): ${failed ? 'FAILED' : 'passed'}`);
process.exit(failed ? 1 : 0);
