// Trunk post-build hook of the console: moves the inline module script Trunk writes (the
// WebAssembly loader) into boot-<hash>.js, so the center's CSP for /console allows scripts from
// 'self' only — no 'unsafe-inline', no hashes. Fails the build if any inline script, inline style,
// style attribute or third-party URL is left in index.html.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run through trunk build');
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const inline = /<script type="?module"?>([\s\S]*?)<\/script>/;
const m = html.match(inline);
if (!m) throw new Error('no inline module script in index.html');
const hash = createHash('sha256').update(m[1]).digest('hex').slice(0, 16);
const name = `boot-${hash}.js`;
writeFileSync(join(dir, name), m[1]);
html = html.replace(inline, `<script type="module" src="./${name}"></script>`);
const left = [
  [/<script(?![^>]*\bsrc=)[^>]*>/i, 'an inline <script>'],
  [/<style[\s>]/i, 'an inline <style>'],
  [/\sstyle=/i, 'a style attribute'],
  [/\son[a-z]+=/i, 'an event-handler attribute'],
  [/(?:src|href)="?(?:https?:)?\/\//i, 'a URL of another origin'],
];
for (const [re, what] of left) {
  if (re.test(html)) throw new Error(`console/dist/index.html still has ${what}`);
}
writeFileSync(file, html);
console.log(`console: loader moved to ${name}`);
