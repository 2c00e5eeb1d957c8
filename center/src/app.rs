//! The HTTP application: shared state, the router with its layers, and the public routes the
//! phone uses (intake, status, trail, answering a location request).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use siaga110_core::locate::LocateMessage;
use siaga110_core::report::Report;
use tokio::sync::broadcast;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

use crate::config::Config;
use crate::crypto::{hex, hmac_sha256, is_token, sha256_hex};
use crate::db::{
    now_ms, Answered, Db, FixRow, LocateAnswer, LocateRow, NewReport, Receipt, ReportRow, Stored,
    Writer,
};
use crate::error::{ApiError, ApiResult};
use crate::ratelimit::{retry_after, Limiter};
use crate::routing::{check, Routing};

/// The body limit: 64 KiB.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A change for the live feed.
#[derive(Debug, Clone)]
pub struct FeedEvent {
    /// `new`, `changed`, `location`, or `resync` (events may have been missed: list again).
    pub kind: &'static str,
    /// The report after the change (`new`, `changed`).
    pub row: Option<Arc<ReportRow>>,
    /// The location request after the change (`location`).
    pub location: Option<Arc<LocationEvent>>,
}

/// A location request for the live feed: its scope and its JSON (as in
/// `GET /api/location-requests`), made once for every listener.
#[derive(Debug)]
pub struct LocationEvent {
    /// The request's id.
    pub id: String,
    /// Its Polres id (an operator's request), or None (a supervisor's).
    pub polres: Option<String>,
    /// Its Polda.
    pub polda: Option<String>,
    /// The request as the operator routes give it.
    pub json: String,
}

/// Everything the routes share.
pub struct Inner {
    /// Configuration.
    pub cfg: Config,
    /// The database.
    pub db: Db,
    /// The report writer.
    pub writer: Writer,
    /// The jurisdiction lookup.
    pub routing: Arc<Routing>,
    /// The live feed.
    pub feed: broadcast::Sender<FeedEvent>,
    /// Intake and trail requests per client.
    pub intake_limit: Limiter<IpAddr>,
    /// Failed logins per client.
    pub login_ip_limit: Limiter<IpAddr>,
    /// Failed logins per user name.
    pub login_user_limit: Limiter<String>,
    /// The secret status tokens are derived from.
    pub secret: Vec<u8>,
    /// The base of status URLs.
    pub public_url: String,
}

/// Shared state (cheap to clone).
pub type AppState = Arc<Inner>;

impl Inner {
    /// The status token of a report: HMAC of its id under the server secret, so a repeated
    /// report gets the same answer while only the token's hash is stored.
    pub fn token(&self, id: &str) -> String {
        hex(&hmac_sha256(&self.secret, id.as_bytes()))
    }

    /// The token of a location request's link: HMAC of `lokasi:` + its id under the server
    /// secret (never a status token: those are HMACs of a bare report id, and both are looked up
    /// by their hash in their own table). Only its SHA-256 is stored.
    pub fn locate_token(&self, id: &str) -> String {
        locate_token(&self.secret, id)
    }

    /// The link an operator sends to the caller: `CENTER_APP_URL?lokasi=<token>`.
    pub fn locate_link(&self, id: &str) -> String {
        format!("{}?lokasi={}", self.cfg.app_url, self.locate_token(id))
    }

    /// The status URL of a report.
    pub fn status_url(&self, id: &str) -> String {
        format!("{}/api/status/{}", self.public_url, self.token(id))
    }

    /// Takes one request from the client's allowance for the public routes (intake, trail,
    /// location answers), or answers 429 with when to come back.
    pub fn limit(&self, peer: SocketAddr, headers: &HeaderMap) -> ApiResult<()> {
        let ip = self.client_ip(peer, headers);
        self.intake_limit
            .take(&ip)
            .map_err(|w| ApiError::RateLimited {
                retry_after: retry_after(w),
            })
    }

    /// The client address: the peer, or behind a trusted proxy the last `X-Forwarded-For`.
    pub fn client_ip(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        if self.cfg.trust_forwarded {
            if let Some(ip) = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse().ok())
            {
                return ip;
            }
        }
        peer.ip()
    }

    /// Publishes a change to the live feed of this process (SQLite; with PostgreSQL the
    /// database's notifications do it, for every process).
    pub fn publish(self: &Arc<Self>, kind: &'static str, ids: Vec<String>) {
        if self.db.pg || self.feed.receiver_count() == 0 {
            return;
        }
        let s = self.clone();
        tokio::spawn(async move { crate::publish_ids(&s.db, &s.feed, kind, &ids).await });
    }

    /// Publishes a location request after a change (SQLite; PostgreSQL: its notification).
    pub fn publish_location(self: &Arc<Self>, id: &str) {
        if self.db.pg || self.feed.receiver_count() == 0 {
            return;
        }
        let (s, id) = (self.clone(), id.to_string());
        tokio::spawn(async move { crate::publish_location(&s, &id).await });
    }
}

