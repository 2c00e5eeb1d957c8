//! An operator's request for the caller's position (`?lokasi=<token>` in the app's address):
//! where the answer goes, what the center said, and when a new position is worth sending.
//!
//! The link carries only a token. The position goes to the center of the app's own
//! `config.json` — its `report_endpoint` with the last path segment replaced by
//! `locate/<token>` — never to an address carried in the link, so a link cannot be used to
//! phish someone's location.
//!
//! ```
//! use siaga110_core::locate::{locate_url, token_param};
//! let token = "ab".repeat(32);
//! assert_eq!(token_param(&token), Some(token.as_str()));
//! assert_eq!(
//!     locate_url("https://lapor.example.go.id/api/reports", &token).as_deref(),
//!     Some(format!("https://lapor.example.go.id/api/locate/{token}").as_str())
//! );
//! assert_eq!(token_param("https://evil.example/"), None);
//! ```
use crate::fix::{Fix, Source};
use crate::json::{self, write_num, write_str};
use crate::sender::Answer;

/// A token is 64 lower-case hex digits; anything else in `?lokasi=` is ignored.
///
/// ```
/// use siaga110_core::locate::token_param;
/// assert_eq!(token_param(&"0f".repeat(32)).map(str::len), Some(64));
/// assert_eq!(token_param(&"0F".repeat(32)), None);
/// assert_eq!(token_param("1234"), None);
/// ```
pub fn token_param(s: &str) -> Option<&str> {
    (s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))).then_some(s)
}

/// The URL a location request is read from and answered at: `report_endpoint` without query,
/// fragment and last path segment, then `locate/<token>`. `None` for a malformed token or an
/// endpoint the configuration would not accept.
///
/// ```
/// use siaga110_core::locate::locate_url;
/// let t = "0".repeat(64);
/// assert_eq!(locate_url("http://127.0.0.1:8090/api/reports?x=1", &t).unwrap(),
///            format!("http://127.0.0.1:8090/api/locate/{t}"));
/// assert_eq!(locate_url("https://x.go.id/siaga/api/reports", &t).unwrap(),
///            format!("https://x.go.id/siaga/api/locate/{t}"));
/// assert_eq!(locate_url("https://x.go.id", &t).unwrap(), format!("https://x.go.id/locate/{t}"));
/// assert_eq!(locate_url("http://evil.example/api", &t), None); // not https
/// assert_eq!(locate_url("https://x.go.id/api/reports", "x"), None);
/// ```
pub fn locate_url(report_endpoint: &str, token: &str) -> Option<String> {
    let token = token_param(token)?;
    if !crate::config::is_endpoint(report_endpoint) {
        return None;
    }
    let path = report_endpoint.split(['?', '#']).next()?;
    let scheme_end = path.find("://")? + 3;
    // Up to the last `/` after the host; `https://host` alone: the host's root.
    let base = match path[scheme_end..].rfind('/') {
        Some(i) => path[..scheme_end + i + 1].to_string(),
        None => format!("{path}/"),
    };
    Some(format!("{base}locate/{token}"))
}

/// What the center said about a request, or why it cannot be answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answered {
    /// The request is open: the Polres that asked (its name), and the operator's note.
    Open {
        /// `"Polres Binjai"`, or the Polda's name for a supervisor's request.
        from: Option<String>,
        /// The operator's note, as text.
        note: Option<String>,
    },
    /// A position (or the refusal) was taken.
    Stored,
    /// More than 30 minutes old.
    Expired,
    /// Another phone already answered it.
    Used,
    /// The center does not know this link.
    Unknown,
    /// No answer, or one to try again later (offline, 429, 5xx).
    Retry,
}

