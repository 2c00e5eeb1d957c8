// tools/serve.mjs (what every e2e test and scripts/serve run on): the security headers on every
// response — sw.js included, whose own CSP is the policy the service worker runs under — and
// brotli keyed by content, so an edit of the same length serves the new file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { securityHeaders } from '../../tools/headers.mjs';
import { serve } from '../../tools/serve.mjs';

const HTML = '<!doctype html><html><head><style>b{}</style></head><body><script type="module">y()</script></body></html>';
const CONFIG = JSON.stringify({ report_endpoint: 'https://lapor.example.go.id/r', embed_origins: ['https://polres.example.go.id'] });
const SECURITY = ['Content-Security-Policy', 'Permissions-Policy', 'Referrer-Policy', 'X-Content-Type-Options', 'Cross-Origin-Opener-Policy'];

let dir, server, bare, origin, bareOrigin;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'siaga110-serve-'));
  writeFileSync(join(dir, 'index.html'), HTML);
  writeFileSync(join(dir, 'config.json'), CONFIG);
  writeFileSync(join(dir, 'sw.js'), "self.addEventListener('fetch', () => {});\n");
  writeFileSync(join(dir, 'app.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(join(dir, 'note.txt'), 'version one\n');
  server = await serve({ dir, host: '127.0.0.1', port: 0 });
  origin = `http://127.0.0.1:${server.address().port}`;
  bare = await serve({ dir, host: '127.0.0.1', port: 0, noHeaders: true });
  bareOrigin = `http://127.0.0.1:${bare.address().port}`;
});
after(async () => {
  await new Promise((ok) => server.close(ok));
  await new Promise((ok) => bare.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

/** GET with brotli accepted; resolves to { status, headers, text } (decompressed). */
function get(url, { br = true } = {}) {
  return new Promise((ok, fail) => {
    const req = request(url, { headers: br ? { 'accept-encoding': 'gzip, deflate, br' } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let body = Buffer.concat(chunks);
        if (res.headers['content-encoding'] === 'br') body = brotliDecompressSync(body);
        ok({ status: res.statusCode, headers: res.headers, text: body.toString('utf8') });
      });
    });
    req.on('error', fail);
    req.end();
  });
}

describe('tools/serve.mjs', () => {
  test('every response carries the security headers of tools/headers.mjs, sw.js included', async () => {
    const want = securityHeaders(HTML, CONFIG);
    assert.match(want['Content-Security-Policy'], /connect-src 'self' https:\/\/lapor\.example\.go\.id;/);
    for (const path of ['/', '/index.html', '/sw.js', '/config.json', '/app.wasm', '/note.txt', '/missing.js']) {
      for (const br of [true, false]) {
        const { status, headers } = await get(origin + path, { br });
        assert.equal(status, path === '/missing.js' ? 404 : 200, path);
        for (const h of SECURITY) assert.equal(headers[h.toLowerCase()], want[h], `${h} on ${path}`);
      }
    }
  });

  test('pages that are not Siaga110 (noHeaders) get no CSP', async () => {
    const { headers } = await get(`${bareOrigin}/sw.js`);
    assert.equal(headers['content-security-policy'], undefined);
    assert.equal(headers['x-content-type-options'], 'nosniff');
  });

  test('brotli is keyed by content: an edit of the same length serves the new file', async () => {
    assert.equal((await get(`${origin}/note.txt`)).text, 'version one\n');
    writeFileSync(join(dir, 'note.txt'), 'version two\n'); // same length
    const after = await get(`${origin}/note.txt`);
    assert.equal(after.headers['content-encoding'], 'br');
    assert.equal(after.text, 'version two\n');
  });

  test('a config.json edit changes the headers of the next response', async () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ embed_origins: ['https://other.example.go.id'] }));
    try {
      const { headers } = await get(`${origin}/sw.js`);
      assert.match(headers['content-security-policy'], /frame-ancestors 'self' https:\/\/other\.example\.go\.id$/);
      assert.match(headers['content-security-policy'], /connect-src 'self';/);
    } finally {
      writeFileSync(join(dir, 'config.json'), CONFIG);
    }
  });
});
