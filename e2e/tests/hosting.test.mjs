// Hosting: the same build works under a sub-path of a police site; and a new release while a
// report is being written: the app says a new version is ready, the person chooses when to
// reload, and the draft is still there after the update.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, launch, phoneContext, serveDist, controlled } from './harness.mjs';

const files = {};
let site, sub, region, browser;
before(async () => {
  site = await serveDist(undefined, files);
  region = await serveDist(undefined, { '/config.json': JSON.stringify({ version: 1, region_focus: '31' }) });
  sub = await serveDist(undefined, {}, { prefix: '/polres-medan/siaga110/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await sub?.close();
  await region?.close();
});

test('config.json region_focus: that province is fetched at start, wherever the phone is', async () => {
  const { context } = await phoneContext(browser, {
    geolocation: { latitude: 3.5952, longitude: 98.6722, accuracy: 12 },
    permissions: ['geolocation'],
  });
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  const page = await context.newPage();
  await page.goto(region.origin + '/');
  await page.getByTestId('card-polres').waitFor();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/data/prov-31.bin')));
  // The page's own requests (the service worker's precache is not among them): once.
  await page.waitForTimeout(500);
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/data/prov-31.bin')).length);
  assert.equal(fetched, 1, 'fetched once by the page');
  await context.close();
});

test('sw.js and every other file carry the page\'s CSP (a service worker runs under its own script\'s policy)', async () => {
  const { context } = await phoneContext(browser);
  const page = await context.newPage();
  const res = await page.goto(site.origin + '/');
  const csp = (await res.allHeaders())['content-security-policy'];
  assert.match(csp, /default-src 'none'/);
  for (const path of ['/sw.js', '/config.json', '/manifest.webmanifest', '/data/index.bin', '/no-such-file']) {
    const r = await context.request.get(site.origin + path);
    assert.equal(r.headers()['content-security-policy'], csp, path);
    assert.equal(r.headers()['referrer-policy'], 'no-referrer', path);
  }
  await context.close();
});

test('a region_focus, ?region= or ?lang= that means nothing is a console warning, not a silent ignore', async () => {
  const bad = await serveDist(undefined, { '/config.json': JSON.stringify({ version: 1, region_focus: '99' }) });
  try {
    const { context } = await phoneContext(browser);
    await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
    const page = await context.newPage();
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(`${bad.origin}/?region=99&lang=%3Cscript%3E`);
    await page.getByTestId('call-110').waitFor();
    const want = [/config\.json: region_focus ignored/, /URL parameter region ignored/, /URL parameter lang ignored/];
    const deadline = Date.now() + 15000;
    while (!want.every((w) => warnings.some((m) => w.test(m))) && Date.now() < deadline) await page.waitForTimeout(200);
    for (const w of want) assert.ok(warnings.some((m) => w.test(m)), `${w} in ${JSON.stringify(warnings)}`);
    assert.equal(await page.getByTestId('call-110').getAttribute('href'), 'tel:110');
    await context.close();
  } finally {
    await bad.close();
  }
});

test('under a sub-path (/polres-medan/siaga110/): loads, locates, installs its service worker there', async () => {
  const { context, requests } = await phoneContext(browser, {
    geolocation: { latitude: 3.5952, longitude: 98.6722, accuracy: 12 },
    permissions: ['geolocation'],
  });
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  const page = await context.newPage();
  const failed = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  const base = `${sub.origin}/polres-medan/siaga110/`;
  await page.goto(base);
  await page.getByTestId('card-polres').waitFor();
  assert.equal(await page.getByTestId('card-polres').textContent(), 'Polrestabes Medan');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, base);
  assert.deepEqual(failed, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(base)), [], 'every request stays under the sub-path');
  await context.close();
});

test('an update waits for the person and keeps the draft', async () => {
  const { context } = await phoneContext(browser, {
    geolocation: { latitude: 3.5952, longitude: 98.6722, accuracy: 12 },
    permissions: ['geolocation'],
  });
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  const page = await context.newPage();
  await page.goto(site.origin + '/');
  await controlled(page);
  await page.getByTestId('report-open').click();
  await page.getByTestId('category-violence').check();
  await page.getByTestId('report-description').fill('Sedang menulis saat ada versi baru');
  await page.waitForFunction(() => localStorage.getItem('siaga110.draft')?.includes('versi baru'));
  // A new release: another sw.js (its build version changes).
  const sw = readFileSync(join(ROOT, 'dist/sw.js'), 'utf8');
  files['/sw.js'] = sw.replace(/const VERSION = '([0-9a-f]+)'/, "const VERSION = '$1-next'");
  assert.notEqual(files['/sw.js'], sw);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.getByTestId('update-ready').waitFor({ timeout: 30000 });
  // Nothing reloads by itself; the form and the text are untouched.
  assert.equal(await page.getByTestId('report-description').inputValue(), 'Sedang menulis saat ada versi baru');
  await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
  await page.getByTestId('report-form').waitFor();
  assert.equal(await page.getByTestId('report-description').inputValue(), 'Sedang menulis saat ada versi baru');
  assert.equal(await page.getByTestId('category-violence').isChecked(), true);
  const keys = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('siaga110-')));
  assert.equal(keys.length, 1, 'the old cache is deleted after the update');
  assert.ok(keys[0].endsWith('-next'));
  await context.close();
});
