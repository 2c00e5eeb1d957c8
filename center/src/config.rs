//! Configuration from the environment, with defaults that run beside `scripts/serve`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// Where the SQLite database lives by default, relative to the working directory.
pub const DEFAULT_SQLITE: &str = "var/center.db";

/// Everything the server needs to know to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen (`CENTER_ADDR`, or `127.0.0.1:$PORT`, default port 8090).
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `postgres://…`, `sqlite://…`, or by default `sqlite://var/center.db`.
    pub database_url: String,
    /// `CENTER_APP_ORIGINS`: comma-separated origins allowed by CORS for intake and status.
    pub app_origins: Vec<String>,
    /// `CENTER_PUBLIC_URL`: the base of the `status_url`s handed out (default `http://ADDR`).
    pub public_url: Option<String>,
    /// `CENTER_DATA_DIR`: the packed jurisdiction files (default `public/data`).
    pub data_dir: PathBuf,
    /// `CENTER_RATE_PER_MIN`: reports (and fixes) per minute per client (default 30).
    pub rate_per_min: f64,
    /// `CENTER_RATE_BURST`: how many may come at once (default 10).
    pub rate_burst: f64,
    /// `CENTER_LOGIN_FAILURES`: wrong passwords per user or client per 15 minutes (default 5).
    pub login_failures: u32,
    /// `CENTER_SESSION_MINUTES`: how long a login lasts (default 720 = 12 hours).
    pub session_minutes: i64,
    /// `CENTER_TRUST_FORWARDED=1`: take the client's address from `X-Forwarded-For` (behind a proxy).
    pub trust_forwarded: bool,
    /// `CENTER_SENDER`: the CAP `<sender>` (default `siaga110-center`).
    pub cap_sender: String,
    /// `CENTER_DEFAULT_POLDA`: the Polda queue of reports with nothing to route by.
    pub default_polda: Option<String>,
    /// `CENTER_APP_URL`: the app's address in location-request links (`<app_url>?lokasi=<token>`);
    /// default the first of `CENTER_APP_ORIGINS` + `/`.
    pub app_url: String,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn num<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    match env(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("{name}={v:?} is not a number")),
    }
}

/// The default data directory: `public/data` under the working directory, else the one of the
/// source tree this binary was built from.
pub fn default_data_dir() -> PathBuf {
    let here = PathBuf::from("public/data");
    if here.join("index.bin").exists() {
        here
    } else {
        source_tree().join("../public/data")
    }
}

/// The center's source directory: the one `cargo run` runs in (it sets `CARGO_MANIFEST_DIR` at
/// run time), else the one this binary was built from. Cargo reuses a target directory copied
/// from another checkout without recompiling, and the compile-time path then names that other
/// checkout.
pub fn source_tree() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The database URL from `DATABASE_URL`, or the default SQLite file.
pub fn database_url() -> String {
    env("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{DEFAULT_SQLITE}"))
}

impl Config {
    /// Reads the environment; an error names the variable.
    pub fn from_env() -> Result<Config, String> {
        let addr = match env("CENTER_ADDR") {
            Some(a) => a
                .parse()
                .map_err(|_| format!("CENTER_ADDR={a:?} is not an address like 127.0.0.1:8090"))?,
            None => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), num("PORT", 8090u16)?),
        };
        let app_origins = env("CENTER_APP_ORIGINS")
            .unwrap_or_else(|| "http://127.0.0.1:8080".into())
            .split(',')
            .map(|o| o.trim().trim_end_matches('/').to_string())
            .filter(|o| !o.is_empty())
            .collect::<Vec<_>>();
        for o in &app_origins {
            if !(o.starts_with("http://") || o.starts_with("https://")) {
                return Err(format!(
                    "CENTER_APP_ORIGINS: {o:?} is not an origin like https://siaga110.example"
                ));
            }
        }
        let rate_per_min: f64 = num("CENTER_RATE_PER_MIN", 30.0)?;
        let rate_burst: f64 = num("CENTER_RATE_BURST", 10.0)?;
        if rate_per_min <= 0.0 || rate_burst < 1.0 {
            return Err("CENTER_RATE_PER_MIN must be > 0 and CENTER_RATE_BURST >= 1".into());
        }
        let public_url =
            env("CENTER_PUBLIC_URL").map(|u| u.trim().trim_end_matches('/').to_string());
        if let Some(u) = &public_url {
            if !(u.starts_with("http://") || u.starts_with("https://"))
                || u.contains(char::is_whitespace)
            {
                return Err(format!(
                    "CENTER_PUBLIC_URL={u:?} is not a URL like https://center.polres.example"
                ));
            }
        }
        let app_url = match env("CENTER_APP_URL") {
            Some(u) => {
                let u = u.trim().to_string();
                if !(u.starts_with("http://") || u.starts_with("https://"))
                    || u.contains(char::is_whitespace)
                    || u.contains(['?', '#'])
                {
                    return Err(format!(
                        "CENTER_APP_URL={u:?} is not a URL like https://siaga110.example/ (no ? or #)"
                    ));
                }
                u
            }
            None => format!(
                "{}/",
                app_origins
                    .first()
                    .map(String::as_str)
                    .unwrap_or("http://127.0.0.1:8080")
            ),
        };
        Ok(Config {
            addr,
            app_url,
            database_url: database_url(),
            app_origins,
            public_url,
            data_dir: env("CENTER_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(default_data_dir),
            rate_per_min,
            rate_burst,
            login_failures: num("CENTER_LOGIN_FAILURES", 5u32)?.max(1),
            session_minutes: num("CENTER_SESSION_MINUTES", 720i64)?.max(1),
            trust_forwarded: env("CENTER_TRUST_FORWARDED").is_some_and(|v| v == "1"),
            cap_sender: env("CENTER_SENDER").unwrap_or_else(|| "siaga110-center".into()),
            default_polda: env("CENTER_DEFAULT_POLDA").map(|p| p.trim().to_string()),
        })
    }
}
