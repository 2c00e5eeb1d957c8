//! Deployment settings: `config.json`, served beside the app, and the subset an embedding page
//! may override through URL parameters.
//!
//! Every field is optional with a safe default. A bad field is dropped with a warning (the rest
//! still apply); a file that is not JSON at all (or names a key twice) gives the defaults and one
//! warning. Nothing here can stop the call button.
//!
//! This is the **one validator** of `config.json`: the app reads it with [`Config::parse`], and
//! the build writes the security headers (CSP `connect-src`, `frame-ancestors`) from the same
//! parsed result ([`Config::connect_src`], [`Config::frame_ancestors`]) through
//! `siaga110-pack config`, so the headers can never allow what the app refuses.
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
    /// A province code (Kemendagri, two digits, one of [`PROVINCE_CODES`], e.g. `12` for
    /// Sumatera Utara) whose detailed data is fetched at start, so that a lookup there needs no
    /// wait.
    pub region_focus: Option<String>,
    /// Origins of pages allowed to embed the app and receive its events (`postMessage`).
    pub embed_origins: Vec<String>,
    /// Origins an embedding page may set as the report endpoint with `?endpoint=`.
    pub endpoint_origins: Vec<String>,
}

/// Why a setting was ignored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigWarning {
    /// The file is not a JSON object (not JSON, not an object, or a key given twice).
    #[error("config.json is not a valid JSON object: {0}; using defaults")]
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

/// The 38 province codes of Kemendagri (2025), as in `data/sources/boundaries/provinces.csv`
/// (a test checks the two agree).
pub const PROVINCE_CODES: [&str; 38] = [
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
    "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82",
    "91", "92", "93", "94", "95", "96",
];

/// Whether `s` is one of the [`PROVINCE_CODES`].
///
/// ```
/// use siaga110_core::config::is_province_code;
/// assert!(is_province_code("12"));
/// assert!(!is_province_code("99"));
/// assert!(!is_province_code("1"));
/// ```
pub fn is_province_code(s: &str) -> bool {
    PROVINCE_CODES.contains(&s)
}

/// The longest URL accepted anywhere in the settings.
pub const MAX_URL_LEN: usize = 2048;

/// A URL split by [`parse_url`]: lower-case scheme and host, the port when it is not the
/// scheme's default, and what follows the authority (path and query, may be empty).
struct Url<'a> {
    scheme: &'static str,
    host: String,
    port: Option<u16>,
    rest: &'a str,
}

impl Url<'_> {
    fn origin(&self) -> String {
        match self.port {
            Some(p) => format!("{}://{}:{p}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// `https`, or `http` to this machine (development only).
    fn secure_or_local(&self) -> bool {
        self.scheme == "https" || matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
    }
}

/// A DNS name (letters, digits, `-`; labels of 1–63, no leading or trailing `-`, no trailing
/// dot) or a dotted-quad IPv4 address in its canonical form.
fn plain_host(h: &str) -> bool {
    if h.is_empty() || h.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = h.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if !labels.iter().all(label_ok) {
        return false;
    }
    // A numeric last label makes the browser read the whole host as an IPv4 address (in any of
    // its odd forms): only the canonical dotted quad is plain.
    let numeric = |l: &str| l.bytes().all(|b| b.is_ascii_digit());
    if labels.last().is_some_and(|l| numeric(l)) {
        return labels.len() == 4
            && labels.iter().all(|l| {
                numeric(l) && (l.len() == 1 || !l.starts_with('0')) && l.parse::<u8>().is_ok()
            });
    }
    true
}

/// `[…]` with hex digits and colons (and a dotted tail) inside: an IPv6 literal.
fn plain_ipv6(h: &str) -> bool {
    let Some(inner) = h.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return false;
    };
    (2..=45).contains(&inner.len())
        && inner.matches(':').count() >= 2
        && inner
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
}

/// Characters allowed after the authority: RFC 3986 unreserved, `/ ? = & + :` and `%XX`
/// escapes. No `;` `,` quotes, spaces, `*`, `@`, `#`, backslash or anything outside ASCII: what
/// is left cannot add a CSP directive or source, break a header or an nginx string, or be read
/// two ways by two URL parsers.
fn plain_rest(rest: &str) -> bool {
    let b = rest.as_bytes();
    if !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('?')) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
                {
                    return false;
                }
                i += 3;
                continue;
            }
            c if c.is_ascii_alphanumeric() || b"-._~/?=&+:".contains(&c) => {}
            _ => return false,
        }
        i += 1;
    }
    true
}

