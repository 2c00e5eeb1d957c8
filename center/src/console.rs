//! The operator's console (issue 14): the Trunk build of `console/` served at `/console/`
//! from `CENTER_CONSOLE_DIR` (default `console/dist`), under a strict CSP, plus the small
//! read-only routes it needs beyond the operator API: the Polres a supervisor may filter by,
//! and the outlines for the map of a report or of a location request.
//!
//! The console's pages hold no data: everything comes from the session-guarded API, so the
//! static files themselves need no session (the console shows its login form without one).

use std::path::{Path as FsPath, PathBuf};

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use siaga110_core::jurisdiction::Answer;

use crate::app::{no_store, path_param, AppState};
use crate::db::Scope;
use crate::error::{ApiError, ApiResult};
use crate::operator::Session;

/// The console's Content-Security-Policy: only its own files and the API; WebAssembly may be
/// compiled (`'wasm-unsafe-eval'`), nothing inline, no `eval`, nothing from elsewhere.
pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Where the console's build is: `CENTER_CONSOLE_DIR`, else `console/dist` under the working
/// directory, else the one of the source tree this binary was built from.
pub fn console_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CENTER_CONSOLE_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    let here = PathBuf::from("console/dist");
    if here.join("index.html").exists() {
        here
    } else {
        crate::config::source_tree().join("../console/dist")
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "webmanifest" => "application/json",
        _ => "application/octet-stream",
    }
}

/// A file name under the console directory: plain segments only (no `..`, no hidden files).
fn safe(rel: &str) -> bool {
    !rel.is_empty()
        && rel.len() <= 200
        && rel.split('/').all(|seg| {
            !seg.is_empty()
                && !seg.starts_with('.')
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        })
}

async fn file(dir: PathBuf, rel: String) -> ApiResult<Response> {
    if !safe(&rel) {
        return Err(ApiError::NotFound);
    }
    let path = dir.join(&rel);
    let read = tokio::task::spawn_blocking(move || std::fs::read(&path))
        .await
        .map_err(|_| ApiError::Unavailable)?;
    let bytes = match read {
        Ok(b) => b,
        Err(_) if rel == "index.html" => {
            tracing::warn!(
                "the console is not built ({}/index.html is missing): run scripts/center",
                dir.display()
            );
            return Err(ApiError::NotFound);
        }
        Err(_) => return Err(ApiError::NotFound),
    };
    let cache = if rel == "index.html" {
        "no-cache"
    } else {
        // Trunk names every asset after a hash of its content.
        "public, max-age=31536000, immutable"
    };
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&rel)),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
            (
                header::HeaderName::from_static("permissions-policy"),
                HeaderValue::from_static("geolocation=(), camera=(), microphone=()"),
            ),
            (
                header::HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn index() -> ApiResult<Response> {
    file(console_dir(), "index.html".into()).await
}

async fn asset(p: Result<Path<String>, PathRejection>) -> ApiResult<Response> {
    file(console_dir(), path_param(p)?).await
}

/// `GET /api/polres`: the Polres of the operator's scope, `[{id, name}]` by name (a supervisor:
/// every Polres of its Polda, to filter the queue by).
async fn polres_list(State(s): State<AppState>, session: Session) -> Json<Value> {
    let index = s.routing.jurisdiction().index();
    let mut list: Vec<(&str, &str)> = index
        .polres
        .iter()
        .filter(|p| match session.op.scope() {
            Scope::Polres(id) => p.id == id,
            Scope::Polda(polda) => index.poldas.get(p.polda).is_some_and(|d| *d == polda),
        })
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    list.sort_by(|a, b| a.1.cmp(b.1));
    Json(json!({
        "polres": list.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>()
    }))
}

fn rings(polygons: &[siaga110_core::data::Polygon]) -> Vec<Vec<[f64; 2]>> {
    polygons
        .iter()
        .flat_map(|p| p.rings.iter())
        .map(|r| {
            r.iter()
                .map(|&(lat, lon)| [f64::from(lat) / 1e5, f64::from(lon) / 1e5])
                .collect()
        })
        .collect()
}

/// What the console's map draws around a position: the kecamatan's outline, the other kecamatan
/// of its kab/kota, and the HQ of `polres` (else of the area's Polres).
fn map_json(s: &AppState, at: Option<(f64, f64)>, polres: Option<&str>) -> Value {
    let j = s.routing.jurisdiction();
    let mut out = json!({ "kecamatan": null, "kabkota": [], "hq": null });
    if let Some((lat, lon)) = at {
        if let Ok(Answer::Area(area)) = j.locate_deg(lat, lon) {
            let code = area.kabkota_code;
            out["kecamatan"] = json!(rings(&area.kecamatan.polygons));
            out["kabkota"] = json!(j
                .areas()
                .iter()
                .filter(|k| k.kabkota_code() == code && k.code != area.kecamatan.code)
                .flat_map(|k| rings(&k.polygons))
                .collect::<Vec<_>>());
            let hq = polres
                .and_then(|p| j.index().polres.iter().find(|x| x.id == p))
                .or(area.polres)
                .and_then(|p| p.hq.map(|h| (p.name.clone(), h)));
            if let Some((name, hq)) = hq {
                out["hq"] = json!({ "name": name, "lat": hq.lat(), "lon": hq.lon() });
            }
        }
    }
    out
}

/// `GET /api/location-requests/{id}/map`: the same around a location request's newest position
/// (`{"kecamatan": null, …}` before any position or outside coverage). Scope as for the request.
async fn location_map(
    State(s): State<AppState>,
    session: Session,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Response> {
    let id = path_param(id)?;
    let row = session.location_request(&s, &id).await?;
    let at =
        s.db.locate_fixes(&row.id)
            .await?
            .last()
            .map(|f| (f.lat, f.lon));
    let out = map_json(&s, at, row.polres.as_deref());
    Ok((no_store(), Json(out)).into_response())
}

/// `GET /api/reports/{id}/map`: what the console's map draws around a report's position — the
/// kecamatan's outline, the other kecamatan of its kab/kota, the Polres HQ — as `[lat, lon]`
/// rings. `{"kecamatan": null, …}` when the report has no position or it is outside coverage.
async fn map(
    State(s): State<AppState>,
    session: Session,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Response> {
    let id = path_param(id)?;
    let row = session.report(&s, &id).await?;
    let body: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
    let at = body["location"]
        .as_object()
        .and_then(|l| Some((l.get("lat")?.as_f64()?, l.get("lon")?.as_f64()?)));
    let out = map_json(&s, at, row.polres.as_deref());
    Ok((no_store(), Json(out)).into_response())
}

/// The console's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/console",
            get(|| async { Redirect::permanent("/console/") }),
        )
        .route("/console/", get(index))
        .route("/console/{*path}", get(asset))
        .route("/api/polres", get(polres_list))
        .route("/api/reports/{id}/map", get(map))
        .route("/api/location-requests/{id}/map", get(location_map))
}

/// Whether the console is built in `dir` (for the start-up message).
pub fn is_built(dir: &FsPath) -> bool {
    dir.join("index.html").is_file()
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn only_plain_file_names() {
        assert!(safe("index.html"));
        assert!(safe("siaga110-console-0123_bg.wasm"));
        assert!(safe("icons/icon.svg"));
        for bad in [
            "",
            "../x",
            "a/../b",
            ".env",
            "a//b",
            "a\\b",
            "%2e%2e/x",
            "/etc/passwd",
        ] {
            assert!(!safe(bad), "{bad:?}");
        }
    }
}
