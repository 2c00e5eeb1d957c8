// The main screen on the release build: geolocation at places across Indonesia names the right
// Polres; denied/timeout/outside; a coarse fix improving; language; the call gesture; practice
// mode; the first-run warning. Screenshots of each state at 360×740 go to e2e/artifacts/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { foreign, phoneContext, screenshot, useSiteAndBrowser } from './harness.mjs';

const env = useSiteAndBrowser();

/** Records whether a tel: link was followed: a click on it that nothing prevented. */
const RECORD_FOLLOWED = () => {
  window.__followed = [];
  window.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href^="tel:"]');
    if (a && !e.defaultPrevented) {
      window.__followed.push(a.getAttribute('href'));
      e.preventDefault(); // the test browser has no dialler
    }
  });
};

/** A phone at (lat, lon) with location granted; the first-run warning already seen unless asked. */
async function phoneAt(lat, lon, { accuracy = 12, warned = true, locale = 'id-ID', permissions = ['geolocation'] } = {}) {
  const { context, requests } = await phoneContext(env.browser, {
    geolocation: { latitude: lat, longitude: lon, accuracy },
    permissions,
    locale,
  });
  await context.addInitScript(RECORD_FOLLOWED);
  if (warned) await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.site.origin + '/');
  await page.getByTestId('app-ready').waitFor();
  return { context, page, requests, errors };
}

const PLACES = [
  { name: 'medan', lat: 3.5897, lon: 98.6738, polres: 'Polrestabes Medan', polda: 'Polda Sumatera Utara', kabkota: 'Kota Medan' },
  { name: 'belawan', lat: 3.7755, lon: 98.6832, polres: 'Polres Pelabuhan Belawan', polda: 'Polda Sumatera Utara', kabkota: 'Kota Medan' },
  { name: 'jakarta', lat: -6.1754, lon: 106.8272, polres: 'Polres Metro Jakarta Pusat', polda: 'Polda Metro Jaya', kabkota: 'Kota Administrasi Jakarta Pusat' },
  { name: 'surabaya', lat: -7.2575, lon: 112.7521, polres: 'Polrestabes Surabaya', polda: 'Polda Jawa Timur', kabkota: 'Kota Surabaya' },
  { name: 'jayapura', lat: -2.5337, lon: 140.7181, polres: 'Polresta Jayapura Kota', polda: 'Polda Papua', kabkota: 'Kota Jayapura' },
];

