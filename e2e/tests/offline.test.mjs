// Installable and offline after the first visit: the manifest passes Chromium's installability
// checks, the service worker precaches everything, and with the network gone the app still
// loads, locates and names the Polres.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { phoneContext, screenshot, useSiteAndBrowser, controlled } from './harness.mjs';

const env = useSiteAndBrowser();

describe('PWA', () => {
  test('the manifest is installable (no installability errors) and its icons exist', async () => {
    const { context } = await phoneContext(env.browser);
    const page = await context.newPage();
    await page.goto(env.site.origin + '/');
    await page.getByTestId('app-ready').waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // Playwright's contexts are incognito-like, which Chromium reports by itself; nothing else may show.
    assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);
    const manifest = await (await page.request.get(env.site.origin + '/manifest.webmanifest')).json();
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.lang, 'id');
    for (const icon of manifest.icons) {
      const r = await page.request.get(new URL(icon.src, env.site.origin + '/').href);
      assert.equal(r.status(), 200, icon.src);
    }
    assert.ok(manifest.icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512'));
    assert.ok(manifest.icons.some((i) => i.sizes === '192x192'));
    assert.ok(manifest.screenshots.some((s) => s.form_factor === 'narrow'));
    for (const shot of manifest.screenshots) {
      const r = await page.request.get(new URL(shot.src, env.site.origin + '/').href);
      assert.equal(r.status(), 200, shot.src);
    }
    await context.close();
  });

  test('after the first visit the app loads, locates and names the Polres offline', async () => {
    const { context } = await phoneContext(env.browser, {
      geolocation: { latitude: 3.7755, longitude: 98.6832, accuracy: 10 },
      permissions: ['geolocation'],
    });
    await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
    const page = await context.newPage();
    await page.goto(env.site.origin + '/');
    await page.getByTestId('card-polres').waitFor();
    // Wait until the service worker controls the page (it has precached everything by then).
    await controlled(page);
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const cache = await caches.open(keys.find((k) => k.startsWith('siaga110-')));
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    for (const path of ['/', '/data/index.bin', '/data/prov-31.bin', '/data/land.bin', '/data/names.bin', '/manifest.webmanifest']) {
      assert.ok(cached.includes(path), `${path} is precached`);
    }
    assert.ok(cached.some((p) => p.endsWith('.wasm')), 'the WebAssembly is precached');

    await context.setOffline(true);
    await context.setGeolocation({ latitude: -6.1754, longitude: 106.8272, accuracy: 10 });
    await page.reload();
    await page.getByTestId('call-110').waitFor();
    assert.equal(await page.getByTestId('call-110').getAttribute('href'), 'tel:110');
    await page.waitForFunction(() => document.querySelector('[data-testid=card-polres]')?.textContent === 'Polres Metro Jakarta Pusat');
    await screenshot(page, 'offline-jakarta-id');
    await context.close();
  });
});
