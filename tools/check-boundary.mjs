// The browser boundary (docs/architecture.md): only src/browser/ may touch web-sys or js-sys.
// Fails, naming each line, when a file elsewhere in src/ does.
//   node tools/check-boundary.mjs
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const leaks = [];
for (const file of walk(join(root, 'src')).filter((f) => f.endsWith('.rs'))) {
  const rel = relative(root, file);
  if (rel.startsWith('src/browser/')) continue;
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/\b(web_sys|js_sys)\b/.test(line.replace(/\/\/.*$/, ''))) leaks.push(`${rel}:${i + 1}: ${line.trim()}`);
  });
}
for (const l of leaks) console.error(l);
console.log(`browser boundary: ${leaks.length ? 0 : 1} passed, ${leaks.length ? 1 : 0} failed`);
process.exit(leaks.length ? 1 : 0);
