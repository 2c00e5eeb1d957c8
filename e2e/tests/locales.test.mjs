// Both languages have exactly the same keys, and every [placeholder] (what ui::fill replaces)
// appears in both, the same number of times.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const load = (lang) => JSON.parse(readFileSync(new URL(`../../locales/${lang}.json`, import.meta.url), 'utf8'));
const id = load('id');
const en = load('en');

test('Bahasa Indonesia and English have the same keys', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(id).sort());
});

test('every translation is non-empty and keeps the same placeholders', () => {
  const vars = (s) => [...s.matchAll(/\[(\w+)\]/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(id)) {
    assert.ok(id[key].trim() && en[key].trim(), key);
    assert.deepEqual(vars(en[key]), vars(id[key]), key);
  }
});

test('the placeholder check is real: the locales use [name] placeholders, and a missing one fails', () => {
  const vars = (s) => [...s.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
  const withVars = Object.keys(id).filter((k) => vars(id[k]).length > 0);
  assert.ok(withVars.length >= 20, `only ${withVars.length} texts with placeholders`);
  assert.deepEqual(vars(id.status_retry).sort(), ['time', 'why']);
  assert.notDeepEqual(vars('Dicoba lagi pukul [time].'), vars(id.status_retry));
});
