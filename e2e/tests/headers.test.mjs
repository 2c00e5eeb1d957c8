// The security headers from hostile config.json files (issue 18): tools/headers.mjs builds
// connect-src and frame-ancestors only from what the core's validator accepted (the native
// helper `siaga110-pack config`, the same code the app runs), so the headers never allow what
// the app refuses. No browser needed: these run on the header writer and the helper directly.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkConfig, configHelper, securityHeaders, writeHeaderFiles } from '../../tools/headers.mjs';

const HTML = '<!doctype html><html><head><style>a{}</style></head><body><script type="module">x()</script></body></html>';

/** The CSP as a map of directive -> sources. */
function csp(config) {
  const text = securityHeaders(HTML, typeof config === 'string' ? config : JSON.stringify(config))['Content-Security-Policy'];
  const map = new Map();
  for (const d of text.split(';')) {
    const [name, ...sources] = d.trim().split(/\s+/);
    assert.ok(!map.has(name), `directive ${name} twice in ${text}`);
    map.set(name, sources);
  }
  return map;
}

const DIRECTIVES = [
  'default-src', 'script-src', 'style-src', 'img-src', 'connect-src', 'manifest-src', 'worker-src',
  'base-uri', 'form-action', 'object-src', 'frame-ancestors',
];

describe('config.json through the one validator', () => {
  test('the helper is the core: its output is what Config::parse gives', () => {
    const out = JSON.parse(execFileSync(configHelper(), ['config', '-'], { input: '{"sms_number": "0812-3456-7890", "colour": 1}', encoding: 'utf8' }));
    assert.equal(out.config.sms_number, '081234567890');
    assert.deepEqual(out.warnings, ['config.json: unknown setting "colour" ignored']);
    assert.deepEqual(out.connect_src, []);
  });

  test('a wildcard embed origin is refused: frame-ancestors is only the app', () => {
    for (const origins of [['https://*.example.com'], ['*'], ['https://polres.example.go.id', 'https://*.example.com']]) {
      const c = csp({ embed_origins: origins });
      assert.deepEqual(c.get('frame-ancestors'), ["'self'"], JSON.stringify(origins));
      assert.match(checkConfig(JSON.stringify({ embed_origins: origins })).warnings.join('\n'), /embed_origins ignored/);
    }
    const ok = csp({ embed_origins: ['https://Polres.Example.go.id/', 'http://127.0.0.1:8090'] });
    assert.deepEqual(ok.get('frame-ancestors'), ["'self'", 'https://polres.example.go.id', 'http://127.0.0.1:8090']);
  });

  test('"https://x.example;sandbox" and other injections add no directive and no source', () => {
    for (const bad of [
      'https://x.example;sandbox',
      'https://x.example/api; script-src *',
      'https://x.example,https://evil.example',
      'https://x.example https://evil.example',
      "https://x.example/'unsafe-inline'",
      'https://user@x.example/',
    ]) {
      const c = csp({ report_endpoint: bad, endpoint_origins: [bad], embed_origins: [bad] });
      assert.deepEqual([...c.keys()], DIRECTIVES, bad);
      assert.deepEqual(c.get('connect-src'), ["'self'"], bad);
      assert.deepEqual(c.get('frame-ancestors'), ["'self'"], bad);
      assert.ok(!c.has('sandbox'));
      assert.match(checkConfig(JSON.stringify({ report_endpoint: bad })).warnings.join('\n'), /report_endpoint ignored/, bad);
    }
  });

  test('duplicate keys: an error, reported, and neither value used', () => {
    const text = '{"report_endpoint": "https://a.example/r", "report_endpoint": "https://b.example/r"}';
    const facts = checkConfig(text);
    assert.equal(facts.warnings.length, 1);
    assert.match(facts.warnings[0], /duplicate key "report_endpoint"/);
    assert.equal(facts.config.report_endpoint, null);
    assert.deepEqual(csp(text).get('connect-src'), ["'self'"]);
  });

  test('an http:// endpoint to a real host is not in connect-src (the app refuses it too)', () => {
    assert.deepEqual(csp({ report_endpoint: 'http://lapor.example.go.id/api' }).get('connect-src'), ["'self'"]);
    assert.deepEqual(csp({ report_endpoint: 'http://127.0.0.1:8090/reports' }).get('connect-src'), ["'self'", 'http://127.0.0.1:8090']);
    assert.deepEqual(
      csp({ report_endpoint: 'https://lapor.example.go.id/api', endpoint_origins: ['https://lapor.example.go.id', 'https://b.example'] }).get('connect-src'),
      ["'self'", 'https://lapor.example.go.id', 'https://b.example'],
    );
  });

  test('not JSON, or no file: the defaults', () => {
    assert.deepEqual(csp('not json').get('connect-src'), ["'self'"]);
    assert.deepEqual(csp('{}').get('frame-ancestors'), ["'self'"]);
  });

  test('the written files carry the same policy, and the build says what was ignored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'siaga110-headers-'));
    try {
      writeFileSync(join(dir, 'index.html'), HTML);
      writeFileSync(join(dir, 'config.json'), '{"embed_origins": ["https://*.example.com"], "report_endpoint": "https://lapor.example.go.id/r"}');
      const warn = console.warn;
      const said = [];
      console.warn = (m) => said.push(m);
      try {
        writeHeaderFiles(dir);
      } finally {
        console.warn = warn;
      }
      assert.match(said.join('\n'), /embed_origins ignored/);
      const netlify = readFileSync(join(dir, '_headers'), 'utf8');
      assert.match(netlify, /connect-src 'self' https:\/\/lapor\.example\.go\.id;/);
      assert.match(netlify, /frame-ancestors 'self'\n/);
      assert.doesNotMatch(netlify, /\*\.example/);
      const nginx = readFileSync(join(dir, 'security-headers.nginx.conf'), 'utf8');
      assert.match(nginx, /frame-ancestors 'self'" always;/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