describe('geolocation granted', () => {
  for (const p of PLACES) {
    test(`at ${p.name} the card names ${p.polres}`, async () => {
      const { context, page, requests, errors } = await phoneAt(p.lat, p.lon);
      await page.getByTestId('card-polres').waitFor();
      assert.equal(await page.getByTestId('card-polres').textContent(), p.polres);
      assert.equal(await page.getByTestId('card-polda').textContent(), p.polda);
      assert.equal(await page.getByTestId('card-kabkota').textContent(), p.kabkota);
      assert.match(await page.getByTestId('readout-pluscode').textContent(), /^[23456789CFGHJMPQRVWX]{8}\+[23456789CFGHJMPQRVWX]{2}$/);
      assert.equal(await page.getByTestId('readout-latlon').textContent(), `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`);
      assert.match(await page.getByTestId('loc-accuracy').textContent(), /± 12 m/);
      assert.ok(await page.getByTestId('map-you').count(), 'the mini-map shows the position');
      // The readout's labels and values pair up (a value without its label shifts every row).
      const tags = await page.$$eval('[data-testid=readout] dl > *', (els) => els.map((e) => e.tagName).join(''));
      assert.match(tags, /^(DTDD)+$/);
      await screenshot(page, `main-${p.name}-id`);
      assert.deepEqual(errors, []);
      assert.deepEqual(foreign(requests, env.site.origin), [], 'nothing leaves 127.0.0.1');
      await context.close();
    });
  }

  test('outside Indonesia: outside coverage, and 110 may not work', async () => {
    const { context, page } = await phoneAt(1.3521, 103.8198);
    await page.getByTestId('card-outside').waitFor();
    assert.match(await page.getByTestId('card-outside').textContent(), /Singapore/);
    assert.match(await page.getByTestId('card-outside').textContent(), /110 mungkin tidak berfungsi/);
    await screenshot(page, 'main-outside-id');
    await context.close();
  });

  test('at sea inside Indonesian waters: the nearest area and its Polres, Basarnas 115 first; far out: outside', async () => {
    let { context, page } = await phoneAt(-8.9, 115.22); // about 11 km off Nusa Dua
    const sea = page.getByTestId('card-sea');
    await sea.waitFor();
    assert.match(await sea.innerText(), /di laut, \d+([.,]\d)? km dari pantai — masih perairan Indonesia/);
    assert.equal(await page.getByTestId('card-sea-115').getAttribute('href'), 'tel:115');
    // 115 comes before the Polres on the card.
    const order = await page.getByTestId('card-covered').evaluate((el) =>
      [...el.querySelectorAll('[data-testid]')].map((e) => e.dataset.testid).filter((t) => ['card-sea', 'card-polres'].includes(t)));
    assert.deepEqual(order, ['card-sea', 'card-polres']);
    assert.equal(await page.getByTestId('card-kabkota').innerText(), 'Kabupaten Badung');
    assert.equal(await page.getByTestId('card-outside').count(), 0);
    await screenshot(page, 'main-sea-id');
    await context.close();
    ({ context, page } = await phoneAt(-8.9, 115.22, { locale: 'en-US' }));
    await page.getByTestId('card-sea').waitFor();
    assert.match(await page.getByTestId('card-sea').innerText(), /still Indonesian waters/);
    await context.close();
    ({ context, page } = await phoneAt(-9.3, 115.22)); // beyond 12 nautical miles
    await page.getByTestId('card-outside').waitFor();
    await context.close();
  });

  test('a coarse fix near a border says so and names the other possible Polres; the Plus Code is as long as the accuracy supports (issue 17, item 3)', async () => {
    // ±2 km in Surabaya's south: the circle reaches Waru (Kab. Sidoarjo, Polresta Sidoarjo).
    let { context, page } = await phoneAt(-7.34, 112.73, { accuracy: 2000 });
    await page.getByTestId('card-polres').waitFor();
    assert.equal(await page.getByTestId('card-how').getAttribute('data-also'), 'true');
    assert.match(await page.getByTestId('card-how').innerText(), /^Akurasi ± 2000 m: lingkarannya melintasi batas wilayah\. Anda mungkin juga berada di .*Kec\. Waru/);
    assert.match(await page.getByTestId('card-other-polres').innerText(), /Polresta Sidoarjo/);
    assert.doesNotMatch(await page.getByTestId('polres-card').innerText(), /Anda berada di dalam wilayah ini/);
    assert.match(await page.getByTestId('readout-pluscode').innerText(), /^[23456789CFGHJMPQRVWX]{6}00\+$/, 'a 6-digit code for ±2 km');
    assert.match(await page.getByTestId('readout-pluscode-coarse').innerText(), /Perkiraan/);
    await page.getByTestId('card-other-polres').scrollIntoViewIfNeeded();
    await screenshot(page, 'main-coarse-border-id');
    await context.close();
    // ±150 m: 8 digits; ±12 m in the middle of Medan Petisah: the full code, no border, no other Polres.
    ({ context, page } = await phoneAt(3.5897, 98.6738, { accuracy: 150, locale: 'en-US' }));
    await page.getByTestId('card-polres').waitFor();
    assert.match(await page.getByTestId('readout-pluscode').innerText(), /^[23456789CFGHJMPQRVWX]{8}\+$/);
    await context.close();
    ({ context, page } = await phoneAt(3.5897, 98.6738));
    await page.getByTestId('card-polres').waitFor();
    assert.equal(await page.getByTestId('card-how').innerText(), 'Anda berada di dalam wilayah ini.');
    assert.equal(await page.getByTestId('card-other-polres').count(), 0);
    assert.equal(await page.getByTestId('readout-pluscode-coarse').count(), 0);
    assert.match(await page.getByTestId('readout-pluscode').innerText(), /^[23456789CFGHJMPQRVWX]{8}\+[23456789CFGHJMPQRVWX]{2}$/);
    await context.close();
  });

  test('a coarse fix is flagged, then improves to a fine one and the watch stops', async () => {
    const { context } = await phoneContext(env.browser, {});
    await context.addInitScript(() => {
      localStorage.setItem('siaga110.warned', '1');
      window.__cleared = [];
      const fix = (accuracy, lat, lon) => ({ coords: { latitude: lat, longitude: lon, accuracy }, timestamp: Date.now() });
      navigator.geolocation.clearWatch = (id) => window.__cleared.push(id);
      navigator.geolocation.watchPosition = (ok) => {
        setTimeout(() => ok(fix(1500, 3.5897, 98.6738)), 50);
        window.__improve = () => ok(fix(8, 3.58975, 98.67385));
        return 7;
      };
    });
    const page = await context.newPage();
    await page.goto(env.site.origin + '/');
    await page.getByTestId('loc-coarse').waitFor();
    await page.getByTestId('card-polres').waitFor();
    await screenshot(page, 'main-coarse-id');
    await page.evaluate(() => window.__improve());
    await page.waitForFunction(() => document.querySelector('[data-testid=loc-accuracy]')?.textContent.includes('± 8 m'));
    assert.equal(await page.getByTestId('loc-coarse').count(), 0);
    assert.equal(await page.getByTestId('loc-searching').count(), 0, 'stopped searching');
    assert.ok((await page.evaluate(() => window.__cleared)).includes(7), 'the watch was cleared');
    await context.close();
  });
});

