//! One error type for every route, mapped to a JSON answer `{"error": CODE, "message": TEXT}`.
//! Every malformed input is a 4xx from here; a failing database is a 503 (the phone retries it).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Everything a route can answer other than success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed (a header, the JSON, a query parameter).
    #[error("{0}")]
    BadRequest(String),
    /// The body is JSON but not a valid report; every problem is listed.
    #[error("{message}")]
    InvalidReport {
        /// What is wrong, in one sentence.
        message: String,
        /// Each problem on its own.
        problems: Vec<String>,
    },
    /// The body is not `application/json`.
    #[error("Content-Type must be application/json")]
    UnsupportedMediaType,
    /// A report with this id was already stored with a different content.
    #[error("a different report with this id is already stored; a new report needs a new id")]
    IdConflict,
    /// Understood but refused (too many fixes, a reply that is too long…).
    #[error("{0}")]
    Unprocessable(String),
    /// No session, an expired one, or a wrong password.
    #[error("{0}")]
    Unauthorized(String),
    /// Nothing here — also what an operator gets for a report outside its scope.
    #[error("not found")]
    NotFound,
    /// The wrong HTTP method for this path.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The report's state does not allow this action (e.g. closing a closed report).
    #[error("{0}")]
    Conflict(String),
    /// `POST /api/locate/{token}`: another phone already answered this location request.
    #[error("another phone already answered this location request")]
    LinkUsed,
    /// A location request older than 30 minutes.
    #[error("this location request has expired (a link works for 30 minutes)")]
    LinkExpired,
    /// Too many requests from this client; try again after `retry_after` seconds.
    #[error("too many requests, try again in {retry_after} s")]
    RateLimited {
        /// Seconds until the next request may succeed.
        retry_after: u64,
    },
    /// The body is larger than the limit.
    #[error("the body is larger than 64 KiB")]
    TooLarge,
    /// The request took too long.
    #[error("the request took too long")]
    Timeout,
    /// The database failed; the request can be retried.
    #[error("the center cannot store or read right now, try again")]
    Unavailable,
}

impl ApiError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) | ApiError::InvalidReport { .. } => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::IdConflict | ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) | ApiError::LinkUsed => StatusCode::CONFLICT,
            ApiError::LinkExpired => StatusCode::GONE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Timeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::InvalidReport { .. } => "invalid_report",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::IdConflict => "id_conflict",
            ApiError::Unprocessable(_) => "unprocessable",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::LinkUsed => "link_used",
            ApiError::LinkExpired => "link_expired",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::TooLarge => "too_large",
            ApiError::Timeout => "timeout",
            ApiError::Unavailable => "unavailable",
        }
    }

    /// An error for a plain status produced by a layer (413, 408, 405…).
    pub fn from_status(status: StatusCode) -> ApiError {
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
            StatusCode::REQUEST_TIMEOUT => ApiError::Timeout,
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::NOT_FOUND => ApiError::NotFound,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
            StatusCode::UNAUTHORIZED => ApiError::Unauthorized("sign in first".into()),
            StatusCode::TOO_MANY_REQUESTS => ApiError::RateLimited { retry_after: 1 },
            s if s.is_server_error() => ApiError::Unavailable,
            _ => ApiError::BadRequest(
                status
                    .canonical_reason()
                    .unwrap_or("bad request")
                    .to_lowercase(),
            ),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!("database: {e}");
        ApiError::Unavailable
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.code(), "message": self.to_string() });
        match &self {
            ApiError::InvalidReport { problems, .. } => body["problems"] = json!(problems),
            ApiError::RateLimited { retry_after } => body["retry_after"] = json!(retry_after),
            _ => {}
        }
        let mut res = (self.status(), axum::Json(body)).into_response();
        let h = res.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        match self {
            ApiError::RateLimited { retry_after } => {
                h.insert(header::RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
            }
            ApiError::Unavailable => {
                h.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            _ => {}
        }
        res
    }
}

/// The result type of every route.
pub type ApiResult<T> = Result<T, ApiError>;
