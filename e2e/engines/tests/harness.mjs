// Shared by the cross-engine suite: one WebDriver client (selenium-webdriver) talking to each
// engine's own WebDriver server — chromedriver (Debian's Chromium), geckodriver (Debian's
// firefox-esr) and WebKitWebDriver (WebKitGTK's MiniBrowser, under Xvfb) — against the release
// build served on 127.0.0.1 by tools/serve.mjs with the production security headers.
//
// The servers are started here on free ports and the client connects to them (usingServer), so
// Selenium Manager never runs and nothing is downloaded. Each test gets a fresh session (a fresh
// profile: no storage, no service worker from an earlier test).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before } from 'node:test';
import { Builder, By, until } from 'selenium-webdriver';
import { Command } from 'selenium-webdriver/lib/command.js';
import { serve } from '../../../tools/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../../..');
export const ARTIFACTS = join(ROOT, 'e2e/artifacts/engines');
/** The build under test (default dist/). */
export const DIST = resolve(process.env.SIAGA110_DIST ?? join(ROOT, 'dist'));
export const WEBKIT_DIR = process.env.WEBKIT_DIR ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1';
/** How long any single wait may take before the test fails (a hang fails, it does not hang). */
export const WAIT = Number(process.env.ENGINE_WAIT_MS ?? 20000);
const PHONE = { width: 390, height: 800 };

// ---------------------------------------------------------------------------------------------
// Servers on 127.0.0.1

/** Serves dist/ (`files`: paths served with other contents, e.g. a config.json). `down()` closes
 * it and every open connection: for the page the network is gone. */
export async function serveDist(files = {}) {
  const blank = { '/blank.html': '<!doctype html><html lang="en"><meta charset="utf-8"><title>blank</title></html>' };
  const server = await serve({ dir: DIST, host: '127.0.0.1', port: 0, files: { ...blank, ...files } });
  const origin = `http://127.0.0.1:${server.address().port}`;
  // The first page computes the security headers (tools/headers.mjs may first build its config
  // checker): done here, so no browser's page-load timeout pays for it.
  await (await fetch(`${origin}/`)).arrayBuffer();
  let up = true;
  const down = () =>
    new Promise((ok) => {
      if (!up) return ok();
      up = false;
      server.closeAllConnections?.();
      server.close(() => ok());
    });
  return { origin, down, close: down };
}

/** A stand-in for Firefox's network location provider (its test preferences point at this
 * URL): answers the position set with `set`, as Mozilla's location service would. */
