// The operator's console (issue 14) in Chromium, against the real center (the release binary)
// on a throwaway SQLite database: two operators of different Polres and their Polda's
// supervisor; reports POSTed to the intake API arrive live on the right console only; an
// operator opens one (the phone's status says "seen"), dispatches, replies and closes it;
// markup and 2,000-character texts show as text; axe-core finds no violations; the CSP holds
// (no inline script, no third-party request); screenshots at 1366×768 and 800×1280. A location
// request made from a report: its one-time link, a phone's answer arriving live on the map.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CENTER_BIN, ROOT, foreign, launch, screenshot } from './harness.mjs';

const BIN = CENTER_BIN;
const CONSOLE_DIR = process.env.CENTER_CONSOLE_DIR ?? join(ROOT, 'console/dist');
const DESK = { width: 1366, height: 768 };
const TABLET = { width: 800, height: 1280 };
const axePath = new URL('../node_modules/axe-core/axe.min.js', import.meta.url).pathname;

const OPERATORS = [
  { user: 'medan1', scope: ['--polres', 'polrestabes-medan'], password: 'sandi-medan-satu' },
  { user: 'binjai1', scope: ['--polres', 'polres-binjai'], password: 'sandi-binjai-satu' },
  { user: 'sumut', scope: ['--polda', 'Polda Sumatera Utara'], password: 'sandi-polda-sumut' },
  { user: 'pariaman1', scope: ['--polres', 'polres-padang-pariaman'], password: 'sandi-pariaman-satu' },
];

const MEDAN = { lat: 3.5952, lon: 98.6722 };
const BINJAI = { lat: 3.6001, lon: 98.4854 };

function report({ at, category = 'violence', description, danger = 'ongoing', textOnly = false, phonePolres, landmark = '', injured }) {
  const r = {
    version: 1,
    id: randomUUID(),
    created_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    exercise: false,
    category,
    description,
    danger,
    minutes_ago: 2,
    subject: 'other',
    text_only: textOnly,
    landmark,
    location: { lat: at.lat, lon: at.lon, accuracy_m: 12.4, fix_time_ms: Date.now() - 60_000, source: 'device' },
    reporter: { name: 'Budi <i>Santoso</i>', phone: '081234567890' },
  };
  if (injured !== undefined) r.injured = injured;
  if (phonePolres) {
    r.polres = { id: phonePolres, name: phonePolres, polda: 'Polda Sumatera Utara', kabkota: 'Kota Medan', kecamatan: 'Medan Petisah', inside: true };
  }
  return r;
}

const env = { center: null, dir: null, base: null, browser: null, log: [] };

function centerEnv() {
  return {
    ...process.env,
    DATABASE_URL: `sqlite://${join(env.dir, 'center.db')}`,
    CENTER_DATA_DIR: join(ROOT, 'public/data'),
    CENTER_CONSOLE_DIR: CONSOLE_DIR,
    CENTER_RATE_PER_MIN: '100000',
    CENTER_RATE_BURST: '10000',
    RUST_LOG: 'warn',
    PORT: '0',
  };
}

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: build it (scripts/center, or cargo test -p siaga110-center --no-run with SIAGA110_CENTER_BIN=target/debug/siaga110-center)`);
  assert.ok(existsSync(join(CONSOLE_DIR, 'index.html')), `${CONSOLE_DIR} is not built: run build_console (scripts/lib.sh)`);
  env.dir = mkdtempSync(join(tmpdir(), 'siaga110-console-'));
  for (const op of OPERATORS) {
    const r = spawnSync(BIN, ['add-operator', '--user', op.user, ...op.scope], { env: centerEnv(), input: `${op.password}\n`, encoding: 'utf8' });
    assert.equal(r.status, 0, `add-operator ${op.user}: ${r.stderr}`);
  }
  env.center = spawn(BIN, ['serve'], { env: centerEnv(), cwd: env.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  env.center.stderr.on('data', (d) => env.log.push(String(d)));
  env.base = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the center did not start: ${env.log.join('')}`)), 60_000);
    createInterface({ input: env.center.stdout }).on('line', (line) => {
      const m = line.match(/^siaga110-center listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    env.center.on('exit', (code) => fail(new Error(`the center exited (${code}): ${env.log.join('')}`)));
  });
  env.browser = await launch();
});

after(async () => {
  await env.browser?.close();
  env.center?.kill('SIGTERM');
  if (env.dir) rmSync(env.dir, { recursive: true, force: true });
});