/// The token of a location request's link under `secret` (see [`Inner::locate_token`]).
pub fn locate_token(secret: &[u8], id: &str) -> String {
    hex(&hmac_sha256(secret, format!("lokasi:{id}").as_bytes()))
}

/// ms → RFC 3339 UTC with milliseconds.
pub fn iso(ms: i64) -> String {
    match siaga110_core::report::civil(ms as f64) {
        Some((y, mo, d, h, mi, s)) => format!(
            "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
            ms.rem_euclid(1000)
        ),
        None => String::new(),
    }
}

fn opt_iso(ms: Option<i64>) -> Value {
    ms.map(|m| Value::String(iso(m))).unwrap_or(Value::Null)
}

/// `{"id", "name"}` of a Polres id, or null.
pub fn polres_json(routing: &Routing, id: Option<&str>) -> Value {
    match id {
        None => Value::Null,
        Some(id) => json!({ "id": id, "name": routing.polres(id).map(|(n, _)| n) }),
    }
}

/// What the phone may know of its report.
pub fn status_json(routing: &Routing, r: &ReportRow) -> Value {
    json!({
        "id": r.id,
        "state": r.state,
        "outcome": r.outcome,
        "exercise": r.exercise,
        "polres": polres_json(routing, r.polres.as_deref()),
        "polda": r.polda,
        "received_at": iso(r.received_at),
        "seen_at": opt_iso(r.seen_at),
        "dispatched_at": opt_iso(r.dispatched_at),
        "closed_at": opt_iso(r.closed_at),
        "updated_at": iso(r.updated_at),
        "reply": r.reply.as_ref().map(|t| json!({ "text": t, "at": opt_iso(r.replied_at) })),
    })
}

fn receipt_json(s: &Inner, r: &Receipt) -> Value {
    json!({
        "id": r.id,
        "status_url": s.status_url(&r.id),
        "received_at": iso(r.received_at),
        "exercise": r.exercise,
        "queue": {
            "polres": polres_json(&s.routing, r.polres.as_deref()),
            "polda": r.polda,
        },
    })
}

/// Whether a header says JSON.
pub fn is_json_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

/// The bytes of a body, or the right 4xx.
pub fn body_bytes(body: Result<Bytes, BytesRejection>) -> ApiResult<Bytes> {
    body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        _ => ApiError::BadRequest("the body could not be read".into()),
    })
}

/// A JSON body of type `T`, or the right 4xx.
pub fn json_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<T> {
    if !is_json_type(headers) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let bytes = body_bytes(body)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::BadRequest(format!("the body is not the expected JSON: {e}")))
}

/// A path parameter, or a 4xx.
pub fn path_param(p: Result<Path<String>, PathRejection>) -> ApiResult<String> {
    p.map(|Path(s)| s)
        .map_err(|_| ApiError::BadRequest("malformed path".into()))
}