describe('geolocation refused', () => {
  test('denied: the message, the manual search and the call button', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738, { permissions: [] });
    await page.getByTestId('loc-error').waitFor();
    assert.equal(await page.getByTestId('loc-error').getAttribute('data-error'), 'denied');
    assert.ok(await page.getByTestId('manual-search').isVisible());
    assert.ok(await page.getByTestId('call-110').isVisible());
    await screenshot(page, 'main-denied-id');
    // Manual fallback: type a name, pick it, the same card shows.
    await page.getByTestId('manual-input').fill('binjai');
    await page.getByTestId('manual-hit').first().click();
    await page.getByTestId('card-polres').waitFor();
    assert.equal(await page.getByTestId('card-polres').textContent(), 'Polres Binjai');
    assert.match(await page.getByTestId('loc-manual').textContent(), /Binjai/);
    await screenshot(page, 'main-manual-id');
    await context.close();
  });

  test('a place chosen by name is an area, not a measurement; a Polres points at its HQ town (issue 17, item 5)', async () => {
    for (const [locale, chosen, extent] of [['id-ID', /Tempat dipilih/, /sekitar \d+ km dari tengah ke tepi/], ['en-US', /Place chosen/, /about \d+ km from the middle to the edge/]]) {
      const { context, page } = await phoneAt(3.5897, 98.6738, { permissions: [], locale });
      await page.getByTestId('loc-error').waitFor();
      await page.getByTestId('manual-input').fill('Polres Binjai');
      await page.getByTestId('manual-hit').first().click();
      await page.getByTestId('card-polres').waitFor();
      assert.equal(await page.getByTestId('card-polres').textContent(), 'Polres Binjai');
      const readout = page.getByTestId('readout');
      assert.match(await readout.innerText(), chosen);
      assert.match(await page.getByTestId('readout-extent').innerText(), extent);
      assert.match(await page.getByTestId('readout-extent').innerText(), /Binjai/, 'the HQ town, not a kecamatan of Langkat');
      for (const id of ['readout-pluscode', 'readout-accuracy', 'readout-latlon']) {
        assert.equal(await page.getByTestId(id).count(), 0, `${id}: no measurement for a chosen place`);
      }
      assert.doesNotMatch(await page.getByTestId('readout-script').innerText(), /Plus Code/);
      await readout.scrollIntoViewIfNeeded();
      await screenshot(page, `main-chosen-${locale.slice(0, 2)}`);
      await context.close();
    }
  });

  test('timeout: its own message and a retry', async () => {
    const { context } = await phoneContext(env.browser, {});
    await context.addInitScript(() => {
      localStorage.setItem('siaga110.warned', '1');
      navigator.geolocation.watchPosition = (ok, err) => {
        setTimeout(() => err({ code: 3, message: 'timeout' }), 50);
        return 1;
      };
    });
    const page = await context.newPage();
    await page.goto(env.site.origin + '/');
    await page.getByTestId('loc-error').waitFor();
    assert.equal(await page.getByTestId('loc-error').getAttribute('data-error'), 'timeout');
    assert.ok(await page.getByTestId('loc-retry').isVisible());
    await context.close();
  });
});

