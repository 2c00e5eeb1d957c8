// Install guidance where there is no install prompt (issue 19): Safari on iOS and iPadOS has no
// `beforeinstallprompt`; only it has `navigator.standalone` (false in the browser, true when
// opened from the home screen). Chromium cannot be Safari, so the property is given to the page
// as Safari has it; the hint shows in the browser in both languages, never once installed, and
// never where the property does not exist (Chromium, Firefox: they have their own install).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { phoneContext, screenshot, useSiteAndBrowser } from './harness.mjs';

const env = useSiteAndBrowser();

async function open({ standalone, locale = 'id-ID' }) {
  const { context } = await phoneContext(env.browser, { locale });
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  if (standalone !== undefined) {
    await context.addInitScript((s) => Object.defineProperty(Navigator.prototype, 'standalone', { get: () => s, configurable: true }), standalone);
  }
  const page = await context.newPage();
  await page.goto(env.site.origin + '/');
  await page.getByTestId('disclaimer').waitFor();
  return { context, page };
}

describe('install guidance', () => {
  test('Safari in the browser: "Bagikan → Tambah ke Layar Utama", in both languages', async () => {
    const { context, page } = await open({ standalone: false });
    const hint = page.getByTestId('install-ios');
    assert.match(await hint.innerText(), /ketuk Bagikan .*lalu “Tambah ke Layar Utama”/);
    await hint.scrollIntoViewIfNeeded();
    await screenshot(page, 'install-ios-360');
    await page.getByTestId('lang-switch').click();
    assert.match(await hint.innerText(), /tap Share .*then “Add to Home Screen”/);
    await context.close();
  });

  test('opened from the home screen, or in an engine with its own install: no hint', async () => {
    for (const standalone of [true, undefined]) {
      const { context, page } = await open({ standalone });
      assert.equal(await page.getByTestId('install-ios').count(), 0, `standalone=${standalone}`);
      await context.close();
    }
  });
});