/// Reads an answer of `GET` or `POST /api/locate/{token}`.
///
/// ```
/// use siaga110_core::locate::{answered, Answered};
/// use siaga110_core::sender::Answer;
/// let a = Answer::new(200, r#"{"polres":{"id":"polres-binjai","name":"Polres Binjai"},"polda":"Polda Sumatera Utara","note":"Bapak di jalan mana?","state":"waiting"}"#);
/// assert_eq!(answered(&a), Answered::Open { from: Some("Polres Binjai".into()), note: Some("Bapak di jalan mana?".into()) });
/// assert_eq!(answered(&Answer::new(201, r#"{"stored":true}"#)), Answered::Stored);
/// assert_eq!(answered(&Answer::new(410, r#"{"error":"link_expired"}"#)), Answered::Expired);
/// assert_eq!(answered(&Answer::new(409, r#"{"error":"link_used"}"#)), Answered::Used);
/// assert_eq!(answered(&Answer::new(404, "")), Answered::Unknown);
/// assert_eq!(answered(&Answer::new(503, "")), Answered::Retry);
/// assert_eq!(answered(&Answer::none()), Answered::Retry);
/// ```
pub fn answered(a: &Answer) -> Answered {
    match a.status {
        Some(410) => Answered::Expired,
        Some(409) => Answered::Used,
        Some(400 | 404) => Answered::Unknown,
        Some(s @ 200..=299) => {
            let v = json::parse(&a.body).ok();
            let text = |k: &str, inner: Option<&str>| {
                let v = v.as_ref()?.get(k)?;
                let v = match inner {
                    Some(i) => v.get(i)?,
                    None => v,
                };
                v.as_str().map(str::to_string)
            };
            if s == 200 && v.as_ref().is_some_and(|v| v.get("state").is_some()) {
                Answered::Open {
                    from: text("polres", Some("name")).or_else(|| text("polda", None)),
                    note: text("note", None),
                }
            } else {
                Answered::Stored
            }
        }
        Some(408 | 429) | Some(500..) | None => Answered::Retry,
        Some(_) => Answered::Unknown,
    }
}

/// Whether `fix` is worth sending after `last` (the last one sent): the first device fix, then
/// one that is at least 10 s newer and either a quarter more accurate, 20 m away, or a minute
/// newer. Places chosen by name are never sent: the operator asked where the phone is.
///
/// ```
/// use siaga110_core::fix::{Fix, Source};
/// use siaga110_core::geo::LatLon;
/// use siaga110_core::locate::worth_sending;
/// let at = LatLon::new(3.59, 98.67).unwrap();
/// let f = |acc: f64, t: f64| Fix { at, accuracy_m: acc, time_ms: t, source: Source::Device };
/// assert!(worth_sending(None, &f(500.0, 0.0)));
/// assert!(worth_sending(Some(&f(500.0, 0.0)), &f(20.0, 12_000.0)));
/// assert!(!worth_sending(Some(&f(20.0, 0.0)), &f(19.0, 12_000.0)));
/// assert!(!worth_sending(Some(&f(500.0, 0.0)), &f(20.0, 5_000.0)));
/// assert!(worth_sending(Some(&f(20.0, 0.0)), &f(20.0, 61_000.0)));
/// let manual = Fix { source: Source::Manual, ..f(0.0, 0.0) };
/// assert!(!worth_sending(None, &manual));
/// ```
pub fn worth_sending(last: Option<&Fix>, fix: &Fix) -> bool {
    if fix.source != Source::Device {
        return false;
    }
    let Some(last) = last else {
        return true;
    };
    let age = fix.time_ms - last.time_ms;
    age >= 10_000.0
        && (fix.accuracy_m < last.accuracy_m * 0.75
            || last.at.distance_m(fix.at) >= 20.0
            || age >= 60_000.0)
}

/// What the phone sends to `POST /api/locate/{token}`: a position or a refusal. The app writes
/// it with [`fix_body`] and [`decline_body`]; the center reads it into this type (with the
/// `serde` feature: unknown members refused) and asks [`LocateBody::message`] which it is, so
/// both ends share one definition (tested: what the app writes, the center reads back equal).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct LocateBody {
    /// The id the phone made for this link (a lower-case UUID).
    pub phone: String,
    /// Latitude, degrees.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub lat: Option<f64>,
    /// Longitude, degrees.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub lon: Option<f64>,
    /// 95% radius, metres.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub accuracy_m: Option<f64>,
    /// When it was measured, ms since the Unix epoch.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub fix_time_ms: Option<f64>,
    /// `true`: the person said no.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub declined: Option<bool>,
}

/// What a [`LocateBody`] says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LocateMessage {
    /// A position (its ranges are still the reader's to check).
    Fix {
        /// Latitude, degrees.
        lat: f64,
        /// Longitude, degrees.
        lon: f64,
        /// 95% radius, metres.
        accuracy_m: f64,
        /// When it was measured, ms since the Unix epoch.
        fix_time_ms: f64,
    },
    /// The person said no.
    Decline,
}

