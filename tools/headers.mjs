// The HTTP security headers a deployment sends with Siaga110, computed from the build itself:
// a strict Content-Security-Policy (hashes for the inline module script Trunk writes and the
// inlined CSS — no 'unsafe-inline', no 'unsafe-eval', only 'wasm-unsafe-eval'), with the report
// endpoint and the embedding pages taken from config.json; Permissions-Policy; Referrer-Policy.
//
// config.json is read by the app's own validator (siaga110_core::config, the same code the app
// runs), through the native helper `siaga110-pack config -` (tools/pack): connect-src and
// frame-ancestors are built only from the origins it accepted, so no rule here can differ from
// the app's (wildcards, `;` or `,` in a URL, a duplicate key, an http:// endpoint to a real host
// are refused by both). The helper is built with cargo on first use (a no-op when up to date);
// SIAGA110_CONFIG_HELPER=/path/to/siaga110-pack uses a prebuilt one.
//
//   node tools/headers.mjs [dist]   writes dist/_headers (Netlify / Cloudflare Pages format) and
//                                   dist/security-headers.nginx.conf (for `include` in nginx);
//                                   run again after editing dist/config.json.
// tools/serve.mjs sends securityHeaders() on every response it serves, so the tests run under them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Hashes of every inline <script> and <style> body in the page. */
export function inlineHashes(html) {
  const grab = (tag) =>
    [...html.matchAll(new RegExp(`<${tag}\\b(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'gi'))].map((m) => sha256(m[1]));
  return { scripts: grab('script'), styles: grab('style') };
}

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
    const p = join(dir, e.name);
    return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);

let helper = process.env.SIAGA110_CONFIG_HELPER || null;
/** The path of the native config checker (siaga110-pack, release build). Used as it is when it
 * is newer than every source it is built from; otherwise built first with cargo (once per
 * process), which also says where the binary is. */
export function configHelper() {
  if (helper) return helper;
  const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');
  const built = join(target, 'release', process.platform === 'win32' ? 'siaga110-pack.exe' : 'siaga110-pack');
  const sources = Math.max(
    newest(join(ROOT, 'core/src')),
    newest(join(ROOT, 'tools/pack/src')),
    ...['Cargo.lock', 'core/Cargo.toml', 'tools/pack/Cargo.toml'].map((f) => statSync(join(ROOT, f)).mtimeMs),
  );
  let mtime = 0;
  try {
    mtime = statSync(built).mtimeMs;
  } catch {}
  if (mtime > sources) return (helper = built);
  const out = execFileSync(
    'cargo',
    ['build', '--release', '--locked', '-q', '-p', 'siaga110-pack', '--message-format=json'],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
  );
  for (const line of out.split('\n')) {
    try {
      const m = JSON.parse(line);
      if (m.reason === 'compiler-artifact' && m.target?.name === 'siaga110-pack' && m.executable) helper = m.executable;
    } catch {}
  }
  if (!helper) throw new Error('headers: cargo built no siaga110-pack binary (cargo build --release -p siaga110-pack)');
  return helper;
}

// A plain origin as the core writes one. Only a guard: the helper's output must look like this,
// or the headers are not written at all (never "fixed up" here).
const PLAIN_ORIGIN = /^https?:\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:[0-9]{1,5})?$/;

const checked = new Map();
/** config.json's text as the app reads it: { config, connect_src, frame_ancestors, warnings },
 * from the core's validator (siaga110-pack config). Throws if the helper cannot run. */
export function checkConfig(configText = '{}') {
  if (!checked.has(configText)) {
    const out = execFileSync(configHelper(), ['config', '-'], { input: configText, encoding: 'utf8' });
    const facts = JSON.parse(out);
    for (const o of [...facts.connect_src, ...facts.frame_ancestors]) {
      if (typeof o !== 'string' || !PLAIN_ORIGIN.test(o)) throw new Error(`headers: the config checker gave ${JSON.stringify(o)}, not a plain origin`);
    }
    checked.set(configText, facts);
  }
  return checked.get(configText);
}

/** The headers for index.html, given its text and config.json's text (either may be bad: a bad
 * config.json gives the app's own defaults, with the warnings `checkConfig` returns). */
export function securityHeaders(html, configText = '{}') {
  const facts = checkConfig(configText);
  const connect = ["'self'", ...facts.connect_src];
  const ancestors = ["'self'", ...facts.frame_ancestors];
  const { scripts, styles } = inlineHashes(html);
  const csp = [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${scripts.join(' ')}`.trim(),
    `style-src 'self' ${styles.join(' ')}`.trim(),
    "img-src 'self' data:",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "base-uri 'self'",
    "form-action 'none'",
    "object-src 'none'",
    `frame-ancestors ${[...new Set(ancestors)].join(' ')}`,
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'Permissions-Policy':
      'geolocation=(self), camera=(), microphone=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin-allow-popups',
  };
}

/** Writes dist/_headers and dist/security-headers.nginx.conf for the build in `dist`. */
export function writeHeaderFiles(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  let config = '{}';
  try {
    config = readFileSync(join(dist, 'config.json'), 'utf8');
  } catch {}
  // The warnings the app will log in the console, said at build time too.
  for (const w of checkConfig(config).warnings) console.warn(`headers: ${w}`);
  const headers = securityHeaders(html, config);
  const netlify = ['/*', ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`)].join('\n') + '\n';
  writeFileSync(join(dist, '_headers'), netlify);
  const nginx =
    '# Generated by tools/headers.mjs from this build; include it in the location that serves Siaga110.\n' +
    Object.entries(headers)
      .map(([k, v]) => `add_header ${k} "${v}" always;`)
      .join('\n') +
    '\n';
  writeFileSync(join(dist, 'security-headers.nginx.conf'), nginx);
  return headers;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ?? 'dist';
  writeHeaderFiles(dist);
  console.log(`headers: ${dist}/_headers and ${dist}/security-headers.nginx.conf`);
}
