//! # siaga110-center
//!
//! The receiving side of Siaga110: an intake server a Polres or Polda command centre runs.
//! The phone `POST`s a report (the endpoint contract of the README); the center checks it with
//! `siaga110-core`'s own model, files it to the responsible Polres with the core's
//! jurisdiction lookup, stores it exactly once (SQLite by default, PostgreSQL with
//! `DATABASE_URL`), and answers with a status URL that tells the person when an operator has
//! seen it. Operators log in, see their Polres's queue live (Server-Sent Events), act on
//! reports (every action audited) and can export a report as a CAP 1.2 alert.
//!
//! Routes and formats: `docs/center-api.md`.
#![forbid(unsafe_code)]

pub mod app;
pub mod cap;
pub mod config;
pub mod console;
pub mod crypto;
pub mod db;
pub mod error;
pub mod operator;
pub mod ratelimit;
pub mod routing;

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast;

use crate::app::{AppState, FeedEvent, Inner, LocationEvent};
use crate::config::Config;
use crate::db::{Db, Writer};
use crate::ratelimit::Limiter;
use crate::routing::Routing;

/// Sends the current rows of `ids` to the live feed (when anyone listens).
pub async fn publish_ids(
    db: &Db,
    feed: &broadcast::Sender<FeedEvent>,
    kind: &'static str,
    ids: &[String],
) {
    if feed.receiver_count() == 0 {
        return;
    }
    for id in ids {
        match db.report(id).await {
            Ok(Some(row)) => {
                let _ = feed.send(FeedEvent {
                    kind,
                    row: Some(Arc::new(row)),
                    location: None,
                });
            }
            Ok(None) => {}
            Err(e) => tracing::warn!("live feed: {e}"),
        }
    }
}

/// Sends the current state of location request `id` to the live feed (when anyone listens).
pub async fn publish_location(s: &Inner, id: &str) {
    if s.feed.receiver_count() == 0 {
        return;
    }
    let row = match s.db.locate(id).await {
        Ok(Some(row)) => row,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!("live feed: {e}");
            return;
        }
    };
    let fixes = match s.db.locate_fixes(id).await {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!("live feed: {e}");
            return;
        }
    };
    let json = operator::location_json(s, &row, &fixes).to_string();
    let _ = s.feed.send(FeedEvent {
        kind: "location",
        row: None,
        location: Some(Arc::new(LocationEvent {
            id: row.id,
            polres: row.polres,
            polda: row.polda,
            json,
        })),
    });
}

fn listen_postgres(url: String, state: AppState) {
    let (db, feed) = (state.db.clone(), state.feed.clone());
    tokio::spawn(async move {
        loop {
            let mut listener = match sqlx::postgres::PgListener::connect(&url).await {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!("LISTEN: cannot connect ({e}); retrying");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                    continue;
                }
            };
            if let Err(e) = listener.listen(db::CHANNEL).await {
                tracing::warn!("LISTEN failed ({e}); retrying");
                tokio::time::sleep(Duration::from_secs(2)).await;
                continue;
            }
            tracing::info!(
                "listening for reports of every process (LISTEN {})",
                db::CHANNEL
            );
            loop {
                match listener.try_recv().await {
                    Ok(Some(n)) => {
                        let payload = n.payload();
                        let (kind, id) = match payload.split_once(':') {
                            Some(("location", id)) => {
                                publish_location(&state, id).await;
                                continue;
                            }
                            Some(("new", id)) => ("new", id),
                            Some((_, id)) => ("changed", id),
                            None => continue,
                        };
                        publish_ids(&db, &feed, kind, &[id.to_string()]).await;
                    }
                    Ok(None) => {
                        tracing::warn!(
                            "LISTEN connection lost; reconnecting (feeds are told to list again)"
                        );
                        let _ = feed.send(FeedEvent {
                            kind: "resync",
                            row: None,
                            location: None,
                        });
                    }
                    Err(e) => {
                        tracing::warn!("LISTEN: {e}");
                        break;
                    }
                }
            }
        }
    });
}

/// Opens the database, loads the data, binds and serves until Ctrl-C or SIGTERM.
/// Prints `listening on http://ADDR` and `database: …` on standard output.
pub async fn serve(cfg: Config) -> Result<(), String> {
    let dir = cfg.data_dir.clone();
    let mut routing = tokio::task::spawn_blocking(move || Routing::load(&dir))
        .await
        .map_err(|e| e.to_string())??;
    routing.set_default_polda(cfg.default_polda.clone())?;
    if cfg.default_polda.is_none() {
        tracing::warn!(
            "CENTER_DEFAULT_POLDA is not set: a report with no position and no Polres or Polda \
             is stored but in no operator's queue (only in the export)"
        );
    }
    let pg = cfg.database_url.starts_with("postgres");
    let db = Db::open(&cfg.database_url, if pg { 16 } else { 8 })
        .await
        .map_err(|e| format!("database {}: {e}", cfg.database_url))?;
    let secret = db.secret().await.map_err(|e| format!("database: {e}"))?;
    let listener = tokio::net::TcpListener::bind(cfg.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", cfg.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let (feed, _) = broadcast::channel(4096);
    let writer = {
        let (db, feed) = (db.clone(), feed.clone());
        Writer::spawn(db.clone(), move |ids| {
            if !db.pg && feed.receiver_count() > 0 {
                let (db, feed) = (db.clone(), feed.clone());
                tokio::spawn(async move { publish_ids(&db, &feed, "new", &ids).await });
            }
        })
    };
    let public_url = cfg
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"));
    let state = Arc::new(Inner {
        intake_limit: Limiter::new(cfg.rate_per_min, cfg.rate_burst),
        // Per client: four times the per-user allowance (an office behind one address).
        login_ip_limit: Limiter::new(
            f64::from(cfg.login_failures) * 4.0 / 15.0,
            f64::from(cfg.login_failures) * 4.0,
        ),
        // Per user: `login_failures` wrong passwords per 15 minutes.
        login_user_limit: Limiter::new(
            f64::from(cfg.login_failures) / 15.0,
            f64::from(cfg.login_failures),
        ),
        routing: Arc::new(routing),
        writer,
        feed,
        secret,
        public_url,
        db: db.clone(),
        cfg,
    });
    if pg {
        listen_postgres(state.cfg.database_url.clone(), state.clone());
    }
    println!("siaga110-center listening on http://{local}");
    println!("database: {}", db.display);
    println!(
        "app origins allowed by CORS: {}",
        state.cfg.app_origins.join(", ")
    );
    let console = console::console_dir();
    if console::is_built(&console) {
        println!(
            "operator console: http://{local}/console/ (from {})",
            console.display()
        );
    } else {
        tracing::warn!(
            "the operator console is not built in {} (scripts/center builds it)",
            console.display()
        );
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let app = app::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = stop_rx.await;
    });
    let mut server = Box::pin(server.into_future());
    tokio::select! {
        r = &mut server => return r.map_err(|e| e.to_string()),
        _ = shutdown_signal() => {}
    }
    tracing::info!("shutting down");
    let _ = stop_tx.send(());
    // Live feeds stay open: give the rest 5 s.
    let _ = tokio::time::timeout(Duration::from_secs(5), server).await;
    db.pool.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
