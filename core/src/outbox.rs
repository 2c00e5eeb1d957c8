//! The outbox: reports kept on the device until they are delivered — never lost, never sent
//! twice as far as the app can know.
//!
//! `Queued → Sending → Delivered`, with `Sending → Queued` (retry after a backoff) or
//! `→ Failed` (the endpoint refused it for good), and `→ Withdrawn` by the person. Reports with
//! no endpoint to send to wait in `Handoff`: the person sends them by SMS, WhatsApp or share.
//! The caller persists each entry before acting on a transition; on start, [`Outbox::load`]
//! turns anything left in `Sending` back into `Queued` (the same id is the `Idempotency-Key`,
//! so a receiver that got it already answers without storing it twice). A stored entry that
//! cannot be read is kept aside and reported, never silently dropped.
//!
//! Pure: the caller passes the clock and does the I/O.
//!
//! ```
//! use siaga110_core::outbox::{Outbox, Status, Outcome};
//! # use siaga110_core::report::{Draft, Category, Report};
//! # let d = Draft { category: Some(Category::Theft), landmark: "Pasar".into(), ..Draft::default() };
//! # let report = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 1000.0, None, None, false).unwrap();
//! let mut outbox = Outbox::default();
//! outbox.add(report, true, 1000.0);
//! let id = outbox.due(1000.0)[0].clone();
//! outbox.start(&id, 1000.0);
//! outbox.finish(&id, Outcome::Retry("HTTP 503".into()), 2000.0);
//! assert_eq!(outbox.get(&id).unwrap().status, Status::Queued);
//! assert!(outbox.due(2000.0).is_empty()); // backing off
//! outbox.start(&id, 7000.0);
//! outbox.finish(&id, Outcome::Delivered, 7500.0);
//! assert_eq!(outbox.get(&id).unwrap().status, Status::Delivered);
//! ```

use crate::json::{self, Obj, Value};
use crate::report::Report;

/// Seconds to wait before retry number n (1-based); the last value repeats: while the app is
/// open, a report waits at most 2 minutes between tries (and the network coming back, or the
/// person's "send now", sends it at once).
pub const BACKOFF_S: [f64; 4] = [5.0, 15.0, 45.0, 120.0];
/// Least time between two real reports (ms): the next one waits, it is never dropped.
pub const COOLDOWN_MS: f64 = 30_000.0;
/// A report like one made within this time (ms) is a possible duplicate.
pub const DUPLICATE_WINDOW_MS: f64 = 15.0 * 60_000.0;
/// …and within this distance (m).
pub const DUPLICATE_DISTANCE_M: f64 = 300.0;

/// Where a report is on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting to be sent over HTTPS (offline, backing off, or in the cooldown).
    Queued,
    /// A request is under way.
    Sending,
    /// The endpoint answered 2xx.
    Delivered,
    /// The endpoint refused it for good (see `last_error`); the person can send it another way.
    Failed,
    /// No endpoint is configured: the person sends it by SMS, WhatsApp, share or copy.
    Handoff,
    /// The person withdrew it.
    Withdrawn,
    /// Practice: kept to show what would be sent, never sent.
    Exercise,
}

/// Another way the person passed the report on (the app can't know whether it was sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// An `sms:` link was opened.
    Sms,
    /// A `wa.me` link was opened.
    Whatsapp,
    /// The share sheet was opened.
    Share,
    /// The text was copied.
    Copy,
}

impl Status {
    const ALL: [Status; 7] = [
        Status::Queued,
        Status::Sending,
        Status::Delivered,
        Status::Failed,
        Status::Handoff,
        Status::Withdrawn,
        Status::Exercise,
    ];

    /// The stable code used in storage and in events to an embedding page (`queued`, …).
    ///
    /// ```
    /// use siaga110_core::outbox::Status;
    /// assert_eq!(Status::from_code(Status::Handoff.code()), Some(Status::Handoff));
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sending => "sending",
            Status::Delivered => "delivered",
            Status::Failed => "failed",
            Status::Handoff => "handoff",
            Status::Withdrawn => "withdrawn",
            Status::Exercise => "exercise",
        }
    }

    /// The value for a code, if any.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl Channel {
    /// The stable code used in storage (`sms`, `whatsapp`, `share`, `copy`).
    pub fn code(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Whatsapp => "whatsapp",
            Channel::Share => "share",
            Channel::Copy => "copy",
        }
    }

    /// The value for a code, if any.
    pub fn from_code(code: &str) -> Option<Channel> {
        [
            Channel::Sms,
            Channel::Whatsapp,
            Channel::Share,
            Channel::Copy,
        ]
        .into_iter()
        .find(|c| c.code() == code)
    }
}

