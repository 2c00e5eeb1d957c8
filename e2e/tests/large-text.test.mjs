// Text at 200 % (issue 17, item 6; WCAG 1.4.4 resize text and 1.4.10 reflow): the browser's
// default font size doubled (Chromium's own setting, through DevTools), on a 360×740 phone.
// Nothing goes sideways — the page is never wider than the screen — on the first-run warning,
// the main screen with the Polres card and the readout, the confirm step, the search with its
// results and the report form, in both languages; the warning's button can be reached and
// pressed; the call link stays on screen throughout.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { phoneContext, screenshot, useSiteAndBrowser } from './harness.mjs';

const env = useSiteAndBrowser();

async function bigText({ warned = true, locale = 'id-ID', permissions = ['geolocation'] } = {}) {
  const { context } = await phoneContext(env.browser, {
    geolocation: { latitude: 3.5897, longitude: 98.6738, accuracy: 12 },
    permissions,
    locale,
  });
  if (warned) await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  await page.goto(env.site.origin + '/');
  return { context, page };
}

/** The page's width and the elements that stick out of the screen (for the message). */
async function sideways(page, what) {
  await page.waitForTimeout(300);
  const r = await page.evaluate(() => {
    const w = window.innerWidth;
    const out = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > w + 1))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}[${e.dataset.testid ?? e.className}] ${Math.round(e.getBoundingClientRect().right)}px "${(e.textContent ?? '').trim().slice(0, 24)}"`);
    return { width: document.documentElement.scrollWidth, screen: w, out };
  });
  assert.ok(r.width <= r.screen, `${what}: the page is ${r.width} px wide on a ${r.screen} px screen: ${r.out.join('; ')}`);
  const call = await page.getByTestId('call-110').boundingBox();
  assert.ok(call && call.x >= 0 && call.x + call.width <= r.screen && call.y + call.height <= 740, `${what}: the call link is on screen`);
}

describe('text at 200 %', () => {
  test('the first-run warning reflows and its button can be pressed', async () => {
    const { context, page } = await bigText({ warned: false });
    await page.getByTestId('first-run').waitFor();
    await sideways(page, 'first-run warning');
    await screenshot(page, 'large-text-first-run-id');
    await page.getByTestId('warning-ok').click();
    await page.getByTestId('card-polres').waitFor();
    await context.close();
  });

  for (const locale of ['id-ID', 'en-US']) {
    test(`the main screen, the confirm step, the search and the form reflow (${locale})`, async () => {
      const { context, page } = await bigText({ locale });
      await page.getByTestId('card-polres').waitFor();
      await page.getByTestId('readout-latlon').waitFor();
      await sideways(page, 'main screen');
      await screenshot(page, `large-text-main-${locale.slice(0, 2)}`);
      await page.getByTestId('call-110').click();
      await page.getByTestId('call-confirm').waitFor();
      await sideways(page, 'confirm step');
      await screenshot(page, `large-text-confirm-${locale.slice(0, 2)}`);
      await page.getByTestId('call-confirm-no').click();
      await page.getByTestId('manual-input').fill('Binjai');
      await page.getByTestId('manual-hit').first().waitFor();
      await sideways(page, 'search results');
      await page.getByTestId('report-open').click();
      await page.getByTestId('report-form').waitFor();
      await sideways(page, 'report form');
      await context.close();
    });
  }
});
