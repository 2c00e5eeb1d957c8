//! Operators: login with a session cookie, their queue, actions with an audit log, the live
//! feed (Server-Sent Events), the CAP export of a report and location requests (a one-time link
//! that asks a caller for their position). An operator sees only its Polres
//! (a supervisor: its Polda); everything else is 404.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream::{self, Stream, StreamExt};
use serde_json::{json, Value};
use tokio_stream::wrappers::{errors::BroadcastStreamRecvError, BroadcastStream};

use crate::app::{
    body_bytes, is_json_type, iso, json_body, no_store, path_param, polres_json, AppState,
    FeedEvent, Inner,
};
use crate::crypto::{hex, is_token, random_bytes, sha256_hex};
use crate::db::{
    now_ms, ActError, Action, FixRow, LocateRow, NewLocate, OperatorRow, ReportRow, Scope,
};
use crate::error::{ApiError, ApiResult};
use crate::ratelimit::retry_after;

/// The session cookie's name.
pub const COOKIE: &str = "siaga110_session";
/// The outcomes a report can be closed with.
pub const OUTCOMES: [&str; 5] = [
    "handled",
    "false_report",
    "duplicate",
    "exercise",
    "unreachable",
];
/// The longest reply to the person, in characters.
pub const REPLY_MAX: usize = 280;
/// The longest note of a location request (shown to the person), in characters.
pub const NOTE_MAX: usize = 200;
/// The operator's list of location requests goes back this far, ms (24 hours).
pub const LOCATE_LIST_MS: i64 = 24 * 3_600_000;

/// An argon2id hash (PHC string) of a password, with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hash_password(&hex(&random_bytes::<16>())).unwrap_or_default())
}

/// A logged-in operator.
pub struct Session {
    /// The account.
    pub op: OperatorRow,
    /// Hash of the cookie's token.
    pub token_hash: String,
    /// When it ends, ms.
    pub expires_at: i64,
}

impl Session {
    /// The report `id` when it is in this operator's scope; else 404, as for an id that is not
    /// one (nothing tells an operator what exists outside their scope).
    pub async fn report(&self, s: &Inner, id: &str) -> ApiResult<ReportRow> {
        if !siaga110_core::report::is_uuid(id) {
            return Err(ApiError::NotFound);
        }
        s.db.report_in_scope(id, &self.op.scope())
            .await?
            .ok_or(ApiError::NotFound)
    }

    /// The location request `id` when it is in this operator's scope; else 404.
    pub async fn location_request(&self, s: &Inner, id: &str) -> ApiResult<LocateRow> {
        if !siaga110_core::report::is_uuid(id) {
            return Err(ApiError::NotFound);
        }
        s.db.locate_in_scope(id, &self.op.scope())
            .await?
            .ok_or(ApiError::NotFound)
    }
}

/// The session token from the `Cookie` headers: `Ok(None)` when there is none.
fn cookie_token(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let mut found = None;
    for v in headers.get_all(header::COOKIE) {
        let v = v
            .to_str()
            .map_err(|_| ApiError::Unauthorized("malformed Cookie header".into()))?;
        for pair in v.split(';') {
            if let Some(val) = pair
                .trim()
                .strip_prefix(COOKIE)
                .and_then(|r| r.strip_prefix('='))
            {
                found = Some(val.trim_matches('"').to_string());
            }
        }
    }
    Ok(found)
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, ApiError> {
        let token = cookie_token(&parts.headers)?
            .ok_or_else(|| ApiError::Unauthorized("sign in first".into()))?;
        if !is_token(&token) {
            return Err(ApiError::Unauthorized("malformed session cookie".into()));
        }
        let token_hash = sha256_hex(token.as_bytes());
        let (op, expires_at) = s.db.session(&token_hash).await?.ok_or_else(|| {
            ApiError::Unauthorized("the session has ended or expired; sign in again".into())
        })?;
        Ok(Session {
            op,
            token_hash,
            expires_at,
        })
    }
}

fn me_json(s: &AppState, op: &OperatorRow, expires_at: i64) -> Value {
    json!({
        "user": op.username,
        "role": if op.polres.is_some() { "operator" } else { "supervisor" },
        "polres": polres_json(&s.routing, op.polres.as_deref()),
        "polda": op.polda.clone().or_else(|| {
            op.polres.as_deref().and_then(|p| s.routing.polres(p)).map(|(_, d)| d.to_string())
        }),
        "expires_at": iso(expires_at),
    })
}

