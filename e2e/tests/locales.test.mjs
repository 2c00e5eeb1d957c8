// Both languages have exactly the same keys, and every {{ placeholder }} appears in both.
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
  const vars = (s) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(id)) {
    assert.ok(id[key].trim() && en[key].trim(), key);
    assert.deepEqual(vars(en[key]), vars(id[key]), key);
  }
});
