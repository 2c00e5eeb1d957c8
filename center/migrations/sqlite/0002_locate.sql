-- Siaga110 center, schema 2 (SQLite): location requests. An operator on a 110 call asks the caller
-- for their position with a one-time link to the app (`<CENTER_APP_URL>?lokasi=<token>`).
-- Times are ms since 1970-01-01 UTC.
CREATE TABLE location_requests (
  id TEXT PRIMARY KEY,               -- a random UUID; the link's token is HMAC(secret, 'lokasi:' || id)
  token_hash TEXT NOT NULL UNIQUE,   -- SHA-256 of the token (the token itself is never stored)
  polres TEXT,                       -- the scope: an operator's Polres id, or NULL (a supervisor's request)
  polda TEXT,                        -- the scope's Polda name
  operator TEXT NOT NULL,            -- who asked
  note TEXT,                         -- shown to the person on the consent screen (cleaned, <= 200 characters)
  report_id TEXT REFERENCES reports (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,       -- created_at + 30 minutes
  phone TEXT,                        -- the UUID the first answering phone made for this link (NULL until then)
  state TEXT NOT NULL,               -- waiting | shared | declined
  answered_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX location_requests_by_polres ON location_requests (polres, created_at);
CREATE INDEX location_requests_by_polda ON location_requests (polda, created_at);
CREATE TABLE location_fixes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL REFERENCES location_requests (id),
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  accuracy_m REAL NOT NULL,
  fix_time_ms INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (request_id, fix_time_ms)   -- a repeat of a position is stored once; at most 200 per request
);