describe('layout stability', () => {
  test('nothing on screen moves while the app starts and locating fails (layout shift 0)', async () => {
    const { context } = await phoneContext(env.browser, { locale: 'id-ID' });
    await context.addInitScript(() => {
      localStorage.setItem('siaga110.warned', '1');
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (!e.hadRecentInput) window.__shifts.push({ value: e.value, nodes: e.sources.map((s) => s.node?.dataset?.testid ?? s.node?.nodeName) });
        }
      }).observe({ type: 'layout-shift', buffered: true });
      // The refusal comes after the whole screen is drawn, as when a person taps "Block".
      navigator.geolocation.watchPosition = (ok, err) => {
        setTimeout(() => err({ code: 1, message: 'denied' }), 1500);
        return 1;
      };
    });
    const page = await context.newPage();
    await page.goto(env.site.origin + '/');
    await page.getByTestId('disclaimer').waitFor();
    await page.getByTestId('loc-error').waitFor();
    assert.equal(await page.getByTestId('loc-error').getAttribute('data-error'), 'denied');
    await page.waitForTimeout(500);
    const shifts = await page.evaluate(() => window.__shifts);
    assert.deepEqual(shifts, [], `no layout shift: ${JSON.stringify(shifts)} status height ${await page.evaluate(() => document.querySelector('.loc-status').offsetHeight)}`);
    await context.close();
  });
});

describe('language', () => {
  test('switches to English and back, and follows an English browser', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738);
    await page.getByTestId('card-polres').waitFor();
    const callBefore = await page.getByTestId('call-110').boundingBox();
    await page.getByTestId('lang-switch').click();
    await page.getByText('Responsible Polres').waitFor();
    assert.equal(await page.getByTestId('call-110').textContent(), 'Call 110');
    assert.equal(await page.getByTestId('call-110').getAttribute('href'), 'tel:110');
    assert.deepEqual(await page.getByTestId('call-110').boundingBox(), callBefore, 'the call button did not move');
    await screenshot(page, 'main-medan-en');
    await page.reload();
    await page.getByText('Responsible Polres').waitFor(); // the choice is remembered
    await page.getByTestId('lang-switch').click();
    await page.getByText('Polres yang bertanggung jawab').waitFor();
    assert.equal(await page.getByTestId('call-110').textContent(), 'Panggil 110');
    await context.close();

    const en = await phoneAt(3.5897, 98.6738, { locale: 'en-US' });
    await en.page.getByText('Responsible Polres').waitFor();
    await en.context.close();
  });
});

