//! The sender: what the app does next with the outbox — post a report, check a delivered
//! report's receipt, sleep until something is due, or nothing — as a pure state machine.
//!
//! The browser only runs the action it is given ([`Sender::next_action`]), tells the driver how
//! it ended ([`Sender::on_posted`], [`Sender::on_checked`]) and when the browser came online
//! ([`Sender::on_online`]). One request is under way at a time. Everything that decides — what
//! is due, the backoff, what an answer means, what to do when the network comes back in the
//! middle of a request — is here, with the clock passed in, so a property test can run any
//! interleaving (`core/tests/outbox.rs`).
//!
//! ```
//! use siaga110_core::outbox::{Outbox, Status};
//! use siaga110_core::sender::{Action, Answer, Sender};
//! # use siaga110_core::report::{Draft, Category, Report};
//! # let d = Draft { category: Some(Category::Theft), landmark: "Pasar".into(), ..Draft::default() };
//! # let report = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 1000.0, None, None, false).unwrap();
//! let endpoint = "https://lapor.example/api/reports";
//! let mut outbox = Outbox::default();
//! let mut sender = Sender::default();
//! outbox.add(report, true, 1000.0);
//! let Action::Post(id) = sender.next_action(&outbox, 1000.0) else { panic!() };
//! let entry = sender.begin(&mut outbox, &id, 1000.0).unwrap(); // persist it, then POST
//! assert_eq!(entry.status, Status::Sending);
//! // The browser comes online again while the request is under way …
//! sender.on_online(&mut outbox, 1500.0);
//! // … and the request fails: the report is due at once, not after its backoff.
//! sender.on_posted(&mut outbox, &id, &Answer::none(), endpoint, 2000.0);
//! assert_eq!(sender.next_action(&outbox, 2000.0), Action::Post(id.clone()));
//! ```

use crate::config::origin_of;
use crate::json::{self, Value};
use crate::outbox::{outcome_of, Entry, Outbox, Outcome, Receipt, ReceiptState, Status};

/// Wait before the first receipt check after delivery, and the shortest between checks (ms).
pub const CHECK_FIRST_MS: f64 = 5_000.0;
/// Longest wait between two receipt checks while the app is open (ms).
pub const CHECK_MAX_MS: f64 = 30_000.0;
/// Receipts are no longer checked this long after delivery (ms).
pub const CHECK_FOR_MS: f64 = 24.0 * 3_600_000.0;
/// A delivered report that no person has seen after this long (ms) is said so plainly.
pub const UNSEEN_MS: f64 = 3.0 * 60_000.0;

/// What to do now.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// POST this report (call [`Sender::begin`] first, and persist what it returns).
    Post(String),
    /// GET this delivered report's status URL (call [`Sender::begin`] first).
    Check(String),
    /// Nothing is due before this time (ms): sleep, then ask again.
    SleepUntil(f64),
    /// A request is under way: its result will call for the next action.
    Busy,
    /// Nothing waits: a new report or the network coming back will call for the next action.
    Idle,
}

/// How a request ended: the HTTP status and body, or no answer at all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    /// The HTTP status; `None`: no answer (offline, network error, CORS refusal, timeout).
    pub status: Option<u16>,
    /// The body, as far as it was read.
    pub body: String,
}

impl Answer {
    /// No answer.
    pub fn none() -> Answer {
        Answer::default()
    }

    /// An answer with a status and a body.
    pub fn new(status: u16, body: impl Into<String>) -> Answer {
        Answer {
            status: Some(status),
            body: body.into(),
        }
    }
}

/// The sender's own state: what is in flight, and whether the network came back meanwhile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sender {
    in_flight: Option<String>,
    woken: bool,
}

impl Sender {
    /// The id whose request is under way, if any.
    pub fn in_flight(&self) -> Option<&str> {
        self.in_flight.as_deref()
    }

    /// What to do at `now_ms`: post the oldest due report first, else check the receipt that is
    /// due first, else sleep until the earliest of both, else nothing.
    ///
    /// ```
    /// use siaga110_core::outbox::Outbox;
    /// use siaga110_core::sender::{Action, Sender};
    /// assert_eq!(Sender::default().next_action(&Outbox::default(), 0.0), Action::Idle);
    /// ```
    pub fn next_action(&self, outbox: &Outbox, now_ms: f64) -> Action {
        if self.in_flight.is_some() {
            return Action::Busy;
        }
        if let Some(id) = outbox.due(now_ms).into_iter().next() {
            return Action::Post(id);
        }
        let checks = outbox.entries().iter().filter_map(|e| {
            let t = next_check_ms(e)?;
            Some((t, e.report.id.clone()))
        });
        let first_check = checks.min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((t, id)) = &first_check {
            if *t <= now_ms {
                return Action::Check(id.clone());
            }
        }
        let wake = [outbox.next_due(), first_check.map(|(t, _)| t)]
            .into_iter()
            .flatten()
            .reduce(f64::min);
        match wake {
            Some(t) => Action::SleepUntil(t),
            None => Action::Idle,
        }
    }