async function post(r) {
  const res = await fetch(`${env.base}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': r.id },
    body: JSON.stringify(r),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body;
}

async function status(receipt) {
  return (await fetch(receipt.status_url)).json();
}

/** A signed-in console page. Collects requests, console errors and page errors. */
async function consolePage(op, viewport = DESK) {
  const context = await env.browser.newContext({ viewport, locale: 'id-ID' });
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  // The first /api/me before signing in is a 401 by design (Chromium logs it as an error).
  page.on('console', (m) => m.type() === 'error' && !/status of 401/.test(m.text()) && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${env.base}/console/`);
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-user').fill(op.user);
  await page.getByTestId('login-password').fill(op.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=feed]')?.textContent.includes('Langsung'));
  return { context, page, requests, errors };
}

async function axe(page, what) {
  await page.evaluate(readFileSync(axePath, 'utf8'));
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `${what}: ${summary.join('; ')}`);
}

const row = (page, id) => page.locator(`[data-testid=row][data-id="${id}"]`);
const ids = (page) => page.locator('[data-testid=row]').evaluateAll((rows) => rows.map((r) => r.dataset.id));

describe('operator console', () => {
  test('served at /console under a strict CSP; every page behind the session', async () => {
    const res = await fetch(`${env.base}/console/`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const html = await res.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /<style|\sstyle=/, 'no inline style');
    assert.equal((await fetch(`${env.base}/console`, { redirect: 'manual' })).status, 308);
    assert.equal((await fetch(`${env.base}/console/..%2fCargo.toml`)).status, 404);
    for (const path of ['/api/reports', '/api/feed', '/api/polres', '/api/me']) {
      assert.equal((await fetch(`${env.base}${path}`)).status, 401, path);
    }
  });

  test('reports arrive live on the right console only; open, dispatch, reply, close; texts stay text', async () => {
    const medan = await consolePage(OPERATORS[0]);
    const binjai = await consolePage(OPERATORS[1]);
    const sumut = await consolePage(OPERATORS[2]);
    const login = await env.browser.newPage({ viewport: DESK, locale: 'id-ID' });
    await login.goto(`${env.base}/console/`);
    await login.getByTestId('login-form').waitFor();
    await axe(login, 'login');
    await screenshot(login, 'console-login-1366');
    await login.close();
    for (const p of [medan, binjai, sumut]) {
      await p.page.getByTestId('queue-empty').waitFor();
    }
    assert.equal(await medan.page.getByTestId('unit').textContent(), 'Polrestabes Medan');

    const markup = 'Tolong! <b>dua orang</b> <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">\nBaris kedua &amp; ketiga';
    const a = report({ at: MEDAN, description: markup, textOnly: true, landmark: 'Gang Mawar <u>No. 3</u>', injured: 1 });
    const long = `${'Rumah terbakar <i>cepat</i>, api besar di belakang pasar. '.repeat(40)}`.slice(0, 1987) + '\n<b>akhir</b>';
    assert.equal([...long].length, 2000);
    const c = report({ at: { lat: 3.5955, lon: 98.6725 }, category: 'fire', description: long, danger: 'over', phonePolres: 'polres-binjai', injured: 0 });
    const b = report({ at: BINJAI, category: 'theft', description: 'Motor dicuri di depan toko.', danger: 'unknown' });
    const ra = await post(a);
    const rb = await post(b);
    const rc = await post(c);
    assert.equal(ra.queue.polres.id, 'polrestabes-medan');
    assert.equal(rb.queue.polres.id, 'polres-binjai');
    assert.equal(rc.queue.polres.id, 'polrestabes-medan');

    // Live, without reload: Medan sees A and C, Binjai sees B, the supervisor all three.
    await row(medan.page, a.id).waitFor();
    await row(medan.page, c.id).waitFor();
    await row(binjai.page, b.id).waitFor();
    for (const r of [a, b, c]) await row(sumut.page, r.id).waitFor();
    await medan.page.waitForTimeout(500);
    assert.deepEqual(await ids(medan.page), [a.id, c.id], 'ongoing and text-only first');
    assert.deepEqual(await ids(binjai.page), [b.id]);
    assert.equal(await medan.page.title(), '(2) Siaga110 Konsol');
    assert.equal(await binjai.page.title(), '(1) Siaga110 Konsol');
    assert.equal(await sumut.page.title(), '(3) Siaga110 Konsol');
    assert.equal(await medan.page.locator('main').getAttribute('data-beeps'), '2');

    // The row: category, age, danger, injured, kecamatan, first words, flags.
    const ra_ = row(medan.page, a.id);
    assert.match(await ra_.textContent(), /Kekerasan \/ KDRT/);
    assert.match(await ra_.textContent(), /Bahaya masih berlangsung/);
    assert.match(await ra_.textContent(), /1 luka/);
    assert.match(await ra_.textContent(), /Medan Petisah/);
    assert.match(await ra_.getByTestId('row-age').textContent(), /baru saja|menit lalu/);
    assert.equal(await ra_.getByTestId('flag-text-only').textContent(), 'hubungi lewat pesan saja');
    await ra_.getByTestId('flag-similar').waitFor();
    await row(medan.page, c.id).getByTestId('flag-mismatch').waitFor();
    assert.equal(await ra_.getByTestId('flag-area-assumed').count(), 0, 'a sourced area is not flagged');
    assert.equal(await ra_.locator('b, script, img, u').count(), 0, 'the preview is text');
    assert.match(await ra_.getByTestId('row-preview').textContent(), /<b>dua orang<\/b>/);

    // An exercise never reaches the live queue; it is listed on request, flagged.
    const x = { ...report({ at: MEDAN, category: 'other', description: 'Latihan evakuasi.', danger: 'unknown' }), exercise: true };
    const rx = await post(x);
    assert.equal(rx.exercise, true);
    await medan.page.waitForTimeout(700);
    assert.equal(await row(medan.page, x.id).count(), 0);
    await medan.page.getByTestId('filter-state').selectOption('exercise');
    await row(medan.page, x.id).getByTestId('flag-exercise').waitFor();
    assert.deepEqual(await ids(medan.page), [x.id]);
    await medan.page.getByTestId('filter-state').selectOption('open');
    await medan.page.waitForFunction(() => document.querySelectorAll('[data-testid=row]').length === 2);
    assert.equal(await medan.page.locator('main').getAttribute('data-beeps'), '2', 'no beep for an exercise');

    // The supervisor filters by Polres.
    await sumut.page.getByTestId('filter-polres').selectOption('polres-binjai');
    await sumut.page.waitForFunction(() => document.querySelectorAll('[data-testid=row]').length === 1);
    assert.deepEqual(await ids(sumut.page), [b.id]);
    await sumut.page.getByTestId('filter-polres').selectOption('');
    await sumut.page.waitForFunction(() => document.querySelectorAll('[data-testid=row]').length === 3);

    await axe(medan.page, 'queue');
    await screenshot(medan.page, 'console-queue-1366');

    // Open A: marked seen (the phone's status says so), everything shown as text.
    await ra_.locator('a').click();
    await medan.page.getByTestId('report').waitFor();
    await medan.page.waitForFunction(() => document.querySelector('[data-testid=report-state]')?.textContent === 'Dilihat');
    assert.equal((await status(ra)).state, 'seen');
    assert.equal(await medan.page.title(), '(1) Siaga110 Konsol');
    const desc = medan.page.getByTestId('description');
    assert.equal(await desc.locator('bdi').count(), 1);
    assert.equal(await desc.locator('b, script, img').count(), 0);
    assert.equal(await desc.textContent(), markup);
    assert.equal(await desc.evaluate((e) => e.innerText), markup, 'line breaks kept');
    assert.equal(await medan.page.evaluate(() => window.__pwned), undefined);
    assert.equal(await medan.page.getByTestId('landmark').textContent(), 'Gang Mawar <u>No. 3</u>');
    assert.equal(await medan.page.getByTestId('reporter-name').textContent(), 'Budi <i>Santoso</i>');
    assert.equal(await medan.page.getByTestId('phone').textContent(), '081234567890');
    assert.match(await medan.page.getByTestId('reach').textContent(), /Jangan menelepon/);
    assert.equal(await medan.page.getByTestId('latlon').textContent(), '3.595200, 98.672200');
    assert.match(await medan.page.getByTestId('plus-code').textContent(), /^[23456789CFGHJMPQRVWX]{8}\+[23456789CFGHJMPQRVWX]{2}$/);
    assert.match(await medan.page.getByTestId('accuracy').textContent(), /± 12 m/);
    assert.match(await medan.page.getByTestId('fix-age').textContent(), /diukur (1 menit lalu|baru saja)/);
    // How the data knows the area's Polres (issue 15): Medan Petisah is a sourced decision; an
    // assumed area says so and asks to confirm (center/tests/intake.rs routes one at Kayu Tanam).
    assert.equal(await medan.page.getByTestId('area-basis').getAttribute('data-basis'), 'decision');
    assert.equal(await medan.page.getByTestId('area-basis').textContent(), 'bersumber (keputusan data)');
    await medan.page.locator('[data-testid=map] svg path.kec').waitFor();
    await medan.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await medan.page.getByTestId('copy-plus').click();
    await medan.page.waitForFunction(() => document.querySelector('[data-testid=copy-plus]').textContent === 'Disalin');
    assert.equal(await medan.page.evaluate(() => navigator.clipboard.readText()), await medan.page.getByTestId('plus-code').textContent());
    await axe(medan.page, 'report');
    await medan.page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(medan.page, 'console-report-1366');

    // The supervisor sees the change live.
    await sumut.page.waitForFunction((id) => document.querySelector(`[data-testid=row][data-id="${id}"]`)?.dataset.state === 'seen', a.id);

    // Dispatch, reply, close.
    await medan.page.getByTestId('act-dispatched').click();
    await medan.page.waitForFunction(() => document.querySelector('[data-testid=report-state]')?.textContent === 'Petugas dikirim');
    assert.equal((await status(ra)).state, 'dispatched');
    const reply = 'Petugas menuju lokasi. Tetap di tempat aman <b>ya</b>.';
    await medan.page.getByTestId('act-reply-text').fill(reply);
    // A live update while the operator types (the phone sends a newer position, the report is
    // drawn again): what is typed stays.
    const fix = await fetch(ra.status_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lat: 3.5953, lon: 98.6723, accuracy_m: 9, fix_time_ms: Date.now() }),
    });
    assert.ok(fix.ok, `trail fix: ${fix.status}`);
    await medan.page.locator('[data-testid=trail] li').first().waitFor();
    assert.equal(await medan.page.getByTestId('act-reply-text').inputValue(), reply, 'the typed reply survives the update');
    await medan.page.getByTestId('act-reply').click();
    await medan.page.getByTestId('reply-shown').waitFor();
    assert.equal(await medan.page.getByTestId('reply-shown').textContent(), reply);
    assert.equal((await status(ra)).reply.text, reply);
    await medan.page.getByTestId('act-outcome').selectOption('false_report');
    await medan.page.getByTestId('act-close').click();
    await medan.page.waitForFunction(() => document.querySelector('[data-testid=report-state]')?.textContent === 'Ditutup · Laporan palsu');
    const st = await status(ra);
    assert.equal(st.state, 'closed');
    assert.equal(st.outcome, 'false_report');
    await medan.page.waitForFunction(() => document.querySelectorAll('[data-testid=audit] li').length >= 4);
    // Closed: out of the open queue, on every console.
    await sumut.page.waitForFunction((id) => !document.querySelector(`[data-testid=row][data-id="${id}"]`), a.id);

    // The 2,000-character text, as text.
    await row(medan.page, c.id).locator('a').click();
    await medan.page.waitForFunction((id) => document.querySelector('[data-testid=report]') && location.hash === `#r=${id}`, c.id);
    await medan.page.waitForFunction(() => document.querySelector('[data-testid=report-state]')?.textContent === 'Dilihat');
    const longShown = medan.page.getByTestId('description');
    assert.equal(await longShown.textContent(), long);
    assert.equal(await longShown.locator('b, i').count(), 0);
    const fits = await longShown.evaluate((e) => e.scrollWidth <= e.clientWidth + 1);
    assert.ok(fits, 'the long text wraps inside its box');
    await axe(medan.page, 'report with a long text');

    // A tablet, portrait.
    const tablet = await consolePage(OPERATORS[0], TABLET);
    await row(tablet.page, c.id).waitFor();
    await screenshot(tablet.page, 'console-queue-800');
    await axe(tablet.page, 'queue on a tablet');
    await row(tablet.page, c.id).locator('a').click();
    await tablet.page.getByTestId('report').waitFor();
    await tablet.page.locator('[data-testid=map] svg').waitFor();
    await screenshot(tablet.page, 'console-report-800');
    assert.equal(await tablet.page.locator('#queue').isVisible(), false, 'one pane at a time');
    await tablet.page.getByTestId('back').click();
    await tablet.page.locator('#queue').waitFor({ state: 'visible' });

    // Nothing from elsewhere, nothing refused by the CSP, no error.
    for (const p of [medan, binjai, sumut, tablet]) {
      assert.deepEqual(foreign(p.requests, env.base), []);
      assert.deepEqual(p.errors.filter((e) => !(p === sumut && /status of 401/.test(e))), []);
    }

    // The supervisor's statistics.
    await sumut.page.getByTestId('stats-toggle').click();
    await sumut.page.getByTestId('stats-days').waitFor();
    assert.equal(await sumut.page.getByTestId('stats-total').textContent(), '3');
    assert.equal(await sumut.page.getByTestId('stats-false').textContent(), '100% (1/1)');
    assert.match(await sumut.page.getByTestId('stats-seen').textContent(), /p90/);
    await axe(sumut.page, 'statistics');
    await screenshot(sumut.page, 'console-stats-1366');
    await sumut.page.getByTestId('stats-toggle').click();
    await row(sumut.page, b.id).waitFor();

    // The session ends elsewhere (a new password ends every session): the next request says so.
    const again = spawnSync(BIN, ['add-operator', '--user', 'sumut', '--polda', 'Polda Sumatera Utara'], { env: centerEnv(), input: 'sandi-polda-baru-2\n', encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    await sumut.page.getByTestId('filter-state').selectOption('all');
    await sumut.page.getByTestId('login-expired').waitFor();
    assert.equal(await sumut.page.title(), 'Siaga110 Konsol');

    // English, then sign out: the session ends.
    await binjai.page.getByTestId('lang-switch').click();
    await binjai.page.waitForFunction(() => document.documentElement.lang === 'en' && document.querySelector('[data-testid=logout]').textContent === 'Sign out');
    await binjai.page.getByTestId('logout').click();
    await binjai.page.getByTestId('login-form').waitFor();
    const me = await binjai.context.request.get(`${env.base}/api/me`);
    assert.equal(me.status(), 401);
    for (const p of [medan, binjai, sumut, tablet]) await p.context.close();
  });

  test('a queue that rests on an assumed Polres says so', async () => {
    // 2 X 11 Kayu Tanam (13.05.15): its Polres is assumed from the kab/kota's name
    // (data/derived/assumed.csv; the phone's card says so too, e2e/tests/basis.test.mjs).
    const op = await consolePage(OPERATORS[3]);
    const r = report({ at: { lat: -0.56789, lon: 100.3525 }, category: 'theft', description: 'Motor dicuri di depan warung.', danger: 'unknown' });
    const receipt = await post(r);
    assert.equal(receipt.queue.polres.id, 'polres-padang-pariaman');
    const line = row(op.page, r.id);
    await line.waitFor();
    assert.equal(await line.getByTestId('flag-area-assumed').textContent(), 'Polres perkiraan');
    await line.locator('a').click();
    await op.page.getByTestId('report').waitFor();
    const basis = op.page.getByTestId('area-basis');
    assert.equal(await basis.getAttribute('data-basis'), 'name-match');
    assert.match(await basis.textContent(), /perkiraan dari nama wilayah .* pastikan dengan penelepon/);
    assert.deepEqual(op.errors, []);
    await op.context.close();
  });

  test('answers that come back after the operator has left a report change nothing and break nothing', async () => {
    const medan = await consolePage(OPERATORS[0]);
    const r = report({ at: MEDAN, category: 'theft', description: 'Dibuka lalu ditinggal.', danger: 'unknown' });
    await post(r);
    await row(medan.page, r.id).waitFor();
    // The report's detail, map and audit are held until the operator is back on the queue.
    const held = [];
    await medan.page.route(new RegExp(`/api/reports/${r.id}(/map|/audit)?$`), (route) => held.push(route));
    await row(medan.page, r.id).locator('a').click();
    await medan.page.getByTestId('report').waitFor();
    for (let i = 0; held.length < 2 && i < 100; i++) await medan.page.waitForTimeout(50);
    assert.ok(held.length >= 2, 'the detail and the map were asked for');
    // Leave it as the back button does (at a desk the queue stays beside it and the button hides).
    await medan.page.evaluate(() => { location.hash = ''; });
    await medan.page.getByTestId('report').waitFor({ state: 'detached' });
    for (const route of held.splice(0)) await route.continue();
    await medan.page.waitForTimeout(500);
    assert.deepEqual(medan.errors, [], 'no panic from an answer for a view that is gone');
    // Never shown, so not marked seen: the phone must not hear "seen by an operator".
    const status = await (await medan.context.request.get(`${env.base}/api/reports/${r.id}`)).json();
    assert.equal(status.state, 'received');
    // And the console still works: the report opens and shows.
    await medan.page.unroute(new RegExp(`/api/reports/${r.id}(/map|/audit)?$`));
    await row(medan.page, r.id).locator('a').click();
    await medan.page.getByTestId('report-title').waitFor();
    assert.deepEqual(medan.errors, []);
    await medan.context.close();
  });

  test('a location request from a report: the one-time link, the caller\'s answer live on the map', async () => {
    const medan = await consolePage(OPERATORS[0]);
    const binjai = await consolePage(OPERATORS[1]);
    const r = report({ at: MEDAN, category: 'theft', description: 'Penelepon tidak tahu alamatnya.', danger: 'unknown' });
    await post(r);
    await row(medan.page, r.id).locator('a').click();
    await medan.page.getByTestId('report').waitFor();
    await medan.page.getByTestId('locate-open-report').click();
    const panel = medan.page.getByTestId('locate-panel');
    await panel.waitFor();
    assert.match(await panel.getByTestId('locate-for-report').textContent(), /Pencurian|Kejahatan/);
    await medan.page.getByTestId('locate-note').fill('Mohon bagikan lokasi <b>Anda</b> untuk laporan ini.');
    await medan.page.getByTestId('locate-create').click();
    const linkEl = medan.page.getByTestId('locate-link');
    await linkEl.waitFor();
    const link = await linkEl.textContent();
    assert.match(link, /^http:\/\/127\.0\.0\.1:8080\/\?lokasi=[0-9a-f]{64}$/);
    const item = medan.page.locator('[data-testid=locate-request]').first();
    assert.equal(await item.getAttribute('data-state'), 'waiting');
    await medan.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await medan.page.getByTestId('locate-copy').click();
    assert.equal(await medan.page.evaluate(() => navigator.clipboard.readText()), link);
    const list = await (await medan.context.request.get(`${env.base}/api/location-requests`)).json();
    assert.equal(list.requests[0].report_id, r.id);
    assert.equal(list.requests[0].note, 'Mohon bagikan lokasi <b>Anda</b> untuk laporan ini.');

    // The phone answers (as the app does, to the center of its own config.json): two positions.
    const token = link.split('lokasi=')[1];
    const phone = randomUUID();
    const answer = async (lat, lon, ago) => {
      const res = await fetch(`${env.base}/api/locate/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone, lat, lon, accuracy_m: 18, fix_time_ms: Date.now() - ago }),
      });
      assert.equal(res.status, 201, await res.text());
    };
    await answer(3.5946, 98.6712, 40_000);
    await answer(3.5953, 98.6723, 5_000);
    const shared = medan.page.locator('[data-testid=locate-request][data-state=shared]');
    await shared.waitFor();
    await medan.page.waitForFunction(() => document.querySelector('[data-testid=locate-request][data-state=shared] [data-testid=locate-latlon]')?.textContent === '3.595300, 98.672300');
    assert.match(await shared.getByTestId('locate-plus').textContent(), /^[23456789CFGHJMPQRVWX]{8}\+[23456789CFGHJMPQRVWX]{2}$/);
    assert.match(await shared.getByTestId('locate-accuracy').textContent(), /± 18 m/);
    assert.match(await shared.getByTestId('locate-area-polres').textContent(), /Polrestabes Medan/);
    await shared.locator('svg path.kec').waitFor();
    assert.equal(await shared.locator('svg circle.trail-pt').count(), 1);
    // Another phone is refused; another Polres never sees the request.
    const other = await fetch(`${env.base}/api/locate/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: randomUUID(), declined: true }),
    });
    assert.equal(other.status, 409);
    assert.equal((await other.json()).error, 'link_used');
    await binjai.page.getByTestId('locate-open').click();
    await binjai.page.getByTestId('locate-panel').waitFor();
    assert.equal(await binjai.page.locator('[data-testid=locate-request]').count(), 0);

    await axe(medan.page, 'location request');
    await medan.page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(medan.page, 'console-locate-link-1366');
    await shared.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(medan.page, 'console-locate-1366');
    // Back to the report it was made from.
    await medan.page.getByTestId('locate-close').click();
    await medan.page.getByTestId('report').waitFor();
    for (const p of [medan, binjai]) {
      assert.deepEqual(foreign(p.requests, env.base), []);
      assert.deepEqual(p.errors, []);
    }
    for (const p of [medan, binjai]) await p.context.close();
  });
});