/// One report in the outbox, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The report.
    pub report: Report,
    /// Where it is.
    pub status: Status,
    /// HTTPS attempts so far.
    pub attempts: u32,
    /// Not before this time (ms) is it sent again.
    pub next_try_ms: f64,
    /// Why the last attempt did not deliver it.
    pub last_error: Option<String>,
    /// When it was delivered (ms).
    pub delivered_ms: Option<f64>,
    /// Other channels the person opened for it.
    pub handed_off: Vec<Channel>,
    /// What the receiving center says about it, when it gave a status URL.
    pub receipt: Option<Receipt>,
}

/// Where a delivered report is at the receiving center (its status URL's `state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptState {
    /// Stored by the server; no person has opened it yet.
    Received,
    /// An operator opened it.
    Seen,
    /// Officers were sent.
    Dispatched,
    /// Closed (with an outcome).
    Closed,
}

impl ReceiptState {
    const ALL: [ReceiptState; 4] = [
        ReceiptState::Received,
        ReceiptState::Seen,
        ReceiptState::Dispatched,
        ReceiptState::Closed,
    ];

    /// The code the center uses (`received`, `seen`, `dispatched`, `closed`).
    ///
    /// ```
    /// use siaga110_core::outbox::ReceiptState;
    /// assert_eq!(ReceiptState::from_code("seen"), Some(ReceiptState::Seen));
    /// assert_eq!(ReceiptState::Closed.code(), "closed");
    /// assert_eq!(ReceiptState::from_code("lost"), None);
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            ReceiptState::Received => "received",
            ReceiptState::Seen => "seen",
            ReceiptState::Dispatched => "dispatched",
            ReceiptState::Closed => "closed",
        }
    }

    /// The value for a code, if any.
    pub fn from_code(code: &str) -> Option<ReceiptState> {
        ReceiptState::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The receipt of a delivered report: the center's status URL (with its unguessable token) and
/// the last state read from it. Kept with the entry, so a reload or a crash keeps both.
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    /// Where to read the state.
    pub status_url: String,
    /// The last state read.
    pub state: ReceiptState,
    /// The Polres the center filed it to.
    pub polres: Option<String>,
    /// A short reply from the operator.
    pub reply: Option<String>,
    /// The outcome, once closed.
    pub outcome: Option<String>,
    /// When the state was last read (ms).
    pub checked_ms: Option<f64>,
    /// When to read it next (ms).
    pub next_check_ms: f64,
    /// The current wait between reads (ms).
    pub interval_ms: f64,
    /// Reads that failed in a row.
    pub failures: u32,
    /// The center no longer knows the token: not read again.
    pub gone: bool,
}

impl Receipt {
    /// A new receipt, first read at `next_check_ms`.
    pub fn new(status_url: String, next_check_ms: f64) -> Receipt {
        Receipt {
            status_url,
            state: ReceiptState::Received,
            polres: None,
            reply: None,
            outcome: None,
            checked_ms: None,
            next_check_ms,
            interval_ms: 0.0,
            failures: 0,
            gone: false,
        }
    }

    fn to_value(&self) -> Value {
        Obj::new()
            .str("status_url", &self.status_url)
            .str("state", self.state.code())
            .opt("polres", self.polres.as_deref())
            .opt("reply", self.reply.as_deref())
            .opt("outcome", self.outcome.as_deref())
            .opt("checked_ms", self.checked_ms)
            .num("next_check_ms", self.next_check_ms)
            .num("interval_ms", self.interval_ms)
            .num("failures", f64::from(self.failures))
            .bool("gone", self.gone)
            .done()
    }

    fn from_value(v: &Value) -> Option<Receipt> {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let n = |k: &str| v.get(k).and_then(Value::as_f64);
        Some(Receipt {
            status_url: s("status_url")?,
            state: ReceiptState::from_code(v.get("state")?.as_str()?)?,
            polres: s("polres"),
            reply: s("reply"),
            outcome: s("outcome"),
            checked_ms: n("checked_ms"),
            next_check_ms: n("next_check_ms").unwrap_or(0.0),
            interval_ms: n("interval_ms").unwrap_or(0.0),
            failures: v.get("failures").and_then(Value::as_u32).unwrap_or(0),
            gone: v.get("gone").and_then(Value::as_bool).unwrap_or(false),
        })
    }
}

