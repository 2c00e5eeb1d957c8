// Embedded in a police website: the demo host page (embed/demo.html) on another origin loads the
// app in an iframe; the call link, the lookup and the URL parameters work inside it; without
// allow="geolocation" the app says the page forbids location and offers the manual search.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, foreign, launch, phoneContext, screenshot, serveDist } from './harness.mjs';
import { startReceiver } from '../../tools/receiver.mjs';

// The app is served with its security headers; its config.json lists the demo host page as an
// embedding origin (CSP frame-ancestors, and the target of its events) and a report receiver.
const env = { site: null, browser: null };
let host, stranger, receiver;
before(async () => {
  host = await serveDist(join(ROOT, 'embed'), {}, { noHeaders: true });
  stranger = await serveDist(join(ROOT, 'embed'), {}, { noHeaders: true });
  receiver = await startReceiver();
  const config = { version: 1, report_endpoint: receiver.url, embed_origins: [host.origin] };
  env.site = await serveDist(undefined, { '/config.json': JSON.stringify(config) });
  env.browser = await launch();
});
after(async () => {
  await env.browser?.close();
  for (const s of [env.site, host, stranger]) await s?.close();
  await receiver?.close();
});

async function demo({ allow = true, lang = 'id', from = host } = {}) {
  const { context, requests } = await phoneContext(env.browser, {
    geolocation: { latitude: 3.5897, longitude: 98.6738, accuracy: 10 },
    permissions: ['geolocation'],
    viewport: { width: 420, height: 800 },
  });
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  const page = await context.newPage();
  const q = new URLSearchParams({ app: env.site.origin, lang, ...(allow ? {} : { allow: 'none' }) });
  await page.goto(`${from.origin}/demo.html?${q}`);
  const app = page.frameLocator('#siaga110');
  if (from === host) await app.getByTestId('app-ready').waitFor();
  return { context, page, app, requests };
}

describe('embedded in another origin', () => {
  test('with allow="geolocation": the call link and the Polres work inside the iframe', async () => {
    const { context, page, app, requests } = await demo({ lang: 'en' });
    assert.notEqual(host.origin, env.site.origin);
    await app.getByTestId('card-polres').waitFor();
    assert.equal(await app.getByTestId('card-polres').textContent(), 'Polrestabes Medan');
    assert.equal(await app.getByTestId('call-110').getAttribute('href'), 'tel:110');
    assert.equal(await app.getByTestId('call-110').textContent(), 'Call 110', '?lang=en');
    assert.equal(await app.getByTestId('mini-map').isVisible(), false, '?compact=1 hides the map');
    await screenshot(page, 'embed-demo-en');
    const elsewhere = foreign(requests, env.site.origin).filter((u) => !u.startsWith(`${host.origin}/`));
    assert.deepEqual(elsewhere, [], 'only the host page and the app are requested');
    await context.close();
  });

  test('without allow="geolocation": the page-policy message and the manual search', async () => {
    const { context, page, app } = await demo({ allow: false });
    await app.getByTestId('loc-error').waitFor();
    assert.equal(await app.getByTestId('loc-error').getAttribute('data-error'), 'policy');
    assert.ok(await app.getByTestId('manual-search').isVisible());
    assert.equal(await app.getByTestId('call-110').getAttribute('href'), 'tel:110');
    await screenshot(page, 'embed-demo-no-geolocation-id');
    await context.close();
  });

  test('a report inside the iframe is delivered, and the host page hears of it from the app only', async () => {
    const { context, page, app, requests } = await demo();
    await app.getByTestId('card-polres').waitFor();
    await app.getByTestId('report-open').click();
    await app.getByTestId('category-disorder').check();
    await app.getByTestId('report-description').fill('Tawuran dekat sekolah');
    await app.getByTestId('report-review').click();
    await app.getByTestId('report-send').click();
    await page.waitForFunction(() => /^delivered /m.test(document.getElementById('events').innerText));
    const id = await app.getByTestId('outbox-item').first().getAttribute('data-id');
    const events = (await page.locator('#events li').allTextContents()).map((e) => e.split(' '));
    assert.ok(events.every(([, eid]) => eid === id));
    assert.deepEqual(events.map(([status]) => status).filter((s) => s !== 'sending'), ['queued', 'delivered']);
    assert.equal([...receiver.reports.values()].filter((r) => r.body.id === id).length, 1);
    const elsewhere = foreign(requests, env.site.origin).filter((u) => !u.startsWith(`${host.origin}/`) && !u.startsWith(`${receiver.origin}/`));
    assert.deepEqual(elsewhere, [], 'nothing but the host page, the app and the report endpoint');
    await screenshot(page, 'embed-report-delivered-id');
    await context.close();
  });

  test('a page whose origin config.json does not list cannot frame the app (CSP frame-ancestors)', async () => {
    const { context, page } = await demo({ from: stranger });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await page.waitForTimeout(1500);
    assert.equal(await frame.locator('[data-testid=call-110]').count(), 0, 'the app did not load inside');
    await context.close();
  });

  test('a wildcard in embed_origins frames nothing: the list is refused, by the app and by the CSP', async () => {
    // The same build with config.json listing the host page and a wildcard: the core refuses the
    // whole list (one validator for the app and the headers), so even the listed page cannot frame.
    const wild = await serveDist(undefined, { '/config.json': JSON.stringify({ version: 1, embed_origins: [host.origin, 'http://127.0.0.1:*'] }) });
    try {
      const { context } = await phoneContext(env.browser);
      const page = await context.newPage();
      const res = await page.request.get(`${wild.origin}/`);
      assert.match(res.headers()['content-security-policy'], /frame-ancestors 'self'$/);
      await page.goto(`${host.origin}/demo.html?${new URLSearchParams({ app: wild.origin, lang: 'id' })}`);
      await page.waitForTimeout(1500);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      assert.equal(await frame.locator('[data-testid=call-110]').count(), 0, 'the app did not load inside');
      await context.close();
    } finally {
      await wild.close();
    }
  });

  test('the launcher opens the app in a new tab, or as an overlay that closes again', async () => {
    const { context, page } = await demo();
    const tab = page.locator('#launch-tab').getByTestId('launcher');
    await tab.waitFor();
    assert.equal(await tab.textContent(), 'Darurat? Panggil 110');
    const [opened] = await Promise.all([context.waitForEvent('page'), tab.click()]);
    await opened.waitForLoadState();
    assert.equal(new URL(opened.url()).origin, env.site.origin);
    await opened.getByTestId('call-110').waitFor();
    assert.equal(await opened.evaluate(() => window.opener), null, 'noopener');
    await opened.close();
    await page.locator('#launch-overlay').getByTestId('launcher').click();
    const overlay = page.frameLocator('#launch-overlay >> [data-testid=launcher-frame]');
    await overlay.getByTestId('app-ready').waitFor();
    assert.equal(await overlay.getByTestId('call-110').getAttribute('href'), 'tel:110');
    await screenshot(page, 'embed-launcher-overlay-id');
    await page.locator('#launch-overlay').getByTestId('launcher-close').click();
    assert.equal(await page.locator('#launch-overlay').getByTestId('launcher-frame').count(), 0);
    await context.close();
  });
});