fn cookie(value: &str, max_age: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={max_age}"
    ))
    .expect("a cookie of hex digits")
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginIn {
    user: String,
    password: String,
}

async fn login(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let ip = s.client_ip(peer, &headers);
    let input: LoginIn = json_body(&headers, body)?;
    if input.user.is_empty() || input.user.chars().count() > 64 || input.password.len() > 1024 {
        return Err(ApiError::BadRequest(
            "user: 1-64 characters; password: at most 1024 bytes".into(),
        ));
    }
    let user = input.user.trim().to_lowercase();
    if let Some(wait) = s
        .login_ip_limit
        .peek(&ip)
        .err()
        .or_else(|| s.login_user_limit.peek(&user).err())
    {
        return Err(ApiError::RateLimited {
            retry_after: retry_after(wait),
        });
    }
    let op = s.db.operator(&user).await?;
    let hash = op
        .as_ref()
        .map(|o| o.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_string());
    let password = input.password;
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let Some(op) = op.filter(|_| ok) else {
        s.login_ip_limit.spend(&ip);
        s.login_user_limit.spend(&user);
        if s.db.operator(&user).await?.is_some() {
            s.db.audit(&user, None, "login_failed", None).await?;
        }
        return Err(ApiError::Unauthorized("wrong user name or password".into()));
    };
    s.login_user_limit.reset(&user);
    let token = hex(&random_bytes::<32>());
    let expires_at = now_ms() + s.cfg.session_minutes * 60_000;
    s.db.create_session(&sha256_hex(token.as_bytes()), op.id, expires_at)
        .await?;
    s.db.audit(&op.username, None, "login", None).await?;
    let mut res = (no_store(), Json(me_json(&s, &op, expires_at))).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        cookie(&token, s.cfg.session_minutes * 60),
    );
    Ok(res)
}

async fn logout(State(s): State<AppState>, session: Session) -> ApiResult<Response> {
    s.db.delete_session(&session.token_hash).await?;
    s.db.audit(&session.op.username, None, "logout", None)
        .await?;
    let mut res = (no_store(), Json(json!({ "ok": true }))).into_response();
    res.headers_mut().insert(header::SET_COOKIE, cookie("", 0));
    Ok(res)
}

async fn me(State(s): State<AppState>, session: Session) -> Json<Value> {
    Json(me_json(&s, &session.op, session.expires_at))
}

/// A report's row for a queue or the live feed.
pub fn summary_json(s: &AppState, r: &ReportRow) -> Value {
    let body: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    let description = body["description"].as_str().unwrap_or("");
    let preview: String = description.chars().take(140).collect();
    json!({
        "id": r.id,
        "state": r.state,
        "outcome": r.outcome,
        "exercise": r.exercise,
        "category": r.category,
        "danger": r.danger,
        "injured": body.get("injured"),
        "subject": body.get("subject"),
        "text_only": r.text_only,
        "description_preview": preview,
        "landmark": body.get("landmark"),
        "kecamatan": r.kecamatan,
        "kabkota": r.kabkota,
        "location": body.get("location"),
        "polres": polres_json(&s.routing, r.polres.as_deref()),
        "polda": r.polda,
        "route": r.route,
        "phone_polres": body.get("polres").map(|p| p["id"].clone()),
        "server_polres": r.server_polres,
        "polres_mismatch": r.mismatch,
        "area_basis": r.area_basis,
        "created_at": body.get("created_at"),
        "received_at": iso(r.received_at),
        "seen_at": r.seen_at.map(iso),
        "dispatched_at": r.dispatched_at.map(iso),
        "closed_at": r.closed_at.map(iso),
        "reply": r.reply,
        "replied_at": r.replied_at.map(iso),
        "updated_at": iso(r.updated_at),
    })
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    state: Option<String>,
    exercise: Option<bool>,
    before: Option<i64>,
    limit: Option<i64>,
    polres: Option<String>,
}

