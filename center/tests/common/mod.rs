//! Shared by the center's integration tests: start the real binary on a real database
//! (a fresh SQLite file, and — when `CENTER_TEST_PG_URL` names a PostgreSQL server, as
//! `scripts/test-center` does — a fresh PostgreSQL database), make reports, talk HTTP.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_siaga110-center");
pub const APP_ORIGIN: &str = "http://127.0.0.1:8080";
/// The app's packed data, in the checkout `cargo test` runs in (it sets `CARGO_MANIFEST_DIR` at run
/// time; the compile-time path names another checkout when the target directory was copied).
pub fn data_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .join("../public/data")
}

/// A database to test against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// SQLite always; PostgreSQL when `CENTER_TEST_PG_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut v = vec![Backend::Sqlite];
    if std::env::var("CENTER_TEST_PG_URL").is_ok() {
        v.push(Backend::Postgres);
    } else {
        eprintln!(
            "note: CENTER_TEST_PG_URL is not set: PostgreSQL skipped (scripts/test-center runs it)"
        );
    }
    v
}

static N: AtomicU32 = AtomicU32::new(0);

fn unique(name: &str) -> String {
    format!(
        "{}_{}_{}",
        name,
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// A scratch directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("siaga110-center-test-{}", unique(name)));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A fresh, empty database URL for `backend`.
pub async fn fresh_db(backend: Backend, name: &str) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/center.db", temp_dir(name).display()),
        Backend::Postgres => {
            use sqlx::Connection;
            let base = std::env::var("CENTER_TEST_PG_URL").unwrap();
            let db = unique(name).to_lowercase();
            let mut c = sqlx::postgres::PgConnection::connect(&base).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {db}"))
                .execute(&mut c)
                .await
                .unwrap();
            let (head, _) = base.rsplit_once('/').unwrap();
            format!("{head}/{db}")
        }
    }
}

/// A running `siaga110-center` process.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub db_url: String,
    pub log: PathBuf,
}