async fn intake(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    s.limit(peer, &headers)?;
    if !is_json_type(&headers) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let mut keys = headers.get_all("idempotency-key").iter();
    let key = match (keys.next(), keys.next()) {
        (Some(k), None) => k
            .to_str()
            .map_err(|_| ApiError::BadRequest("Idempotency-Key is not text".into()))?,
        (None, _) => {
            return Err(ApiError::BadRequest(
                "the Idempotency-Key header (the report id) is missing".into(),
            ))
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::BadRequest(
                "more than one Idempotency-Key header".into(),
            ))
        }
    };
    if !siaga110_core::report::is_uuid(key) {
        return Err(ApiError::BadRequest(
            "Idempotency-Key must be the report id, a lower-case UUID".into(),
        ));
    }
    let bytes = body_bytes(body)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| ApiError::BadRequest("the body is not UTF-8".into()))?;
    let report = Report::from_json(text).map_err(|e| ApiError::InvalidReport {
        message: format!("the body is not a report: {e}"),
        problems: vec![e.to_string()],
    })?;
    if report.id != key {
        return Err(ApiError::BadRequest(
            "Idempotency-Key differs from the report's id".into(),
        ));
    }
    let report = check(report).map_err(|problems| ApiError::InvalidReport {
        message: format!("the report is not valid: {}", problems.join("; ")),
        problems,
    })?;
    let route = s.routing.route(&report);
    let body = report.to_json();
    let new = NewReport {
        id: report.id.clone(),
        body_hash: sha256_hex(body.as_bytes()),
        body,
        token_hash: sha256_hex(s.token(&report.id).as_bytes()),
        exercise: report.exercise,
        category: report.category.code().into(),
        danger: report.danger.code().into(),
        text_only: report.text_only,
        phone_polres: report.polres.as_ref().map(|p| p.id.clone()),
        server_polres: route.server_polres,
        polres: route.polres,
        polda: route.polda,
        route: route.basis,
        mismatch: route.mismatch,
        area_basis: route.area_basis,
        kecamatan: route.kecamatan,
        kabkota: route.kabkota,
        received_at: now_ms(),
    };
    let (status, receipt) = match s.writer.store(new).await? {
        Stored::Created(r) => {
            tracing::info!(id = %r.id, polres = ?r.polres, exercise = r.exercise, "report stored");
            (StatusCode::CREATED, r)
        }
        Stored::Existing(r) => (StatusCode::OK, r),
        Stored::Conflict => return Err(ApiError::IdConflict),
    };
    Ok((status, no_store(), Json(receipt_json(&s, &receipt))).into_response())
}

/// `Cache-Control: no-store`.
pub fn no_store() -> [(header::HeaderName, HeaderValue); 1] {
    [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))]
}

/// A token's hash, once it has the form of one (`what` names it in the 400).
fn token_hash(token: &str, what: &str) -> ApiResult<String> {
    if !is_token(token) {
        return Err(ApiError::BadRequest(format!(
            "malformed {what} token (64 lower-case hex digits)"
        )));
    }
    Ok(sha256_hex(token.as_bytes()))
}

async fn by_token(s: &Inner, token: &str) -> ApiResult<ReportRow> {
    s.db.report_by_token(&token_hash(token, "status")?)
        .await?
        .ok_or(ApiError::NotFound)
}

