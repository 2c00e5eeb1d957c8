// Checks public/report.schema.json against the reports the core really writes: runs the
// sample_reports example (JSON Lines), validates every line with Ajv (JSON Schema draft
// 2020-12, strict mode, formats checked), and makes sure that broken reports are rejected, so
// that this check can fail. Exits non-zero with the errors on any failure.
//   node tools/check-schema.mjs   (needs cargo, and Ajv in e2e/node_modules: npm ci --prefix e2e)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const Ajv2020 = require('ajv/dist/2020.js');
const addFormats = require('ajv-formats');

const schema = JSON.parse(readFileSync(new URL('../public/report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);
const explain = (errors) => ajv.errorsText(errors, { separator: '\n    ', dataVar: 'report' });

const out = execFileSync('cargo', ['run', '--locked', '-q', '-p', 'siaga110-core', '--example', 'sample_reports'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const reports = out
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));

const failures = [];
reports.forEach((r, i) => {
  if (!validate(r)) failures.push(`sample ${i + 1} (${r.id}):\n    ${explain(validate.errors)}`);
});

// The samples must cover what the schema allows, or passing them proves little.
const seen = (f) => new Set(reports.map(f));
const cover = [
  ['category', seen((r) => r.category), schema.properties.category.enum],
  ['danger', seen((r) => r.danger), schema.properties.danger.enum],
  ['subject', seen((r) => r.subject), schema.properties.subject.enum],
  ['location.source', seen((r) => r.location?.source ?? 'none'), ['none', 'device', 'manual']],
  ['exercise', seen((r) => r.exercise), [true, false]],
  ['text_only', seen((r) => r.text_only), [true, false]],
  ['injured', seen((r) => 'injured' in r), [true, false]],
  ['polres', seen((r) => 'polres' in r), [true, false]],
  ['polres.inside', seen((r) => r.polres?.inside ?? 'none'), [true, false, 'none']],
  ['location.label', seen((r) => 'label' in (r.location ?? {})), [true, false]],
  ['location.accuracy_m unknown', seen((r) => r.location?.accuracy_m === null), [true, false]],
  ['reporter.name', seen((r) => 'name' in r.reporter), [true, false]],
  ['reporter.phone', seen((r) => 'phone' in r.reporter), [true, false]],
  ['empty description', seen((r) => r.description === ''), [true, false]],
  ['empty landmark', seen((r) => r.landmark === ''), [true, false]],
];
for (const [what, got, want] of cover) {
  const missing = want.filter((v) => !got.has(v));
  if (missing.length) failures.push(`the samples never have ${what} = ${missing.join(', ')}`);
}

// Broken reports must fail: otherwise the schema (or this check) accepts anything.
const base = reports.find((r) => r.location && r.polres && r.reporter.phone) ?? reports[0];
const broken = {
  'an extra property': (r) => ({ ...r, extra: 1 }),
  'an extra property in location': (r) => ({ ...r, location: { ...r.location, altitude: 10 } }),
  'an extra property in polres': (r) => ({ ...r, polres: { ...r.polres, phone: '110' } }),
  'an extra property in reporter': (r) => ({ ...r, reporter: { ...r.reporter, email: 'a@b.c' } }),
  'a category that is not a code': (r) => ({ ...r, category: 'robbery' }),
  'a danger that is not a code': (r) => ({ ...r, danger: 'yes' }),
  'a location source that is not a code': (r) => ({ ...r, location: { ...r.location, source: 'gps' } }),
  'version 2': (r) => ({ ...r, version: 2 }),
  'an upper-case id': (r) => ({ ...r, id: r.id.toUpperCase() }),
  'a time with an offset': (r) => ({ ...r, created_at: r.created_at.replace('Z', '+07:00') }),
  'a missing category': ({ category, ...r }) => r,
  'a missing reporter': ({ reporter, ...r }) => r,
  'a null injured': (r) => ({ ...r, injured: null }),
  'a latitude off the globe': (r) => ({ ...r, location: { ...r.location, lat: 91 } }),
  'a fractional fix time': (r) => ({ ...r, location: { ...r.location, fix_time_ms: 1.5 } }),
  'a phone with letters': (r) => ({ ...r, reporter: { phone: '0812abc' } }),
  'a control character in the landmark': (r) => ({ ...r, landmark: 'a\u0007b' }),
  'a right-to-left override in the landmark': (r) => ({ ...r, landmark: 'B 1234 \u202eZYX' }),
  'a zero-width space in the description': (r) => ({ ...r, description: 'a\u200bb' }),
  'a negative accuracy': (r) => ({ ...r, location: { ...r.location, accuracy_m: -50 } }),
  'a description over 2000 characters': (r) => ({ ...r, description: 'x'.repeat(2001) }),
};
for (const [what, breakIt] of Object.entries(broken)) {
  if (validate(breakIt(structuredClone(base)))) failures.push(`a report with ${what} passes the schema`);
}

if (failures.length) {
  console.error(`report.schema.json: ${failures.length} failure(s)\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `report.schema.json: ${reports.length} sample reports valid, ${Object.keys(broken).length} broken ones rejected`,
);
