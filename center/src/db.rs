//! The database: SQLite (embedded default) or PostgreSQL, through sqlx's `Any` driver with
//! runtime queries. Reports are written by one writer task with group commit: each request is
//! answered only after the transaction holding its row has committed (WAL + `synchronous=FULL`
//! on SQLite), so a 2xx always means the row is durable.

use std::path::Path;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use tokio::sync::{mpsc, oneshot};

/// The channel of PostgreSQL notifications (`new:ID`, `changed:ID` of reports, `location:ID` of
/// location requests).
pub const CHANNEL: &str = "siaga110_reports";
/// At most this many fixes are kept per report.
pub const MAX_FIXES: i64 = 500;
/// At most this many reports are committed in one transaction.
pub const MAX_BATCH: usize = 256;

/// How long a location request's link works, ms (30 minutes).
pub const LOCATE_TTL_MS: i64 = 30 * 60_000;
/// At most this many positions are kept per location request.
pub const MAX_LOCATE_FIXES: i64 = 200;

const MIGRATIONS_SQLITE: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../migrations/sqlite/0002_locate.sql")),
    (3, include_str!("../migrations/sqlite/0003_area_basis.sql")),
];
const MIGRATIONS_PG: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_init.sql")),
    (2, include_str!("../migrations/postgres/0002_locate.sql")),
    (
        3,
        include_str!("../migrations/postgres/0003_area_basis.sql"),
    ),
];

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// An open database.
#[derive(Clone, Debug)]
pub struct Db {
    /// The pool.
    pub pool: AnyPool,
    /// PostgreSQL (else SQLite).
    pub pg: bool,
    /// Where it is (the URL without a password).
    pub display: String,
}

/// A report ready to be stored.
#[derive(Debug, Clone)]
pub struct NewReport {
    /// UUID.
    pub id: String,
    /// Canonical JSON.
    pub body: String,
    /// SHA-256 of `body`.
    pub body_hash: String,
    /// SHA-256 of the status token.
    pub token_hash: String,
    /// Practice report.
    pub exercise: bool,
    /// Category code.
    pub category: String,
    /// Danger code.
    pub danger: String,
    /// Text only.
    pub text_only: bool,
    /// The phone's Polres id.
    pub phone_polres: Option<String>,
    /// The center's Polres id.
    pub server_polres: Option<String>,
    /// The queue's Polres id.
    pub polres: Option<String>,
    /// The queue's Polda.
    pub polda: Option<String>,
    /// How the queue was chosen.
    pub route: &'static str,
    /// Phone and center disagree on the Polres.
    pub mismatch: bool,
    /// How the center's lookup knows the area's Polres (`polsek-list`, `decision`, `name-match`).
    pub area_basis: Option<&'static str>,
    /// Kecamatan name.
    pub kecamatan: Option<String>,
    /// Kab/kota name.
    pub kabkota: Option<String>,
    /// Now.
    pub received_at: i64,
}

/// What the intake answers, built from the stored row (so a repeat gets the same answer).
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    /// UUID.
    pub id: String,
    /// When it was first stored.
    pub received_at: i64,
    /// The queue's Polres.
    pub polres: Option<String>,
    /// The queue's Polda.
    pub polda: Option<String>,
    /// Practice report.
    pub exercise: bool,
}

/// The outcome of storing one report.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// A new row.
    Created(Receipt),
    /// The same report was already there.
    Existing(Receipt),
    /// Another report with this id is stored.
    Conflict,
}

/// A stored report with the center's fields.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub id: String,
    pub body: String,
    pub exercise: bool,
    pub category: String,
    pub danger: String,
    pub text_only: bool,
    pub phone_polres: Option<String>,
    pub server_polres: Option<String>,
    pub polres: Option<String>,
    pub polda: Option<String>,
    pub route: String,
    pub mismatch: bool,
    pub area_basis: Option<String>,
    pub kecamatan: Option<String>,
    pub kabkota: Option<String>,
    pub state: String,
    pub outcome: Option<String>,
    pub reply: Option<String>,
    pub received_at: i64,
    pub seen_at: Option<i64>,
    pub dispatched_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub replied_at: Option<i64>,
    pub updated_at: i64,
}

const COLS: &str = "id, body, exercise, category, danger, text_only, phone_polres, server_polres, \
    polres, polda, route, mismatch, area_basis, kecamatan, kabkota, state, outcome, reply, received_at, seen_at, \
    dispatched_at, closed_at, replied_at, updated_at";