async fn status(
    State(s): State<AppState>,
    token: Result<Path<String>, PathRejection>,
) -> ApiResult<Response> {
    let row = by_token(&s, &path_param(token)?).await?;
    Ok((no_store(), Json(status_json(&s.routing, &row))).into_response())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FixIn {
    lat: f64,
    lon: f64,
    accuracy_m: f64,
    fix_time_ms: f64,
}

/// A position as the phone sends it, checked (the ranges of the report's own location).
fn check_fix(lat: f64, lon: f64, accuracy_m: f64, fix_time_ms: f64) -> ApiResult<FixRow> {
    if siaga110_core::geo::LatLon::new(lat, lon).is_err() {
        return Err(ApiError::BadRequest(
            "lat must be in -90..90 and lon in -180..180".into(),
        ));
    }
    if !(accuracy_m.is_finite() && (0.0..=1.0e7).contains(&accuracy_m)) {
        return Err(ApiError::BadRequest("accuracy_m: metres >= 0".into()));
    }
    if !(fix_time_ms.is_finite() && (0.0..1.0e14).contains(&fix_time_ms)) {
        return Err(ApiError::BadRequest("fix_time_ms: ms since 1970".into()));
    }
    Ok(FixRow {
        lat,
        lon,
        accuracy_m,
        fix_time_ms: fix_time_ms.round() as i64,
        received_at: now_ms(),
    })
}

async fn add_fix(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    token: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    s.limit(peer, &headers)?;
    let row = by_token(&s, &path_param(token)?).await?;
    let fix: FixIn = json_body(&headers, body)?;
    let f = check_fix(fix.lat, fix.lon, fix.accuracy_m, fix.fix_time_ms)?;
    match s.db.add_fix(&row.id, &f).await? {
        None => Err(ApiError::Unprocessable(format!(
            "this report already has {} fixes",
            crate::db::MAX_FIXES
        ))),
        Some(new) => {
            if new && !row.exercise {
                s.publish("changed", vec![row.id.clone()]);
            }
            let code = if new {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((
                code,
                no_store(),
                Json(json!({ "id": row.id, "stored": new })),
            )
                .into_response())
        }
    }
}

async fn locate_by_token(s: &Inner, token: &str) -> ApiResult<LocateRow> {
    s.db.locate_by_token(&token_hash(token, "location")?)
        .await?
        .ok_or(ApiError::NotFound)
}

/// `GET /api/locate/{token}`: what the phone's consent screen shows. Nothing else of the
/// request (no operator, no report, no position).
async fn locate_get(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    token: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    s.limit(peer, &headers)?;
    let row = locate_by_token(&s, &path_param(token)?).await?;
    if now_ms() >= row.expires_at {
        return Err(ApiError::LinkExpired);
    }
    Ok((
        no_store(),
        Json(json!({
            "polres": polres_json(&s.routing, row.polres.as_deref()),
            "polda": row.polda,
            "note": row.note,
            "created_at": iso(row.created_at),
            "expires_at": iso(row.expires_at),
            "state": row.state,
        })),
    )
        .into_response())
}

/// `POST /api/locate/{token}`: a position, or a refusal, from the phone the link was opened on.
async fn locate_post(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    token: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    s.limit(peer, &headers)?;
    let row = locate_by_token(&s, &path_param(token)?).await?;
    if now_ms() >= row.expires_at {
        return Err(ApiError::LinkExpired);
    }
    // The phone's body, as the core defines it for both ends.
    let input: siaga110_core::locate::LocateBody = json_body(&headers, body)?;
    if !siaga110_core::report::is_uuid(&input.phone) {
        return Err(ApiError::BadRequest(
            "phone: a lower-case UUID the phone made for this link".into(),
        ));
    }
    let answer =
        match input.message() {
            Some(LocateMessage::Decline) => LocateAnswer::Decline,
            Some(LocateMessage::Fix {
                lat,
                lon,
                accuracy_m,
                fix_time_ms,
            }) => LocateAnswer::Fix(check_fix(lat, lon, accuracy_m, fix_time_ms)?),
            None => return Err(ApiError::BadRequest(
                "the body is {phone, lat, lon, accuracy_m, fix_time_ms} or {phone, declined: true}"
                    .into(),
            )),
        };
    let new = match s
        .db
        .answer_locate(&row.id, &input.phone, &answer, now_ms())
        .await?
    {
        Answered::Stored { new, changed } => {
            if changed {
                s.publish_location(&row.id);
            }
            new
        }
        Answered::Full => {
            return Err(ApiError::Unprocessable(format!(
                "this location request already has {} positions",
                crate::db::MAX_LOCATE_FIXES
            )))
        }
        Answered::Used => return Err(ApiError::LinkUsed),
        Answered::Expired => return Err(ApiError::LinkExpired),
        Answered::NotFound => return Err(ApiError::NotFound),
    };
    let code = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        code,
        no_store(),
        Json(json!({ "stored": new, "expires_at": iso(row.expires_at) })),
    )
        .into_response())
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Replaces the plain-text errors of layers (413, 408…) with the JSON error of their status.
async fn json_errors(res: Response) -> Response {
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if status.as_u16() < 400 || is_json {
        return res;
    }
    let mut fixed = ApiError::from_status(status).into_response();
    *fixed.status_mut() = status;
    fixed
}

fn cors_allowed(origins: &[String], origin: &HeaderValue, parts: &Parts) -> bool {
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if !origins.iter().any(|o| o == origin) {
        return false;
    }
    let path = parts.uri.path();
    let method = if parts.method == Method::OPTIONS {
        parts
            .headers
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .and_then(|m| m.to_str().ok())
            .unwrap_or("")
            .to_string()
    } else {
        parts.method.to_string()
    };
    (path == "/api/reports" && method == "POST")
        || ((path.starts_with("/api/status/") || path.starts_with("/api/locate/"))
            && (method == "GET" || method == "POST"))
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let origins = state.cfg.app_origins.clone();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |o, p| {
            cors_allowed(&origins, o, p)
        }))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            "idempotency-key".parse().expect("header name"),
        ])
        .max_age(Duration::from_secs(600));
    Router::new()
        .route("/api/reports", post(intake).get(crate::operator::list))
        .route("/api/status/{token}", get(status).post(add_fix))
        .route("/api/locate/{token}", get(locate_get).post(locate_post))
        .merge(crate::operator::routes())
        .merge(crate::console::routes())
        .route("/healthz", get(|| async { Json(json!({ "ok": true })) }))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(10)))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(15),
        ))
        .layer(CompressionLayer::new())
        // An API: nothing here is a page to frame, sniff or refer from (routes that serve a
        // page, like the console, set their own).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(axum::middleware::map_response(json_errors))
        .layer(cors)
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::Unavailable.into_response()
        }))
        .with_state(state)
}
