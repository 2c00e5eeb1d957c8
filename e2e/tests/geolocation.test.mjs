// The position watch against what real devices do (issues 17.4, 18.5): a passing error never
// freezes the location, a stopped watch can be refreshed, nonsense accuracy is "unknown" (and
// coarse), impossible coordinates end in a clear message and the search — driven by a scripted
// navigator.geolocation (Chromium's emulation cannot send errors or nonsense).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { phoneContext, screenshot, useSiteAndBrowser } from './harness.mjs';

const env = useSiteAndBrowser();

/** Replaces watchPosition: plays `script` (items `{after, fix: {lat, lon, acc}}` or
 * `{after, error: code}`) to the first watch, then keeps it open. */
function fakeGeolocation(script) {
  const play = (ok, fail) => {
    let t = 0;
    for (const s of script) {
      t += s.after;
      setTimeout(() => {
        if (s.error) fail({ code: s.error, message: 'scripted' });
        else ok({ coords: { latitude: Number(s.fix.lat), longitude: Number(s.fix.lon), accuracy: Number(s.fix.acc) }, timestamp: Date.now() });
      }, t);
    }
    return 1;
  };
  const geo = { watchPosition: play, clearWatch() {}, getCurrentPosition(ok, fail) { play(ok, fail); } };
  Object.defineProperty(Navigator.prototype, 'geolocation', { get: () => geo, configurable: true });
}

async function open(script) {
  const { context } = await phoneContext(env.browser);
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  await context.addInitScript(fakeGeolocation, script);
  const page = await context.newPage();
  await page.goto(env.site.origin + '/');
  await page.getByTestId('app-ready').waitFor();
  return { context, page };
}

const MEDAN = { lat: 3.5897, lon: 98.6738 };

describe('the position watch', () => {
  test('a coarse fix, then "position unavailable", then a precise fix: the precise one is used', async () => {
    const { context, page } = await open([
      { after: 300, fix: { ...MEDAN, acc: 2000 } },
      { after: 500, error: 2 },
      { after: 1500, fix: { ...MEDAN, acc: 10 } },
    ]);
    await page.getByTestId('loc-coarse').waitFor();
    // After the error the watch still runs: the precise fix arrives and is shown.
    await page.waitForFunction(() => /± 10 m/.test(document.querySelector('[data-testid=loc-accuracy]')?.innerText ?? ''));
    assert.equal(await page.getByTestId('loc-coarse').count(), 0);
    // Done: the stopped watch offers a refresh.
    await page.getByTestId('loc-refresh').waitFor();
    await context.close();
  });

  test('"unavailable" before any fix is said, and a later fix still replaces the message', async () => {
    const { context, page } = await open([
      { after: 300, error: 2 },
      { after: 1500, fix: { ...MEDAN, acc: 15 } },
    ]);
    await page.getByTestId('loc-error').waitFor();
    assert.equal(await page.getByTestId('loc-error').getAttribute('data-error'), 'unavailable');
    await page.getByTestId('card-polres').waitFor();
    assert.equal(await page.getByTestId('loc-error').count(), 0);
    await context.close();
  });

  test('a negative accuracy is unknown and coarse, never "± -50 m", in both languages', async () => {
    const { context, page } = await open([{ after: 300, fix: { ...MEDAN, acc: -50 } }]);
    await page.getByTestId('card-polres').waitFor();
    assert.equal(await page.getByTestId('loc-accuracy').innerText().then((t) => t.split(' · ')[0]), 'Akurasi tidak diketahui');
    await page.getByTestId('loc-coarse').waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /-50|Infinity|inf m/);
    await screenshot(page, 'accuracy-unknown-id');
    await context.close();
  });

  test('impossible coordinates: a clear message and the search, not "searching" for ever', async () => {
    // The latitude as a string: the init script's arguments travel as JSON (NaN would arrive as null).
    const { context, page } = await open([{ after: 300, fix: { lat: 'NaN', lon: 98.6, acc: 10 } }]);
    const err = page.getByTestId('loc-error');
    await err.waitFor();
    assert.equal(await err.getAttribute('data-error'), 'impossible');
    assert.equal(await page.getByTestId('loc-searching').count(), 0);
    await page.getByTestId('manual-search').waitFor();
    await context.close();
  });
});