describe('call gesture', () => {
  /** Puts the mouse down on the call button; returns its box. */
  async function pressDown(page) {
    const box = await page.getByTestId('call-110').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    return box;
  }
  async function press(page, ms) {
    await pressDown(page);
    await page.waitForTimeout(ms);
    await page.mouse.up();
  }
  const followed = (page) => page.evaluate(() => window.__followed);

  test('before it is touched, the bar says to hold (issue 17, item 9), in both languages, within its height', async () => {
    for (const [locale, words] of [['id-ID', /^Tahan untuk menelepon\. /], ['en-US', /^Hold to call\. /]]) {
      const { context, page } = await phoneAt(3.5897, 98.6738, { locale });
      await page.waitForFunction((w) => new RegExp(w).test(document.querySelector('.sos-warn')?.textContent ?? ''), words.source);
      const fits = await page.evaluate(() => {
        const bar = document.querySelector('.sos');
        const warn = document.querySelector('.sos-warn');
        return bar.scrollHeight <= bar.clientHeight && warn.getBoundingClientRect().bottom <= bar.getBoundingClientRect().bottom;
      });
      assert.ok(fits, `${locale}: the bar holds its text`);
      await context.close();
    }
  });

  test('a short hold never follows the call link; it opens the confirm step', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738);
    await press(page, 400);
    await page.getByTestId('call-confirm').waitFor();
    assert.deepEqual(await followed(page), []);
    await page.getByTestId('call-confirm-no').click();
    assert.deepEqual(await followed(page), []);
    await context.close();
  });

  test('a full hold shows the ring and the warning, arms, and the release follows tel:110', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738);
    await pressDown(page);
    await page.getByTestId('call-holding').waitFor();
    await screenshot(page, 'call-holding-id');
    await page.getByTestId('call-armed').waitFor();
    assert.deepEqual(await followed(page), [], 'nothing is dialled while the finger is down');
    await page.mouse.up();
    assert.deepEqual(await followed(page), ['tel:110']);
    assert.equal(await page.getByTestId('call-confirm').count(), 0, 'no confirm step after a full hold');
    await context.close();
  });

  test('touch: a full hold dials on release; a quick touch opens the confirm step', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738);
    const cdp = await context.newCDPSession(page);
    const box = await page.getByTestId('call-110').boundingBox();
    const point = [{ x: box.x + box.width / 2, y: box.y + box.height / 2 }];
    const touch = (type, touchPoints) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints });
    await touch('touchStart', point);
    await page.getByTestId('call-armed').waitFor();
    assert.deepEqual(await followed(page), []);
    await touch('touchEnd', []);
    await page.waitForFunction(() => window.__followed.length > 0);
    assert.deepEqual(await followed(page), ['tel:110']);
    assert.equal(await page.getByTestId('call-confirm').count(), 0);

    await touch('touchStart', point);
    await page.waitForTimeout(150);
    await touch('touchEnd', []);
    await page.getByTestId('call-confirm').waitFor();
    assert.deepEqual(await followed(page), ['tel:110'], 'the quick touch did not dial');
    await context.close();
  });

  test('keyboard: Enter opens the confirm step, whose link calls', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738);
    await page.getByTestId('call-110').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('call-confirm').waitFor();
    assert.deepEqual(await followed(page), []);
    await page.getByTestId('call-confirm-yes').click();
    assert.deepEqual(await followed(page), ['tel:110']);
    await context.close();
  });

  test('practice mode never follows the link', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738);
    await page.getByTestId('practice-toggle').check();
    await page.getByTestId('practice-banner').waitFor();
    await press(page, 1800);
    await page.getByTestId('call-practice').waitFor();
    await page.getByTestId('call-110').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('call-confirm-yes').click();
    assert.deepEqual(await followed(page), []);
    await screenshot(page, 'call-practice-id');
    // Practice mode is never remembered: a later real emergency must not find it on.
    await page.reload();
    await page.getByTestId('app-ready').waitFor();
    assert.equal(await page.getByTestId('practice-banner').count(), 0);
    assert.equal(await page.getByTestId('practice-toggle').isChecked(), false);
    await context.close();
  });

  test('sliding off an armed hold still leads to a call, through the confirm step', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738);
    const box = await pressDown(page);
    await page.getByTestId('call-armed').waitFor();
    await page.mouse.move(box.x + box.width / 2, box.y - 80);
    await page.getByTestId('call-confirm').waitFor();
    await page.mouse.up();
    assert.deepEqual(await followed(page), []);
    await page.getByTestId('call-confirm-yes').click();
    assert.deepEqual(await followed(page), ['tel:110']);
    await context.close();
  });

  test('sliding off before the hold is armed opens the confirm step too, which speaks of tapping, not holding', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738);
    const box = await pressDown(page);
    await page.getByTestId('call-holding').waitFor();
    await page.mouse.move(box.x + box.width / 2, box.y - 80); // off the button after ~0.1 s
    await page.getByTestId('call-confirm').waitFor();
    await page.mouse.up();
    const hint = await page.locator('#confirm-hint').innerText();
    assert.match(hint, /ketuk «Ya, panggil 110»/);
    assert.doesNotMatch(hint, /Tahan|Lepas/);
    assert.deepEqual(await followed(page), []);
    await page.getByTestId('call-confirm-yes').click();
    assert.deepEqual(await followed(page), ['tel:110']);
    await context.close();
  });

  test('repeated attempts bring a firmer notice, and the call still goes through', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738);
    await press(page, 200);
    await page.getByTestId('call-confirm-no').click();
    await press(page, 200);
    await page.getByTestId('call-confirm-no').click();
    await press(page, 200);
    await page.getByTestId('call-firm').first().waitFor();
    await screenshot(page, 'call-firm-id');
    await page.getByTestId('call-confirm-yes').click();
    assert.deepEqual(await followed(page), ['tel:110']);
    await context.close();
  });
});