    /// Starts the request of an action (a [`Action::Post`]: `Queued → Sending`). Returns the
    /// entry to persist *before* the request, or `None`: do not send (not due any more).
    pub fn begin(&mut self, outbox: &mut Outbox, id: &str, now_ms: f64) -> Option<Entry> {
        if self.in_flight.is_some() {
            return None;
        }
        let entry = match outbox.get(id)?.status {
            Status::Queued => outbox.start(id, now_ms)?.clone(),
            Status::Delivered if outbox.get(id).and_then(next_check_ms).is_some() => {
                outbox.get(id)?.clone()
            }
            _ => return None,
        };
        self.in_flight = Some(id.to_string());
        Some(entry)
    }

    /// A POST ended. Returns the entries to persist. A `status_url` in a 2xx body is kept as
    /// the report's receipt — only when it is on the endpoint's own origin (a receiver cannot
    /// send the phone elsewhere).
    pub fn on_posted(
        &mut self,
        outbox: &mut Outbox,
        id: &str,
        answer: &Answer,
        endpoint: &str,
        now_ms: f64,
    ) -> Vec<Entry> {
        self.end(id);
        let outcome = outcome_of(answer.status);
        let delivered = outcome == Outcome::Delivered;
        let mut changed: Vec<Entry> = outbox
            .finish(id, outcome, now_ms)
            .cloned()
            .into_iter()
            .collect();
        if delivered {
            if let Some(url) = status_url(&answer.body, endpoint) {
                let mut receipt = Receipt::new(url, now_ms + CHECK_FIRST_MS);
                receipt.polres = filed_to(&answer.body);
                if let Some(e) = outbox.set_receipt(id, receipt) {
                    changed = vec![e.clone()];
                }
            }
        }
        changed.extend(self.after_wake(outbox, now_ms));
        changed
    }

    /// A receipt check ended. Returns the entries to persist.
    pub fn on_checked(
        &mut self,
        outbox: &mut Outbox,
        id: &str,
        answer: &Answer,
        now_ms: f64,
    ) -> Vec<Entry> {
        self.end(id);
        let mut changed = Vec::new();
        let read = match answer.status {
            Some(200..=299) => ReceiptRead::State(parse_status(&answer.body)),
            // The center does not know this token (any more): stop asking.
            Some(404 | 410) => ReceiptRead::Gone,
            _ => ReceiptRead::Failed,
        };
        if let Some(e) = outbox.update_receipt(id, |r| apply(r, read, now_ms)) {
            changed.push(e.clone());
        }
        changed.extend(self.after_wake(outbox, now_ms));
        changed
    }

    /// The browser came online (or the app reopened). If a request is under way, what failed
    /// meanwhile is made due when it ends; else at once. Returns the entries to persist.
    pub fn on_online(&mut self, outbox: &mut Outbox, now_ms: f64) -> Vec<Entry> {
        if self.in_flight.is_some() {
            self.woken = true;
            return Vec::new();
        }
        online(outbox, now_ms)
    }

    fn end(&mut self, id: &str) {
        if self.in_flight.as_deref() == Some(id) {
            self.in_flight = None;
        }
    }

    fn after_wake(&mut self, outbox: &mut Outbox, now_ms: f64) -> Vec<Entry> {
        if std::mem::take(&mut self.woken) {
            online(outbox, now_ms)
        } else {
            Vec::new()
        }
    }
}

fn online(outbox: &mut Outbox, now_ms: f64) -> Vec<Entry> {
    let before: Vec<f64> = outbox.entries().iter().map(|e| e.next_try_ms).collect();
    outbox.online(now_ms);
    let mut changed: Vec<Entry> = outbox
        .entries()
        .iter()
        .zip(before)
        .filter(|(e, t)| e.next_try_ms != *t)
        .map(|(e, _)| e.clone())
        .collect();
    // Receipts: check again now.
    let ids: Vec<String> = outbox
        .entries()
        .iter()
        .filter(|e| next_check_ms(e).is_some_and(|t| t > now_ms))
        .map(|e| e.report.id.clone())
        .collect();
    for id in ids {
        if let Some(e) = outbox.update_receipt(&id, |r| r.next_check_ms = now_ms) {
            changed.push(e.clone());
        }
    }
    changed
}

/// When the receipt of `e` is next checked, if it still is.
fn next_check_ms(e: &Entry) -> Option<f64> {
    let r = e.receipt.as_ref()?;
    let delivered = e.delivered_ms?;
    let open = e.status == Status::Delivered && r.state != ReceiptState::Closed && !r.gone;
    (open && r.next_check_ms <= delivered + CHECK_FOR_MS).then_some(r.next_check_ms)
}

enum ReceiptRead {
    State(Option<Reading>),
    Gone,
    Failed,
}

/// What a status answer says.
struct Reading {
    state: ReceiptState,
    polres: Option<String>,
    reply: Option<String>,
    outcome: Option<String>,
}

