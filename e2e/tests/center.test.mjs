// The phone and a real center (issue 13): the app sends a report to a running siaga110-center
// (SQLite file), the phone shows where it is — received by the server of the right Polres, then
// "seen" and "on the way" as an operator acts through the API, with the operator's reply — and,
// with the clock moved on, says plainly when no officer has seen it after 3 minutes.
// Needs the center's binary (CENTER_BIN in harness.mjs: scripts/test-center builds it).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CENTER_BIN, ROOT, freePort, launch, phoneContext, screenshot, serveDist, startCenter } from './harness.mjs';

const BIN = CENTER_BIN;
const MEDAN = { latitude: 3.5952, longitude: 98.6722, accuracy: 12 };
let center, centerUrl, site, browser, db, centerEnv;

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: build it (scripts/center, or cargo test -p siaga110-center --no-run with SIAGA110_CENTER_BIN=target/debug/siaga110-center)`);
  const port = await freePort();
  centerUrl = `http://127.0.0.1:${port}`;
  // The app's origin must be known to the center's CORS before it starts: serve the app first.
  site = await serveDist(undefined, {
    '/config.json': JSON.stringify({ version: 1, report_endpoint: `${centerUrl}/api/reports`, sms_number: '1717' }),
  });
  db = join(mkdtempSync(join(tmpdir(), 'siaga110-center-e2e-')), 'center.db');
  const env = { ...process.env, PORT: String(port), DATABASE_URL: `sqlite://${db}`, CENTER_APP_ORIGINS: site.origin, CENTER_DATA_DIR: join(ROOT, 'public/data') };
  execFileSync(BIN, ['add-operator', '--user', 'op-medan', '--polres', 'polrestabes-medan'], { input: 'rahasia-medan-1\n', env, cwd: ROOT });
  centerEnv = env;
  center = await startCenter(env, centerUrl);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  center?.kill('SIGTERM');
  await site?.close();
});

