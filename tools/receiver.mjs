// A small report receiver for tests and for a webmaster trying the endpoint contract: it accepts
// `POST` of a report as JSON, answers CORS, stores each report once per `Idempotency-Key`, and
// can be told to misbehave (answer 500, answer late, drop the connection). No dependencies.
//
//   node tools/receiver.mjs [--host 127.0.0.1] [--port 8090]
//
// Endpoints: POST /report (the contract: 201 stored, 200 already had it, 400 not a report);
// GET /_reports (what was stored, as JSON); POST /_mode {"mode":"ok"|"fail"|"delay"|"drop",
// "status":500,"ms":3000,"times":N} (misbehave for the next N requests, default for ever).
import { createServer } from 'node:http';

/** Starts a receiver. Resolves to { url, origin, reports, requests, setMode, close }. */
export async function startReceiver({ host = '127.0.0.1', port = 0, allowOrigin = '*' } = {}) {
  const reports = new Map(); // Idempotency-Key -> { body, headers, at }
  const requests = []; // every POST /report: { key, outcome }
  let mode = { mode: 'ok' };
  const cors = (req) => ({
    'Access-Control-Allow-Origin': allowOrigin === '*' ? req.headers.origin ?? '*' : allowOrigin,
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type, Idempotency-Key',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  });
  const json = (res, req, status, obj) =>
    res.writeHead(status, { ...cors(req), 'Content-Type': 'application/json' }).end(JSON.stringify(obj));
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (req.method === 'OPTIONS') return res.writeHead(204, cors(req)).end();
    if (req.method === 'GET' && url.pathname === '/_reports') {
      return json(res, req, 200, { reports: [...reports.values()], requests });
    }
    let chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'POST' && url.pathname === '/_mode') {
        mode = JSON.parse(text || '{"mode":"ok"}');
        return json(res, req, 200, mode);
      }
      if (req.method !== 'POST' || url.pathname !== '/report') return json(res, req, 404, { error: 'not found' });
      const key = req.headers['idempotency-key'] ?? '';
      const current = mode;
      if (current.times !== undefined && --current.times <= 0) mode = { mode: 'ok' };
      if (current.mode === 'drop') {
        requests.push({ key, outcome: 'dropped' });
        return req.socket.destroy();
      }
      if (current.mode === 'fail') {
        requests.push({ key, outcome: `status ${current.status ?? 500}` });
        return json(res, req, current.status ?? 500, { error: 'told to fail' });
      }
      if (current.mode === 'delay') await new Promise((ok) => setTimeout(ok, current.ms ?? 3000));
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        requests.push({ key, outcome: 'bad json' });
        return json(res, req, 400, { error: 'body is not JSON' });
      }
      if (!key || body.id !== key || !/^application\/json/.test(req.headers['content-type'] ?? '')) {
        requests.push({ key, outcome: 'bad request' });
        return json(res, req, 400, { error: 'Idempotency-Key must equal the report id; Content-Type application/json' });
      }
      if (reports.has(key)) {
        requests.push({ key, outcome: 'duplicate' });
        return json(res, req, 200, { id: key, stored: false });
      }
      reports.set(key, { body, headers: { 'content-type': req.headers['content-type'], 'idempotency-key': key }, at: Date.now() });
      requests.push({ key, outcome: 'stored' });
      return json(res, req, 201, { id: key, stored: true });
    });
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const origin = `http://${host}:${server.address().port}`;
  return {
    origin,
    url: `${origin}/report`,
    reports,
    requests,
    setMode: (m) => {
      mode = { ...m };
    },
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(ok);
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((acc, a, i, all) => (i % 2 ? acc : [...acc, [a.replace(/^--/, ''), all[i + 1]]]), []),
  );
  const r = await startReceiver({ host: args.host ?? '127.0.0.1', port: Number(args.port ?? 8090) });
  console.log(`Report receiver at ${r.url} (GET ${r.origin}/_reports lists what arrived; Ctrl-C stops it)`);
}
