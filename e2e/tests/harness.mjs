// Shared by the end-to-end tests: serve the release build on 127.0.0.1, launch Debian's Chromium
// through playwright-core (never a downloaded browser), and record every request.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../..');
export const ARTIFACTS = join(ROOT, 'e2e/artifacts');
export const PHONE = { width: 360, height: 740 };
/** The center's binary: `SIAGA110_CENTER_BIN` when set (scripts/test points it at the test build's
 * binary, target/debug/siaga110-center), else the one `scripts/center` builds. */
export const CENTER_BIN = process.env.SIAGA110_CENTER_BIN ?? join(ROOT, 'target/center/siaga110-center');

/** A free TCP port on 127.0.0.1. */
export const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => ok(p));
    });
  });

/** Starts `siaga110-center serve` with `env` (its PORT the one in `url`); resolves to the process
 * once `url`/healthz answers (10 s at most). */
export async function startCenter(env, url) {
  const center = spawn(CENTER_BIN, ['serve'], { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url + '/healthz')).ok) return center;
    } catch {}
    await new Promise((ok) => setTimeout(ok, 100));
  }
  center.kill('SIGTERM');
  throw new Error('the center did not start');
}

/** Serves dist/ on 127.0.0.1 at a free port (`files`: paths served with other contents, e.g. a
 * config.json). Returns { origin, close }. */
export async function serveDist(dir = join(ROOT, 'dist'), files = {}, { noHeaders = false, prefix = '/' } = {}) {
  const server = await serve({ dir, host: '127.0.0.1', port: 0, files, noHeaders, prefix });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((ok) => server.close(ok)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized context; `requests` collects the URL of every request any page makes. */
export async function phoneContext(browser, options = {}) {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'id-ID',
    ...options,
  });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  return { context, requests };
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Requests that went anywhere but the given origin (data: and blob: URLs stay on the device). */
export function foreign(requests, origin) {
  return requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));
}

/** Registers before/after hooks that serve dist/ and launch Chromium once for the file's tests.
 * Returns an object whose `site` and `browser` are set when the tests run. */
export function useSiteAndBrowser() {
  const env = { site: null, browser: null };
  before(async () => {
    env.site = await serveDist();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}

/** Waits until the service worker controls `page` (it has precached everything by then). A page
 * whose navigation began while the worker was still installing (say, a reload during the first
 * visit's install) is never claimed — `clients.claim()` ran before it existed — so it is
 * reloaded once, through the now active worker. Fails instead of waiting for ever. */
export async function controlled(page, timeout = 30000) {
  const claimed = await page.evaluate(async (timeout) => {
    const give = (ms, value) => new Promise((ok) => setTimeout(() => ok(value), ms));
    const ready = await Promise.race([navigator.serviceWorker.ready.then(() => true), give(timeout, false)]);
    if (!ready) throw new Error(`no active service worker after ${timeout} ms`);
    if (navigator.serviceWorker.controller) return true;
    const change = new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', () => ok(true), { once: true }));
    return Promise.race([change, give(3000, false)]).then(() => !!navigator.serviceWorker.controller);
  }, timeout);
  if (!claimed) await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout });
}
