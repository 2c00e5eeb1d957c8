// Renders the app icons (public/icons/*.svg, drawn for this project) to the PNG sizes the
// manifest names, with Debian's Chromium, then shrinks them to a 32-colour palette (pngquant) and
// recompresses them (optipng): the icons are part of the first visit's bytes. Run once after
// changing a drawing; the PNGs are committed.
//   apt-get install pngquant optipng && node tools/icons.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const dir = new URL('../public/icons/', import.meta.url);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [svg, size, out] of [
  ['icon.svg', 192, 'icon-192.png'],
  ['icon.svg', 512, 'icon-512.png'],
  ['maskable.svg', 512, 'maskable-512.png'],
  ['icon.svg', 180, 'apple-touch-icon.png'],
]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const markup = readFileSync(new URL(svg, dir), 'utf8');
  await page.setContent(`<style>html,body{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${markup}`);
  await page.screenshot({ path: new URL(out, dir).pathname, omitBackground: false });
  await page.close();
  const path = new URL(out, dir).pathname;
  execFileSync('pngquant', ['--force', '--strip', '--speed', '1', '--output', path, '32', path]);
  execFileSync('optipng', ['-quiet', '-o7', path]);
  console.log(`public/icons/${out} (${size}×${size})`);
}
await browser.close();
