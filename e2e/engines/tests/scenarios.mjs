// The core scenarios, the same for every engine (each engine's *.test.mjs calls `scenarios`):
// the static call link with JavaScript on and off and without WebAssembly, the app mounting,
// the first-run warning, location (granted where the engine can be given a position; the manual
// search everywhere), the Polres card, the hold and the confirm step reaching tel:110, a report
// delivered exactly once, offline after the first visit, English, and the Web APIs the way to
// the call relies on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startReceiver } from '../../../tools/receiver.mjs';
import {
  ENGINE_NAMES,
  ROOT,
  WAIT,
  byTestId,
  find,
  followed,
  open,
  recordFollowed,
  run,
  screenshot,
  text,
  useEngine,
  waitFor,
} from './harness.mjs';

const MEDAN = { lat: 3.5897, lon: 98.6738, accuracy: 12 };
/** Per test: a hang fails the test instead of holding the suite. */
const T = { timeout: 90000 };

/** Scrolls the element to the middle of the viewport (the fixed call button covers the bottom,
 * where WebDriver would scroll it) and clicks it. */
async function click(driver, id) {
  const el = await find(driver, id);
  await run(driver, (e) => e.scrollIntoView({ block: 'center' }), el);
  await el.click();
  return el;
}

/** Resolves after two animation frames: every frame callback the page asked for before has run. */
const afterFrames = (driver) =>
  driver.executeAsyncScript('const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));');

/** URLs the page loaded from anywhere but the allowed origins (Resource Timing). */
const foreign = (driver, origins) =>
  run(
    driver,
    (allowed) =>
      [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)].filter(
        (u) => !allowed.some((o) => u.startsWith(o + '/')) && !/^(data|blob|about):/.test(u),
      ),
    origins,
  );

/** Where the call button is: its left edge, height, and vertical place measured from the
 * viewport's bottom edge (where it is fixed). A browser bar that appears (WebKitGTK's permission
 * bar shrinks the view) or a desktop scrollbar that appears once the app is taller than the
 * window (Firefox: 12 px narrower) does not count as the button moving; phones overlay theirs. */
const callBox = (driver) =>
  run(driver, () => {
    const r = document.getElementById('call-110').getBoundingClientRect();
    return { x: Math.round(r.x), height: Math.round(r.height), fromBottom: Math.round(innerHeight - r.bottom) };
  });

/** Whether the element is rendered: WebDriver's isDisplayed where the engine runs WebDriver's
 * scripts with the page's JavaScript off, else its rectangle. */
async function shown(driver, id) {
  const el = await find(driver, id);
  try {
    return await el.isDisplayed();
  } catch {
    return (await el.getRect()).height > 0;
  }
}

/** The rectangle WebDriver reports for the element, rounded (engines differ in sub-pixels). */
async function rect(driver, id) {
  const r = await (await find(driver, id)).getRect();
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)]));
}