describe('first-run warning', () => {
  test('shows once, is remembered, and can be opened again; the call button stays usable', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738, { warned: false });
    await page.getByTestId('first-run').waitFor();
    const call = await page.getByTestId('call-110').boundingBox();
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, {
      x: call.x + call.width / 2,
      y: call.y + call.height / 2,
    });
    assert.equal(hit, 'call-110', 'the warning never covers the call button');
    await screenshot(page, 'first-run-id');
    await page.getByTestId('warning-ok').click();
    await page.reload();
    await page.getByTestId('app-ready').waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.getByTestId('first-run').count(), 0);
    await page.getByTestId('warning-reopen').click();
    await page.getByTestId('first-run').waitFor();
    await context.close();
  });
});

describe('the written report on the first screen (issue 17, item 10)', () => {
  for (const [what, opts] of [['located', {}], ['location refused', { permissions: [] }]]) {
    test(`"Lapor tertulis" is on the first screen above the call bar, and the Polres too (${what})`, async () => {
      const { context, page } = await phoneAt(3.5897, 98.6738, opts);
      await page.getByTestId(opts.permissions ? 'loc-error' : 'card-polres').waitFor();
      await page.waitForTimeout(300);
      const bar = await page.getByTestId('call-110').evaluate((a) => a.closest('.sos').getBoundingClientRect().top);
      const top = await page.getByTestId('report-open-top').boundingBox();
      assert.ok(top.y >= 0 && top.y + top.height <= bar, `the link (${Math.round(top.y)}–${Math.round(top.y + top.height)} px) ends above the bar (${Math.round(bar)} px)`);
      if (!opts.permissions) {
        const card = await page.getByTestId('card-polres').boundingBox();
        assert.ok(card.y + card.height <= bar, 'the Polres stays on the first screen');
      }
      await page.getByTestId('report-open-top').click();
      await page.getByTestId('report-form').waitFor();
      await context.close();
    });
  }
});

describe('the first screen\'s links at 360 px', () => {
  for (const locale of ['id-ID', 'en-US']) {
    test(`"when to use 110" and the written report share one row (${locale})`, async () => {
      const { context, page } = await phoneAt(3.5897, 98.6738, { locale });
      await page.getByTestId('report-open-top').waitFor();
      const tops = await page.evaluate(() => [...document.querySelectorAll('.links > *')].map((e) => Math.round(e.getBoundingClientRect().top)));
      assert.equal(tops.length, 2);
      assert.ok(Math.abs(tops[0] - tops[1]) <= 2, `one row: ${tops.join(' vs ')} px`);
      await context.close();
    });
  }
});

describe('first-run warning and the language switch (issue 17, item 10)', () => {
  test('the warning leaves the language switch usable above it: an English reader switches first', async () => {
    const { context, page } = await phoneAt(3.5897, 98.6738, { warned: false });
    await page.getByTestId('first-run').waitFor();
    const sw = await page.getByTestId('lang-switch').boundingBox();
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid]')?.dataset.testid, {
      x: sw.x + sw.width / 2,
      y: sw.y + sw.height / 2,
    });
    assert.equal(hit, 'lang-switch', 'nothing covers the language switch');
    await page.getByTestId('lang-switch').click();
    // The switch re-renders in the next task, not within the click: wait for it (a CI run on
    // 2026-12-03 read the text before the re-render), then check the whole warning.
    await page.getByTestId('first-run').getByText(/emergencies only/).first().waitFor();
    assert.match(await page.getByTestId('first-run').textContent(), /emergencies only/);
    const dialog = await page.getByTestId('first-run').boundingBox();
    assert.ok(dialog.y >= sw.y + sw.height, 'the warning starts below the switch');
    await screenshot(page, 'first-run-switch-en');
    await context.close();
  });
});

