-- Siaga110 center, schema 1 (SQLite). Times are ms since 1970-01-01 UTC; booleans 0/1.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE reports (
  id TEXT PRIMARY KEY,               -- the report's UUID = Idempotency-Key: one row per report
  body TEXT NOT NULL,                -- the report as siaga110-core writes it (canonical JSON)
  body_hash TEXT NOT NULL,           -- SHA-256 of body: same id + same hash = the same report
  token_hash TEXT NOT NULL UNIQUE,   -- SHA-256 of the status token (the token itself is never stored)
  exercise INTEGER NOT NULL,
  category TEXT NOT NULL,
  danger TEXT NOT NULL,
  text_only INTEGER NOT NULL,
  phone_polres TEXT,                 -- the Polres id the phone named
  server_polres TEXT,                -- the Polres id the center's own lookup found
  polres TEXT,                       -- the queue: a Polres id, or NULL for a Polda-level queue
  polda TEXT,                        -- the queue's Polda name (NULL: no Polda known)
  route TEXT NOT NULL,               -- location | phone | polda | none
  mismatch INTEGER NOT NULL,         -- phone_polres and server_polres differ
  kecamatan TEXT,
  kabkota TEXT,
  state TEXT NOT NULL,               -- received | seen | dispatched | closed
  outcome TEXT,
  reply TEXT,
  received_at INTEGER NOT NULL,
  seen_at INTEGER,
  dispatched_at INTEGER,
  closed_at INTEGER,
  replied_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX reports_by_polres ON reports (polres, exercise, received_at);
CREATE INDEX reports_by_polda ON reports (polda, exercise, received_at);
CREATE TABLE fixes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id TEXT NOT NULL REFERENCES reports (id),
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  accuracy_m REAL NOT NULL,
  fix_time_ms INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (report_id, fix_time_ms)
);
CREATE TABLE operators (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,       -- argon2id, PHC string
  polres TEXT,                       -- an operator's Polres id, or
  polda TEXT,                        -- a supervisor's Polda name
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,       -- SHA-256 of the cookie's value
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  operator TEXT NOT NULL,
  report_id TEXT,
  action TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX audit_by_report ON audit (report_id, id);
