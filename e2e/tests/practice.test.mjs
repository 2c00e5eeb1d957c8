// Practice mode (issue 17.8): its banner goes when practice is turned off — from the top bar or
// from the confirm step — and never covers the confirm step's buttons or the search results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phoneContext, screenshot, useSiteAndBrowser } from './harness.mjs';

const env = useSiteAndBrowser();

/** Whether the element's centre is really it (nothing drawn over it). */
const onTop = (locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return el === hit || el.contains(hit);
  });

test('the practice banner follows the mode and covers nothing', async () => {
  const { context } = await phoneContext(env.browser, {
    geolocation: { latitude: 3.5897, longitude: 98.6738, accuracy: 12 },
    permissions: ['geolocation'],
  });
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  const page = await context.newPage();
  await page.goto(env.site.origin + '/');
  await page.getByTestId('card-polres').waitFor();
  const banner = page.getByTestId('practice-banner');

  await page.getByTestId('practice-toggle').check();
  await banner.waitFor();
  await page.getByTestId('practice-toggle').uncheck();
  await banner.waitFor({ state: 'detached' });

  // On again; the confirm step's buttons are not under the banner; "practice off" there ends it.
  await page.getByTestId('practice-toggle').check();
  await banner.waitFor();
  await page.getByTestId('call-110').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('call-confirm').waitFor();
  for (const id of ['call-confirm-yes', 'practice-off', 'call-confirm-no']) {
    assert.ok(await onTop(page.getByTestId(id)), `${id} is covered`);
  }
  await screenshot(page, 'practice-confirm-id');
  await page.getByTestId('practice-off').click();
  await banner.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('practice-toggle').isChecked(), false);
  // The confirm step now calls for real: its "yes" is the tel:110 link.
  assert.equal(await page.getByTestId('call-confirm-yes').getAttribute('href'), 'tel:110');
  await page.getByTestId('call-confirm-no').click();

  // The search results are not under the banner either.
  await page.getByTestId('practice-toggle').check();
  await banner.waitFor();
  const input = page.getByTestId('manual-search').locator('input');
  await input.scrollIntoViewIfNeeded();
  await input.fill('Binjai');
  const hit = page.getByTestId('manual-search').locator('li, button').first();
  await hit.waitFor();
  await hit.scrollIntoViewIfNeeded();
  assert.ok(await onTop(hit), 'the first search result is covered');
  await context.close();
});
