// With the keyboard open (issue 17.10) the call bar shrinks to the button — never hidden — so
// the search field and its results stay on screen: a 360×740 phone whose viewport the keyboard
// cuts to 360×400.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phoneContext, screenshot, useSiteAndBrowser } from './harness.mjs';

const env = useSiteAndBrowser();

test('keyboard open: the call bar takes at most a fifth of the screen, the call link stays usable', async () => {
  const { context } = await phoneContext(env.browser, { permissions: [] });
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  const page = await context.newPage();
  await page.goto(env.site.origin + '/');
  await page.getByTestId('app-ready').waitFor();
  const full = await page.locator('#sos').boundingBox();
  const input = page.getByTestId('manual-search').locator('input');
  await input.click();
  await page.setViewportSize({ width: 360, height: 400 }); // what the keyboard leaves
  await input.fill('Binjai');
  const first = page.getByTestId('manual-search').locator('li, button').first();
  await first.waitFor();
  const bar = await page.locator('#sos').boundingBox();
  assert.ok(bar.height <= 400 / 5, `the bar is ${bar.height}px of 400`);
  assert.ok(bar.height < full.height);
  const link = page.getByTestId('call-110');
  assert.ok(await link.isVisible(), 'the call link is never hidden');
  assert.equal(await link.getAttribute('href'), 'tel:110');
  await input.scrollIntoViewIfNeeded();
  const box = await input.boundingBox();
  assert.ok(box.y + box.height <= bar.y, 'the field is above the bar');
  await screenshot(page, 'keyboard-open-id');
  await context.close();
});
