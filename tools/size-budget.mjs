// Size budget of the release build: prints the raw, gzip and brotli size of every file in dist/,
// then fails when the brotli total of what the first visit downloads exceeds the budgets in
// size-budget.json. Bytes are exact (maximum compression levels, as a static host would precompress).
// Two budgets, both counted on every first visit: the app (the page, its styles and scripts, the
// WebAssembly: `first_visit_brotli_bytes`, the ceiling below) and the answer's data that the page
// fetches beside it (`data/`: the national index it preloads and the provinces' boxes it fetches
// once the position is known, `answer_data_brotli_bytes`) — the same bytes the app fetched after starting before they were
// preloaded, kept apart so that neither can grow behind the other.
//
//   node tools/size-budget.mjs [dist] [--json]   (--json: only {"wasm", "first_visit", "answer_data"} brotli bytes)
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

/** Files the first visit downloads: index.html, what it references, and what those JS files import
 * (the app and the data it fetches beside it; `isData` tells them apart). */
export function firstVisit(dist) {
  const seen = new Set(['index.html']);
  const queue = ['index.html'];
  const ref = /(?:href|src)=["']?\/?([^"'\s>#?]+)|(?:from|import\(|fetch\(|init\(\s*\{?\s*(?:module_or_path:)?)\s*["'`]\/?([^"'`#?]+)["'`]|["']\/?([\w.-]+\.wasm)["']/g;
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

/** A preloaded data file (the answer's data), not part of the app. */
export const isData = (file) => file.startsWith('data/');

function main() {
  const dist = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'dist';
  if (process.argv.includes('--json')) {
    const first = firstVisit(dist);
    const files = [...first].map((f) => ({ f, b: sizes(readFileSync(join(dist, f))).brotli }));
    const sum = (list) => list.reduce((n, x) => n + x.b, 0);
    const wasm = sum(files.filter((x) => x.f.endsWith('.wasm')));
    const data = sum(files.filter((x) => isData(x.f)));
    console.log(JSON.stringify({ wasm, first_visit: sum(files) - data, answer_data: data }));
    return;
  }
  const budgets = JSON.parse(readFileSync('size-budget.json', 'utf8'));
  const budget = budgets.first_visit_brotli_bytes;
  const dataBudget = budgets.answer_data_brotli_bytes;
  if (!(budget > 0 && budget <= CEILING)) {
    console.error(`size-budget.json: first_visit_brotli_bytes must be 1…${CEILING}, is ${budget}`);
    process.exit(1);
  }
  if (!(dataBudget > 0)) {
    console.error(`size-budget.json: answer_data_brotli_bytes must be a positive number, is ${dataBudget}`);
    process.exit(1);
  }
  const first = firstVisit(dist);
  const rows = walk(dist)
    .map((path) => ({ file: relative(dist, path), ...sizes(readFileSync(path)) }))
    .sort((a, b) => b.brotli - a.brotli);
  const pad = (v, n) => String(v).padStart(n);
  console.log(`${'file'.padEnd(44)} ${pad('raw', 9)} ${pad('gzip', 9)} ${pad('brotli', 9)}  first visit`);
  let total = 0;
  let data = 0;
  let dataFiles = 0;
  for (const r of rows) {
    const isFirst = first.has(r.file);
    if (isFirst && isData(r.file)) {
      data += r.brotli;
      dataFiles += 1;
    } else if (isFirst) total += r.brotli;
    const mark = isFirst ? (isData(r.file) ? 'yes (data)' : 'yes') : '';
    console.log(`${r.file.padEnd(44)} ${pad(r.raw, 9)} ${pad(r.gzip, 9)} ${pad(r.brotli, 9)}  ${mark}`);
  }
  const pct = (n, of) => ((100 * n) / of).toFixed(1);
  const ok = [total <= budget, data <= dataBudget];
  console.log(`\nfirst visit, the app: ${first.size - dataFiles} files, ${total} bytes brotli; budget ${budget} bytes (${pct(total, budget)}%)`);
  console.log(`first visit, the answer's data it fetches beside the app (index.bin, provinces.json): ${dataFiles} files, ${data} bytes brotli; budget ${dataBudget} bytes (${pct(data, dataBudget)}%)`);
  const passed = ok.filter(Boolean).length;
  console.log(`budget: ${passed} passed, ${ok.length - passed} failed`);
  if (passed < ok.length) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