fn scope_for(s: &AppState, op: &OperatorRow, polres: Option<&str>) -> ApiResult<Scope> {
    let scope = op.scope();
    match (polres, &scope) {
        (None, _) => Ok(scope),
        (Some(p), Scope::Polres(mine)) if p == mine => Ok(scope),
        (Some(p), Scope::Polda(polda)) if s.routing.polres(p).is_some_and(|(_, d)| d == polda) => {
            Ok(Scope::Polres(p.to_string()))
        }
        _ => Err(ApiError::NotFound),
    }
}

/// `GET /api/reports`: the operator's queue.
pub(crate) async fn list(
    State(s): State<AppState>,
    session: Session,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| ApiError::BadRequest(format!("query: {}", e.body_text())))?;
    let states: Vec<&str> = match q.state.as_deref().unwrap_or("open") {
        "open" => vec!["received", "seen", "dispatched"],
        "all" => vec!["received", "seen", "dispatched", "closed"],
        s @ ("received" | "seen" | "dispatched" | "closed") => vec![s],
        _ => {
            return Err(ApiError::BadRequest(
                "state: open, all, received, seen, dispatched or closed".into(),
            ))
        }
    };
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadRequest("limit: 1 to 500".into()));
    }
    let scope = scope_for(&s, &session.op, q.polres.as_deref())?;
    let rows =
        s.db.list(
            &scope,
            &states,
            q.exercise.unwrap_or(false),
            q.before,
            limit,
        )
        .await?;
    let next = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.received_at))
        .flatten();
    let reports: Vec<Value> = rows.iter().map(|r| summary_json(&s, r)).collect();
    Ok((
        no_store(),
        Json(json!({ "reports": reports, "next_before": next })),
    )
        .into_response())
}

async fn detail(
    State(s): State<AppState>,
    session: Session,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Response> {
    let id = path_param(id)?;
    let (id, cap) = match id.strip_suffix(".cap") {
        Some(i) => (i.to_string(), true),
        None => (id, false),
    };
    let row = session.report(&s, &id).await?;
    if cap {
        let xml = crate::cap::alert(&s, &row);
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/cap+xml; charset=utf-8"),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            xml,
        )
            .into_response());
    }
    let trail = s.db.fixes(&row.id).await?;
    let mut v = summary_json(&s, &row);
    let body: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
    v["plus_code"] = body["location"]
        .as_object()
        .and_then(|l| {
            siaga110_core::olc::encode(l.get("lat")?.as_f64()?, l.get("lon")?.as_f64()?, 10).ok()
        })
        .map(Value::String)
        .unwrap_or(Value::Null);
    v["report"] = body;
    v["trail"] = json!(trail);
    Ok((no_store(), Json(v)).into_response())
}