describe('accessibility', () => {
  test('axe-core finds no violations on the main screen, the warning, the confirm step and the report form', async () => {
    const axePath = new URL('../node_modules/axe-core/axe.min.js', import.meta.url).pathname;
    const check = async (page, what) => {
      // Through the DevTools protocol: the page's Content-Security-Policy rightly refuses an
      // injected inline script.
      await page.evaluate(readFileSync(axePath, 'utf8'));
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(summary, [], `${what}: ${summary.join('; ')}`);
    };
    const { context, page } = await phoneAt(3.5897, 98.6738, { warned: false });
    await page.getByTestId('first-run').waitFor();
    await check(page, 'first-run warning');
    await page.getByTestId('warning-ok').click();
    await page.getByTestId('card-polres').waitFor();
    await page.getByTestId('which-number-toggle').click();
    await check(page, 'main screen');
    await page.getByTestId('call-110').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('call-confirm').waitFor();
    await check(page, 'confirm step');
    await page.getByTestId('call-confirm-no').click();
    await page.getByTestId('report-open').click();
    await page.getByTestId('report-review').click(); // with the per-field messages showing
    await page.getByTestId('report-problems').waitFor();
    await check(page, 'report form');
    await context.close();
  });
});

describe('English screenshots', () => {
  test('each state in English: first run, denied + search, outside, confirm', async () => {
    const first = await phoneAt(3.5897, 98.6738, { warned: false, locale: 'en-US' });
    await first.page.getByTestId('first-run').waitFor();
    assert.match(await first.page.getByTestId('first-run').textContent(), /emergencies only/);
    await screenshot(first.page, 'first-run-en');
    await first.context.close();

    const denied = await phoneAt(3.5897, 98.6738, { permissions: [], locale: 'en-US' });
    await denied.page.getByTestId('loc-error').waitFor();
    assert.match(await denied.page.getByTestId('loc-error').textContent(), /permission was denied/);
    await screenshot(denied.page, 'main-denied-en');
    await denied.context.close();

    const outside = await phoneAt(-8.5569, 125.5603, { locale: 'en-US' });
    await outside.page.getByTestId('card-outside').waitFor();
    assert.match(await outside.page.getByTestId('card-outside').textContent(), /Timor-Leste/);
    await screenshot(outside.page, 'main-outside-en');
    await outside.page.getByTestId('call-110').focus();
    await outside.page.keyboard.press('Enter');
    await outside.page.getByTestId('call-confirm').waitFor();
    await screenshot(outside.page, 'call-confirm-en');
    await outside.context.close();
  });
});