fn apply(r: &mut Receipt, read: ReceiptRead, now_ms: f64) {
    match read {
        ReceiptRead::State(Some(s)) => {
            let changed = s.state != r.state || s.reply != r.reply;
            r.state = s.state;
            r.polres = s.polres.or(r.polres.take());
            r.reply = s.reply;
            r.outcome = s.outcome;
            r.checked_ms = Some(now_ms);
            r.failures = 0;
            r.interval_ms = if changed {
                CHECK_FIRST_MS
            } else {
                (r.interval_ms * 2.0).clamp(CHECK_FIRST_MS, CHECK_MAX_MS)
            };
        }
        ReceiptRead::Gone => r.gone = true,
        ReceiptRead::State(None) | ReceiptRead::Failed => {
            r.failures += 1;
            r.interval_ms = (r.interval_ms * 2.0).clamp(CHECK_FIRST_MS, CHECK_MAX_MS);
        }
    }
    r.next_check_ms = now_ms + r.interval_ms;
}

/// The `status_url` of a receiver's 2xx body, when it is an absolute URL on the endpoint's own
/// origin.
///
/// ```
/// use siaga110_core::sender::status_url;
/// let ep = "https://lapor.example/api/reports";
/// let body = r#"{"id":"x","status_url":"https://lapor.example/api/status/abc"}"#;
/// assert_eq!(status_url(body, ep).as_deref(), Some("https://lapor.example/api/status/abc"));
/// assert_eq!(status_url(r#"{"status_url":"https://evil.example/s"}"#, ep), None);
/// assert_eq!(status_url("not json", ep), None);
/// ```
pub fn status_url(body: &str, endpoint: &str) -> Option<String> {
    let v = json::parse(body).ok()?;
    let url = v.get("status_url")?.as_str()?;
    let same = origin_of(url).is_some() && origin_of(url) == origin_of(endpoint);
    let plain = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (same && plain && url.len() <= 2048).then(|| url.to_string())
}

/// The Polres a center's 2xx body says it filed the report to (`queue.polres.name`, or
/// `polres.name`, or `polres` as a string).
///
/// ```
/// use siaga110_core::sender::filed_to;
/// let body = r#"{"status_url":"x","queue":{"polres":{"id":"polres-binjai","name":"Polres Binjai"}}}"#;
/// assert_eq!(filed_to(body).as_deref(), Some("Polres Binjai"));
/// assert_eq!(filed_to(r#"{"polres":"Polres Langkat"}"#).as_deref(), Some("Polres Langkat"));
/// assert_eq!(filed_to("{}"), None);
/// ```
pub fn filed_to(body: &str) -> Option<String> {
    let v = json::parse(body).ok()?;
    let p = v
        .get("queue")
        .and_then(|q| q.get("polres"))
        .or(v.get("polres"))?;
    let name = match p {
        Value::Str(s) => s.as_str(),
        p => p.get("name")?.as_str()?,
    };
    Some(crate::report::clean_text(name, false)).filter(|s| !s.is_empty())
}

fn parse_status(body: &str) -> Option<Reading> {
    let v = json::parse(body).ok()?;
    let state = ReceiptState::from_code(v.get("state")?.as_str()?)?;
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(|s| crate::report::clean_text(s, true))
            .filter(|s| !s.is_empty())
    };
    // A string, or an object with the text under `name` / `text`.
    let field = |k: &str, inner: &str| match v.get(k) {
        Some(p @ Value::Str(_)) => text(Some(p)),
        Some(p) => text(p.get(inner)),
        None => None,
    };
    let polres = field("polres", "name");
    Some(Reading {
        state,
        polres,
        reply: field("reply", "text").map(|s| s.chars().take(500).collect()),
        outcome: text(v.get("outcome")),
    })
}

/// Whether a delivered report has waited [`UNSEEN_MS`] without a person seeing it: the app
/// then says so plainly and puts the call and the SMS first. Also true when the receiver gives
/// no receipt at all (nobody can say it was seen).
///
/// ```
/// use siaga110_core::sender::{unseen, UNSEEN_MS};
/// # use siaga110_core::outbox::{Outbox, Outcome};
/// # use siaga110_core::report::{Draft, Category, Report};
/// # let d = Draft { category: Some(Category::Theft), landmark: "Pasar".into(), ..Draft::default() };
/// # let r = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 0.0, None, None, false).unwrap();
/// # let mut o = Outbox::default(); o.add(r, true, 0.0);
/// # let id = o.entries()[0].report.id.clone(); o.start(&id, 0.0); o.finish(&id, Outcome::Delivered, 0.0);
/// let e = o.get(&id).unwrap();
/// assert!(!unseen(e, UNSEEN_MS - 1.0));
/// assert!(unseen(e, UNSEEN_MS));
/// ```
pub fn unseen(e: &Entry, now_ms: f64) -> bool {
    let waited = e.delivered_ms.is_some_and(|t| now_ms - t >= UNSEEN_MS);
    let seen = e
        .receipt
        .as_ref()
        .is_some_and(|r| r.state != ReceiptState::Received);
    e.status == Status::Delivered && waited && !seen
}
