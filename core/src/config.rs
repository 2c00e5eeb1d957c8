//! Deployment settings: `config.json`, served beside the app, and the subset an embedding page
//! may override through URL parameters.
//!
//! Every field is optional with a safe default. A bad field is dropped with a warning (the rest
//! still apply); a file that is not JSON at all gives the defaults and one warning. Nothing here
//! can stop the call button.
//!
//! ```
//! use siaga110_core::config::Config;
//! let (c, warnings) = Config::parse(r#"{"version": 1, "report_endpoint": "https://lapor.example.go.id/api", "sms_number": "1717", "colour": "red"}"#);
//! assert_eq!(c.report_endpoint.as_deref(), Some("https://lapor.example.go.id/api"));
//! assert_eq!(c.sms_number.as_deref(), Some("1717"));
//! assert_eq!(warnings.len(), 1); // "colour" is not a setting
//! ```

use crate::json::{self, Value};

/// The settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Where reports are POSTed as JSON (HTTPS; `http://` only for localhost during development).
    pub report_endpoint: Option<String>,
    /// A number that receives report SMS (digits, optional leading `+`).
    pub sms_number: Option<String>,
    /// A WhatsApp number in international form without `+` (e.g. `6281234567890`).
    pub whatsapp_number: Option<String>,
    /// `id` or `en`: the language before the person chooses one.
    pub default_language: Option<String>,
    /// A province code (BPS, two digits, e.g. `12` for Sumatera Utara) whose detailed data is
    /// fetched at start, so that a lookup there needs no wait.
    pub region_focus: Option<String>,
    /// Origins of pages allowed to embed the app and receive its events (`postMessage`).
    pub embed_origins: Vec<String>,
    /// Origins an embedding page may set as the report endpoint with `?endpoint=`.
    pub endpoint_origins: Vec<String>,
}

/// Why a setting was ignored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigWarning {
    /// The file is not a JSON object.
    #[error("config.json is not a JSON object: {0}; using defaults")]
    NotJson(String),
    /// A version this app does not know; fields are read anyway.
    #[error("config.json version {0} is unknown; reading the fields this app knows")]
    Version(String),
    /// A field this app does not know.
    #[error("config.json: unknown setting {0:?} ignored")]
    Unknown(String),
    /// A field with a bad value.
    #[error("config.json: {field} ignored: {why}")]
    Bad {
        /// The field.
        field: &'static str,
        /// What is wrong.
        why: &'static str,
    },
    /// A URL parameter that may not be overridden or has a bad value.
    #[error("URL parameter {param} ignored: {why}")]
    Param {
        /// The parameter.
        param: &'static str,
        /// What is wrong.
        why: &'static str,
    },
}

/// The origin (`scheme://host[:port]`, lower-case) of an `http(s)` URL, if it is one.
///
/// ```
/// use siaga110_core::config::origin_of;
/// assert_eq!(origin_of("https://Polres.Example.go.id:8443/a?b").as_deref(), Some("https://polres.example.go.id:8443"));
/// assert_eq!(origin_of("javascript:alert(1)"), None);
/// assert_eq!(origin_of("https://"), None);
/// ```
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty()
        || authority.contains('@')
        || !authority
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
    {
        return None;
    }
    Some(format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

/// Whether `url` may receive reports: `https://`, or `http://` to this machine (development).
///
/// ```
/// use siaga110_core::config::is_endpoint;
/// assert!(is_endpoint("https://lapor.example.go.id/api/report"));
/// assert!(is_endpoint("http://127.0.0.1:9000/report"));
/// assert!(!is_endpoint("http://lapor.example.go.id/api"));
/// assert!(!is_endpoint("ftp://x"));
/// ```
pub fn is_endpoint(url: &str) -> bool {
    let Some(origin) = origin_of(url) else {
        return false;
    };
    if origin.starts_with("https://") {
        return true;
    }
    let host = origin.trim_start_matches("http://");
    let host = if host.starts_with('[') {
        host.split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default().to_string()
    };
    matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
}

fn phone_digits(s: &str, min: usize) -> Option<String> {
    let s = s.trim();
    let (plus, rest) = s.strip_prefix('+').map_or(("", s), |r| ("+", r));
    let digits: String = rest.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.chars().all(|c| c.is_ascii_digit()) && (min..=15).contains(&digits.len()))
        .then(|| format!("{plus}{digits}"))
}

/// An SMS number (short codes such as `1717` allowed).
///
/// ```
/// use siaga110_core::config::sms_number;
/// assert_eq!(sms_number("0812-3456-7890").as_deref(), Some("081234567890"));
/// assert_eq!(sms_number("1717").as_deref(), Some("1717"));
/// assert_eq!(sms_number("12"), None);
/// ```
pub fn sms_number(s: &str) -> Option<String> {
    phone_digits(s, 3)
}

/// A WhatsApp number for `wa.me`: international digits, no `+`, no leading `0`.
///
/// ```
/// use siaga110_core::config::whatsapp_number;
/// assert_eq!(whatsapp_number("+62 812 3456 7890").as_deref(), Some("6281234567890"));
/// assert_eq!(whatsapp_number("081234567890"), None); // national form: wa.me needs 62…
/// ```
pub fn whatsapp_number(s: &str) -> Option<String> {
    let d = phone_digits(s, 8)?;
    let d = d.trim_start_matches('+');
    (!d.starts_with('0')).then(|| d.to_string())
}

fn origins(v: &Value) -> Option<Vec<String>> {
    let list = v.as_array()?;
    let out: Vec<String> = list
        .iter()
        .filter_map(|o| o.as_str().and_then(origin_of))
        .collect();
    (out.len() == list.len()).then_some(out)
}

