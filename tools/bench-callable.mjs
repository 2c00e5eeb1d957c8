// Benchmark (not a test): "time to callable" on a cheap phone on a slow network. Headless Chromium
// with network throttling (~400 kbit/s down, 400 ms round trip, cold cache) and a 4× CPU slowdown;
// time from navigation until the call link is visible and clickable, for the release build and,
// in the same run, alternating, for a bare page that holds only <a href="tel:110">, served the
// same way. Prints medians and the ratio (target ≤ 1.10×).
//   node tools/bench-callable.mjs [runs=10]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { serve } from './serve.mjs';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const runs = Number(process.argv[2] ?? 10);

const bareDir = mkdtempSync(join(tmpdir(), 'bare-'));
writeFileSync(join(bareDir, 'index.html'), '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><a id="call-110" href="tel:110">Panggil 110</a>');
const app = await serve({ dir: 'dist', host: '127.0.0.1', port: 0 });
const bare = await serve({ dir: bareDir, host: '127.0.0.1', port: 0 });
const url = (s) => `http://127.0.0.1:${s.address().port}/`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

async function measure(target) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: (400 * 1024) / 8,
    uploadThroughput: (400 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const start = Date.now();
  await page.goto(target, { waitUntil: 'commit' });
  await page.locator('#call-110').click({ trial: true }); // visible, stable, enabled, receives events
  const ms = Date.now() - start;
  await context.close();
  return ms;
}

const times = { app: [], bare: [] };
for (let i = 0; i < runs; i++) {
  times.bare.push(await measure(url(bare)));
  times.app.push(await measure(url(app)));
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const [a, b] = [median(times.app), median(times.bare)];
console.log(`time to callable (${runs} alternating runs, 400 kbit/s, 400 ms RTT, CPU 4×, cold cache)`);
console.log(`  bare <a href="tel:110"> page  ${b} ms (median)`);
console.log(`  Siaga110 release build        ${a} ms (median)`);
console.log(`  ratio                         ${(a / b).toFixed(2)}× (target ≤ 1.10×)`);
await browser.close();
app.close();
bare.close();