async fn audit(
    State(s): State<AppState>,
    session: Session,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Response> {
    let id = path_param(id)?;
    session.report(&s, &id).await?;
    let entries: Vec<Value> = s
        .db
        .audit_for(&id)
        .await?
        .into_iter()
        .map(|a| {
            json!({ "at": iso(a.at), "operator": a.operator, "action": a.action, "detail": a.detail })
        })
        .collect();
    Ok((no_store(), Json(json!({ "id": id, "audit": entries }))).into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ActionIn {
    outcome: Option<String>,
    text: Option<String>,
}

async fn act(
    s: AppState,
    session: Session,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
    what: &str,
) -> ApiResult<Response> {
    let id = path_param(id)?;
    if !is_json_type(&headers) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let bytes = body_bytes(body)?;
    let input: ActionIn = if bytes.iter().all(u8::is_ascii_whitespace) {
        ActionIn::default()
    } else {
        serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::BadRequest(format!("the body is not the expected JSON: {e}")))?
    };
    if !siaga110_core::report::is_uuid(&id) {
        return Err(ApiError::NotFound);
    }
    let action = match what {
        "seen" => Action::Seen,
        "dispatched" => Action::Dispatched,
        "close" => {
            let outcome = input.outcome.unwrap_or_default();
            if !OUTCOMES.contains(&outcome.as_str()) {
                return Err(ApiError::BadRequest(format!(
                    "outcome: one of {}",
                    OUTCOMES.join(", ")
                )));
            }
            Action::Close(outcome)
        }
        _ => {
            let text = siaga110_core::report::clean_text(&input.text.unwrap_or_default(), true);
            if text.is_empty() || text.chars().count() > REPLY_MAX {
                return Err(ApiError::BadRequest(format!(
                    "text: 1 to {REPLY_MAX} characters"
                )));
            }
            Action::Reply(text)
        }
    };
    let (row, changed) =
        s.db.act(&id, &session.op.scope(), &session.op.username, &action)
            .await
            .map_err(|e| match e {
                ActError::NotFound => ApiError::NotFound,
                ActError::State(m) => ApiError::Conflict(m),
                ActError::Db(e) => ApiError::from(e),
            })?;
    if changed && !row.exercise {
        s.publish("changed", vec![row.id.clone()]);
    }
    Ok((no_store(), Json(summary_json(&s, &row))).into_response())
}

macro_rules! action_route {
    ($name:ident, $what:literal) => {
        async fn $name(
            State(s): State<AppState>,
            session: Session,
            id: Result<Path<String>, PathRejection>,
            headers: HeaderMap,
            body: Result<Bytes, BytesRejection>,
        ) -> ApiResult<Response> {
            act(s, session, id, headers, body, $what).await
        }
    };
}
action_route!(mark_seen, "seen");
action_route!(mark_dispatched, "dispatched");
action_route!(close, "close");
action_route!(reply, "reply");

/// A location request as the operator routes and the live feed give it: its link (recomputed
/// from the id), its state (`expired`: 30 minutes passed with no answer), its positions (oldest
/// first) and the center's own lookup of the newest.
pub fn location_json(s: &Inner, r: &LocateRow, fixes: &[FixRow]) -> Value {
    let state = if r.state == "waiting" && now_ms() >= r.expires_at {
        "expired"
    } else {
        r.state.as_str()
    };
    let place = fixes
        .last()
        .and_then(|f| s.routing.place_of(f.lat, f.lon))
        .map(|(kecamatan, kabkota, polres)| {
            json!({
                "kecamatan": kecamatan,
                "kabkota": kabkota,
                "polres": polres_json(&s.routing, polres.as_deref()),
            })
        });
    let fixes: Vec<Value> = fixes
        .iter()
        .map(|f| {
            json!({
                "lat": f.lat,
                "lon": f.lon,
                "accuracy_m": f.accuracy_m,
                "fix_time": iso(f.fix_time_ms),
                "received_at": iso(f.received_at),
            })
        })
        .collect();
    json!({
        "id": r.id,
        "link": s.locate_link(&r.id),
        "note": r.note,
        "report_id": r.report_id,
        "polres": polres_json(&s.routing, r.polres.as_deref()),
        "polda": r.polda,
        "operator": r.operator,
        "created_at": iso(r.created_at),
        "expires_at": iso(r.expires_at),
        "state": state,
        "answered_at": r.answered_at.map(iso),
        "fixes": fixes,
        "place": place,
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LocateRequestIn {
    note: Option<String>,
    report_id: Option<String>,
}

/// `POST /api/location-requests`: a one-time link asking a caller for their position.
async fn create_location_request(
    State(s): State<AppState>,
    session: Session,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    if !is_json_type(&headers) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let bytes = body_bytes(body)?;
    let input: LocateRequestIn = if bytes.iter().all(u8::is_ascii_whitespace) {
        LocateRequestIn::default()
    } else {
        serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::BadRequest(format!("the body is not the expected JSON: {e}")))?
    };
    let note = input
        .note
        .map(|n| siaga110_core::report::clean_text(&n, true))
        .filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX) {
        return Err(ApiError::BadRequest(format!(
            "note: at most {NOTE_MAX} characters"
        )));
    }
    let scope = session.op.scope();
    if let Some(id) = &input.report_id {
        if !siaga110_core::report::is_uuid(id) {
            return Err(ApiError::BadRequest(
                "report_id: a report's id (a lower-case UUID)".into(),
            ));
        }
        s.db.report_in_scope(id, &scope)
            .await?
            .ok_or(ApiError::NotFound)?;
    }
    // An operator's request is its Polres's; a supervisor's its Polda's.
    let (polres, polda) = match &scope {
        Scope::Polres(p) => (
            Some(p.clone()),
            session.op.polda.clone().or_else(|| {
                s.routing
                    .polres(p)
                    .map(|(_, d)| d.to_string())
                    .filter(|d| !d.is_empty())
            }),
        ),
        Scope::Polda(d) => (None, Some(d.clone())),
    };
    let id = siaga110_core::report::uuid_v4(random_bytes::<16>());
    let new = NewLocate {
        token_hash: sha256_hex(s.locate_token(&id).as_bytes()),
        id,
        polres,
        polda,
        operator: session.op.username.clone(),
        note,
        report_id: input.report_id,
        created_at: now_ms(),
    };
    let row = s.db.create_locate(&new).await?;
    tracing::info!(id = %row.id, operator = %row.operator, "location request made");
    s.publish_location(&row.id);
    Ok((
        axum::http::StatusCode::CREATED,
        no_store(),
        Json(location_json(&s, &row, &[])),
    )
        .into_response())
}

/// `GET /api/location-requests`: the scope's requests of the last 24 hours, newest first.
async fn list_location_requests(
    State(s): State<AppState>,
    session: Session,
) -> ApiResult<Response> {
    let rows =
        s.db.locates(&session.op.scope(), now_ms() - LOCATE_LIST_MS)
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let fixes = s.db.locate_fixes(&r.id).await?;
        out.push(location_json(&s, r, &fixes));
    }
    Ok((no_store(), Json(json!({ "requests": out }))).into_response())
}

/// `GET /api/location-requests/{id}`: one request of the scope.
async fn location_request(
    State(s): State<AppState>,
    session: Session,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Response> {
    let id = path_param(id)?;
    let row = session.location_request(&s, &id).await?;
    let fixes = s.db.locate_fixes(&row.id).await?;
    Ok((no_store(), Json(location_json(&s, &row, &fixes))).into_response())
}

fn location_in_scope(scope: &Scope, polres: Option<&str>, polda: Option<&str>) -> bool {
    match scope {
        Scope::Polres(p) => polres == Some(p.as_str()),
        Scope::Polda(p) => polda == Some(p.as_str()),
    }
}

fn in_scope(scope: &Scope, r: &ReportRow) -> bool {
    match scope {
        Scope::Polres(p) => r.polres.as_deref() == Some(p.as_str()),
        Scope::Polda(p) => r.polda.as_deref() == Some(p.as_str()),
    }
}

async fn feed(
    State(s): State<AppState>,
    session: Session,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = s.feed.subscribe();
    let scope = session.op.scope();
    let hello = Event::default()
        .event("hello")
        .data(me_json(&s, &session.op, session.expires_at).to_string());
    let left = Duration::from_millis((session.expires_at - now_ms()).max(0) as u64);
    let st = s.clone();
    let events = BroadcastStream::new(rx).filter_map(move |msg| {
        let out = match msg {
            Ok(FeedEvent {
                location: Some(loc),
                ..
            }) => {
                location_in_scope(&scope, loc.polres.as_deref(), loc.polda.as_deref()).then(|| {
                    Ok(Event::default()
                        .event("location")
                        .id(loc.id.clone())
                        .data(loc.json.clone()))
                })
            }
            Ok(FeedEvent { row: None, .. }) => Some(Ok(Event::default()
                .event("resync")
                .data(json!({ "missed": null }).to_string()))),
            Ok(FeedEvent {
                kind,
                row: Some(row),
                ..
            }) if !row.exercise && in_scope(&scope, &row) => Some(Ok(Event::default()
                .event(kind)
                .id(row.id.clone())
                .data(summary_json(&st, &row).to_string()))),
            Ok(_) => None,
            Err(BroadcastStreamRecvError::Lagged(n)) => Some(Ok(Event::default()
                .event("resync")
                .data(json!({ "missed": n }).to_string()))),
        };
        std::future::ready(out)
    });
    let stream = stream::once(std::future::ready(Ok(hello)))
        .chain(events)
        .take_until(tokio::time::sleep(left));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// The operator routes (same origin only: no CORS).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/me", get(me))
        .route("/api/feed", get(feed))
        .route("/api/reports/{id}", get(detail))
        .route("/api/reports/{id}/audit", get(audit))
        .route("/api/reports/{id}/seen", post(mark_seen))
        .route("/api/reports/{id}/dispatched", post(mark_dispatched))
        .route("/api/reports/{id}/close", post(close))
        .route("/api/reports/{id}/reply", post(reply))
        .route(
            "/api/location-requests",
            post(create_location_request).get(list_location_requests),
        )
        .route("/api/location-requests/{id}", get(location_request))
}
