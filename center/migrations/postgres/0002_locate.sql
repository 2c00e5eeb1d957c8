-- Siaga110 center, schema 2 (PostgreSQL): location requests. An operator on a 110 call asks the caller
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
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,       -- created_at + 30 minutes
  phone TEXT,                        -- the UUID the first answering phone made for this link (NULL until then)
  state TEXT NOT NULL,               -- waiting | shared | declined
  answered_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX location_requests_by_polres ON location_requests (polres, created_at);
CREATE INDEX location_requests_by_polda ON location_requests (polda, created_at);
CREATE TABLE location_fixes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES location_requests (id),
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  accuracy_m DOUBLE PRECISION NOT NULL,
  fix_time_ms BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  UNIQUE (request_id, fix_time_ms)   -- a repeat of a position is stored once; at most 200 per request
);