export async function startGeoServer(position = { lat: 3.5897, lon: 98.6738, accuracy: 12 }) {
  let current = position;
  const hits = [];
  const server = createServer((req, res) => {
    hits.push(req.url);
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
    res.end(JSON.stringify({ location: { lat: current.lat, lng: current.lon }, accuracy: current.accuracy }));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/geo`,
    hits,
    set: (p) => {
      current = p;
    },
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(ok);
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// WebDriver servers

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Starts a WebDriver server; resolves once its /status says ready. */
async function startDriver(name, command, args, env = {}) {
  const port = await freePort();
  const log = [];
  const child = spawn(command, args(port), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d) => {
    log.push(String(d));
    if (log.length > 200) log.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((ok) => child.once('exit', (code) => ok(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    const code = await Promise.race([exited, new Promise((ok) => setTimeout(() => ok(undefined), 200))]);
    if (code !== undefined) throw new Error(`${name}: ${command} exited (${code}) before it was ready:\n${log.join('')}`);
    try {
      const r = await fetch(`${url}/status`);
      if (r.ok && (await r.json()).value?.ready !== false) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`${name}: ${command} did not answer /status within 15 s:\n${log.join('')}`);
    }
  }
  return {
    url,
    log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((ok) => setTimeout(ok, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

const DEAD_PROXY = '127.0.0.1:9';
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-search-engine-choice-screen',
  `--window-size=${PHONE.width},${PHONE.height}`,
  // Anything not on 127.0.0.1 (which bypasses proxies) goes to a closed port: nothing leaves.
  `--proxy-server=${DEAD_PROXY}`,
];

/**
 * The engines. `caps(o)` gives the session's capabilities for the options
 * o = { js, wasm, lang, geo } (geo: the URL of the geolocation stand-in, Firefox only).
 * `driverEnv(o)`: a session that needs a WebDriver server of its own with this environment
 * (WebKitGTK takes some settings only from the environment).
 */
export const ENGINES = {
  chromium: {
    label: 'Chromium',
    command: process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver',
    args: (port) => [`--port=${port}`, '--allowed-ips=127.0.0.1'],
    caps: ({ js = true, wasm = true, lang = 'id-ID' }) => ({
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM ?? '/usr/bin/chromium',
        // WebAssembly off: V8 without code generation has no WebAssembly object (as in hardened
        // "lockdown" modes); --js-flags=--noexpose_wasm no longer hides it in Chromium 148.
        args: [...CHROMIUM_ARGS, `--lang=${lang}`, ...(wasm ? [] : ['--js-flags=--jitless'])],
        // A phone-sized viewport (a headless window is at least 500 px wide).
        mobileEmulation: { deviceMetrics: { width: PHONE.width, height: PHONE.height, pixelRatio: 2, touch: false } },
        prefs: {
          'intl.accept_languages': lang,
          ...(js ? {} : { 'profile.managed_default_content_settings.javascript': 2 }),
        },
      },
    }),
    // Location: the DevTools protocol's override, through chromedriver (set per page target).
    async setPosition(driver, { lat, lon, accuracy }, origin) {
      await driver.sendDevToolsCommand('Browser.grantPermissions', { origin, permissions: ['geolocation'] });
      await driver.sendDevToolsCommand('Emulation.setGeolocationOverride', { latitude: lat, longitude: lon, accuracy });
    },
    canLocate: true,
    canDisableWasm: true,
    serviceWorkers: true,
  },
  firefox: {
    label: 'Firefox',
    command: process.env.GECKODRIVER ?? 'geckodriver',
    args: (port) => ['--host', '127.0.0.1', '--port', String(port), '--log', 'warn'],
    caps: ({ js = true, wasm = true, lang = 'id-ID', geo }) => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
        args: ['-headless', `--width=${PHONE.width}`, `--height=${PHONE.height}`],
        prefs: {
          'intl.accept_languages': lang,
          'javascript.enabled': js,
          'javascript.options.wasm': wasm,
          // The network location provider, answered by startGeoServer on 127.0.0.1, and the
          // permission prompt answered "allow" (Firefox's own test preferences).
          ...(geo
            ? {
                'geo.provider.network.url': geo,
                'geo.provider.testing': true,
                'geo.provider.use_geoclue': false,
                'geo.provider.use_gpsd': false,
                'geo.prompt.testing': true,
                'geo.prompt.testing.allow': true,
              }
            : { 'geo.prompt.testing': true, 'geo.prompt.testing.allow': false }),
          // No call home from a test browser: everything not on 127.0.0.1 (which bypasses
          // proxies) goes to a closed port.
          'network.proxy.type': 1,
          'network.proxy.http': '127.0.0.1',
          'network.proxy.http_port': 9,
          'network.proxy.ssl': '127.0.0.1',
          'network.proxy.ssl_port': 9,
          'browser.shell.checkDefaultBrowser': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'app.update.enabled': false,
          'network.captive-portal-service.enabled': false,
          'network.connectivity-service.enabled': false,
          'browser.safebrowsing.update.enabled': false,
          'extensions.getAddons.cache.enabled': false,
          'dom.serviceWorkers.testing.enabled': false,
          // tel: is not a web protocol: never ask which application should open it.
          'network.protocol-handler.external.tel': false,
          'network.protocol-handler.expose.tel': true,
        },
      },
    }),
    canLocate: true,
    canDisableWasm: true,
    serviceWorkers: true,
  },
  webkit: {
    label: 'WebKit',
    command: process.env.WEBKITWEBDRIVER ?? 'WebKitWebDriver',
    args: (port) => [`--port=${port}`, '--host=127.0.0.1'],
    caps: ({ js = true }) => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: join(WEBKIT_DIR, 'MiniBrowser'),
        // Nothing leaves 127.0.0.1 (as for the others); JavaScript off with WebKitSettings'
        // enable-javascript (WebDriver's own scripts still run; <noscript> renders).
        args: ['--automation', `--proxy=http://${DEAD_PROXY}`, '--ignore-host=127.0.0.1', ...(js ? [] : ['--enable-javascript=false'])],
      },
    }),
    // The language comes from the environment of WebKitGTK's processes (a WebDriver server per
    // environment). WebAssembly cannot be switched off: JSC_useWebAssembly=false is not honoured
    // by this release build, and WebKitGTK has no setting for it.
    // navigator.language is the processes' locale: en_US.UTF-8 gives "en-US" (even where that
    // locale is not generated); C.UTF-8 gives "C", which the app, like any language it does not
    // have, shows in Bahasa.
    driverEnv: ({ lang = 'id-ID' }) => ({
      LC_ALL: lang.startsWith('en') ? 'en_US.UTF-8' : 'C.UTF-8',
    }),
    canLocate: false,
    canDisableWasm: false,
    serviceWorkers: true,
  },
};

export const ENGINE_NAMES = (process.env.ENGINES ?? 'chromium,firefox,webkit').split(',').filter(Boolean);

/**
 * Registers before/after hooks for one engine's file: starts the site, the geolocation stand-in
 * and the engine's WebDriver server. `files()` (awaited in the same hook, first) gives the paths
 * the site serves with other contents. Returns `env` with `session(options)`, which opens a
 * fresh session and registers it for closing.
 */
