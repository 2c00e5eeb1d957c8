// Size budget of the release build: prints the raw, gzip and brotli size of every file in dist/,
// then fails when the brotli total of what the first visit downloads exceeds the budget in
// size-budget.json. Bytes are exact (maximum compression levels, as a static host would precompress).
//
//   node tools/size-budget.mjs [dist] [--json]   (--json: only {"wasm", "first_visit"} brotli bytes)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The budget may only go down from here: the ceiling set when the named stack (serde, gloo)
 * and the receipt came in (issue 16: 270 KB). */
export const CEILING = 270_000;

export function sizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Files the first visit downloads: index.html, what it references, and what those JS files import. */
export function firstVisit(dist) {
  const seen = new Set(['index.html']);
  const queue = ['index.html'];
  const ref = /(?:href|src)=["']?\/?([^"'\s>#?]+)|(?:from|import\(|init\(\s*\{?\s*(?:module_or_path:)?)\s*["']\/?([^"'#?]+)["']|["']\/?([\w.-]+\.wasm)["']/g;
  while (queue.length) {
    const file = queue.shift();
    if (!/\.(html|js|mjs|css)$/.test(file)) continue;
    const text = readFileSync(join(dist, file), 'utf8');
    for (const m of text.matchAll(ref)) {
      const target = (m[1] ?? m[2] ?? m[3]).replace(/^\.\//, '');
      if (/^[a-z]+:/i.test(target) || seen.has(target)) continue;
      try {
        if (!statSync(join(dist, target)).isFile()) continue;
      } catch {
        continue;
      }
      seen.add(target);
      queue.push(target);
    }
  }
  return seen;
}

function main() {
  const dist = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'dist';
  if (process.argv.includes('--json')) {
    const first = firstVisit(dist);
    const files = [...first].map((f) => ({ f, b: sizes(readFileSync(join(dist, f))).brotli }));
    const wasm = files.filter((x) => x.f.endsWith('.wasm')).reduce((n, x) => n + x.b, 0);
    console.log(JSON.stringify({ wasm, first_visit: files.reduce((n, x) => n + x.b, 0) }));
    return;
  }
  const budget = JSON.parse(readFileSync('size-budget.json', 'utf8')).first_visit_brotli_bytes;
  if (!(budget > 0 && budget <= CEILING)) {
    console.error(`size-budget.json: first_visit_brotli_bytes must be 1…${CEILING}, is ${budget}`);
    process.exit(1);
  }
  const first = firstVisit(dist);
  const rows = walk(dist)
    .map((path) => ({ file: relative(dist, path), ...sizes(readFileSync(path)) }))
    .sort((a, b) => b.brotli - a.brotli);
  const pad = (v, n) => String(v).padStart(n);
  console.log(`${'file'.padEnd(44)} ${pad('raw', 9)} ${pad('gzip', 9)} ${pad('brotli', 9)}  first visit`);
  let total = 0;
  for (const r of rows) {
    const isFirst = first.has(r.file);
    if (isFirst) total += r.brotli;
    console.log(`${r.file.padEnd(44)} ${pad(r.raw, 9)} ${pad(r.gzip, 9)} ${pad(r.brotli, 9)}  ${isFirst ? 'yes' : ''}`);
  }
  const ok = total <= budget;
  console.log(`\nfirst visit: ${first.size} files, ${total} bytes brotli; budget ${budget} bytes (${((100 * total) / budget).toFixed(1)}%)`);
  console.log(`budget: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
  if (!ok) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