impl LocateBody {
    /// A position (all four numbers, not declined) or a refusal (`declined: true` and no
    /// number); anything else is `None`.
    ///
    /// ```
    /// use siaga110_core::locate::{LocateBody, LocateMessage};
    /// let no = LocateBody { phone: "p".into(), lat: None, lon: None, accuracy_m: None, fix_time_ms: None, declined: Some(true) };
    /// assert_eq!(no.message(), Some(LocateMessage::Decline));
    /// let half = LocateBody { lat: Some(1.0), ..no };
    /// assert_eq!(half.message(), None);
    /// ```
    pub fn message(&self) -> Option<LocateMessage> {
        match (
            self.declined,
            self.lat,
            self.lon,
            self.accuracy_m,
            self.fix_time_ms,
        ) {
            (Some(true), None, None, None, None) => Some(LocateMessage::Decline),
            (None | Some(false), Some(lat), Some(lon), Some(accuracy_m), Some(fix_time_ms)) => {
                Some(LocateMessage::Fix {
                    lat,
                    lon,
                    accuracy_m,
                    fix_time_ms,
                })
            }
            _ => None,
        }
    }
}

/// The body that answers with a position.
///
/// ```
/// use siaga110_core::fix::{Fix, Source};
/// use siaga110_core::geo::LatLon;
/// let f = Fix { at: LatLon::new(3.5, 98.25).unwrap(), accuracy_m: 12.0, time_ms: 1.0e12, source: Source::Device };
/// assert_eq!(siaga110_core::locate::fix_body("p", &f),
///            r#"{"phone":"p","lat":3.5,"lon":98.25,"accuracy_m":12,"fix_time_ms":1000000000000}"#);
/// ```
pub fn fix_body(phone: &str, fix: &Fix) -> String {
    let mut s = String::from("{\"phone\":");
    write_str(&mut s, phone);
    for (k, v) in [
        ("lat", fix.at.lat()),
        ("lon", fix.at.lon()),
        ("accuracy_m", fix.accuracy_m.round()),
        ("fix_time_ms", fix.time_ms.round()),
    ] {
        s.push_str(",\"");
        s.push_str(k);
        s.push_str("\":");
        write_num(&mut s, v);
    }
    s.push('}');
    s
}

/// The body that says no.
///
/// ```
/// assert_eq!(siaga110_core::locate::decline_body("p"), r#"{"phone":"p","declined":true}"#);
/// ```
pub fn decline_body(phone: &str) -> String {
    let mut s = String::from("{\"phone\":");
    write_str(&mut s, phone);
    s.push_str(",\"declined\":true}");
    s
}

#[cfg(all(test, feature = "serde"))]
mod wire {
    use super::*;
    use crate::geo::LatLon;

    /// What the app writes, the center's serde reader reads back as the same message.
    #[test]
    fn the_phone_writes_what_the_center_reads() {
        let phone = "0f8fad5b-d9cb-469f-a165-70867728950e";
        let fix = Fix {
            at: LatLon::new(-6.175392, 106.827153).unwrap(),
            accuracy_m: 11.6,
            time_ms: 1_790_000_000_123.4,
            source: Source::Device,
        };
        let read: LocateBody = serde_json::from_str(&fix_body(phone, &fix)).unwrap();
        assert_eq!(read.phone, phone);
        assert_eq!(
            read.message(),
            Some(LocateMessage::Fix {
                lat: -6.175392,
                lon: 106.827153,
                accuracy_m: 12.0,
                fix_time_ms: 1_790_000_000_123.0,
            })
        );
        let no: LocateBody = serde_json::from_str(&decline_body(phone)).unwrap();
        assert_eq!(no.message(), Some(LocateMessage::Decline));
        // And serde's own writing of a body reads back equal.
        let again: LocateBody =
            serde_json::from_str(&serde_json::to_string(&read).unwrap()).unwrap();
        assert_eq!(again, read);
        // Unknown members are refused: a body is exactly the contract.
        assert!(serde_json::from_str::<LocateBody>(r#"{"phone":"p","extra":1}"#).is_err());
    }
}