/// What an HTTPS attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx.
    Delivered,
    /// Worth trying again later (offline, network error, timeout, 408, 409, 425, 429, 5xx).
    Retry(String),
    /// Refused for good (other 4xx).
    Refused(String),
}

/// The outcome for an HTTP status (`None`: no answer — offline, network error, timeout).
///
/// ```
/// use siaga110_core::outbox::{outcome_of, Outcome};
/// assert_eq!(outcome_of(Some(201)), Outcome::Delivered);
/// assert_eq!(outcome_of(Some(503)), Outcome::Retry("HTTP 503".into()));
/// assert_eq!(outcome_of(Some(429)), Outcome::Retry("HTTP 429".into()));
/// assert_eq!(outcome_of(Some(400)), Outcome::Refused("HTTP 400".into()));
/// assert_eq!(outcome_of(None), Outcome::Retry("network".into()));
/// ```
pub fn outcome_of(status: Option<u16>) -> Outcome {
    match status {
        Some(200..=299) => Outcome::Delivered,
        Some(s @ (408 | 409 | 425 | 429 | 500..=599)) => Outcome::Retry(format!("HTTP {s}")),
        Some(s) => Outcome::Refused(format!("HTTP {s}")),
        None => Outcome::Retry("network".into()),
    }
}

/// Why an attempt did not deliver a report, in the kinds the person is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// No answer: offline, the server unreachable, or too slow.
    Network,
    /// The server asked to wait (429).
    Busy,
    /// The server had a problem (5xx, 408, 409, 425).
    Server,
    /// The server refused this report (another 4xx), with the code.
    Refused(u16),
}

/// The kind of a stored `last_error` (`"network"`, `"HTTP 503"` …), if any.
///
/// ```
/// use siaga110_core::outbox::{reason_of, Reason};
/// assert_eq!(reason_of("network"), Some(Reason::Network));
/// assert_eq!(reason_of("HTTP 429"), Some(Reason::Busy));
/// assert_eq!(reason_of("HTTP 503"), Some(Reason::Server));
/// assert_eq!(reason_of("HTTP 422"), Some(Reason::Refused(422)));
/// assert_eq!(reason_of("??"), None);
/// ```
pub fn reason_of(last_error: &str) -> Option<Reason> {
    if last_error == "network" {
        return Some(Reason::Network);
    }
    let code: u16 = last_error.strip_prefix("HTTP ")?.parse().ok()?;
    Some(match outcome_of(Some(code)) {
        Outcome::Retry(_) if code == 429 => Reason::Busy,
        Outcome::Retry(_) => Reason::Server,
        Outcome::Refused(_) => Reason::Refused(code),
        Outcome::Delivered => return None,
    })
}

/// The wait (ms) after `attempts` failed attempts.
///
/// ```
/// use siaga110_core::outbox::backoff_ms;
/// assert_eq!(backoff_ms(1), 5_000.0);
/// assert_eq!(backoff_ms(2), 15_000.0);
/// assert_eq!(backoff_ms(50), 120_000.0);
/// ```
pub fn backoff_ms(attempts: u32) -> f64 {
    let i = (attempts.max(1) as usize - 1).min(BACKOFF_S.len() - 1);
    BACKOFF_S[i] * 1000.0
}

/// A stored entry that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt {
    /// Its storage key.
    pub key: String,
    /// Why.
    pub why: String,
}

/// What [`Outbox::similar`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    /// The earlier report's id.
    pub id: String,
    /// When it was made (ms).
    pub created_ms: f64,
}

/// All reports on the device.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outbox {
    entries: Vec<Entry>,
    corrupt: Vec<Corrupt>,
}

impl Entry {
    /// The entry as stored (JSON).
    pub fn to_json(&self) -> String {
        Obj::new()
            .add("report", self.report.to_value())
            .str("status", self.status.code())
            .num("attempts", f64::from(self.attempts))
            .num("next_try_ms", self.next_try_ms)
            .opt("last_error", self.last_error.as_deref())
            .opt("delivered_ms", self.delivered_ms)
            .add(
                "handed_off",
                Value::Arr(self.handed_off.iter().map(|c| c.code().into()).collect()),
            )
            .opt("receipt", self.receipt.as_ref().map(Receipt::to_value))
            .done()
            .to_string()
    }

