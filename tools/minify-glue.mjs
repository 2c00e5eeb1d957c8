// Minifies the release build's wasm-bindgen glue (the app's `<name>-<hash>.js`) with terser and
// updates its integrity hash in index.html. Called by the post-build hook (tools/sw-build.mjs)
// before the precache list is made. Trunk minifies this file itself, but its minifier stops at
// the glue's `export default` ("Failed to minify JS" in every release build) and Trunk then
// ships it as it is: 51.9 KB, 8,018 B brotli, against 6,265 B minified (2026-12-04) — on the
// bench's 400 kbit/s that is 34 ms of the first visit, all of it before the app can start.
//
//   node tools/minify-glue.mjs DIR     (DIR: a built dist/, for trying it by hand)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The glue's file name and integrity as Trunk wrote them into index.html. */
export function findGlue(html) {
  const links = [...html.matchAll(/<link\b[^>]*\brel=["']?modulepreload\b[^>]*>/g)].map((m) => m[0]);
  if (links.length !== 1) throw new Error(`index.html has ${links.length} modulepreload links, expected 1`);
  const href = /\bhref=["']?\.\/([^"' >]+\.js)/.exec(links[0])?.[1];
  const integrity = /\bintegrity=["']?(sha384-[A-Za-z0-9+/=]+)/.exec(links[0])?.[1];
  if (!href || !integrity) throw new Error(`cannot read href and integrity from ${links[0]}`);
  return { href, integrity };
}

export async function minifyGlue(dir) {
  const require = createRequire(new URL('./minify/package.json', import.meta.url));
  let terser;
  try {
    terser = require('terser');
  } catch {
    throw new Error('terser is not installed: run `npm ci --prefix tools/minify` (scripts/serve and scripts/test do)');
  }
  const htmlPath = join(dir, 'index.html');
  const html = readFileSync(htmlPath, 'utf8');
  const { href, integrity } = findGlue(html);
  const path = join(dir, href);
  const source = readFileSync(path, 'utf8');
  if (`sha384-${createHash('sha384').update(source).digest('base64')}` !== integrity) {
    throw new Error(`${href} does not match its integrity in index.html: minified already, or changed`);
  }
  const out = await terser.minify(source, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (!out.code) throw new Error(`terser returned nothing for ${href}`);
  writeFileSync(path, out.code);
  const fresh = `sha384-${createHash('sha384').update(out.code).digest('base64')}`;
  writeFileSync(htmlPath, html.split(integrity).join(fresh));
  return { href, before: source.length, after: out.code.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await minifyGlue(process.argv[2] ?? 'dist');
  console.log(`minify-glue: ${r.href} ${r.before} → ${r.after} bytes`);
}