describe('data order', () => {
  test('the index comes with the page; an answer on land does not wait for the neighbours\' land, one at sea does', async () => {
    const held = [];
    const open = async (lat, lon) => {
      const { context } = await phoneContext(env.browser, {
        geolocation: { latitude: lat, longitude: lon, accuracy: 10 },
        permissions: ['geolocation'],
        serviceWorkers: 'block',
      });
      await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
      // The neighbours' land is held back until the test lets it go.
      await context.route('**/data/land.bin', (route) => held.push(route));
      const page = await context.newPage();
      await page.goto(env.site.origin + '/');
      return { context, page };
    };
    const inland = await open(3.5897, 98.6738); // Medan
    await inland.page.getByTestId('card-polres').waitFor();
    assert.equal(await inland.page.getByTestId('card-polres').textContent(), 'Polrestabes Medan');
    // The page preloads the index; the app's own request is answered from it (one request).
    const indexRequests = await inland.page.evaluate(() =>
      performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/data/index.bin')).length);
    assert.equal(indexRequests, 1, 'index.bin fetched once');
    assert.match(await inland.page.locator('link[rel=preload][href="data/index.bin"]').getAttribute('as'), /^fetch$/);
    await inland.context.close();
    held.length = 0;

    const sea = await open(-8.9, 115.22); // about 11 km off Nusa Dua
    await sea.page.getByTestId('app-ready').waitFor();
    await sea.page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/data/prov-51.bin')));
    await sea.page.waitForTimeout(500);
    assert.equal(await sea.page.getByTestId('card-sea').count(), 0, 'no sea answer before the land is known');
    assert.equal(await sea.page.getByTestId('card-polres').count(), 0, 'no Polres guessed before the land is known');
    for (const route of held.splice(0)) await route.continue();
    await sea.page.getByTestId('card-sea').waitFor();
    await sea.context.close();
  });
});

describe('early province', () => {
  test('with the location allowed the page asks for the province while the WebAssembly downloads, and it is fetched once; not allowed yet, the page asks nothing (the app\'s prompt stays the only one)', async () => {
    const open = async (permissions) => {
      const { context } = await phoneContext(env.browser, {
        geolocation: { latitude: 3.5897, longitude: 98.6738, accuracy: 10 },
        permissions,
        serviceWorkers: 'block',
      });
      await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
      // Counts the page's one-shot requests for the position (the app watches instead).
      await context.addInitScript(() => {
        window.__early = 0;
        const g = navigator.geolocation;
        const once = g.getCurrentPosition.bind(g);
        g.getCurrentPosition = (...args) => { window.__early += 1; return once(...args); };
      });
      const held = [];
      await context.route('**/*_bg.wasm', (route) => held.push(route));
      const page = await context.newPage();
      const asked = [];
      page.on('request', (r) => asked.push(new URL(r.url()).pathname));
      await page.goto(env.site.origin + '/');
      return { context, page, held, asked };
    };
    const granted = await open(['geolocation']);
    // The WebAssembly is held back, so the app cannot have asked: the static page did.
    await granted.page.waitForRequest((r) => r.url().endsWith('/data/prov-12.bin'));
    assert.equal(await granted.page.evaluate(() => typeof window.wasmBindings), 'undefined', 'the app has not started');
    assert.ok(granted.held.length > 0, 'the WebAssembly was asked for and is held');
    for (const route of granted.held.splice(0)) await route.continue();
    await granted.page.getByTestId('card-polres').waitFor();
    assert.equal(await granted.page.getByTestId('card-polres').textContent(), 'Polrestabes Medan');
    await granted.page.waitForTimeout(300);
    const count = (path) => granted.asked.filter((p) => p === path).length;
    assert.equal(count('/data/prov-12.bin'), 1, 'the app took the preloaded province: one request');
    assert.equal(count('/data/provinces.json'), 1);
    assert.deepEqual(granted.asked.filter((p) => /\/data\/prov-/.test(p)), ['/data/prov-12.bin'], 'only the province the position is in');
    assert.equal(await granted.page.evaluate(() => window.__early), 1, 'the page asked for the position once');
    await granted.context.close();

    // Not allowed yet (the browser would prompt): the page neither asks for the position nor
    // fetches anything by it; the app asks, is refused here, and says so.
    const refused = await open([]);
    await refused.page.waitForTimeout(500);
    for (const route of refused.held.splice(0)) await route.continue();
    await refused.page.getByTestId('loc-error').waitFor();
    await refused.page.waitForTimeout(300);
    assert.deepEqual(refused.asked.filter((p) => /\/data\/(prov|provinces)/.test(p)), [], 'no position, nothing asked for by it');
    assert.equal(await refused.page.evaluate(() => window.__early), 0, 'the page did not ask for the position');
    await refused.context.close();
  });
});

describe('data failures', () => {
  test('a province file that fails to load gives a clear message and a retry that works', async () => {
    const { context } = await phoneContext(env.browser, {
      geolocation: { latitude: 3.5897, longitude: 98.6738, accuracy: 10 },
      permissions: ['geolocation'],
      serviceWorkers: 'block',
    });
    await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
    // Every request for it fails until the person retries. The worst order: the app's own
    // requests fail first; only then does the static page's preload start (its boxes are held
    // back until the message shows), and it fails too. Chromium hands that failed preload to
    // the next fetch of the URL — the retry must still reach the network.
    let failing = true;
    let aborted = 0;
    await context.route('**/data/prov-12.bin', (route) => {
      if (!failing) return route.continue();
      aborted += 1;
      return route.abort();
    });
    let release;
    const boxes = new Promise((ok) => { release = ok; });
    await context.route('**/data/provinces.json', async (route) => { await boxes; await route.continue(); });
    const page = await context.newPage();
    await page.goto(env.site.origin + '/');
    await page.getByTestId('card-error').waitFor();
    assert.ok(await page.getByTestId('call-110').isVisible(), 'the call button stays');
    await screenshot(page, 'data-error-id');
    const before = aborted;
    release();
    for (let i = 0; aborted === before && i < 100; i++) await page.waitForTimeout(50);
    assert.ok(aborted > before, 'the page\'s preload was made, and failed');
    failing = false;
    await page.getByTestId('card-retry').click();
    await page.getByTestId('card-polres').waitFor();
    assert.equal(await page.getByTestId('card-polres').textContent(), 'Polrestabes Medan');
    await context.close();
  });
});