/** An operator's session on the center's API. */
async function operator(user, password) {
  const r = await fetch(centerUrl + '/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });
  assert.equal(r.status, 200, await r.text());
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const call = async (method, path, body) => {
    const res = await fetch(centerUrl + path, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return { call };
}

async function openPhone({ clock = false } = {}) {
  const { context } = await phoneContext(browser, { geolocation: MEDAN, permissions: ['geolocation'] });
  await context.addInitScript(() => localStorage.setItem('siaga110.warned', '1'));
  const page = await context.newPage();
  if (clock) await page.clock.install();
  await page.goto(site.origin + '/');
  await page.getByTestId('card-polres').waitFor();
  return { context, page };
}

async function sendReport(page, text) {
  await page.getByTestId('report-open').click();
  await page.getByTestId('category-theft').check();
  await page.getByTestId('report-description').fill(text);
  await page.getByTestId('report-review').click();
  await page.getByTestId('report-send').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=outbox-item]')?.dataset.status === 'delivered', null, { timeout: 20000 });
  return page.getByTestId('outbox-item').first().getAttribute('data-id');
}

const receipt = (page, state, timeout = 30000) =>
  page.waitForFunction((s) => document.querySelector('[data-testid=outbox-item]')?.dataset.receipt === s, state, { timeout });

describe('the phone and the center', () => {
  test('received by the Polres server, then seen, then on the way with a reply — stored once', async () => {
    const { context, page } = await openPhone();
    const id = await sendReport(page, 'Motor dicuri <b>di depan</b> rumah');
    await receipt(page, 'received');
    assert.match(await page.getByTestId('outbox-status').innerText(), /^Diterima oleh server Polrestabes Medan pukul \d\d[.:]\d\d\. Belum dibaca petugas\.$/);
    const op = await operator('op-medan', 'rahasia-medan-1');
    const list = await op.call('GET', '/api/reports');
    assert.equal(list.status, 200);
    const mine = (list.body.reports ?? list.body).filter((r) => r.id === id);
    assert.equal(mine.length, 1, 'stored exactly once, in the Polres queue');
    assert.equal((await op.call('POST', `/api/reports/${id}/seen`, {})).status, 200);
    await receipt(page, 'seen');
    assert.match(await page.getByTestId('outbox-status').innerText(), /Sudah dibaca petugas/);
    assert.match(await page.getByTestId('latest-status').innerText(), /Sudah dibaca petugas/);
    assert.equal((await op.call('POST', `/api/reports/${id}/dispatched`, {})).status, 200);
    assert.equal((await op.call('POST', `/api/reports/${id}/reply`, { text: 'Petugas menuju lokasi <i>sekarang</i>.' })).status, 200);
    await receipt(page, 'dispatched');
    await page.getByTestId('outbox-reply').waitFor({ timeout: 30000 });
    assert.match(await page.getByTestId('outbox-reply').innerText(), /Petugas menuju lokasi <i>sekarang<\/i>\./, 'the reply is text, not markup');
    assert.equal(await page.getByTestId('outbox-reply').locator('i').count(), 0);
    assert.match(await page.getByTestId('outbox-status').innerText(), /Petugas menuju lokasi\./);
    await screenshot(page, 'center-dispatched-id');
    // A reload keeps the receipt and the reply.
    await page.reload();
    await page.getByTestId('outbox-reply').waitFor();
    await context.close();
  });

  test('the center unreachable, a reload, the center back: delivered, stored exactly once', async () => {
    const { context, page } = await openPhone();
    // "Offline" as the phone meets it: no answer from the center (stopped), the page reloaded.
    center.kill('SIGKILL');
    await new Promise((ok) => center.once('exit', ok));
    await page.getByTestId('report-open').click();
    await page.getByTestId('category-disorder').check();
    await page.getByTestId('report-description').fill('Tawuran di simpang, pusat tidak menjawab');
    await page.getByTestId('report-review').click();
    await page.getByTestId('report-send').click();
    const id = await page.getByTestId('outbox-item').first().getAttribute('data-id');
    await page.getByTestId('outbox-status').getByText('Belum terkirim').waitFor({ timeout: 20000 });
    await page.reload();
    await page.getByTestId('outbox-item').waitFor();
    center = await startCenter(centerEnv, centerUrl);
    // The next try (at most 45 s after the last failure) delivers it; "Kirim sekarang" would too.
    await page.waitForFunction(() => document.querySelector('[data-testid=outbox-item]')?.dataset.status === 'delivered', null, { timeout: 60000 });
    const op = await operator('op-medan', 'rahasia-medan-1');
    const list = await op.call('GET', '/api/reports');
    assert.equal((list.body.reports ?? list.body).filter((r) => r.id === id).length, 1);
    await context.close();
  });

  test('no officer after 3 minutes: said plainly, with the call and the SMS first', async () => {
    const { context, page } = await openPhone({ clock: true });
    await sendReport(page, 'Ada orang masuk rumah');
    await receipt(page, 'received');
    assert.equal(await page.getByTestId('outbox-unseen').count(), 0);
    await page.clock.fastForward('03:05');
    await page.getByTestId('outbox-unseen').waitFor();
    assert.match(await page.getByTestId('outbox-unseen').innerText(), /Belum ada petugas yang membaca laporan ini/);
    assert.equal(await page.getByTestId('outbox-call').getAttribute('href'), 'tel:110');
    await page.getByTestId('channel-sms').waitFor(); // the SMS is offered again
    assert.equal(await page.getByTestId('latest-report').getAttribute('data-unseen'), '1');
    assert.equal(await page.getByTestId('latest-call').getAttribute('href'), 'tel:110');
    assert.match(await page.getByTestId('latest-sms').getAttribute('href'), /^sms:1717\?&body=SIAGA110/);
    await page.getByTestId('latest-report').scrollIntoViewIfNeeded();
    await screenshot(page, 'center-unseen-id');
    await context.close();
  });
});