export function scenarios(name) {
  if (!ENGINE_NAMES.includes(name)) {
    test(`${name}: not in ENGINES=${ENGINE_NAMES.join(',')}`, { skip: true }, () => {});
    return;
  }
  let receiver;
  // The site's config.json names the test receiver, as a deployment's would name its endpoint.
  const env = useEngine(name, {
    files: async () => {
      receiver = await startReceiver();
      return { '/config.json': JSON.stringify({ version: 1, report_endpoint: receiver.url, embed_origins: [], endpoint_origins: [] }) };
    },
  });
  after(async () => receiver?.close());
  const engine = env.engine;

  /** A session on the main screen, the app started, tel: navigation recorded. */
  async function mainScreen(o = {}) {
    const driver = await env.session(o);
    if (o.position && engine.setPosition) await engine.setPosition(driver, o.position, env.site.origin);
    await open(driver, env.site.origin, o.storage ? { storage: o.storage } : {});
    await find(driver, 'app-ready');
    await recordFollowed(driver);
    return driver;
  }

  /** The Polres for a place typed into the search by name (the path where there is no position). */
  async function searchByName(driver, query, polres) {
    const input = await find(driver, 'manual-input');
    await run(driver, (e) => e.scrollIntoView({ block: 'center' }), input);
    await input.sendKeys(query);
    await click(driver, 'manual-hit');
    await waitFor(driver, (p) => document.querySelector('[data-testid=card-polres]')?.textContent === p, [polres], `card-polres = ${polres}`);
  }

  describe(`${engine.label}: the static call link`, () => {
    test('is tel:110 before and after the app mounts, does not move, is on top in the thumb zone, and clears the home indicator', T, async () => {
      const driver = await env.session();
      await open(driver, env.site.origin, { storage: { 'siaga110.warned': '1' } });
      const call = await find(driver, 'call-110');
      assert.equal(await call.getAttribute('href'), 'tel:110');
      assert.equal((await call.getText()).trim(), 'Panggil 110');
      const box = await callBox(driver);
      await find(driver, 'app-ready');
      assert.equal(await call.getAttribute('href'), 'tel:110');
      assert.deepEqual(await callBox(driver), box, 'the call button did not move while the app mounted');
      const { vh, now, hit, safeArea } = await run(driver, () => {
        const r = document.getElementById('call-110').getBoundingClientRect();
        // The header's height and bottom padding add the safe-area inset (viewport-fit=cover).
        const rules = [...document.styleSheets].flatMap((s) => {
          try {
            return [...s.cssRules];
          } catch {
            return [];
          }
        });
        return {
          vh: innerHeight,
          now: { y: r.y, height: r.height },
          hit: document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.id,
          safeArea: {
            viewport: document.querySelector('meta[name=viewport]').content,
            sos: rules.find((r) => r.selectorText === '.sos')?.cssText ?? '',
            supported: CSS.supports('padding-bottom', 'env(safe-area-inset-bottom, 0px)'),
          },
        };
      });
      assert.ok(now.height >= 48, `height ${now.height}`);
      assert.ok(now.y > vh / 2 && now.y + now.height <= vh + 0.5, `in the lower half and on screen: y ${now.y}, h ${now.height}, viewport ${vh}`);
      assert.equal(hit, 'call-110', 'nothing covers the call button');
      assert.match(safeArea.viewport, /viewport-fit=cover/);
      assert.match(safeArea.sos, /height:[^;]*env\(safe-area-inset-bottom/, safeArea.sos);
      assert.match(safeArea.sos, /padding[^;]*env\(safe-area-inset-bottom/, safeArea.sos);
      assert.ok(safeArea.supported, 'env(safe-area-inset-bottom) is understood');
      if (name === 'chromium') {
        // A phone's home indicator: Chromium can emulate the inset; the button then ends above it.
        await driver.sendDevToolsCommand('Emulation.setSafeAreaInsetsOverride', { insets: { bottom: 34 } });
        await driver.sleep(100);
        const r = await rect(driver, 'call-110');
        assert.ok(r.y + r.height <= vh - 34, `the button ends ${vh - r.y - r.height} px above the bottom, the inset is 34 px`);
        await screenshot(driver, `${name}-safe-area`);
        await driver.sendDevToolsCommand('Emulation.setSafeAreaInsetsOverride', { insets: {} });
      }
      await screenshot(driver, `${name}-call-link`);
      assert.deepEqual(await foreign(driver, [env.site.origin]), [], 'nothing loaded from outside 127.0.0.1');
      await env.end(driver);
    });

    test('is there with JavaScript off, with the note and the other numbers', T, async () => {
      const driver = await env.session({ js: false });
      await open(driver, env.site.origin, { storage: {} });
      const call = await find(driver, 'call-110');
      // W3C commands only (selenium's getAttribute and isDisplayed run scripts in the page).
      assert.equal(await call.getDomAttribute('href'), 'tel:110');
      assert.ok((await call.getRect()).height >= 48);
      const note = await find(driver, 'noscript');
      assert.match(await note.getText(), /JavaScript tidak aktif/);
      assert.ok((await note.getRect()).height > 0, 'the noscript note shows');
      const numbers = await (await find(driver, 'fallback')).findElements({ css: 'a[href^="tel:"]' });
      assert.equal(numbers.length, 6);
      assert.ok((await numbers[0].getRect()).height > 0, 'the numbers show');
      // Shown or not, by the engine's own rendering (chromedriver's rect of a hidden element is not 0).
      assert.equal(await shown(driver, 'nowasm'), false, 'no WebAssembly message without JavaScript');
      assert.equal(await shown(driver, 'loading'), false, 'no "loading…" without JavaScript');
      // The app did not start: nothing replaced the static page.
      assert.equal((await driver.findElements(byTestId('app-ready'))).length, 0);
      await screenshot(driver, `${name}-no-javascript`);
      await env.end(driver);
    });

    test('without WebAssembly: the call link, the numbers and a message', T, async (t) => {
      if (!engine.canDisableWasm) return t.skip(`${engine.label} has no switch for WebAssembly`);
      const driver = await env.session({ wasm: false });
      await open(driver, env.site.origin, { storage: { 'siaga110.warned': '1' } });
      assert.equal(await run(driver, () => typeof WebAssembly), 'undefined', 'WebAssembly is off');
      const call = await find(driver, 'call-110');
      assert.equal(await call.getAttribute('href'), 'tel:110');
      const message = await find(driver, 'nowasm');
      await driver.wait(() => message.isDisplayed(), WAIT, 'the no-WebAssembly message shows');
      assert.match(await message.getText(), /tidak dapat menjalankan/);
      assert.equal(await (await find(driver, 'loading')).isDisplayed(), false, 'no "loading…" for ever');
      const tsv = readFileSync(join(ROOT, 'core/data/emergency_numbers.tsv'), 'utf8')
        .split('\n')
        .filter((l) => /^\d/.test(l))
        .map((l) => `tel:${l.split('\t')[0]}`)
        .filter((h) => h !== 'tel:110');
      const hrefs = await run(driver, () =>
        [...document.querySelectorAll('[data-testid=fallback] a')].filter((a) => a.offsetHeight > 0).map((a) => a.getAttribute('href')),
      );
      assert.deepEqual(hrefs, tsv, 'the numbers are those of core/data/emergency_numbers.tsv');
      assert.equal((await driver.findElements(byTestId('app-ready'))).length, 0);
      await screenshot(driver, `${name}-no-webassembly`);
      await env.end(driver);
    });
  });

  describe(`${engine.label}: the app`, () => {
    test('mounts, shows the first-run warning once (never over the call button), and it can be reopened', T, async () => {
      const driver = await mainScreen({ storage: {} });
      await find(driver, 'first-run');
      const hit = await run(driver, () => {
        const r = document.getElementById('call-110').getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.id;
      });
      assert.equal(hit, 'call-110', 'the warning never covers the call button');
      await screenshot(driver, `${name}-first-run`);
      await click(driver, 'warning-ok');
      await driver.navigate().refresh();
      await find(driver, 'app-ready');
      await driver.sleep(300);
      assert.equal((await driver.findElements(byTestId('first-run'))).length, 0, 'remembered');
      await click(driver, 'warning-reopen');
      await find(driver, 'first-run');
      await env.end(driver);
    });

    test(
      engine.canLocate ? 'location granted: the Polres card for Medan; the search by name for another place' : 'no position to give: the search by name names the Polres',
      T,
      async () => {
        const driver = await mainScreen({ position: engine.canLocate ? MEDAN : null });
        if (engine.canLocate) {
          await waitFor(driver, () => document.querySelector('[data-testid=card-polres]')?.textContent === 'Polrestabes Medan', [], 'the Polres card');
          assert.equal(await text(driver, 'card-polda'), 'Polda Sumatera Utara');
          assert.equal(await text(driver, 'card-kabkota'), 'Kota Medan');
          assert.match(await text(driver, 'readout-pluscode'), /^[23456789CFGHJMPQRVWX]{8}\+[23456789CFGHJMPQRVWX]{2}$/);
          assert.equal(await text(driver, 'readout-latlon'), `${MEDAN.lat.toFixed(5)}, ${MEDAN.lon.toFixed(5)}`);
          assert.match(await text(driver, 'loc-accuracy'), /± 12 m/);
          await screenshot(driver, `${name}-located-medan`);
        } else {
          // The engine asks for permission and nobody answers (as a person who ignores
          // Safari's prompt): the search is right under the location, usable meanwhile.
          const status = await run(driver, () => document.querySelector('[data-testid=location]')?.innerText ?? '');
          assert.ok((await (await find(driver, 'manual-search')).getRect()).height > 0, `the search shows (location: ${status})`);
        }
        await searchByName(driver, 'binjai', 'Polres Binjai');
        assert.match(await text(driver, 'loc-manual'), /Binjai/);
        assert.equal(await text(driver, 'card-polda'), 'Polda Sumatera Utara');
        await screenshot(driver, `${name}-search-binjai`);
        await env.end(driver);
      },
    );

    if (!engine.canLocate) {
      // Safari asks for location with a prompt the person may ignore; WebKitGTK under automation
      // leaves it unanswered the same way. The watch limit (90 s, src/browser/geolocation.rs)
      // must end "searching" with a message, the retry and the search — never search for ever.
      test('an ignored location prompt ends in a message and the search within the watch limit', { timeout: 150000 }, async () => {
        const driver = await mainScreen();
        assert.equal((await driver.findElements(byTestId('loc-searching'))).length, 1, 'searching while the prompt waits');
        const started = Date.now();
        await waitFor(driver, () => document.querySelector('[data-testid=loc-error]'), [], 'the end of the watch', 110000);
        const seconds = Math.round((Date.now() - started) / 1000);
        assert.equal(await (await find(driver, 'loc-error')).getAttribute('data-error'), 'timeout');
        assert.equal((await driver.findElements(byTestId('loc-searching'))).length, 0, 'no longer searching');
        assert.ok(await (await find(driver, 'manual-search')).isDisplayed(), 'the search by name');
        t_log(`${engine.label}: the unanswered prompt ended after ${seconds} s (plus the app's start)`);
        await screenshot(driver, `${name}-prompt-ignored`);
        await searchByName(driver, 'binjai', 'Polres Binjai');
        await env.end(driver);
      });
    }

    test('the hold dials tel:110 on release; a tap opens the confirm step, whose link dials', T, async () => {
      const driver = await mainScreen({ position: engine.canLocate ? MEDAN : null });
      const call = await find(driver, 'call-110');
      // Hold 1.8 s (the app arms at 1.5 s), then release: the release follows the link.
      const hold = driver
        .actions({ async: true })
        .move({ origin: call })
        .press()
        .pause(1800)
        .release();
      await hold.perform();
      await waitFor(driver, () => window.__followed.length > 0, [], 'the release following tel:110');
      assert.deepEqual(await followed(driver), ['tel:110']);
      assert.equal((await driver.findElements(byTestId('call-confirm'))).length, 0, 'no confirm step after a full hold');
      // A quick tap: the confirm step, nothing dialled yet; its "Ya, panggil 110" dials.
      await driver.actions({ async: true }).move({ origin: call }).press().pause(100).release().perform();
      await find(driver, 'call-confirm');
      assert.deepEqual(await followed(driver), ['tel:110'], 'the tap did not dial');
      const yes = await find(driver, 'call-confirm-yes');
      assert.equal(await yes.getAttribute('href'), 'tel:110');
      await screenshot(driver, `${name}-confirm`);
      await click(driver, 'call-confirm-yes');
      assert.deepEqual(await followed(driver), ['tel:110', 'tel:110']);
      // The keyboard (Enter on the focused link) also reaches the confirm step.
      await run(driver, () => document.querySelector('[data-testid=call-confirm-no]')?.click());
      await driver.sleep(200);
      await run(driver, () => document.getElementById('call-110').focus());
      await driver.actions({ async: true }).sendKeys('\uE007').perform();
      await find(driver, 'call-confirm');
      assert.equal((await followed(driver)).length, 2, 'Enter did not dial by itself');
      await env.end(driver);
    });

    test('a written report is delivered exactly once to the receiver', T, async () => {
      const driver = await mainScreen({ position: engine.canLocate ? MEDAN : null });
      if (!engine.canLocate) await searchByName(driver, 'binjai', 'Polres Binjai');
      else await waitFor(driver, () => document.querySelector('[data-testid=card-polres]')?.textContent === 'Polrestabes Medan', [], 'the Polres card');
      await click(driver, 'report-open');
      await find(driver, 'report-form');
      // The app scrolls the form's top into view on the next animation frame. Under Xvfb WebKit
      // ran that frame between the scroll below and its click, so the click landed on a phrase
      // chip above the categories. Two frames of our own run after the app's.
      await afterFrames(driver);
      await click(driver, 'category-theft');
      const description = await find(driver, 'report-description');
      await run(driver, (e) => e.scrollIntoView({ block: 'center' }), description);
      await description.sendKeys(`Motor dicuri di depan rumah (${name})`);
      await click(driver, 'report-review');
      await find(driver, 'report-confirm');
      await click(driver, 'report-send');
      await waitFor(driver, () => document.querySelector('[data-testid=outbox-item]')?.dataset.status === 'delivered', [], 'the report delivered', 30000);
      const id = await (await find(driver, 'outbox-item')).getAttribute('data-id');
      const stored = [...receiver.reports.values()].filter((r) => r.body.id === id);
      assert.equal(stored.length, 1, 'stored once');
      assert.equal(receiver.requests.filter((r) => r.key === id && r.outcome === 'stored').length, 1);
      assert.deepEqual(
        receiver.requests.filter((r) => r.key === id).map((r) => r.outcome),
        ['stored'],
        'one POST, no retry',
      );
      const { body, headers } = stored[0];
      assert.equal(headers['idempotency-key'], id);
      assert.equal(body.category, 'theft');
      assert.equal(body.description, `Motor dicuri di depan rumah (${name})`);
      assert.equal(body.polres.id, engine.canLocate ? 'polrestabes-medan' : 'polres-binjai');
      // Reloading does not send it again.
      await driver.navigate().refresh();
      await find(driver, 'app-ready');
      await find(driver, 'outbox-item');
      await driver.sleep(1000);
      assert.equal(receiver.requests.filter((r) => r.key === id).length, 1, 'not sent again after a reload');
      await screenshot(driver, `${name}-report-delivered`);
      assert.deepEqual(await foreign(driver, [env.site.origin, receiver.origin]), [], 'nothing loaded from elsewhere');
      await env.end(driver);
    });

    test('after the first visit it loads, names the Polres and searches by name with the server gone', T, async (t) => {
      if (!engine.serviceWorkers) return t.skip(`${engine.label}: no service workers under automation`);
      // A site of its own, so the server can be taken down.
      const { serveDist } = await import('./harness.mjs');
      const site = await serveDist();
      try {
        const driver = await env.session({ position: engine.canLocate ? MEDAN : null });
        if (engine.canLocate && engine.setPosition) await engine.setPosition(driver, MEDAN, site.origin);
        await open(driver, site.origin);
        await find(driver, 'app-ready');
        if (engine.canLocate) {
          await waitFor(driver, () => document.querySelector('[data-testid=card-polres]')?.textContent === 'Polrestabes Medan', [], 'the Polres card');
        } else {
          await searchByName(driver, 'binjai', 'Polres Binjai');
        }
        // The service worker registers once the answer is shown (at the latest after 10 s) and
        // controls the page once it has precached every file.
        const controlled = await driver.executeAsyncScript(`
          const done = arguments[arguments.length - 1];
          const give = (ms, v) => new Promise((ok) => setTimeout(() => ok(v), ms));
          (async () => {
            if (!('serviceWorker' in navigator)) return 'no serviceWorker';
            const ready = await Promise.race([navigator.serviceWorker.ready.then(() => true), give(${WAIT + 10000}, false)]);
            if (!ready) return 'not ready';
            if (navigator.serviceWorker.controller) return 'controlled';
            await Promise.race([new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true })), give(3000)]);
            return navigator.serviceWorker.controller ? 'controlled' : 'ready';
          })().then(done, (e) => done(String(e)));`);
        assert.ok(['controlled', 'ready'].includes(controlled), `service worker: ${controlled}`);
        await site.down();
        // A new navigation (not a reload, which some drivers make bypass the service worker).
        await driver.get(site.origin + '/');
        await find(driver, 'app-ready');
        assert.equal(await (await find(driver, 'call-110')).getAttribute('href'), 'tel:110');
        assert.equal(await run(driver, () => !!navigator.serviceWorker.controller), true, 'served by the service worker');
        if (engine.canLocate) {
          await waitFor(driver, () => document.querySelector('[data-testid=card-polres]')?.textContent === 'Polrestabes Medan', [], 'the Polres card offline');
        }
        // The names (data/names.bin) come from the precache too.
        await searchByName(driver, 'binjai', 'Polres Binjai');
        await screenshot(driver, `${name}-offline`);
        await env.end(driver);
      } finally {
        await site.close();
      }
    });

    test('English: follows an English browser, and the language switch', T, async () => {
      const driver = await mainScreen({ lang: 'en-US', position: engine.canLocate ? MEDAN : null });
      await waitFor(driver, () => document.getElementById('call-110').textContent === 'Call 110', [], 'the header in English');
      if (!engine.canLocate) await searchByName(driver, 'binjai', 'Polres Binjai');
      await waitFor(driver, () => document.body.innerText.includes('Responsible Polres'), [], '"Responsible Polres"');
      assert.equal(await (await find(driver, 'call-110')).getAttribute('href'), 'tel:110');
      await screenshot(driver, `${name}-english`);
      const before = await callBox(driver);
      await click(driver, 'lang-switch');
      await waitFor(driver, () => document.getElementById('call-110').textContent === 'Panggil 110', [], 'back to Bahasa');
      assert.deepEqual(await callBox(driver), before, 'the call button did not move');
      await click(driver, 'lang-switch');
      await waitFor(driver, () => document.body.innerText.includes('Responsible Polres'), [], 'English again');
      await env.end(driver);
    });

    test('every Web API on the way to the call is there', T, async () => {
      const driver = await mainScreen();
      const missing = await run(driver, () => {
        const has = {
          // The static page and the gesture on the call link
          'tel: link (HTMLAnchorElement)': 'href' in HTMLAnchorElement.prototype,
          'PointerEvent (hold)': typeof PointerEvent === 'function',
          'PointerEvent.isPrimary': 'isPrimary' in PointerEvent.prototype,
          'HTMLElement.click()': typeof HTMLElement.prototype.click === 'function',
          'Element.classList': 'classList' in Element.prototype,
          'MouseEvent.detail (keyboard click = 0)': 'detail' in UIEvent.prototype,
          'CSS env(safe-area-inset-bottom)': CSS.supports('padding-bottom', 'env(safe-area-inset-bottom, 0px)'),
          'hidden attribute': 'hidden' in HTMLElement.prototype,
          // Starting the app (Trunk's loader, wasm-bindgen, Leptos)
          'module scripts': 'noModule' in HTMLScriptElement.prototype,
          'WebAssembly.instantiateStreaming': typeof WebAssembly?.instantiateStreaming === 'function',
          'WebAssembly features of the build': WebAssembly.validate(
            Uint8Array.from(atob('AGFzbQEAAAABBgFgAAJ/fwMCAQAFAwEAAAYGAX8BQQALBwUBAWcDAAoZARcAQQBBAEEA/AoAANBw0cBDAAAAAPwACw=='), (c) => c.charCodeAt(0)),
          ),
          TextDecoder: typeof TextDecoder === 'function',
          TextEncoder: typeof TextEncoder === 'function',
          FinalizationRegistry: typeof FinalizationRegistry === 'function',
          'queueMicrotask': typeof queueMicrotask === 'function',
          'MessageChannel (time-sliced executor)': typeof MessageChannel === 'function',
          requestAnimationFrame: typeof requestAnimationFrame === 'function',
          'Element.scrollIntoView': typeof Element.prototype.scrollIntoView === 'function',
          'URLSearchParams': typeof URLSearchParams === 'function',
          // Location
          'navigator.geolocation.watchPosition': typeof navigator.geolocation?.watchPosition === 'function',
          'navigator.geolocation.clearWatch': typeof navigator.geolocation?.clearWatch === 'function',
          isSecureContext: window.isSecureContext === true,
          // Data, storage, offline
          fetch: typeof fetch === 'function',
          AbortController: typeof AbortController === 'function',
          'Request cache option': 'cache' in Request.prototype,
          localStorage: typeof localStorage?.getItem === 'function',
          'crypto.getRandomValues': typeof crypto?.getRandomValues === 'function',
          'navigator.onLine + online event': 'onLine' in navigator && 'ononline' in window,
          'navigator.serviceWorker': 'serviceWorker' in navigator,
          'caches (Cache API)': typeof caches?.open === 'function',
        };
        return Object.entries(has).filter(([, ok]) => !ok).map(([k]) => k);
      });
      // Optional, with a fallback in the app (reported, not required): share sheet, clipboard,
      // Permissions-Policy introspection.
      const optional = await run(driver, () => ({
        'navigator.share': typeof navigator.share === 'function',
        'navigator.clipboard.writeText': typeof navigator.clipboard?.writeText === 'function',
        'document.featurePolicy / permissionsPolicy': !!(document.featurePolicy || document.permissionsPolicy),
        'beforeinstallprompt (an install prompt)': 'onbeforeinstallprompt' in window,
        'navigator.permissions.query': typeof navigator.permissions?.query === 'function',
      }));
      t_log(`${engine.label} optional APIs: ${JSON.stringify(optional)}`);
      assert.deepEqual(missing, [], `${engine.label} lacks: ${missing.join(', ')}`);
      await env.end(driver);
    });
  });
}

function t_log(line) {
  process.stdout.write(`${line}\n`);
}
