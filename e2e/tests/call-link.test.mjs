// The call always works: the static tel:110 link, before and after the app mounts, with and
// without JavaScript, at a 360×740 phone viewport — and nothing leaves 127.0.0.1.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, foreign, phoneContext, screenshot, useSiteAndBrowser } from './harness.mjs';

describe('static call link', () => {
  const env = useSiteAndBrowser();

  test('is visible with href tel:110, and stays put when the app mounts', async () => {
    const { context, requests } = await phoneContext(env.browser);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(env.site.origin + '/', { waitUntil: 'commit' });

    const call = page.getByTestId('call-110');
    await call.waitFor({ state: 'visible' });
    assert.equal(await call.getAttribute('href'), 'tel:110');
    assert.equal((await call.textContent()).trim(), 'Panggil 110');
    const before = await call.boundingBox();

    await page.getByTestId('app-ready').waitFor({ state: 'visible' });
    const afterBox = await call.boundingBox();
    assert.deepEqual(afterBox, before, 'the call button did not move while the app loaded');
    assert.equal(await call.getAttribute('href'), 'tel:110');

    // In the thumb zone, fully on screen, at least 48 px tall.
    assert.ok(afterBox.height >= 48, `height ${afterBox.height}`);
    assert.ok(afterBox.y + afterBox.height <= 740 && afterBox.y > 740 / 2, `y ${afterBox.y}`);
    // It is the topmost element where a thumb lands on it.
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, {
      x: afterBox.x + afterBox.width / 2,
      y: afterBox.y + afterBox.height / 2,
    });
    assert.equal(hit, 'call-110');

    await screenshot(page, 'call-link-360x740');
    assert.deepEqual(errors, [], 'no script errors');
    assert.deepEqual(foreign(requests, env.site.origin), [], 'no request leaves 127.0.0.1');
    await context.close();
  });

  test('the no-WebAssembly message comes from an ES5 file, so the oldest engines can run it', () => {
    // Trunk's release build rewrites inline scripts as ES2015; dist/nowasm.js is copied as written.
    const html = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
    assert.match(html, /<script[^>]*\bsrc=["']?nowasm\.js["']?[^>]*>/);
    assert.match(html.match(/<script[^>]*\bsrc=["']?nowasm\.js[^>]*>/)[0], /\bdefer\b/, 'deferred: it never holds up the page');
    const code = readFileSync(join(ROOT, 'dist/nowasm.js'), 'utf8')
      .split('\n').filter((line) => !/^\s*\/\//.test(line)).join('\n');
    for (const [what, syntax] of [['an arrow function', /=>/], ['a template string', /`/], ['let, const or class', /\b(let|const|class)\b/]]) {
      assert.doesNotMatch(code, syntax, `nowasm.js uses ${what}`);
    }
    assert.doesNotThrow(() => new Function(code), 'it parses');
  });

  test('is there and usable with JavaScript disabled', async () => {
    const { context, requests } = await phoneContext(env.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(env.site.origin + '/');
    const call = page.getByTestId('call-110');
    await call.waitFor({ state: 'visible' });
    assert.equal(await call.getAttribute('href'), 'tel:110');
    assert.ok(await page.getByTestId('noscript').isVisible(), 'the noscript note shows');
    await screenshot(page, 'call-link-no-javascript-360x740');
    assert.deepEqual(foreign(requests, env.site.origin), []);
    await context.close();
  });

  test('is styled before the WebAssembly arrives', async () => {
    const { context } = await phoneContext(env.browser);
    const page = await context.newPage();
    // Hold back the WebAssembly: the header must already be styled and clickable.
    await page.route(/\.wasm$/, () => {});
    await page.goto(env.site.origin + '/', { waitUntil: 'domcontentloaded' });
    const call = page.getByTestId('call-110');
    await call.waitFor({ state: 'visible' });
    const style = await call.evaluate((el) => {
      const s = getComputedStyle(el);
      return { position: getComputedStyle(el.parentElement).position, fontWeight: s.fontWeight };
    });
    assert.equal(style.position, 'fixed');
    assert.equal(style.fontWeight, '800');
    assert.ok(await page.getByTestId('loading').isVisible());
    await context.close();
  });
});