impl Server {
    /// Starts the binary on a free port of 127.0.0.1, waits until it listens.
    pub fn start(db_url: &str, env: &[(&str, &str)]) -> Server {
        let log = temp_dir("log").join("stderr.log");
        let mut cmd = Command::new(BIN);
        cmd.env("PORT", "0")
            .env("DATABASE_URL", db_url)
            .env("CENTER_DATA_DIR", data_dir())
            .env("CENTER_RATE_PER_MIN", "1000000")
            .env("CENTER_RATE_BURST", "100000")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start siaga110-center");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("siaga110-center listening on ") {
                    let _ = tx.send(url.to_string());
                }
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(b) => b,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the center did not start: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
        };
        Server {
            child,
            base,
            db_url: db_url.to_string(),
            log,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// `kill -9`.
    pub fn kill9(&mut self) {
        let _ = Command::new("kill")
            .args(["-9", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `siaga110-center ARGS` on `db_url` with `stdin`; returns (success, stdout, stderr).
pub fn run_cli(db_url: &str, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("CENTER_DATA_DIR", data_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Creates an operator (`--polres ID`) or a supervisor (`--polda NAME`).
pub fn add_operator(db_url: &str, user: &str, scope: (&str, &str), password: &str) {
    let (ok, out, err) = run_cli(
        db_url,
        &["add-operator", "--user", user, scope.0, scope.1],
        &format!("{password}\n"),
    );
    assert!(ok, "add-operator failed: {out} {err}");
}

/// A random lower-case UUID v4.
pub fn uuid() -> String {
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b).unwrap();
    siaga110_core::report::uuid_v4(b)
}

/// A valid report in Medan (Polrestabes Medan), as the app writes it.
pub fn medan(id: &str) -> Value {
    json!({
        "version": 1, "id": id, "created_at": "2026-09-21T14:13:20Z", "exercise": false,
        "category": "violence",
        "description": "Suami tetangga memukul istrinya.\nTerdengar teriakan <b>minta tolong</b>; pintu terkunci.",
        "danger": "ongoing", "injured": 1, "minutes_ago": 5, "subject": "other", "text_only": true,
        "landmark": "Gang Mawar No. 3, dekat masjid",
        "location": { "lat": 3.5952, "lon": 98.6722, "accuracy_m": 12.4, "fix_time_ms": 1789999990000u64, "source": "device" },
        "polres": { "id": "polrestabes-medan", "name": "Polrestabes Medan", "polda": "Polda Sumatera Utara",
                    "kabkota": "Kota Medan", "kecamatan": "Medan Petisah", "inside": true },
        "reporter": { "name": "Budi Santoso", "phone": "081234567890" }
    })
}

/// A valid report in Central Jakarta (another Polda).
pub fn jakarta(id: &str) -> Value {
    let mut r = medan(id);
    r["category"] = json!("theft");
    r["location"] = json!({ "lat": -6.1754, "lon": 106.8272, "accuracy_m": 20.0, "fix_time_ms": 1789999990000u64, "source": "device" });
    r.as_object_mut().unwrap().remove("polres");
    r
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// POSTs a report as the phone does; (status, JSON body).
pub async fn post_report(c: &reqwest::Client, s: &Server, report: &Value) -> (u16, Value) {
    let res = c
        .post(s.url("/api/reports"))
        .header("content-type", "application/json")
        .header("idempotency-key", report["id"].as_str().unwrap_or(""))
        .header("origin", APP_ORIGIN)
        .body(report.to_string())
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Logs in; the session cookie (`name=value`).
pub async fn login(c: &reqwest::Client, s: &Server, user: &str, password: &str) -> String {
    let res = c
        .post(s.url("/api/login"))
        .header("content-type", "application/json")
        .body(json!({ "user": user, "password": password }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "login of {user}");
    let set = res.headers()["set-cookie"].to_str().unwrap().to_string();
    set.split(';').next().unwrap().to_string()
}

/// GET with a cookie; (status, JSON).
pub async fn get_json(c: &reqwest::Client, url: &str, cookie: Option<&str>) -> (u16, Value) {
    let mut rq = c.get(url);
    if let Some(k) = cookie {
        rq = rq.header("cookie", k);
    }
    let res = rq.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// POST JSON with a cookie; (status, JSON).
pub async fn post_json(
    c: &reqwest::Client,
    url: &str,
    cookie: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let mut rq = c
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(k) = cookie {
        rq = rq.header("cookie", k);
    }
    let res = rq.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Waits for `f` to be true, up to `secs`.
pub async fn eventually(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        if f() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    f()
}

/// The number of rows of `id` in the database (straight from SQL).
pub async fn rows_of(db_url: &str, id: &str) -> i64 {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(db_url)
        .await
        .unwrap();
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM reports WHERE id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    pool.close().await;
    n
}

/// Runs one SQL statement with text parameters straight on the database (for what the API
/// cannot do, like making a request older); returns the rows affected.
pub async fn exec_sql(db_url: &str, sql: &str, params: &[&str]) -> u64 {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(db_url)
        .await
        .unwrap();
    let mut q = sqlx::query(sql);
    for p in params {
        q = q.bind(p.to_string());
    }
    let n = q.execute(&pool).await.unwrap().rows_affected();
    pool.close().await;
    n
}

/// The next Server-Sent Event of type `want` on `stream` (others are skipped), its data as JSON.
pub async fn sse_event(
    stream: &mut (impl futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    buf: &mut String,
    want: &str,
) -> Value {
    use futures_util::StreamExt;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            let mut event = "";
            let mut data = String::new();
            for line in block.lines() {
                if let Some(e) = line
                    .strip_prefix("event: ")
                    .or_else(|| line.strip_prefix("event:"))
                {
                    event = if e == want { want } else { "" };
                } else if let Some(d) = line
                    .strip_prefix("data: ")
                    .or_else(|| line.strip_prefix("data:"))
                {
                    data.push_str(d);
                }
            }
            if event == want {
                return serde_json::from_str(&data).unwrap();
            }
        }
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .unwrap_or_else(|_| panic!("no {want} event in time; got {buf:?}"))
            .expect("stream ended")
            .unwrap();
        buf.push_str(&String::from_utf8_lossy(&chunk));
    }
}
