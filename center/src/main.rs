//! `siaga110-center`: serve (the default), `add-operator`, `locate-request`, `export`. See `--help`.
#![forbid(unsafe_code)]

use std::io::{BufRead, Write};

use siaga110_center::config::{self, Config};
use siaga110_center::db::Db;
use siaga110_center::operator::hash_password;

const HELP: &str = "siaga110-center: the Siaga110 report intake server

USAGE
  siaga110-center [serve]          serve on 127.0.0.1:8090 (PORT= or CENTER_ADDR= to change)
  siaga110-center add-operator --user NAME (--polres ID | --polda NAME)
                                   create an operator (or a Polda supervisor), or set a new
                                   password for an existing one; the password is read from
                                   standard input (first line, at least 10 characters)
  siaga110-center locate-request (--polres ID | --polda NAME) [--note TEXT] [--made-minutes-ago N]
                                   make an operator's location request without the console and
                                   print its link (valid 30 minutes, for one phone); the answer
                                   shows on the console. --made-minutes-ago dates it back (drills
                                   and tests: 31 gives a link that is already expired)
  siaga110-center export [--out FILE]
                                   every stored report as JSON Lines (standard output by default)

ENVIRONMENT
  DATABASE_URL            postgres://… or sqlite://… (default sqlite://var/center.db)
  PORT, CENTER_ADDR       where to listen (default 127.0.0.1:8090)
  CENTER_APP_ORIGINS      origins of the app allowed by CORS (default http://127.0.0.1:8080)
  CENTER_PUBLIC_URL       base of the status URLs (default http://ADDR)
  CENTER_DATA_DIR         the packed jurisdiction data (default public/data)
  CENTER_RATE_PER_MIN, CENTER_RATE_BURST   reports per client (default 30/min, 10 at once)
  CENTER_LOGIN_FAILURES   wrong passwords per user per 15 min (default 5)
  CENTER_SESSION_MINUTES  session length (default 720)
  CENTER_TRUST_FORWARDED  1: client address from X-Forwarded-For (behind a proxy)
  CENTER_DEFAULT_POLDA    the Polda queue of reports with nothing to route by
  RUST_LOG                error, warn, info (default), debug
";

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("siaga110-center: {msg}");
    std::process::exit(2)
}

fn init_logs() {
    let level = match std::env::var("RUST_LOG").unwrap_or_default().as_str() {
        "error" => tracing::Level::ERROR,
        "warn" => tracing::Level::WARN,
        "debug" => tracing::Level::DEBUG,
        "trace" => tracing::Level::TRACE,
        _ => tracing::Level::INFO,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

fn flag(args: &[String], name: &str) -> Option<String> {
    let i = args.iter().position(|a| a == name)?;
    Some(
        args.get(i + 1)
            .cloned()
            .unwrap_or_else(|| fail(format!("{name} needs a value"))),
    )
}

async fn open_db() -> Db {
    let url = config::database_url();
    Db::open(&url, 2)
        .await
        .unwrap_or_else(|e| fail(format!("database {url}: {e}")))
}

async fn add_operator(args: &[String]) {
    let user = flag(args, "--user").unwrap_or_else(|| fail("--user NAME is required"));
    let user = user.trim().to_lowercase();
    let valid = !user.is_empty()
        && user.len() <= 64
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-@".contains(&b));
    if !valid {
        fail("--user: 1-64 characters of a-z, 0-9, '.', '_', '-', '@'");
    }
    let (polres, polda) = scope_args(args);
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .unwrap_or_else(|e| fail(format!("reading the password from standard input: {e}")));
    let password = line.trim_end_matches(['\n', '\r']);
    if password.chars().count() < 10 {
        fail("the password (first line of standard input) needs at least 10 characters");
    }
    let hash = hash_password(password).unwrap_or_else(|e| fail(e));
    let db = open_db().await;
    let created = db
        .upsert_operator(&user, &hash, polres.as_deref(), polda.as_deref())
        .await
        .unwrap_or_else(|e| fail(format!("database: {e}")));
    println!(
        "operator {user} {} ({}) in {}",
        if created {
            "created"
        } else {
            "updated: new password set, sessions ended"
        },
        polres
            .map(|p| format!("Polres {p}"))
            .or(polda.map(|p| format!("supervisor of {p}")))
            .unwrap_or_default(),
        db.display
    );
}

async fn export(args: &[String]) {
    let db = open_db().await;
    let rows = db
        .all_reports()
        .await
        .unwrap_or_else(|e| fail(format!("database: {e}")));
    let mut out: Box<dyn Write> = match flag(args, "--out") {
        Some(path) => {
            Box::new(std::fs::File::create(&path).unwrap_or_else(|e| fail(format!("{path}: {e}"))))
        }
        None => Box::new(std::io::stdout().lock()),
    };
    for r in &rows {
        let fixes = db
            .fixes(&r.id)
            .await
            .unwrap_or_else(|e| fail(format!("database: {e}")));
        let report: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
        let line = serde_json::json!({
            "report": report,
            "center": {
                "state": r.state, "outcome": r.outcome, "polres": r.polres, "polda": r.polda,
                "route": r.route, "phone_polres": r.phone_polres, "server_polres": r.server_polres,
                "polres_mismatch": r.mismatch, "area_basis": r.area_basis, "kecamatan": r.kecamatan, "kabkota": r.kabkota,
                "exercise": r.exercise, "reply": r.reply,
                "received_at": siaga110_center::app::iso(r.received_at),
                "seen_at": r.seen_at.map(siaga110_center::app::iso),
                "dispatched_at": r.dispatched_at.map(siaga110_center::app::iso),
                "closed_at": r.closed_at.map(siaga110_center::app::iso),
                "trail": fixes,
            }
        });
        writeln!(out, "{line}").unwrap_or_else(|e| fail(format!("writing: {e}")));
    }
    out.flush()
        .unwrap_or_else(|e| fail(format!("writing: {e}")));
    eprintln!("exported {} reports from {}", rows.len(), db.display);
}

/// `--polres ID` or `--polda NAME`, checked against the jurisdiction data.
fn scope_args(args: &[String]) -> (Option<String>, Option<String>) {
    let (polres, polda) = (flag(args, "--polres"), flag(args, "--polda"));
    let dir = std::env::var("CENTER_DATA_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| config::default_data_dir());
    let index = std::fs::read(dir.join("index.bin"))
        .map_err(|e| e.to_string())
        .and_then(|b| siaga110_core::data::Index::decode(&b).map_err(|e| e.to_string()))
        .unwrap_or_else(|e| fail(format!("jurisdiction data in {}: {e}", dir.display())));
    match (&polres, &polda) {
        (Some(p), None) => {
            if !index.polres.iter().any(|x| &x.id == p) {
                fail(format!(
                    "--polres {p:?} is not a Polres id of the data (e.g. polrestabes-medan)"
                ))
            }
        }
        (None, Some(p)) => {
            if !index.poldas.iter().any(|x| x == p) {
                fail(format!(
                    "--polda {p:?} is not a Polda of the data (e.g. \"Polda Sumatera Utara\")"
                ))
            }
        }
        _ => fail("give exactly one of --polres ID (an operator) or --polda NAME (a supervisor)"),
    }
    (polres, polda)
}

/// An operator's location request from the command line.
async fn locate_request(args: &[String]) {
    let (polres, polda) = scope_args(args);
    let note = flag(args, "--note")
        .map(|n| siaga110_core::report::clean_text(&n, true))
        .filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > 200) {
        fail("--note: at most 200 characters");
    }
    let ago: i64 = flag(args, "--made-minutes-ago")
        .map(|m| {
            m.parse()
                .unwrap_or_else(|_| fail("--made-minutes-ago: whole minutes"))
        })
        .unwrap_or(0);
    let cfg = Config::from_env().unwrap_or_else(|e| fail(e));
    let db = open_db().await;
    let secret = db
        .secret()
        .await
        .unwrap_or_else(|e| fail(format!("database: {e}")));
    let id = siaga110_core::report::uuid_v4(siaga110_center::crypto::random_bytes::<16>());
    let token = siaga110_center::app::locate_token(&secret, &id);
    let new = siaga110_center::db::NewLocate {
        token_hash: siaga110_center::crypto::sha256_hex(token.as_bytes()),
        id,
        polres,
        polda,
        operator: "command-line".into(),
        note,
        report_id: None,
        created_at: siaga110_center::db::now_ms() - ago * 60_000,
    };
    db.create_locate(&new)
        .await
        .unwrap_or_else(|e| fail(format!("database: {e}")));
    println!("{}?lokasi={token}", cfg.app_url);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(e));
    match args.first().map(String::as_str) {
        None | Some("serve") => {
            init_logs();
            let cfg = Config::from_env().unwrap_or_else(|e| fail(e));
            if let Err(e) = rt.block_on(siaga110_center::serve(cfg)) {
                fail(e)
            }
        }
        Some("add-operator") => rt.block_on(add_operator(&args)),
        Some("export") => rt.block_on(export(&args)),
        Some("locate-request") => rt.block_on(locate_request(&args)),
        Some("-h" | "--help" | "help") => print!("{HELP}"),
        Some(other) => fail(format!("unknown command {other:?}; see --help")),
    }
}
