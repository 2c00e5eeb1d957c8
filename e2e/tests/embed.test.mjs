// Embedded in a police website: the demo host page (embed/demo.html) on another origin loads the
// app in an iframe; the call link, the lookup and the URL parameters work inside it; without
// allow="geolocation" the app says the page forbids location and offers the manual search.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, foreign, phoneContext, screenshot, serveDist, useSiteAndBrowser } from './harness.mjs';

const env = useSiteAndBrowser();
let host;
before(async () => {
  host = await serveDist(join(ROOT, 'embed'));
});
after(async () => host?.close());

async function demo({ allow = true, lang = 'id' } = {}) {
  const { context, requests } = await phoneContext(env.browser, {
    geolocation: { latitude: 3.5897, longitude: 98.6738, accuracy: 10 },
    permissions: ['geolocation'],
    viewport: { width: 420, height: 800 },
  });
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  const page = await context.newPage();
  const q = new URLSearchParams({ app: env.site.origin, lang, ...(allow ? {} : { allow: 'none' }) });
  await page.goto(`${host.origin}/demo.html?${q}`);
  const app = page.frameLocator('#siaga110');
  await app.getByTestId('app-ready').waitFor();
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
});
