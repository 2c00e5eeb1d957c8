// The browser boundary (docs/architecture.md): only src/browser/ may touch web-sys or js-sys.
// Fails, naming each line, when a file elsewhere in src/ does: by name (web_sys, js_sys), or by
// calling a DOM method on an element or event that Leptos hands over as a web-sys type (a
// NodeRef's element, an `on:` handler's event), which no name gives away. Storage keys come
// from the one list, `browser::storage::key`: a literal key outside src/browser/ fails too.
//   node tools/check-boundary.mjs
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const RULES = [
  /\b(web_sys|js_sys)\b/,
  // DOM methods of web-sys elements and events (the browser's, not Leptos's own helpers such as
  // event_target_value): src/browser/dom.rs wraps the ones the views need.
  /\.(focus|blur|click|key|prevent_default|stop_propagation|target|current_target|set_attribute|remove_attribute|class_list|scroll_into_view\w*|query_selector\w*|get_bounding_client_rect|dyn_into|dyn_ref|unchecked_into|unchecked_ref)\(/,
  /\bstorage::(get|set|remove|flag|set_flag|with_prefix)\(\s*"/,
];
const leaks = [];
for (const file of walk(join(root, 'src')).filter((f) => f.endsWith('.rs'))) {
  const rel = relative(root, file);
  if (rel.startsWith('src/browser/')) continue;
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (RULES.some((r) => r.test(code))) leaks.push(`${rel}:${i + 1}: ${line.trim()}`);
  });
}
for (const l of leaks) console.error(l);
console.log(`browser boundary: ${leaks.length ? 0 : 1} passed, ${leaks.length ? 1 : 0} failed`);
process.exit(leaks.length ? 1 : 0);