    /// Reads a stored entry.
    ///
    /// ```
    /// use siaga110_core::outbox::Entry;
    /// assert!(Entry::from_json("{\"report\": 3}").is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Entry, String> {
        let v = json::parse(text).map_err(|e| e.to_string())?;
        let report =
            Report::from_value(v.get("report").ok_or("no report")?).map_err(|e| e.to_string())?;
        let num = |k: &str| v.get(k).and_then(Value::as_f64);
        Ok(Entry {
            report,
            status: v
                .get("status")
                .and_then(Value::as_str)
                .and_then(Status::from_code)
                .ok_or("bad status")?,
            attempts: v.get("attempts").and_then(Value::as_u32).unwrap_or(0),
            next_try_ms: num("next_try_ms").unwrap_or(0.0),
            last_error: v
                .get("last_error")
                .and_then(Value::as_str)
                .map(str::to_string),
            delivered_ms: num("delivered_ms"),
            handed_off: v
                .get("handed_off")
                .and_then(Value::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(|c| c.as_str().and_then(Channel::from_code))
                .collect(),
            receipt: v.get("receipt").and_then(Receipt::from_value),
        })
    }

    /// Whether it still waits for something (not delivered, failed, withdrawn or practice).
    pub fn is_open(&self) -> bool {
        matches!(
            self.status,
            Status::Queued | Status::Sending | Status::Handoff
        )
    }
}

impl Outbox {
    /// The outbox from stored `(key, json)` pairs. Unreadable entries are kept aside (see
    /// [`Outbox::corrupt`]); entries left in `Sending` (the app stopped mid-request) go back to
    /// `Queued`, due now.
    ///
    /// ```
    /// use siaga110_core::outbox::Outbox;
    /// let o = Outbox::load(vec![("outbox.x".to_string(), "{broken".to_string())]);
    /// assert_eq!(o.corrupt()[0].key, "outbox.x");
    /// assert!(o.entries().is_empty());
    /// ```
    pub fn load(stored: Vec<(String, String)>) -> Outbox {
        let mut o = Outbox::default();
        for (key, json) in stored {
            match Entry::from_json(&json) {
                Ok(mut e) => {
                    if e.status == Status::Sending {
                        e.status = Status::Queued;
                        e.next_try_ms = 0.0;
                    }
                    if o.get(&e.report.id).is_none() {
                        o.entries.push(e);
                    }
                }
                Err(why) => o.corrupt.push(Corrupt { key, why }),
            }
        }
        o.entries.sort_unstable_by(|a, b| {
            (a.report.created_ms().total_cmp(&b.report.created_ms()))
                .then_with(|| a.report.id.cmp(&b.report.id))
        });
        o
    }

    /// Every readable entry, oldest first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Stored entries that could not be read.
    pub fn corrupt(&self) -> &[Corrupt] {
        &self.corrupt
    }