/// Splits an `http(s)` URL whose every part is plain (see [`origin_of`]).
fn parse_url(url: &str) -> Option<Url<'_>> {
    if url.len() > MAX_URL_LEN {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    let (scheme, default_port) = match scheme.to_ascii_lowercase().as_str() {
        "https" => ("https", 443),
        "http" => ("http", 80),
        _ => return None,
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(end);
    let authority = authority.to_ascii_lowercase();
    let (host, port) = if authority.starts_with('[') {
        match authority.split_once(']') {
            Some((h, "")) => (format!("{h}]"), None),
            Some((h, p)) => (format!("{h}]"), Some(p.strip_prefix(':')?)),
            None => return None,
        }
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.clone(), None),
        }
    };
    if !(plain_host(&host) || plain_ipv6(&host)) || !plain_rest(rest) {
        return None;
    }
    let port = match port {
        None => None,
        Some(p) => {
            if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            match p.parse::<u16>().ok()? {
                0 => return None,
                n if n == default_port => None,
                n => Some(n),
            }
        }
    };
    Some(Url {
        scheme,
        host,
        port,
        rest,
    })
}

/// The origin (`scheme://host[:port]`, lower-case, without the scheme's default port) of a
/// plain `http(s)` URL, if it is one.
///
/// Plain: a DNS name, a dotted-quad IPv4 or a bracketed IPv6 host; an optional port 1–65535; no
/// user name or password (`@`), no wildcard (`*`); after the host only letters, digits,
/// `- . _ ~ / ? = & + :` and `%XX` — so no `;`, `,`, quotes, whitespace, `#` or non-ASCII; at
/// most [`MAX_URL_LEN`] bytes.
///
/// ```
/// use siaga110_core::config::origin_of;
/// assert_eq!(origin_of("https://Polres.Example.go.id:8443/a?b").as_deref(), Some("https://polres.example.go.id:8443"));
/// assert_eq!(origin_of("https://polres.example.go.id:443/").as_deref(), Some("https://polres.example.go.id"));
/// assert_eq!(origin_of("javascript:alert(1)"), None);
/// assert_eq!(origin_of("https://"), None);
/// assert_eq!(origin_of("https://*.example.com"), None);
/// assert_eq!(origin_of("https://x.example;sandbox"), None);
/// assert_eq!(origin_of("https://x.example/a;b"), None);
/// assert_eq!(origin_of("https://x.example, https://y.example"), None);
/// assert_eq!(origin_of("https://user:pw@x.example/"), None);
/// ```
pub fn origin_of(url: &str) -> Option<String> {
    parse_url(url).map(|u| u.origin())
}

/// A plain origin as the settings list them: `https://host[:port]` (or `http://` to this
/// machine), nothing after it but an optional `/`. Returns it normalised as the browser writes
/// an origin (lower-case, no default port).
///
/// ```
/// use siaga110_core::config::plain_origin;
/// assert_eq!(plain_origin("https://Polres.Example.go.id/").as_deref(), Some("https://polres.example.go.id"));
/// assert_eq!(plain_origin("http://127.0.0.1:8090").as_deref(), Some("http://127.0.0.1:8090"));
/// assert_eq!(plain_origin("https://polres.example.go.id/embed"), None); // a page, not an origin
/// assert_eq!(plain_origin("https://*.example.go.id"), None);
/// assert_eq!(plain_origin("http://polres.example.go.id"), None); // http only for localhost
/// assert_eq!(plain_origin("*"), None);
/// ```
pub fn plain_origin(s: &str) -> Option<String> {
    let u = parse_url(s)?;
    (matches!(u.rest, "" | "/") && u.secure_or_local()).then(|| u.origin())
}

/// Whether `url` may receive reports: a plain `https://` URL (see [`origin_of`]), or `http://`
/// to this machine (development).
///
/// ```
/// use siaga110_core::config::is_endpoint;
/// assert!(is_endpoint("https://lapor.example.go.id/api/report"));
/// assert!(is_endpoint("http://127.0.0.1:9000/report"));
/// assert!(!is_endpoint("http://lapor.example.go.id/api"));
/// assert!(!is_endpoint("https://lapor.example.go.id;sandbox"));
/// assert!(!is_endpoint("ftp://x"));
/// ```
pub fn is_endpoint(url: &str) -> bool {
    parse_url(url).is_some_and(|u| u.secure_or_local())
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

/// A list of plain origins ([`plain_origin`]), duplicates dropped; `None` if any entry is not
/// one (the whole list is then ignored: a half-read list would be a surprise either way).
fn origins(v: &Value) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for o in v.as_array()? {
        let o = o.as_str().and_then(plain_origin)?;
        if !out.contains(&o) {
            out.push(o);
        }
    }
    Some(out)
}

