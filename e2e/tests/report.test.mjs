// The written report, end to end on the release build, against a real receiver on 127.0.0.1
// (tools/receiver.mjs): compose, confirm, deliver over HTTPS-contract POST exactly once —
// offline then online, failing then recovering, after a reload; text arrives as text; a corrupt
// stored entry is set aside and the others still go; the other channels carry the encoder's text.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, foreign, launch, phoneContext, screenshot, serveDist, controlled } from './harness.mjs';
import { startReceiver } from '../../tools/receiver.mjs';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020.js');
const addFormats = require('ajv-formats');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'public/report.schema.json'), 'utf8')));

const MEDAN = { latitude: 3.5952, longitude: 98.6722, accuracy: 12 };
let receiver, site, bare, browser;

before(async () => {
  receiver = await startReceiver();
  const config = {
    version: 1,
    report_endpoint: receiver.url,
    sms_number: '1717',
    whatsapp_number: '6281234567890',
    embed_origins: [],
    endpoint_origins: [],
  };
  site = await serveDist(undefined, { '/config.json': JSON.stringify(config) });
  bare = await serveDist(); // the shipped config.json: no endpoint
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await bare?.close();
  await receiver?.close();
});

async function open(origin = site.origin, { init } = {}) {
  const { context, requests } = await phoneContext(browser, {
    geolocation: MEDAN,
    permissions: ['geolocation', 'clipboard-read', 'clipboard-write'],
  });
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The app runs under its Content-Security-Policy (tools/serve.mjs sends tools/headers.mjs's
  // headers): any refusal would show here.
  page.on('console', (m) => m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text()) && errors.push(m.text()));
  await page.goto(origin + '/');
  await page.getByTestId('card-polres').waitFor();
  return { context, page, requests, errors };
}

async function compose(page, { category = 'theft', text = 'Motor dicuri di depan rumah' } = {}) {
  await page.getByTestId('report-open').click();
  await page.getByTestId('report-form').waitFor();
  await page.getByTestId(`category-${category}`).check();
  await page.getByTestId('report-description').fill(text);
}

async function send(page) {
  await page.getByTestId('report-review').click();
  await page.getByTestId('report-confirm').waitFor();
  await page.getByTestId('report-send').click();
  await page.getByTestId('outbox').waitFor();
}

const status = (page) => page.getByTestId('outbox-item').first().getAttribute('data-status');
const waitStatus = (page, s, timeout = 15000) =>
  page.waitForFunction((s) => document.querySelector('[data-testid=outbox-item]')?.dataset.status === s, s, { timeout });
// Playwright's offline emulation does not cover requests that pass a service worker, so while
// "offline" the receiver also drops every connection: nothing can arrive until we are back.
async function goOffline(context) {
  receiver.setMode({ mode: 'drop' });
  await context.setOffline(true);
}
async function goOnline(context) {
  receiver.setMode({ mode: 'ok' });
  await context.setOffline(false);
  // A browser says so with an "online" event, which the app answers by trying at once. DevTools'
  // offline emulation does not always deliver it to a page reloaded while offline (and the
  // reload's own try, still offline, may have put the next one 45 s away): send the event the
  // browser would send.
  for (const page of context.pages()) await page.evaluate(() => window.dispatchEvent(new Event('online')));
}
const stored = (id) => [...receiver.reports.values()].filter((r) => r.body.id === id);
const attempts = (id) => receiver.requests.filter((r) => r.key === id);