    /// The entry for `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.report.id == id)
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.report.id == id)
    }

    /// When a new real report may be sent (ms): [`COOLDOWN_MS`] after the last one.
    ///
    /// ```
    /// use siaga110_core::outbox::{Outbox, COOLDOWN_MS};
    /// assert_eq!(Outbox::default().cooldown_until(), 0.0);
    /// ```
    pub fn cooldown_until(&self) -> f64 {
        self.entries
            .iter()
            .filter(|e| !e.report.exercise && e.status != Status::Withdrawn)
            .map(|e| e.report.created_ms() + COOLDOWN_MS)
            .fold(0.0, f64::max)
    }

    /// An earlier report that looks like `r` (same category, close in time and place, same or
    /// no text): the person is asked, and may send anyway.
    pub fn similar(&self, r: &Report) -> Option<Similar> {
        let norm = |s: &str| crate::place::normalise(s);
        let text = norm(&r.description);
        self.entries
            .iter()
            .filter(|e| e.report.id != r.id && e.status != Status::Withdrawn)
            .filter(|e| e.report.exercise == r.exercise && e.report.category == r.category)
            .filter(|e| (r.created_ms() - e.report.created_ms()).abs() <= DUPLICATE_WINDOW_MS)
            .filter(|e| {
                let other = norm(&e.report.description);
                other == text || other.is_empty() || text.is_empty()
            })
            .filter(|e| match (&e.report.location, &r.location) {
                (Some(a), Some(b)) => {
                    let (Ok(a), Ok(b)) = (
                        crate::geo::LatLon::new(a.lat, a.lon),
                        crate::geo::LatLon::new(b.lat, b.lon),
                    ) else {
                        return false;
                    };
                    a.distance_m(b) <= DUPLICATE_DISTANCE_M
                }
                (None, None) => true,
                _ => false,
            })
            .map(|e| Similar {
                id: e.report.id.clone(),
                created_ms: e.report.created_ms(),
            })
            .next_back()
    }

    /// Adds a report: practice ones as [`Status::Exercise`]; with an endpoint, queued (due
    /// after the cooldown); without, waiting for a hand-off. Returns the entry to persist.
    /// Adding an id that is already there changes nothing.
    ///
    /// ```
    /// use siaga110_core::outbox::{Outbox, Status, COOLDOWN_MS};
    /// # use siaga110_core::report::{Draft, Category, Report};
    /// # let d = Draft { category: Some(Category::Theft), landmark: "Pasar".into(), ..Draft::default() };
    /// # let r = |id: &str, t| Report::from_draft(&d, id, t, None, None, false).unwrap();
    /// let mut o = Outbox::default();
    /// o.add(r("00000000-0000-4000-8000-000000000001", 0.0), true, 0.0);
    /// let second = o.add(r("00000000-0000-4000-8000-000000000002", 1000.0), true, 1000.0).clone();
    /// assert_eq!(second.status, Status::Queued);
    /// assert_eq!(second.next_try_ms, COOLDOWN_MS); // waits, is not dropped
    /// let third = o.add(r("00000000-0000-4000-8000-000000000003", 0.0), false, 0.0);
    /// assert_eq!(third.status, Status::Handoff);
    /// ```
    pub fn add(&mut self, report: Report, has_endpoint: bool, now_ms: f64) -> &Entry {
        let id = report.id.clone();
        if self.get(&id).is_none() {
            let status = if report.exercise {
                Status::Exercise
            } else if has_endpoint {
                Status::Queued
            } else {
                Status::Handoff
            };
            let next_try_ms = if report.exercise {
                now_ms
            } else {
                now_ms.max(self.cooldown_until())
            };
            self.entries.push(Entry {
                report,
                status,
                attempts: 0,
                next_try_ms,
                last_error: None,
                delivered_ms: None,
                handed_off: Vec::new(),
                receipt: None,
            });
        }
        self.get(&id).expect("just added")
    }

    /// Ids of queued reports due at `now_ms`, oldest first.
    pub fn due(&self, now_ms: f64) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.status == Status::Queued && e.next_try_ms <= now_ms)
            .map(|e| e.report.id.clone())
            .collect()
    }

    /// The earliest time a queued report becomes due, if any.
    pub fn next_due(&self) -> Option<f64> {
        self.entries
            .iter()
            .filter(|e| e.status == Status::Queued)
            .map(|e| e.next_try_ms)
            .reduce(f64::min)
    }

    /// The browser is online again (or the app reopened): queued reports are due now, not after
    /// their backoff (the cooldown still holds). Returns the ids due now.
    pub fn online(&mut self, now_ms: f64) -> Vec<String> {
        let floors: Vec<f64> = self
            .entries
            .iter()
            .map(|e| self.cooldown_floor(e))
            .collect();
        for (e, floor) in self.entries.iter_mut().zip(floors) {
            if e.status == Status::Queued {
                e.next_try_ms = now_ms.min(e.next_try_ms).max(floor);
            }
        }
        self.due(now_ms)
    }

    /// The cooldown that holds for `e`: after the real reports made before it.
    fn cooldown_floor(&self, e: &Entry) -> f64 {
        self.entries
            .iter()
            .filter(|o| !o.report.exercise && o.status != Status::Withdrawn)
            .filter(|o| o.report.created_ms() < e.report.created_ms())
            .map(|o| o.report.created_ms() + COOLDOWN_MS)
            .fold(0.0, f64::max)
    }

    /// Starts an attempt: `Queued → Sending`. Persist the entry *before* the request. `None` if
    /// the report is not queued (already sending, delivered or withdrawn): do not send.
    pub fn start(&mut self, id: &str, _now_ms: f64) -> Option<&Entry> {
        let e = self.get_mut(id)?;
        if e.status != Status::Queued {
            return None;
        }
        e.status = Status::Sending;
        e.attempts += 1;
        Some(e)
    }

    /// Records how an attempt ended. Returns the entry to persist.
    pub fn finish(&mut self, id: &str, outcome: Outcome, now_ms: f64) -> Option<&Entry> {
        let e = self.get_mut(id)?;
        if e.status != Status::Sending {
            // Withdrawn meanwhile: a late answer does not bring it back.
            if outcome == Outcome::Delivered && e.status == Status::Withdrawn {
                e.delivered_ms = Some(now_ms);
            }
            return Some(e);
        }
        match outcome {
            Outcome::Delivered => {
                e.status = Status::Delivered;
                e.delivered_ms = Some(now_ms);
                e.last_error = None;
            }
            Outcome::Retry(why) => {
                e.status = Status::Queued;
                e.next_try_ms = now_ms + backoff_ms(e.attempts);
                e.last_error = Some(why);
            }
            Outcome::Refused(why) => {
                e.status = Status::Failed;
                e.last_error = Some(why);
            }
        }
        Some(e)
    }

    /// The person sends a failed report again over HTTPS (e.g. after the site fixed it).
    pub fn retry(&mut self, id: &str, now_ms: f64) -> Option<&Entry> {
        let e = self.get_mut(id)?;
        if e.status == Status::Failed {
            e.status = Status::Queued;
            e.next_try_ms = now_ms;
        }
        Some(e)
    }

    /// The person asks to send it now: a queued report is due at once (its backoff is skipped;
    /// the cooldown after an earlier report still holds), a failed one is queued again.
    ///
    /// ```
    /// use siaga110_core::outbox::{Outbox, Outcome};
    /// # use siaga110_core::report::{Draft, Category, Report};
    /// # let d = Draft { category: Some(Category::Theft), landmark: "Pasar".into(), ..Draft::default() };
    /// # let r = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 0.0, None, None, false).unwrap();
    /// let mut o = Outbox::default();
    /// o.add(r, true, 0.0);
    /// let id = o.due(0.0)[0].clone();
    /// o.start(&id, 0.0);
    /// o.finish(&id, Outcome::Retry("network".into()), 0.0);
    /// assert!(o.due(1000.0).is_empty());
    /// o.send_now(&id, 1000.0);
    /// assert_eq!(o.due(1000.0), vec![id]);
    /// ```
    pub fn send_now(&mut self, id: &str, now_ms: f64) -> Option<&Entry> {
        let floor = self.cooldown_floor(self.get(id)?);
        let e = self.get_mut(id)?;
        if matches!(e.status, Status::Queued | Status::Failed) {
            e.status = Status::Queued;
            e.next_try_ms = now_ms.max(floor);
        }
        Some(e)
    }

    /// Keeps the receipt the receiver gave for a delivered report. Returns the entry to persist.
    pub fn set_receipt(&mut self, id: &str, receipt: Receipt) -> Option<&Entry> {
        let e = self.get_mut(id)?;
        if e.status != Status::Delivered {
            return None;
        }
        e.receipt = Some(receipt);
        Some(e)
    }

    /// Changes a report's receipt, if it has one. Returns the entry to persist.
    pub fn update_receipt(&mut self, id: &str, f: impl FnOnce(&mut Receipt)) -> Option<&Entry> {
        let e = self.get_mut(id)?;
        f(e.receipt.as_mut()?);
        Some(e)
    }

    /// The person withdrew it: it is not sent (again). A report already delivered stays
    /// delivered (the police have it; the person should call to correct it).
    pub fn withdraw(&mut self, id: &str) -> Option<&Entry> {
        let e = self.get_mut(id)?;
        if e.status != Status::Delivered {
            e.status = Status::Withdrawn;
        }
        Some(e)
    }

    /// The person opened another channel for it.
    pub fn handed_off(&mut self, id: &str, channel: Channel) -> Option<&Entry> {
        let e = self.get_mut(id)?;
        if !e.handed_off.contains(&channel) {
            e.handed_off.push(channel);
        }
        Some(e)
    }

    /// Forgets an entry (after it was delivered or withdrawn and the person cleared it).
    pub fn remove(&mut self, id: &str) {
        self.entries.retain(|e| e.report.id != id);
    }
}
