// An operator asks a caller for their location with a link (issue 14): the operator makes a
// request on the console (the real center, the release binary, on a throwaway SQLite file),
// the link is opened on a phone (a second browser context with a granted position), the phone
// shows a consent screen naming the Polres, and after "Bagikan lokasi" the position appears on
// the operator's console live. The same link on another phone is refused ("sudah dipakai di
// ponsel lain"); an unknown and an expired link each get their own clear message; the position
// goes only to the center of the app's config.json, never to an address in the link.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CENTER_BIN, ROOT, freePort, launch, phoneContext, screenshot, serveDist, startCenter } from './harness.mjs';

const BIN = CENTER_BIN;
const CONSOLE_DIR = process.env.CENTER_CONSOLE_DIR ?? join(ROOT, 'console/dist');
const MEDAN = { latitude: 3.5952, longitude: 98.6722, accuracy: 12 };
const DESK = { width: 1366, height: 768 };
let center, centerUrl, site, browser, centerEnv;

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: build it (scripts/center, or cargo test -p siaga110-center --no-run with SIAGA110_CENTER_BIN=target/debug/siaga110-center)`);
  assert.ok(existsSync(join(CONSOLE_DIR, 'index.html')), `${CONSOLE_DIR} is not built: run build_console (scripts/lib.sh)`);
  const port = await freePort();
  centerUrl = `http://127.0.0.1:${port}`;
  site = await serveDist(undefined, {
    '/config.json': JSON.stringify({ version: 1, report_endpoint: `${centerUrl}/api/reports`, endpoint_origins: ['http://127.0.0.1:9'] }),
  });
  const db = join(mkdtempSync(join(tmpdir(), 'siaga110-locate-e2e-')), 'center.db');
  centerEnv = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: `sqlite://${db}`,
    CENTER_APP_ORIGINS: site.origin,
    CENTER_APP_URL: site.origin + '/',
    CENTER_DATA_DIR: join(ROOT, 'public/data'),
    CENTER_CONSOLE_DIR: CONSOLE_DIR,
    RUST_LOG: 'warn',
  };
  execFileSync(BIN, ['add-operator', '--user', 'op-medan', '--polres', 'polrestabes-medan'], { input: 'rahasia-medan-1\n', env: centerEnv, cwd: ROOT });
  center = await startCenter(centerEnv, centerUrl);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  center?.kill('SIGTERM');
  await site?.close();
});

async function consolePage() {
  const page = await browser.newPage({ viewport: DESK, locale: 'id-ID' });
  await page.goto(`${centerUrl}/console/`);
  await page.getByTestId('login-user').fill('op-medan');
  await page.getByTestId('login-password').fill('rahasia-medan-1');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
  return page;
}

/** A phone opening `url` (a fresh person: the first-run warning not yet seen). */
async function phone(url, { geolocation = MEDAN, lang } = {}) {
  const { context, requests } = await phoneContext(browser, { geolocation, permissions: ['geolocation'], ...(lang ? { locale: lang } : {}) });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('lokasi').waitFor();
  return { context, page, requests };
}

const phase = (page, name, timeout = 20000) =>
  page.waitForFunction((n) => document.querySelector('[data-testid=lokasi-line]')?.dataset.phase === n, name, { timeout });