describe('report form layout (issue 17, item 10)', () => {
  test('"Periksa dan kirim" is in reach above the call bar from the first field to the last', async () => {
    const { context, page } = await open();
    const reachable = async (what) => {
      const b = await page.getByTestId('report-review').boundingBox();
      const bar = await page.getByTestId('call-110').boundingBox();
      const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid]')?.dataset.testid, { x: b.x + b.width / 2, y: b.y + b.height / 2 });
      assert.equal(hit, 'report-review', `${what}: the button is on screen and nothing covers it`);
      assert.ok(b.y + b.height <= bar.y, `${what}: above the call bar`);
    };
    await page.getByTestId('report-open').click();
    await page.getByTestId('report-form').waitFor();
    await page.waitForTimeout(300);
    await reachable('the form just opened');
    await page.getByTestId('phrase-cannot_speak').click();
    await reachable('after a quick phrase');
    await screenshot(page, 'report-review-reachable-id');
    await page.getByTestId('report-review').click();
    await page.getByTestId('report-problems').waitFor();
    await context.close();
  });
});

describe('report', () => {
  test('composed with quick phrases, checked per field, confirmed, delivered once; the body validates against the schema', async () => {
    const { context, page, requests, errors } = await open();
    await page.getByTestId('report-open').click();
    // Nothing chosen: the category's message, nothing sent.
    await page.getByTestId('report-review').click();
    await page.getByTestId('report-problems').waitFor();
    assert.match(await page.getByTestId('report-category').innerText(), /Pilih jenis kejadian/);
    // Text-first: two taps build the report.
    await page.getByTestId('phrase-cannot_speak').click();
    await page.getByTestId('phrase-intruder').click();
    // The field is updated by the app's next task, not inside the click (time-sliced executor).
    await page.waitForFunction(
      (v) => document.querySelector('[data-testid=report-description]').value === v,
      'Saya tidak bisa bicara. Ada orang masuk rumah.',
      { timeout: 5000 },
    ).catch(() => {});
    assert.equal(await page.getByTestId('report-description').inputValue(), 'Saya tidak bisa bicara. Ada orang masuk rumah.');
    assert.equal(await page.getByTestId('category-theft').isChecked(), true);
    assert.equal(await page.getByTestId('danger-ongoing').isChecked(), true);
    assert.equal(await page.getByTestId('report-text-only').isChecked(), true);
    await page.getByTestId('report-polres').waitFor();
    await page.getByText('Data Anda').click();
    await page.getByTestId('report-phone').fill('08x');
    await page.getByTestId('report-review').click();
    await page.getByText('Nomor HP tidak valid').waitFor();
    await page.getByTestId('report-phone').fill('0812-3456-7890');
    await screenshot(page, 'report-form-id');
    await page.getByTestId('report-review').click();
    await page.getByTestId('confirm-false').waitFor();
    assert.match(await page.getByTestId('confirm-false').innerText(), /tindak pidana/);
    await screenshot(page, 'report-confirm-id');
    await page.getByTestId('report-send').click();
    await waitStatus(page, 'delivered');
    const id = await page.getByTestId('outbox-item').first().getAttribute('data-id');
    assert.equal(stored(id).length, 1);
    const { body, headers } = stored(id)[0];
    assert.equal(headers['idempotency-key'], id);
    assert.match(headers['content-type'], /^application\/json/);
    assert.equal(body.category, 'theft');
    assert.equal(body.danger, 'ongoing');
    assert.equal(body.text_only, true);
    assert.equal(body.reporter.phone, '081234567890');
    assert.equal(body.polres.id, 'polrestabes-medan');
    assert.ok(Math.abs(body.location.lat - MEDAN.latitude) < 1e-6);
    assert.equal(body.location.accuracy_m, 12);
    assert.ok(validate(body), JSON.stringify(validate.errors));
    // Plain words, no host name; delivered is not seen.
    assert.match(await page.getByTestId('outbox-status').innerText(), /^Diterima oleh server pukul \d\d[.:]\d\d\. Belum tentu sudah dibaca petugas\.$/);
    // …and where the person looks after sending: the top of the screen, in view.
    const latest = page.getByTestId('latest-report');
    await latest.waitFor();
    assert.match(await page.getByTestId('latest-status').innerText(), /Belum tentu sudah dibaca petugas/);
    assert.match(await latest.innerText(), /telepon 110/i);
    assert.ok(await latest.isVisible());
    await screenshot(page, 'report-delivered-id');
    // The draft is gone after sending; nothing but this site and the receiver was asked.
    assert.equal(await page.evaluate(() => localStorage.getItem('siaga110.draft')), null);
    assert.deepEqual(foreign(requests, site.origin).filter((u) => !u.startsWith(receiver.origin + '/')), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a draft survives a reload; offline submit, reload, online: delivered exactly once', async () => {
    const { context, page } = await open();
    await compose(page, { text: 'Draf yang tidak boleh hilang' });
    await page.getByTestId('report-landmark').fill('Depan masjid');
    await page.waitForFunction(() => localStorage.getItem('siaga110.draft')?.includes('Depan masjid'));
    await page.reload();
    await page.getByTestId('report-form').waitFor();
    assert.equal(await page.getByTestId('report-description').inputValue(), 'Draf yang tidak boleh hilang');
    assert.equal(await page.getByTestId('report-landmark').inputValue(), 'Depan masjid');
    assert.equal(await page.getByTestId('category-theft').isChecked(), true);
    // Wait for the service worker, then go offline and send.
    await controlled(page);
    await goOffline(context);
    await send(page);
    const id = await page.getByTestId('outbox-item').first().getAttribute('data-id');
    await waitStatus(page, 'queued');
    await page.getByTestId('outbox-status').getByText('Menunggu sinyal internet').waitFor();
    await page.getByTestId('channel-sms').waitFor(); // other ways are offered meanwhile
    await screenshot(page, 'report-offline-id');
    await page.reload();
    await page.getByTestId('outbox-item').waitFor();
    await waitStatus(page, 'queued'); // after a reopened app's immediate attempt, still offline
    assert.equal(await status(page), 'queued');
    assert.equal(stored(id).length, 0);
    await goOnline(context);
    await waitStatus(page, 'delivered');
    await page.waitForTimeout(1500);
    assert.equal(stored(id).length, 1);
    assert.equal(attempts(id).filter((a) => a.outcome === 'stored').length, 1);
    assert.equal(attempts(id).filter((a) => a.outcome === 'duplicate').length, 0);
    await context.close();
  });

  test('the endpoint fails, then recovers: delivered exactly once, the reason shown meanwhile', async () => {
    const { context, page } = await open();
    receiver.setMode({ mode: 'fail', status: 503, times: 1 });
    await compose(page, { category: 'traffic', text: 'Tabrakan di simpang' });
    await send(page);
    // The reason in words (no "HTTP 503"), the automatic retry time, and "send now".
    await page.getByText('Belum terkirim: server sedang bermasalah').first().waitFor();
    assert.doesNotMatch(await page.getByTestId('outbox-status').innerText(), /HTTP|network/);
    await page.getByTestId('outbox-send-now').waitFor();
    const id = await page.getByTestId('outbox-item').first().getAttribute('data-id');
    assert.equal(await status(page), 'queued');
    await waitStatus(page, 'delivered', 20000);
    assert.equal(stored(id).length, 1);
    assert.deepEqual(attempts(id).map((a) => a.outcome), ['status 503', 'stored']);
    await context.close();
  });

  test('a dropped connection is retried with the same Idempotency-Key; the receiver stores it once', async () => {
    const { context, page } = await open();
    receiver.setMode({ mode: 'drop', times: 1 });
    await compose(page, { category: 'disorder', text: 'Tawuran' });
    await send(page);
    const id = await page.getByTestId('outbox-item').first().getAttribute('data-id');
    await waitStatus(page, 'delivered', 20000);
    assert.deepEqual(attempts(id).map((a) => a.outcome), ['dropped', 'stored']);
    assert.equal(stored(id).length, 1);
    await context.close();
  });

  test('storage that throws (full, private mode): the form says so at once, keeps the text, offers SMS and copy', async () => {
    const { context, page } = await open(site.origin, {
      init: () => {
        const set = Storage.prototype.setItem;
        Storage.prototype.setItem = function (k, v) {
          if (k.startsWith('siaga110.draft')) throw new DOMException('full', 'QuotaExceededError');
          return set.call(this, k, v);
        };
      },
    });
    await compose(page, { text: 'Tulisan yang tidak tersimpan' });
    const warn = page.getByTestId('form-storage-failed');
    await warn.waitFor(); // while typing, not after Send
    assert.match(await warn.innerText(), /tidak bisa menyimpan/);
    const sms = await page.getByTestId('form-sms').getAttribute('href');
    assert.ok(sms.startsWith('sms:1717?&body='), sms);
    assert.match(decodeURIComponent(sms), /Tulisan yang tidak tersimpan/);
    await page.getByTestId('form-copy').click();
    await page.waitForFunction(async () => /Tulisan yang tidak tersimpan/.test(await navigator.clipboard.readText()));
    // Kept in memory: the field still holds it.
    assert.equal(await page.getByTestId('report-description').inputValue(), 'Tulisan yang tidak tersimpan');
    await screenshot(page, 'report-storage-failed-id');
    await context.close();
  });

  test('a thousand characters with markup and emoji arrive intact and are shown as text', async () => {
    const { context, page } = await open();
    const unit = '<img src=x onerror=alert(1)> <b>tebal</b> & "kutip" 🚨👮🏽‍♀️ ';
    let text = '';
    while ([...text].length + [...unit].length <= 1000) text += unit;
    text = text.trimEnd();
    await compose(page, { category: 'other', text });
    await send(page);
    await waitStatus(page, 'delivered');
    const id = await page.getByTestId('outbox-item').first().getAttribute('data-id');
    assert.equal(stored(id)[0].body.description, text);
    // Shown as text: no element was created from it.
    await page.getByText('Lihat teks laporan').click();
    assert.ok((await page.getByTestId('outbox-text').innerText()).includes('<b>tebal</b>'));
    assert.equal(await page.locator('[data-testid=outbox] img, [data-testid=outbox] b').count(), 0);
    await context.close();
  });

  test('a corrupt stored entry is reported and set aside; the other reports are still sent', async () => {
    const { context, page } = await open();
    await controlled(page); // the offline reload below needs the offline copy
    await compose(page, { category: 'missing', text: 'Anak hilang' });
    await goOffline(context);
    await send(page);
    const id = await page.getByTestId('outbox-item').first().getAttribute('data-id');
    await page.evaluate(() => localStorage.setItem('siaga110.outbox.broken', '{"report": {"version": 1, "id": 3'));
    await page.reload();
    await page.getByTestId('outbox-corrupt').waitFor();
    await goOnline(context);
    // Back online: a browser says so with an "online" event, which the app answers by trying at
    // once. DevTools' offline emulation does not always deliver it to a page reloaded while
    // offline, and the try the reload made while still offline may have pushed the next one 45 s
    // away (the third step of the backoff): send the event the browser would send.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitStatus(page, 'delivered', 30000);
    assert.equal(stored(id).length, 1);
    const keys = await page.evaluate(() => Object.keys(localStorage));
    assert.ok(keys.includes('siaga110.quarantine.broken'), 'the unreadable entry is kept aside, not deleted');
    assert.ok(!keys.includes('siaga110.outbox.broken'));
    await context.close();
  });

  test('withdrawn before it could be sent: never sent', async () => {
    const { context, page } = await open();
    await goOffline(context);
    await compose(page, { category: 'fire', text: 'Asap dari gudang' });
    await page.getByTestId('fire-hint').waitFor();
    await send(page);
    const id = await page.getByTestId('outbox-item').first().getAttribute('data-id');
    await page.getByTestId('outbox-withdraw').click();
    await waitStatus(page, 'withdrawn');
    const before = attempts(id).length;
    await goOnline(context);
    await page.waitForTimeout(1500);
    assert.equal(attempts(id).length, before, 'nothing is sent after the withdrawal');
    assert.equal(stored(id).length, 0);
    await context.close();
  });

  test('a similar report soon after is flagged and waits for the cooldown, and is still sent', async () => {
    const { context, page } = await open();
    await compose(page, { category: 'violence', text: 'Pemukulan' });
    await send(page);
    await waitStatus(page, 'delivered');
    await compose(page, { category: 'violence', text: 'Pemukulan' });
    await page.getByTestId('report-review').click();
    await page.getByTestId('confirm-duplicate').waitFor();
    await page.getByTestId('confirm-cooldown').waitFor();
    await page.getByTestId('report-send').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=outbox-item]').length === 2);
    assert.equal(await status(page), 'queued'); // newest first: waiting, not dropped
    await context.close();
  });

  test('practice mode: the report is marked as an exercise and never sent', async () => {
    const { context, page } = await open();
    await page.getByTestId('practice-toggle').check();
    const before = receiver.requests.length;
    await compose(page, { category: 'other', text: 'Latihan' });
    await page.getByTestId('report-review').click();
    await page.getByText('LATIHAN: laporan ini tidak akan dikirim.').waitFor();
    await page.getByTestId('report-send').click();
    await waitStatus(page, 'exercise');
    await page.getByText('Lihat teks laporan').click();
    assert.match(await page.getByTestId('outbox-text').innerText(), /LATIHAN/);
    await page.waitForTimeout(1000);
    assert.equal(receiver.requests.length, before);
    await context.close();
  });

  test('with no endpoint configured: SMS, WhatsApp and copy carry the encoder\'s text', async () => {
    const { context, page } = await open(bare.origin);
    await compose(page, { category: 'theft', text: 'Dompet dicopet' });
    await page.getByTestId('report-landmark').fill('Pasar Petisah');
    await send(page);
    await waitStatus(page, 'handoff');
    const sms = await page.getByTestId('channel-sms').getAttribute('href');
    assert.match(sms, /^sms:\?&body=/);
    const body = decodeURIComponent(sms.split('body=')[1]);
    assert.match(body, /^SIAGA110=1;id=[0-9a-f]{8};c=theft;lt=\+3\.59520;lg=\+98\.67220;rd=12;/);
    assert.ok(body.includes('Dompet dicopet'));
    const wa = await page.getByTestId('channel-whatsapp').getAttribute('href');
    assert.match(wa, /^https:\/\/wa\.me\/\?text=/);
    assert.ok(decodeURIComponent(wa.split('text=')[1]).includes('Pasar Petisah'));
    await page.getByTestId('channel-copy').click();
    await page.getByText('Teks disalin.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.includes('LAPORAN DARURAT'));
    assert.ok(copied.includes('Dompet dicopet'));
    await page.getByTestId('outbox-handed').waitFor();
    await screenshot(page, 'report-handoff-id');
    await context.close();
  });

  test('"forget everything" deletes settings, the draft, every report and the offline copy', async () => {
    const { context, page } = await open(bare.origin);
    await compose(page, { category: 'other', text: 'Akan dilupakan' });
    await send(page);
    await compose(page, { category: 'other', text: 'Draf yang ikut dihapus' });
    await page.getByTestId('report-back').click();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.getByTestId('forget').locator('summary').click();
    await page.getByTestId('forget-confirm').click();
    await page.getByTestId('forget-done').waitFor();
    assert.equal(await page.getByTestId('outbox').count(), 0);
    const left = await page.evaluate(async () => ({
      keys: Object.keys(localStorage).filter((k) => k.startsWith('siaga110.')),
      caches: (await caches.keys()).filter((k) => k.startsWith('siaga110-')),
      workers: (await navigator.serviceWorker.getRegistrations()).length,
      cookies: document.cookie,
    }));
    assert.deepEqual(left, { keys: [], caches: [], workers: 0, cookies: '' });
    await context.close();
  });
});