export function useEngine(name, { files = async () => ({}) } = {}) {
  const engine = ENGINES[name];
  const env = { name, engine, site: null, geo: null, driver: null, sessions: [] };
  const servers = new Map(); // env key -> driver server
  async function server(o) {
    const extra = engine.driverEnv?.(o) ?? {};
    const key = JSON.stringify(extra);
    if (!servers.has(key)) servers.set(key, await startDriver(name, engine.command, engine.args, extra));
    return servers.get(key);
  }
  before(async () => {
    env.site = await serveDist(await files());
    env.geo = await startGeoServer();
    await server({});
  }, { timeout: 300000 });
  // A test that failed half-way leaves its session: close it (geckodriver runs one at a time).
  afterEach(async () => {
    for (const d of env.sessions.splice(0)) await withTimeout(d.quit(), 15000, 'quit').catch(() => {});
  });
  after(async () => {
    for (const d of env.sessions.splice(0)) await d.quit().catch(() => {});
    for (const s of servers.values()) await s.stop();
    await env.geo?.close();
    await env.site?.close();
  }, { timeout: 30000 });
  /** A new session. o: { js, wasm, lang, position: {lat, lon, accuracy} | null }. */
  env.session = async (o = {}) => {
    const { url } = await server(o);
    if (o.position && env.geo) env.geo.set(o.position);
    const caps = engine.caps({ ...o, geo: o.position ? env.geo.url : undefined });
    const driver = await withTimeout(
      new Builder().usingServer(url).withCapabilities(caps).forBrowser(caps.browserName).build(),
      30000,
      `${name}: starting a session`,
    );
    env.sessions.push(driver);
    await driver.manage().setTimeouts({ script: WAIT, pageLoad: 30000, implicit: 0 });
    if (name === 'webkit') await driver.manage().window().setRect({ width: PHONE.width, height: PHONE.height }).catch(() => {});
    return driver;
  };
  env.end = async (driver) => {
    env.sessions.splice(env.sessions.indexOf(driver), 1);
    await driver.quit().catch(() => {});
  };
  return env;
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// Page helpers (WebDriver commands only where the page may have JavaScript off)

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);

/** Waits for an element with data-testid `id` and returns it. */
export async function find(driver, id, timeout = WAIT) {
  return failShot(driver, driver.wait(until.elementLocated(byTestId(id)), timeout, `waiting for [data-testid=${id}]`));
}

let shots = 0;
/** A wait that fails leaves a screenshot (e2e/artifacts/engines/failed-N.png) named in its error. */
async function failShot(driver, promise) {
  try {
    return await promise;
  } catch (e) {
    const path = await screenshot(driver, `failed-${++shots}`).catch(() => null);
    if (path) e.message += ` (screenshot: ${path})`;
    throw e;
  }
}

/** Waits until `fn` (run in the page, with `args`) returns something truthy; returns it. */
export async function waitFor(driver, fn, args = [], what = String(fn), timeout = WAIT) {
  const body = `return (${fn}).apply(null, arguments)`;
  return failShot(driver, driver.wait(async () => (await driver.executeScript(body, ...args)) || false, timeout, `waiting for ${what}`));
}

/** Runs `fn` in the page with `args` (WebDriver's scripts are not subject to the page's CSP). */
export function run(driver, fn, ...args) {
  return driver.executeScript(`return (${fn}).apply(null, arguments)`, ...args);
}

/** Opens `path` of the site with localStorage prepared first (on a blank page of the same
 * origin, so the app's first start already sees it). */
export async function open(driver, origin, { path = '/', storage = { 'siaga110.warned': '1' } } = {}) {
  if (Object.keys(storage).length) {
    await driver.get(origin + '/blank.html');
    await run(driver, (s) => Object.entries(s).forEach(([k, v]) => localStorage.setItem(k, v)), storage);
  }
  await driver.get(origin + path);
}

/** Records whether a tel: link was followed — a click on it that nothing prevented — and stops
 * the navigation (the test browser has no dialler), as the Playwright suite does. Installed
 * once the app is running (WebDriver has no init scripts): listeners on window run after the
 * app's listeners on the link. */
export async function recordFollowed(driver) {
  await run(driver, () => {
    if (window.__followed) return;
    window.__followed = [];
    window.addEventListener('click', (e) => {
      const a = e.target.closest && e.target.closest('a[href^="tel:"]');
      if (a && !e.defaultPrevented) {
        window.__followed.push(a.getAttribute('href'));
        e.preventDefault();
      }
    });
  });
}
export const followed = (driver) => run(driver, () => window.__followed);

/** The element's text as WebDriver reads it. */
export const text = async (driver, id) => (await find(driver, id)).getText();

export async function screenshot(driver, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  writeFileSync(path, await driver.takeScreenshot(), 'base64');
  return path;
}

/** Defines and runs a WebDriver command the client has no method for. */
export async function command(driver, name, method, path, params = {}) {
  const executor = driver.getExecutor();
  executor.defineCommand(name, method, path);
  return driver.execute(new Command(name).setParameters(params));
}