describe('asking a caller for their location', () => {
  let link;

  test('the operator makes a link; the phone asks first, then the position shows on the console', async () => {
    const desk = await consolePage();
    await desk.getByTestId('locate-open').click();
    await desk.getByTestId('locate-panel').waitFor();
    await desk.getByTestId('locate-note').fill('Bapak di depan toko apa?');
    await desk.getByTestId('locate-create').click();
    await desk.getByTestId('locate-link').waitFor();
    link = (await desk.getByTestId('locate-link').textContent()).trim();
    assert.match(link, new RegExp(`^${site.origin}/\\?lokasi=[0-9a-f]{64}$`));
    await desk.locator('[data-testid=locate-request][data-state=waiting]').first().waitFor();

    // A link that also carries an endpoint: the position must still go only to config.json's center.
    const { context, page, requests } = await phone(link + '&endpoint=' + encodeURIComponent('http://127.0.0.1:9/api/reports'));
    await phase(page, 'ask');
    assert.equal(await page.getByTestId('first-run').count(), 0, 'the request comes before the first-run warning');
    assert.match(await page.getByTestId('lokasi-line').innerText(), /^Polrestabes Medan meminta lokasi Anda untuk laporan ini\.$/);
    assert.match(await page.getByTestId('lokasi').innerText(), /Bapak di depan toko apa\?/);
    assert.ok(await page.locator('#call-link, a[href="tel:110"]').first().isVisible(), 'the call link stays on screen');
    await screenshot(page, 'locate-consent-360');
    await page.getByTestId('lokasi-share').click();
    await phase(page, 'sent');
    assert.match(await page.getByTestId('lokasi-line').innerText(), /^Lokasi terkirim ke server Polrestabes Medan pukul \d\d[.:]\d\d \(± 12 m\)\./);
    await screenshot(page, 'locate-sent-360');
    const posted = requests.filter((u) => u.includes('/locate/'));
    assert.ok(posted.length >= 2, 'read, then answered');
    assert.ok(posted.every((u) => u.startsWith(centerUrl + '/api/locate/')), `only the config's center: ${posted}`);
    assert.ok(!requests.some((u) => u.startsWith('http://127.0.0.1:9')), 'nothing to the address in the link');

    // Live on the console, without a reload.
    const shared = desk.locator('[data-testid=locate-request][data-state=shared]').first();
    await shared.waitFor({ timeout: 20000 });
    assert.match(await shared.getByTestId('locate-latlon').innerText(), /3\.595200, 98\.672200/);
    await screenshot(desk, 'console-locate-1366');
    await context.close();
    await desk.close();
  });

  test('the same link on another phone is refused with a clear message', async () => {
    const { context, page } = await phone(link);
    await phase(page, 'ask');
    await page.getByTestId('lokasi-share').click();
    await phase(page, 'used');
    assert.match(await page.getByTestId('lokasi-line').innerText(), /sudah dipakai di ponsel lain/);
    await context.close();
  });

  test('an unknown link says so (in English too), and nothing is sent', async () => {
    const { context, page, requests } = await phone(`${site.origin}/?lokasi=${'0'.repeat(64)}&lang=en`);
    await phase(page, 'unknown');
    assert.match(await page.getByTestId('lokasi-line').innerText(), /This location link is not known/);
    assert.equal(requests.filter((u) => u.includes('/locate/')).length, 1, 'only the check');
    await context.close();
  });

  test('an expired link is refused with a clear message', async () => {
    const token = execFileSync(BIN, ['locate-request', '--polres', 'polrestabes-medan', '--made-minutes-ago', '31'], { env: centerEnv, cwd: ROOT, encoding: 'utf8' }).trim().split('lokasi=')[1];
    assert.match(token ?? '', /^[0-9a-f]{64}$/);
    const { context, page } = await phone(`${site.origin}/?lokasi=${token}`);
    await phase(page, 'expired');
    assert.match(await page.getByTestId('lokasi-line').innerText(), /sudah kedaluwarsa \(berlaku 30 menit\)/);
    await screenshot(page, 'locate-expired-360');
    await context.close();
  });

  test('declining sends nothing but the refusal', async () => {
    const r = execFileSync(BIN, ['locate-request', '--polres', 'polrestabes-medan'], { env: centerEnv, cwd: ROOT, encoding: 'utf8' }).trim();
    const { context, page, requests } = await phone(r);
    await phase(page, 'ask');
    await page.getByTestId('lokasi-decline').click();
    await phase(page, 'declined');
    assert.match(await page.getByTestId('lokasi-line').innerText(), /Lokasi tidak dibagikan/);
    await page.waitForTimeout(500);
    assert.equal(requests.filter((u) => u.includes('/locate/')).length, 2, 'the check and the refusal only');
    await context.close();
  });
});
