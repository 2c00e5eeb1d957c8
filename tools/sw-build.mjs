// Trunk post-build hook: writes sw.js into the build from sw.template.js, with the list of files
// to precache taken from the build output (never typed by hand) and a version that changes
// whenever any of them changes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { writeHeaderFiles } from './headers.mjs';
import { minifyGlue } from './minify-glue.mjs';

const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) {
  console.error('sw-build: TRUNK_STAGING_DIR is not set (run by Trunk as a post_build hook)');
  process.exit(1);
}
// A release build's wasm-bindgen glue is minified first (Trunk's own minifier gives up on it):
// the precache list and its version below then hash what is served.
if (process.env.TRUNK_PROFILE === 'release') {
  const m = await minifyGlue(staging);
  console.log(`sw-build: ${m.href} minified, ${m.before} → ${m.after} bytes (tools/minify-glue.mjs)`);
}
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
const files = walk(staging)
  .map((p) => relative(staging, p).split(sep).join('/'))
  .filter((p) => p !== 'sw.js' && (!p.endsWith('.svg') || p === 'icons/icon.svg'))
  // Screenshots are for the browser's install dialog only: not worth every phone's data.
  .filter((p) => !p.startsWith('screenshots/'))
  .sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(staging, f)));
const version = hash.digest('hex').slice(0, 16);
const precache = ['./', ...files.filter((f) => f !== 'index.html').map((f) => `./${f}`)];
const template = readFileSync(new URL('../sw.template.js', import.meta.url), 'utf8');
const sw = template.replace('__VERSION__', version).replace('__PRECACHE__', JSON.stringify(precache, null, 2));
writeFileSync(join(staging, 'sw.js'), sw);
console.log(`sw-build: sw.js ${version}, ${precache.length} files to precache`);
writeHeaderFiles(staging);
console.log('sw-build: _headers and security-headers.nginx.conf written (tools/headers.mjs)');