/// The app's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

impl Lang {
    /// `id` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// An embedding page's `?lang=`: `id` or `en`, anything else a warning (and the language is
/// then chosen as if there were no parameter).
///
/// ```
/// use siaga110_core::config::{lang_param, ConfigWarning, Lang};
/// assert_eq!(lang_param("en"), Ok(Lang::En));
/// assert_eq!(lang_param("id"), Ok(Lang::Id));
/// assert!(matches!(lang_param("<script>"), Err(ConfigWarning::Param { param: "lang", .. })));
/// ```
pub fn lang_param(value: &str) -> Result<Lang, ConfigWarning> {
    match value {
        "id" => Ok(Lang::Id),
        "en" => Ok(Lang::En),
        _ => Err(ConfigWarning::Param {
            param: "lang",
            why: "must be \"id\" or \"en\"",
        }),
    }
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
    /// assert_eq!(w, vec![ConfigWarning::Bad { field: "report_endpoint", why: "must be a plain https:// URL (no ; , quotes, spaces, wildcard or user name)" }]);
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
                    _ => bad(
                        "report_endpoint",
                        "must be a plain https:// URL (no ; , quotes, spaces, wildcard or user name)",
                    ),
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
                    _ => bad(
                        "region_focus",
                        "must be a two-digit Kemendagri province code, e.g. \"12\"",
                    ),
                },
                "embed_origins" => match origins(v) {
                    Some(o) => c.embed_origins = o,
                    None => bad(
                        "embed_origins",
                        "must be a list of plain https:// origins (https://host[:port], no path, no wildcard)",
                    ),
                },
                "endpoint_origins" => match origins(v) {
                    Some(o) => c.endpoint_origins = o,
                    None => bad(
                        "endpoint_origins",
                        "must be a list of plain https:// origins (https://host[:port], no path, no wildcard)",
                    ),
                },
                other => warnings.push(ConfigWarning::Unknown(other.to_string())),
            }
        }
        (c, warnings)
    }

    /// Applies an embedding page's URL parameters: `region` (a province code) and `endpoint`
    /// (only when its origin is in [`Config::endpoint_origins`]). Numbers and origins can't be
    /// overridden. `lang` and `compact` are read by the UI ([`lang_param`]); here a bad value of
    /// either is only reported, like every other bad parameter.
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
                    why: "not a two-digit Kemendagri province code",
                });
            }
        }
        if let Some(Err(w)) = param("lang").map(|l| lang_param(&l)) {
            warnings.push(w);
        }
        if param("compact").is_some_and(|c| c != "1" && c != "0") {
            warnings.push(ConfigWarning::Param {
                param: "compact",
                why: "must be 1 (or 0)",
            });
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

    /// The origins the app may connect to besides its own, for CSP `connect-src`: the report
    /// endpoint's and every [`Config::endpoint_origins`] entry, each once. Only what
    /// [`Config::parse`] accepted is here, so the header never allows what the app refuses.
    ///
    /// ```
    /// use siaga110_core::config::Config;
    /// let (c, _) = Config::parse(r#"{"report_endpoint": "https://lapor.example.go.id/api", "endpoint_origins": ["https://lapor.example.go.id", "https://b.example"]}"#);
    /// assert_eq!(c.connect_src(), ["https://lapor.example.go.id", "https://b.example"]);
    /// let (c, _) = Config::parse(r#"{"report_endpoint": "http://lapor.example.go.id/api"}"#);
    /// assert!(c.connect_src().is_empty());
    /// ```
    pub fn connect_src(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let endpoint = self.report_endpoint.as_deref().and_then(origin_of);
        for o in endpoint
            .into_iter()
            .chain(self.endpoint_origins.iter().cloned())
        {
            if !out.contains(&o) {
                out.push(o);
            }
        }
        out
    }

    /// The pages that may frame the app besides its own origin, for CSP `frame-ancestors`:
    /// [`Config::embed_origins`] (plain origins, each once).
    ///
    /// ```
    /// use siaga110_core::config::Config;
    /// let (c, w) = Config::parse(r#"{"embed_origins": ["https://*.example.com"]}"#);
    /// assert!(c.frame_ancestors().is_empty());
    /// assert_eq!(w.len(), 1);
    /// ```
    pub fn frame_ancestors(&self) -> Vec<String> {
        self.embed_origins.clone()
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
