// A small static file server for the release build (dist/), used by `scripts/serve` and by the
// end-to-end tests, so that what is tested is what is served. No dependencies beyond Node.
//
//   node tools/serve.mjs [--dir dist] [--host 127.0.0.1] [--port 8080] [--endpoint URL]
// (--endpoint: serve a config.json whose report_endpoint is URL — scripts/serve passes the center's
// intake when one answers on 127.0.0.1:8090; the built dist/config.json is left as it is.)
//
// Serves files only from inside --dir; unknown paths get 404 (no SPA fallback: the app has one page).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { checkConfig, securityHeaders } from './headers.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
};

export function parseArgs(argv) {
  const opts = { dir: 'dist', host: '127.0.0.1', port: 8080, endpoint: '' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in opts) || argv[i + 1] === undefined) {
      throw new Error(`unknown or incomplete option: ${argv[i]} (use --dir, --host, --port, --endpoint)`);
    }
    opts[key] = key === 'port' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return opts;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Brotli (quality 11) of a file's bytes, computed once per content (keyed by its SHA-256: an
 * edit of the same length is a new entry), as a static host or CDN would serve precompressed
 * files. */
const compressed = new Map();
export function brotli(body) {
  const key = sha256(body);
  if (!compressed.has(key)) {
    compressed.set(key, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  return compressed.get(key);
}

/** The security headers of tools/headers.mjs for this build and config.json, computed once per
 * pair of contents. Sent on every response, not only on pages: a worker script's own CSP is the
 * policy the service worker runs under, and a static host (`_headers` for `/*`, nginx's
 * `add_header … always`) sends them on every file too. */
const secured = new Map();
const warned = new Set();
function headersFor(html, config) {
  const key = `${sha256(html)}:${sha256(config)}`;
  if (!secured.has(key)) {
    if (!warned.has(config)) {
      warned.add(config);
      for (const w of checkConfig(config).warnings) console.warn(`serve: ${w}`);
    }
    secured.set(key, securityHeaders(html, config));
  }
  return secured.get(key);
}

/** Compresses every file under `dir` ahead of the first request, as a host that stores
 * precompressed files: measurements then time the network, not this server's brotli. */
export async function precompress(dir) {
  const root = resolve(dir);
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !/\.(png|ico)$/.test(path)) brotli(await readFile(path));
  }
}

/** Starts a server; resolves to the http.Server once it listens. Port 0 picks a free port.
 * `files` maps a path (e.g. '/config.json') to a string served instead of the file — the tests
 * use it to point the app at their report receiver, as a deployment edits its config.json.
 * Every response (pages, sw.js, data, 404s) gets the security headers of tools/headers.mjs,
 * computed from this build's index.html and config.json (`noHeaders` for pages that are not
 * Siaga110, such as the demo host page). `prefix` mounts the build under a sub-path. */
export function serve({ dir, host, port, files = {}, noHeaders = false, prefix = '/' }) {
  const root = resolve(dir);
  const read = async (name) => (name in files ? Buffer.from(files[name]) : await readFile(join(root, name.slice(1))));
  const security = async (page) => {
    if (noHeaders) return {};
    const html = page ?? (await read('/index.html').catch(() => Buffer.from(''))).toString('utf8');
    const config = (await read('/config.json').catch(() => Buffer.from('{}'))).toString('utf8');
    return headersFor(html, config);
  };
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      // `prefix`: serve the build under a sub-path, as a police site hosting it at /siaga110/.
      if (!url.pathname.startsWith(prefix)) throw new Error('outside the prefix');
      url.pathname = '/' + url.pathname.slice(prefix.length);
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, 'index.html');
      let body;
      try {
        body = url.pathname in files ? Buffer.from(files[url.pathname]) : await readFile(path);
      } catch {
        res.writeHead(404, { ...(await security()), 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      // The security headers a deployment sends (tools/headers.mjs): a page's own hashes, else
      // those of index.html.
      const headers = { ...(await security(extname(path) === '.html' ? body.toString('utf8') : undefined)) };
      if (/\bbr\b/.test(req.headers['accept-encoding'] ?? '') && !/\.(png|ico)$/.test(path)) {
        body = brotli(body);
        headers['Content-Encoding'] = 'br';
        headers['Vary'] = 'Accept-Encoding';
      }
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
        'Cache-Control': extname(path) === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      if (!res.headersSent) {
        // No headers could be computed (the config checker failed): refuse rather than serve
        // the app without its policy.
        const notFound = e.message === 'outside the prefix' || e instanceof URIError;
        res.writeHead(notFound ? 404 : 500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(notFound ? 'not found' : `server error: ${e.message}`);
        if (!notFound) console.error(`serve: ${req.url}: ${e.message}`);
      }
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const opts = parseArgs(process.argv.slice(2));
  const files = {};
  if (opts.endpoint) {
    const built = JSON.parse(readFileSync(join(resolve(opts.dir), 'config.json'), 'utf8'));
    files['/config.json'] = JSON.stringify({ ...built, report_endpoint: opts.endpoint }, null, 2);
    console.log(`config.json: report_endpoint ${opts.endpoint}`);
  }
  const server = await serve({ ...opts, files });
  const { port } = server.address();
  console.log(`Siaga110 is served from ${resolve(opts.dir)} at http://${opts.host}:${port}/ (Ctrl-C stops it)`);
}
