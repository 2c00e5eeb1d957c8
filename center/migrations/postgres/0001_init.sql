-- Siaga110 center, schema 1 (PostgreSQL). Times are ms since 1970-01-01 UTC; booleans 0/1.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE reports (
  id TEXT PRIMARY KEY,               -- the report's UUID = Idempotency-Key: one row per report
  body TEXT NOT NULL,                -- the report as siaga110-core writes it (canonical JSON)
  body_hash TEXT NOT NULL,           -- SHA-256 of body: same id + same hash = the same report
  token_hash TEXT NOT NULL UNIQUE,   -- SHA-256 of the status token (the token itself is never stored)
  exercise BIGINT NOT NULL,
  category TEXT NOT NULL,
  danger TEXT NOT NULL,
  text_only BIGINT NOT NULL,
  phone_polres TEXT,                 -- the Polres id the phone named
  server_polres TEXT,                -- the Polres id the center's own lookup found
  polres TEXT,                       -- the queue: a Polres id, or NULL for a Polda-level queue
  polda TEXT,                        -- the queue's Polda name (NULL: no Polda known)
  route TEXT NOT NULL,               -- location | phone | polda | none
  mismatch BIGINT NOT NULL,         -- phone_polres and server_polres differ
  kecamatan TEXT,
  kabkota TEXT,
  state TEXT NOT NULL,               -- received | seen | dispatched | closed
  outcome TEXT,
  reply TEXT,
  received_at BIGINT NOT NULL,
  seen_at BIGINT,
  dispatched_at BIGINT,
  closed_at BIGINT,
  replied_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX reports_by_polres ON reports (polres, exercise, received_at);
CREATE INDEX reports_by_polda ON reports (polda, exercise, received_at);
CREATE TABLE fixes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports (id),
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  accuracy_m DOUBLE PRECISION NOT NULL,
  fix_time_ms BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  UNIQUE (report_id, fix_time_ms)
);
CREATE TABLE operators (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,       -- argon2id, PHC string
  polres TEXT,                       -- an operator's Polres id, or
  polda TEXT,                        -- a supervisor's Polda name
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,       -- SHA-256 of the cookie's value
  operator_id BIGINT NOT NULL REFERENCES operators (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE audit (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  operator TEXT NOT NULL,
  report_id TEXT,
  action TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX audit_by_report ON audit (report_id, id);