impl Config {
    /// Reads `config.json`. Never fails: bad parts become warnings.
    ///
    /// ```
    /// use siaga110_core::config::{Config, ConfigWarning};
    /// let (c, w) = Config::parse("not json");
    /// assert_eq!(c, Config::default());
    /// assert!(matches!(w[0], ConfigWarning::NotJson(_)));
    /// let (c, w) = Config::parse(r#"{"report_endpoint": "http://evil.example/x", "whatsapp_number": "+62 811 000 111"}"#);
    /// assert_eq!(c.report_endpoint, None);
    /// assert_eq!(c.whatsapp_number.as_deref(), Some("62811000111"));
    /// assert_eq!(w, vec![ConfigWarning::Bad { field: "report_endpoint", why: "must be an https:// URL" }]);
    /// ```
    pub fn parse(json: &str) -> (Config, Vec<ConfigWarning>) {
        let mut warnings = Vec::new();
        let map: Vec<(String, Value)> = match json::parse(json) {
            Ok(Value::Obj(m)) => m,
            Ok(_) => {
                return (
                    Config::default(),
                    vec![ConfigWarning::NotJson("not an object".into())],
                )
            }
            Err(e) => {
                return (
                    Config::default(),
                    vec![ConfigWarning::NotJson(e.to_string())],
                )
            }
        };
        let mut c = Config::default();
        for (key, v) in &map {
            if v.is_null() && key != "version" {
                continue; // null = not set
            }
            let mut bad = |field, why| warnings.push(ConfigWarning::Bad { field, why });
            let s = v.as_str();
            match key.as_str() {
                "$schema" | "_comment" => {}
                "version" => {
                    if v.as_u32() != Some(1) {
                        warnings.push(ConfigWarning::Version(v.to_string()));
                    }
                }
                "report_endpoint" => match s {
                    Some(u) if is_endpoint(u) => c.report_endpoint = Some(u.to_string()),
                    Some("") => {}
                    _ => bad("report_endpoint", "must be an https:// URL"),
                },
                "sms_number" => match s.and_then(sms_number) {
                    Some(n) => c.sms_number = Some(n),
                    None => bad("sms_number", "must be 3-15 digits"),
                },
                "whatsapp_number" => match s.and_then(whatsapp_number) {
                    Some(n) => c.whatsapp_number = Some(n),
                    None => bad(
                        "whatsapp_number",
                        "must be international digits, e.g. 62812…",
                    ),
                },
                "default_language" => match s {
                    Some(l @ ("id" | "en")) => c.default_language = Some(l.to_string()),
                    _ => bad("default_language", "must be \"id\" or \"en\""),
                },
                "region_focus" => match s {
                    Some(r) if is_province_code(r) => c.region_focus = Some(r.to_string()),
                    _ => bad("region_focus", "must be a two-digit province code"),
                },
                "embed_origins" => match origins(v) {
                    Some(o) => c.embed_origins = o,
                    None => bad("embed_origins", "must be a list of https:// origins"),
                },
                "endpoint_origins" => match origins(v) {
                    Some(o) => c.endpoint_origins = o,
                    None => bad("endpoint_origins", "must be a list of https:// origins"),
                },
                other => warnings.push(ConfigWarning::Unknown(other.to_string())),
            }
        }
        (c, warnings)
    }

    /// Applies an embedding page's URL parameters: `region` (a province code) and `endpoint`
    /// (only when its origin is in [`Config::endpoint_origins`]). Numbers and origins can't be
    /// overridden. (`lang` and `compact` are read by the UI.)
    ///
    /// ```
    /// use siaga110_core::config::Config;
    /// let c = Config { endpoint_origins: vec!["https://polres.example.go.id".into()], ..Config::default() };
    /// let (ok, w) = c.clone().with_params(|p| (p == "endpoint").then(|| "https://polres.example.go.id/lapor".into()));
    /// assert_eq!(ok.report_endpoint.as_deref(), Some("https://polres.example.go.id/lapor"));
    /// assert!(w.is_empty());
    /// let (no, w) = c.with_params(|p| (p == "endpoint").then(|| "https://evil.example/steal".into()));
    /// assert_eq!(no.report_endpoint, None);
    /// assert_eq!(w.len(), 1);
    /// ```
    pub fn with_params(
        mut self,
        param: impl Fn(&str) -> Option<String>,
    ) -> (Config, Vec<ConfigWarning>) {
        let mut warnings = Vec::new();
        if let Some(r) = param("region") {
            if is_province_code(&r) {
                self.region_focus = Some(r);
            } else {
                warnings.push(ConfigWarning::Param {
                    param: "region",
                    why: "not a two-digit province code",
                });
            }
        }
        if let Some(e) = param("endpoint") {
            let allowed = origin_of(&e).is_some_and(|o| self.endpoint_origins.contains(&o));
            if allowed && is_endpoint(&e) {
                self.report_endpoint = Some(e);
            } else {
                warnings.push(ConfigWarning::Param {
                    param: "endpoint",
                    why: "its origin is not in config.json endpoint_origins",
                });
            }
        }
        (self, warnings)
    }

    /// Whether a message from `origin` may be accepted, and events sent to it.
    ///
    /// ```
    /// use siaga110_core::config::Config;
    /// let c = Config { embed_origins: vec!["https://polres.example.go.id".into()], ..Config::default() };
    /// assert!(c.embed_allowed("https://polres.example.go.id"));
    /// assert!(!c.embed_allowed("https://evil.example"));
    /// assert!(!c.embed_allowed("null"));
    /// ```
    pub fn embed_allowed(&self, origin: &str) -> bool {
        self.embed_origins.iter().any(|o| o == origin)
    }
}

fn is_province_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())
}