fn report_row(r: &AnyRow) -> Result<ReportRow, sqlx::Error> {
    Ok(ReportRow {
        id: r.try_get("id")?,
        body: r.try_get("body")?,
        exercise: r.try_get::<i64, _>("exercise")? != 0,
        category: r.try_get("category")?,
        danger: r.try_get("danger")?,
        text_only: r.try_get::<i64, _>("text_only")? != 0,
        phone_polres: r.try_get("phone_polres")?,
        server_polres: r.try_get("server_polres")?,
        polres: r.try_get("polres")?,
        polda: r.try_get("polda")?,
        route: r.try_get("route")?,
        mismatch: r.try_get::<i64, _>("mismatch")? != 0,
        area_basis: r.try_get("area_basis")?,
        kecamatan: r.try_get("kecamatan")?,
        kabkota: r.try_get("kabkota")?,
        state: r.try_get("state")?,
        outcome: r.try_get("outcome")?,
        reply: r.try_get("reply")?,
        received_at: r.try_get("received_at")?,
        seen_at: r.try_get("seen_at")?,
        dispatched_at: r.try_get("dispatched_at")?,
        closed_at: r.try_get("closed_at")?,
        replied_at: r.try_get("replied_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// A later position fix of a report (the trail).
#[derive(Debug, Clone, serde::Serialize)]
pub struct FixRow {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Radius, metres.
    pub accuracy_m: f64,
    /// When measured, ms.
    pub fix_time_ms: i64,
    /// When received, ms.
    pub received_at: i64,
}

/// A location request (an operator asks a caller for their position with a one-time link).
#[derive(Debug, Clone)]
pub struct LocateRow {
    /// A random UUID.
    pub id: String,
    /// The scope's Polres id (an operator's request), or None (a supervisor's).
    pub polres: Option<String>,
    /// The scope's Polda.
    pub polda: Option<String>,
    /// Who asked.
    pub operator: String,
    /// Shown to the person.
    pub note: Option<String>,
    /// The report it is about, if any.
    pub report_id: Option<String>,
    /// When made, ms.
    pub created_at: i64,
    /// When the link stops working, ms.
    pub expires_at: i64,
    /// The UUID of the phone that answered first.
    pub phone: Option<String>,
    /// `waiting`, `shared` or `declined`.
    pub state: String,
    /// When a phone first answered, ms.
    pub answered_at: Option<i64>,
    /// The last change, ms.
    pub updated_at: i64,
}

const LCOLS: &str = "id, polres, polda, operator, note, report_id, created_at, expires_at, phone, \
    state, answered_at, updated_at";

fn locate_row(r: &AnyRow) -> Result<LocateRow, sqlx::Error> {
    Ok(LocateRow {
        id: r.try_get("id")?,
        polres: r.try_get("polres")?,
        polda: r.try_get("polda")?,
        operator: r.try_get("operator")?,
        note: r.try_get("note")?,
        report_id: r.try_get("report_id")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        phone: r.try_get("phone")?,
        state: r.try_get("state")?,
        answered_at: r.try_get("answered_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// A location request ready to be stored.
#[derive(Debug, Clone)]
pub struct NewLocate {
    /// A random UUID.
    pub id: String,
    /// SHA-256 of the link's token.
    pub token_hash: String,
    /// The scope's Polres id, or None.
    pub polres: Option<String>,
    /// The scope's Polda.
    pub polda: Option<String>,
    /// Who asks.
    pub operator: String,
    /// Shown to the person (cleaned).
    pub note: Option<String>,
    /// A report of the scope.
    pub report_id: Option<String>,
    /// Now, ms.
    pub created_at: i64,
}

/// What a phone answers to a location request.
#[derive(Debug, Clone)]
pub enum LocateAnswer {
    /// A position.
    Fix(FixRow),
    /// The person does not share.
    Decline,
}

/// The outcome of a phone's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answered {
    /// Stored: `new` a new position; `changed` anything changed (for the live feed).
    Stored { new: bool, changed: bool },
    /// Already `MAX_LOCATE_FIXES` positions.
    Full,
    /// Another phone answered first.
    Used,
    /// Past `expires_at`.
    Expired,
    /// No such request.
    NotFound,
}

/// What an operator may see: one Polres, or (a supervisor) one Polda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Reports queued to this Polres id.
    Polres(String),
    /// Reports queued to this Polda (every Polres in it, and its Polda-level queue).
    Polda(String),
}

impl Scope {
    fn clause(&self, n: usize) -> (String, &str) {
        match self {
            Scope::Polres(p) => (format!("polres = ${n}"), p),
            Scope::Polda(p) => (format!("polda = ${n}"), p),
        }
    }
}

/// An operator account.
#[derive(Debug, Clone)]
pub struct OperatorRow {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub polres: Option<String>,
    pub polda: Option<String>,
}

impl OperatorRow {
    /// Its scope (a Polres wins over a Polda; one of them is always set).
    pub fn scope(&self) -> Scope {
        match (&self.polres, &self.polda) {
            (Some(p), _) => Scope::Polres(p.clone()),
            (None, Some(p)) => Scope::Polda(p.clone()),
            (None, None) => Scope::Polres(String::new()),
        }
    }
}

/// One audit entry.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditRow {
    /// When, ms.
    pub at: i64,
    /// Who.
    pub operator: String,
    /// Which report, if any.
    pub report_id: Option<String>,
    /// What (`seen`, `dispatched`, `closed`, `reply`, `login`, `logout`…).
    pub action: String,
    /// Details (an outcome, a reply's text).
    pub detail: Option<String>,
}

/// An operator's action on a report.
#[derive(Debug, Clone)]
pub enum Action {
    /// Opened / read.
    Seen,
    /// Someone is on the way.
    Dispatched,
    /// Closed with an outcome.
    Close(String),
    /// A short reply shown to the person.
    Reply(String),
}

/// Why an action was refused.
#[derive(Debug)]
pub enum ActError {
    /// Not in scope or absent.
    NotFound,
    /// Not possible in this state.
    State(String),
    /// The database failed.
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ActError {
    fn from(e: sqlx::Error) -> Self {
        ActError::Db(e)
    }
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..s + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

impl Db {
    /// Opens (and creates, for SQLite) the database and brings its schema up to date.
    pub async fn open(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let pg = url.starts_with("postgres://") || url.starts_with("postgresql://");
        let url = if pg {
            url.to_string()
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .ok_or_else(|| {
                    sqlx::Error::Configuration(
                        format!("DATABASE_URL must start with postgres:// or sqlite:// ({url})")
                            .into(),
                    )
                })?;
            let path = path.split('?').next().unwrap_or(path);
            if let Some(dir) = Path::new(path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
            }
            format!("sqlite://{path}?mode=rwc")
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if !pg {
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = FULL",
                            "PRAGMA busy_timeout = 10000",
                            "PRAGMA foreign_keys = ON",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let db = Db {
            pool,
            pg,
            display: redact(url.split('?').next().unwrap_or(&url)),
        };
        db.migrate().await?;
        Ok(db)
    }

    /// A transaction that will write: on SQLite `BEGIN IMMEDIATE`, which takes the write lock
    /// at once (waiting up to `busy_timeout`), so a read followed by a write in it cannot fail
    /// with SQLITE_BUSY when another connection wrote meanwhile.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        if self.pg {
            self.pool.begin().await
        } else {
            self.pool.begin_with("BEGIN IMMEDIATE").await
        }
    }

    async fn migrate(&self) -> Result<(), sqlx::Error> {
        let mut tx = self.begin_write().await?;
        if self.pg {
            // Two processes starting at once on one database: one migrates, the other waits.
            sqlx::query("SELECT 1 AS ok FROM (SELECT pg_advisory_xact_lock(110110)) AS l")
                .execute(&mut *tx)
                .await?;
        }
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS center_schema (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        )
        .execute(&mut *tx)
        .await?;
        let have: Option<i64> = sqlx::query("SELECT MAX(version) AS v FROM center_schema")
            .fetch_one(&mut *tx)
            .await?
            .try_get("v")?;
        let set = if self.pg {
            MIGRATIONS_PG
        } else {
            MIGRATIONS_SQLITE
        };
        for (version, sql) in set.iter().filter(|(v, _)| *v > have.unwrap_or(0)) {
            sqlx::raw_sql(sql).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO center_schema (version, applied_at) VALUES ($1, $2)")
                .bind(*version)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            tracing::info!("database schema {version} applied");
        }
        tx.commit().await
    }

    /// The server secret that status tokens are derived from: made once, kept in the
    /// database, so every process on one database hands out the same token for a report.
    pub async fn secret(&self) -> Result<Vec<u8>, sqlx::Error> {
        let fresh = crate::crypto::hex(&crate::crypto::random_bytes::<32>());
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('token_secret', $1) ON CONFLICT (key) DO NOTHING",
        )
        .bind(&fresh)
        .execute(&self.pool)
        .await?;
        let v: String = sqlx::query("SELECT value FROM settings WHERE key = 'token_secret'")
            .fetch_one(&self.pool)
            .await?
            .try_get("value")?;
        Ok(crate::crypto::unhex(&v).unwrap_or_else(|| v.into_bytes()))
    }

    async fn notify(
        &self,
        conn: &mut sqlx::AnyConnection,
        kind: &str,
        id: &str,
    ) -> Result<(), sqlx::Error> {
        if self.pg {
            sqlx::query("SELECT 1 AS ok FROM (SELECT pg_notify($1, $2)) AS n")
                .bind(CHANNEL)
                .bind(format!("{kind}:{id}"))
                .execute(conn)
                .await?;
        }
        Ok(())
    }

    /// Stores a batch of reports in one transaction; one outcome per report, in order.
    pub async fn store_batch(&self, reports: &[&NewReport]) -> Result<Vec<Stored>, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let mut out = Vec::with_capacity(reports.len());
        for r in reports {
            let done = sqlx::query(
                "INSERT INTO reports (id, body, body_hash, token_hash, exercise, category, danger, \
                 text_only, phone_polres, server_polres, polres, polda, route, mismatch, kecamatan, \
                 kabkota, area_basis, state, received_at, updated_at) VALUES ($1, $2, $3, $4, $5, \
                 $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'received', $18, $18) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&r.id)
            .bind(&r.body)
            .bind(&r.body_hash)
            .bind(&r.token_hash)
            .bind(i64::from(r.exercise))
            .bind(&r.category)
            .bind(&r.danger)
            .bind(i64::from(r.text_only))
            .bind(r.phone_polres.clone())
            .bind(r.server_polres.clone())
            .bind(r.polres.clone())
            .bind(r.polda.clone())
            .bind(r.route)
            .bind(i64::from(r.mismatch))
            .bind(r.kecamatan.clone())
            .bind(r.kabkota.clone())
            .bind(r.area_basis)
            .bind(r.received_at)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                if !r.exercise {
                    self.notify(&mut tx, "new", &r.id).await?;
                }
                out.push(Stored::Created(Receipt {
                    id: r.id.clone(),
                    received_at: r.received_at,
                    polres: r.polres.clone(),
                    polda: r.polda.clone(),
                    exercise: r.exercise,
                }));
                continue;
            }
            let row = sqlx::query(
                "SELECT body_hash, received_at, polres, polda, exercise FROM reports WHERE id = $1",
            )
            .bind(&r.id)
            .fetch_one(&mut *tx)
            .await?;
            let hash: String = row.try_get("body_hash")?;
            out.push(if hash == r.body_hash {
                Stored::Existing(Receipt {
                    id: r.id.clone(),
                    received_at: row.try_get("received_at")?,
                    polres: row.try_get("polres")?,
                    polda: row.try_get("polda")?,
                    exercise: row.try_get::<i64, _>("exercise")? != 0,
                })
            } else {
                Stored::Conflict
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// A report by the hash of its status token.
    pub async fn report_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<ReportRow>, sqlx::Error> {
        sqlx::query(&format!("SELECT {COLS} FROM reports WHERE token_hash = $1"))
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(report_row)
            .transpose()
    }

    /// One row of `table` (its columns `cols`, read by `read`) by id; only when it is in
    /// `scope`, if one is given.
    async fn row_by_id<T>(
        &self,
        table: &str,
        cols: &str,
        read: fn(&AnyRow) -> Result<T, sqlx::Error>,
        id: &str,
        scope: Option<&Scope>,
    ) -> Result<Option<T>, sqlx::Error> {
        let in_scope = scope.map(|s| s.clause(2));
        let sql = match &in_scope {
            Some((clause, _)) => format!("SELECT {cols} FROM {table} WHERE id = $1 AND {clause}"),
            None => format!("SELECT {cols} FROM {table} WHERE id = $1"),
        };
        let mut query = sqlx::query(&sql).bind(id);
        if let Some((_, value)) = in_scope {
            query = query.bind(value);
        }
        query
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(read)
            .transpose()
    }

    /// A report by id, with no scope (for the live feed, which filters itself).
    pub async fn report(&self, id: &str) -> Result<Option<ReportRow>, sqlx::Error> {
        self.row_by_id("reports", COLS, report_row, id, None).await
    }

    /// A report by id, only when it is in `scope`.
    pub async fn report_in_scope(
        &self,
        id: &str,
        scope: &Scope,
    ) -> Result<Option<ReportRow>, sqlx::Error> {
        self.row_by_id("reports", COLS, report_row, id, Some(scope))
            .await
    }

    /// Reports in `scope`, newest first.
    pub async fn list(
        &self,
        scope: &Scope,
        states: &[&str],
        exercise: bool,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<ReportRow>, sqlx::Error> {
        let (clause, value) = scope.clause(1);
        let states_sql = states
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let q = format!(
            "SELECT {COLS} FROM reports WHERE {clause} AND exercise = $2 AND received_at < $3 \
             AND state IN ({states_sql}) ORDER BY received_at DESC, id DESC LIMIT $4"
        );
        let rows = sqlx::query(&q)
            .bind(value)
            .bind(i64::from(exercise))
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(report_row).collect()
    }

    /// Every report, oldest first (for the export).
    pub async fn all_reports(&self) -> Result<Vec<ReportRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM reports ORDER BY received_at, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(report_row).collect()
    }

    /// The trail of a report, in the order the fixes were measured.
    pub async fn fixes(&self, id: &str) -> Result<Vec<FixRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT lat, lon, accuracy_m, fix_time_ms, received_at FROM fixes WHERE report_id = $1 \
             ORDER BY fix_time_ms",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(FixRow {
                    lat: r.try_get("lat")?,
                    lon: r.try_get("lon")?,
                    accuracy_m: r.try_get("accuracy_m")?,
                    fix_time_ms: r.try_get("fix_time_ms")?,
                    received_at: r.try_get("received_at")?,
                })
            })
            .collect()
    }

    /// Adds a fix; `Ok(Some(true))` new, `Ok(Some(false))` already had it, `Ok(None)` full.
    pub async fn add_fix(&self, id: &str, fix: &FixRow) -> Result<Option<bool>, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM fixes WHERE report_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if n >= MAX_FIXES {
            return Ok(None);
        }
        let done = sqlx::query(
            "INSERT INTO fixes (report_id, lat, lon, accuracy_m, fix_time_ms, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (report_id, fix_time_ms) DO NOTHING",
        )
        .bind(id)
        .bind(fix.lat)
        .bind(fix.lon)
        .bind(fix.accuracy_m)
        .bind(fix.fix_time_ms)
        .bind(fix.received_at)
        .execute(&mut *tx)
        .await?;
        let new = done.rows_affected() == 1;
        if new {
            sqlx::query("UPDATE reports SET updated_at = $2 WHERE id = $1")
                .bind(id)
                .bind(fix.received_at)
                .execute(&mut *tx)
                .await?;
            self.notify(&mut tx, "changed", id).await?;
        }
        tx.commit().await?;
        Ok(Some(new))
    }

    /// Applies an operator's action, with its audit entry, in one transaction. Returns the
    /// report after it and whether anything changed.
    pub async fn act(
        &self,
        id: &str,
        scope: &Scope,
        operator: &str,
        action: &Action,
    ) -> Result<(ReportRow, bool), ActError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let (clause, value) = scope.clause(2);
        let row = sqlx::query(&format!(
            "SELECT {COLS} FROM reports WHERE id = $1 AND {clause}"
        ))
        .bind(id)
        .bind(value)
        .fetch_optional(&mut *tx)
        .await?
        .as_ref()
        .map(report_row)
        .transpose()?
        .ok_or(ActError::NotFound)?;
        let state = row.state.as_str();
        let (sql, text, audit): (&str, Option<&str>, (&str, Option<&str>)) = match action {
            Action::Seen if state != "received" => return Ok((row, false)),
            Action::Seen => (
                "UPDATE reports SET state = 'seen', seen_at = $2, updated_at = $2 WHERE id = $1 AND state = $3",
                None,
                ("seen", None),
            ),
            Action::Dispatched if state == "dispatched" => return Ok((row, false)),
            Action::Dispatched if state == "closed" => {
                return Err(ActError::State("the report is closed".into()))
            }
            Action::Dispatched => (
                "UPDATE reports SET state = 'dispatched', dispatched_at = $2, seen_at = COALESCE(seen_at, $2), \
                 updated_at = $2 WHERE id = $1 AND state = $3",
                None,
                ("dispatched", None),
            ),
            Action::Close(_) if state == "closed" => {
                return Err(ActError::State("the report is already closed".into()))
            }
            Action::Close(outcome) => (
                "UPDATE reports SET state = 'closed', outcome = $4, closed_at = $2, seen_at = COALESCE(seen_at, $2), \
                 updated_at = $2 WHERE id = $1 AND state = $3",
                Some(outcome.as_str()),
                ("closed", Some(outcome.as_str())),
            ),
            Action::Reply(text) => (
                "UPDATE reports SET reply = $4, replied_at = $2, seen_at = COALESCE(seen_at, $2), \
                 state = CASE WHEN state = 'received' THEN 'seen' ELSE state END, updated_at = $2 \
                 WHERE id = $1 AND state = $3",
                Some(text.as_str()),
                ("reply", Some(text.as_str())),
            ),
        };
        let mut q = sqlx::query(sql).bind(id).bind(now).bind(state);
        if let Some(t) = text {
            q = q.bind(t);
        }
        if q.execute(&mut *tx).await?.rows_affected() != 1 {
            return Err(ActError::State(
                "the report changed meanwhile; reload it".into(),
            ));
        }
        insert_audit(&mut tx, now, operator, Some(id), audit.0, audit.1).await?;
        self.notify(&mut tx, "changed", id).await?;
        let row = sqlx::query(&format!("SELECT {COLS} FROM reports WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let row = report_row(&row)?;
        tx.commit().await?;
        Ok((row, true))
    }

    /// Stores a location request with its audit entry (and, PostgreSQL, its notification) in
    /// one transaction.
    pub async fn create_locate(&self, r: &NewLocate) -> Result<LocateRow, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO location_requests (id, token_hash, polres, polda, operator, note, report_id, \
             created_at, expires_at, state, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
             'waiting', $8)",
        )
        .bind(&r.id)
        .bind(&r.token_hash)
        .bind(r.polres.clone())
        .bind(r.polda.clone())
        .bind(&r.operator)
        .bind(r.note.clone())
        .bind(r.report_id.clone())
        .bind(r.created_at)
        .bind(r.created_at + LOCATE_TTL_MS)
        .execute(&mut *tx)
        .await?;
        insert_audit(
            &mut tx,
            r.created_at,
            &r.operator,
            r.report_id.as_deref(),
            "locate_request",
            Some(&r.id),
        )
        .await?;
        self.notify(&mut tx, "location", &r.id).await?;
        let row = sqlx::query(&format!(
            "SELECT {LCOLS} FROM location_requests WHERE id = $1"
        ))
        .bind(&r.id)
        .fetch_one(&mut *tx)
        .await?;
        let row = locate_row(&row)?;
        tx.commit().await?;
        Ok(row)
    }

    /// A location request by the hash of its link's token.
    pub async fn locate_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<LocateRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {LCOLS} FROM location_requests WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(locate_row)
        .transpose()
    }

    /// A location request by id, with no scope (for the live feed, which filters itself).
    pub async fn locate(&self, id: &str) -> Result<Option<LocateRow>, sqlx::Error> {
        self.row_by_id("location_requests", LCOLS, locate_row, id, None)
            .await
    }

    /// A location request by id, only when it is in `scope`.
    pub async fn locate_in_scope(
        &self,
        id: &str,
        scope: &Scope,
    ) -> Result<Option<LocateRow>, sqlx::Error> {
        self.row_by_id("location_requests", LCOLS, locate_row, id, Some(scope))
            .await
    }

    /// The location requests of `scope` made since `since` (ms), newest first (at most 200).
    pub async fn locates(&self, scope: &Scope, since: i64) -> Result<Vec<LocateRow>, sqlx::Error> {
        let (clause, value) = scope.clause(1);
        let rows = sqlx::query(&format!(
            "SELECT {LCOLS} FROM location_requests WHERE {clause} AND created_at >= $2 \
             ORDER BY created_at DESC, id DESC LIMIT 200"
        ))
        .bind(value)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(locate_row).collect()
    }

    /// The positions of a location request, in the order they were measured.
    pub async fn locate_fixes(&self, id: &str) -> Result<Vec<FixRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT lat, lon, accuracy_m, fix_time_ms, received_at FROM location_fixes \
             WHERE request_id = $1 ORDER BY fix_time_ms",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(FixRow {
                    lat: r.try_get("lat")?,
                    lon: r.try_get("lon")?,
                    accuracy_m: r.try_get("accuracy_m")?,
                    fix_time_ms: r.try_get("fix_time_ms")?,
                    received_at: r.try_get("received_at")?,
                })
            })
            .collect()
    }

    /// A phone's answer to a location request, in one transaction: the first answer binds the
    /// request to `phone` (atomically: of two phones at once, one wins); later ones must come
    /// from that phone. Committed before this returns.
    pub async fn answer_locate(
        &self,
        id: &str,
        phone: &str,
        answer: &LocateAnswer,
        now: i64,
    ) -> Result<Answered, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let Some(row) = sqlx::query(&format!(
            "SELECT {LCOLS} FROM location_requests WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .as_ref()
        .map(locate_row)
        .transpose()?
        else {
            return Ok(Answered::NotFound);
        };
        if now >= row.expires_at {
            return Ok(Answered::Expired);
        }
        let bound = sqlx::query(
            "UPDATE location_requests SET phone = $2, answered_at = $3, updated_at = $3 \
             WHERE id = $1 AND phone IS NULL",
        )
        .bind(id)
        .bind(phone)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !bound {
            // Read again: a phone that answered meanwhile (PostgreSQL) is seen here.
            let owner: Option<String> =
                sqlx::query("SELECT phone FROM location_requests WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("phone")?;
            if owner.as_deref() != Some(phone) {
                return Ok(Answered::Used);
            }
        }
        let (new, state_changed) = match answer {
            LocateAnswer::Decline => {
                let n = sqlx::query(
                    "UPDATE location_requests SET state = 'declined', updated_at = $2 \
                     WHERE id = $1 AND state <> 'declined'",
                )
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                (false, n == 1)
            }
            LocateAnswer::Fix(fix) => {
                let n: i64 =
                    sqlx::query("SELECT COUNT(*) AS n FROM location_fixes WHERE request_id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?
                        .try_get("n")?;
                if n >= MAX_LOCATE_FIXES {
                    return Ok(Answered::Full);
                }
                let new = sqlx::query(
                    "INSERT INTO location_fixes (request_id, lat, lon, accuracy_m, fix_time_ms, \
                     received_at) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (request_id, fix_time_ms) DO NOTHING",
                )
                .bind(id)
                .bind(fix.lat)
                .bind(fix.lon)
                .bind(fix.accuracy_m)
                .bind(fix.fix_time_ms)
                .bind(fix.received_at)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                if new {
                    sqlx::query(
                        "UPDATE location_requests SET state = 'shared', updated_at = $2 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                (new, new)
            }
        };
        let changed = bound || state_changed;
        if changed {
            self.notify(&mut tx, "location", id).await?;
        }
        tx.commit().await?;
        Ok(Answered::Stored { new, changed })
    }

    /// Writes one audit entry on its own.
    pub async fn audit(
        &self,
        operator: &str,
        report_id: Option<&str>,
        action: &str,
        detail: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        insert_audit(&mut conn, now_ms(), operator, report_id, action, detail).await
    }

    /// The audit entries of a report, oldest first.
    pub async fn audit_for(&self, id: &str) -> Result<Vec<AuditRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT at, operator, report_id, action, detail FROM audit WHERE report_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditRow {
                    at: r.try_get("at")?,
                    operator: r.try_get("operator")?,
                    report_id: r.try_get("report_id")?,
                    action: r.try_get("action")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }

    /// Creates an operator, or sets a new password and scope for an existing one (and ends its
    /// sessions). Returns true when it was created.
    pub async fn upsert_operator(
        &self,
        username: &str,
        password_hash: &str,
        polres: Option<&str>,
        polda: Option<&str>,
    ) -> Result<bool, sqlx::Error> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query("SELECT id FROM operators WHERE username = $1")
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
        let created = existing.is_none();
        sqlx::query(
            "INSERT INTO operators (username, password_hash, polres, polda, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (username) DO UPDATE SET \
             password_hash = excluded.password_hash, polres = excluded.polres, polda = excluded.polda, \
             updated_at = excluded.updated_at",
        )
        .bind(username)
        .bind(password_hash)
        .bind(polres.map(str::to_string))
        .bind(polda.map(str::to_string))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some(row) = existing {
            let id: i64 = row.try_get("id")?;
            sqlx::query("DELETE FROM sessions WHERE operator_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        insert_audit(
            &mut tx,
            now,
            username,
            None,
            if created {
                "operator_created"
            } else {
                "password_set"
            },
            polres.or(polda),
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    /// An operator by user name.
    pub async fn operator(&self, username: &str) -> Result<Option<OperatorRow>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, username, password_hash, polres, polda FROM operators WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| operator_row(&r)).transpose()
    }

    /// Starts a session.
    pub async fn create_session(
        &self,
        token_hash: &str,
        operator_id: i64,
        expires_at: i64,
    ) -> Result<(), sqlx::Error> {
        let now = now_ms();
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, operator_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(operator_id)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The operator of a live session, and when it expires.
    pub async fn session(
        &self,
        token_hash: &str,
    ) -> Result<Option<(OperatorRow, i64)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT o.id AS id, o.username AS username, o.password_hash AS password_hash, \
             o.polres AS polres, o.polda AS polda, s.expires_at AS expires_at \
             FROM sessions s JOIN operators o ON o.id = s.operator_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((operator_row(&r)?, r.try_get("expires_at")?)))
            .transpose()
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

fn operator_row(r: &AnyRow) -> Result<OperatorRow, sqlx::Error> {
    Ok(OperatorRow {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        password_hash: r.try_get("password_hash")?,
        polres: r.try_get("polres")?,
        polda: r.try_get("polda")?,
    })
}

async fn insert_audit(
    conn: &mut sqlx::AnyConnection,
    at: i64,
    operator: &str,
    report_id: Option<&str>,
    action: &str,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit (at, operator, report_id, action, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(at)
    .bind(operator)
    .bind(report_id.map(str::to_string))
    .bind(action)
    .bind(detail.map(str::to_string))
    .execute(conn)
    .await?;
    Ok(())
}

struct Job {
    report: NewReport,
    done: oneshot::Sender<Result<Stored, ()>>,
}

/// The single writer of reports: batches whatever is waiting into one transaction.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task; `created` is called with the ids of new rows after each commit.
    pub fn spawn(db: Db, created: impl Fn(Vec<String>) + Send + 'static) -> Writer {
        let (tx, mut rx) = mpsc::channel::<Job>(MAX_BATCH * 8);
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut jobs = vec![first];
                while jobs.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(j) => jobs.push(j),
                        Err(_) => break,
                    }
                }
                let reports: Vec<&NewReport> = jobs.iter().map(|j| &j.report).collect();
                let results = match db.store_batch(&reports).await {
                    Ok(r) => r.into_iter().map(Ok).collect::<Vec<_>>(),
                    Err(e) if jobs.len() == 1 => {
                        tracing::error!("storing a report failed: {e}");
                        vec![Err(())]
                    }
                    Err(e) => {
                        // One at a time, so one bad row cannot fail the others.
                        tracing::warn!(
                            "a batch of {} failed ({e}); storing one by one",
                            jobs.len()
                        );
                        let mut out = Vec::with_capacity(jobs.len());
                        for r in &reports {
                            out.push(match db.store_batch(&[r]).await {
                                Ok(mut v) => Ok(v.remove(0)),
                                Err(e) => {
                                    tracing::error!("storing report {} failed: {e}", r.id);
                                    Err(())
                                }
                            });
                        }
                        out
                    }
                };
                let new: Vec<String> = results
                    .iter()
                    .filter_map(|r| match r {
                        Ok(Stored::Created(rc)) if !rc.exercise => Some(rc.id.clone()),
                        _ => None,
                    })
                    .collect();
                if !new.is_empty() {
                    created(new);
                }
                for (job, result) in jobs.into_iter().zip(results) {
                    let _ = job.done.send(result);
                }
            }
        });
        Writer { tx }
    }

    /// Stores a report; resolves after its transaction committed.
    pub async fn store(&self, report: NewReport) -> Result<Stored, crate::error::ApiError> {
        let (done, wait) = oneshot::channel();
        self.tx
            .send(Job { report, done })
            .await
            .map_err(|_| crate::error::ApiError::Unavailable)?;
        match wait.await {
            Ok(Ok(s)) => Ok(s),
            _ => Err(crate::error::ApiError::Unavailable),
        }
    }
}
