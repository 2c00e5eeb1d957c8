//! What the person is told about a report on its way: one status line, the operator's reply,
//! whether no person has seen it yet, and which buttons it offers. Pure, so the words on the
//! screen follow one rule: **delivered is not seen** — a server's 2xx is said as "received by
//! the server", never as read by an officer; only the center's receipt says that.
//!
//! ```
//! use siaga110_core::progress::{progress, Line};
//! # use siaga110_core::outbox::{Outbox, Outcome};
//! # use siaga110_core::report::{Draft, Category, Report};
//! # let d = Draft { category: Some(Category::Theft), landmark: "Pasar".into(), ..Draft::default() };
//! # let r = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 0.0, None, None, false).unwrap();
//! # let mut o = Outbox::default(); o.add(r, true, 0.0);
//! # let id = o.entries()[0].report.id.clone(); o.start(&id, 0.0); o.finish(&id, Outcome::Delivered, 1000.0);
//! let p = progress(o.get(&id).unwrap(), true, 2000.0);
//! assert_eq!(p.line, Line::Delivered { at_ms: 1000.0 });
//! assert!(!p.unseen); // not yet 3 minutes
//! ```

use crate::outbox::{reason_of, Entry, Reason, ReceiptState, Status};
use crate::sender::unseen;

/// The status line.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// Waiting for the network; kept on the phone.
    Offline,
    /// Waiting to be sent (cooldown, or the first try is coming).
    Queued,
    /// An attempt failed; tried again by itself at `at_ms`.
    Retry {
        /// Why the last attempt failed (`None`: unknown).
        why: Option<Reason>,
        /// The next try (ms).
        at_ms: f64,
    },
    /// A request is under way.
    Sending,
    /// A server answered 2xx; no receipt (nobody can say it was read).
    Delivered {
        /// When (ms).
        at_ms: f64,
    },
    /// The center stored it for this Polres; no officer has opened it.
    Received {
        /// The Polres the center filed it to, if it said.
        polres: Option<String>,
        /// When (ms).
        at_ms: f64,
    },
    /// An officer opened it.
    Seen,
    /// Officers were sent.
    Dispatched,
    /// Closed by the officers.
    Closed,
    /// Refused for good.
    Failed {
        /// Why (`None`: unknown).
        why: Option<Reason>,
    },
    /// No endpoint: send it by SMS, WhatsApp or share.
    Handoff,
    /// Withdrawn by the person.
    Withdrawn,
    /// Practice: never sent.
    Exercise,
}

/// Everything the screen says and offers for one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// The status line.
    pub line: Line,
    /// The operator's reply, if any.
    pub reply: Option<String>,
    /// Delivered, but no person has seen it after 3 minutes: say so, and put the call and the
    /// SMS first.
    pub unseen: bool,
    /// Offer the other channels (SMS, WhatsApp, share, copy).
    pub channels: bool,
    /// Offer "send now" (always, while it waits to be sent).
    pub send_now: bool,
    /// Offer "send again" (refused).
    pub retry: bool,
    /// Offer "withdraw" (still on its way).
    pub withdraw: bool,
}

/// What to tell the person about `e` at `now_ms`, `online` as the browser believes.
///
/// ```
/// use siaga110_core::progress::{progress, Line};
/// use siaga110_core::outbox::{Outbox, Outcome, Reason};
/// # use siaga110_core::report::{Draft, Category, Report};
/// # let d = Draft { category: Some(Category::Theft), landmark: "Pasar".into(), ..Draft::default() };
/// # let r = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 0.0, None, None, false).unwrap();
/// let mut o = Outbox::default();
/// o.add(r, true, 0.0);
/// let id = o.entries()[0].report.id.clone();
/// o.start(&id, 0.0);
/// o.finish(&id, Outcome::Retry("HTTP 503".into()), 0.0);
/// let p = progress(o.get(&id).unwrap(), true, 1000.0);
/// assert_eq!(p.line, Line::Retry { why: Some(Reason::Server), at_ms: 5000.0 });
/// assert!(p.send_now && p.channels && p.withdraw);
/// ```
pub fn progress(e: &Entry, online: bool, now_ms: f64) -> Progress {
    let why = e.last_error.as_deref().and_then(reason_of);
    let receipt = e.receipt.as_ref();
    let line = match e.status {
        Status::Queued if !online => Line::Offline,
        Status::Queued if e.last_error.is_some() => Line::Retry {
            why,
            at_ms: e.next_try_ms,
        },
        Status::Queued => Line::Queued,
        Status::Sending => Line::Sending,
        Status::Delivered => {
            let at_ms = e.delivered_ms.unwrap_or(now_ms);
            match receipt.map(|r| r.state) {
                None => Line::Delivered { at_ms },
                Some(ReceiptState::Received) => Line::Received {
                    polres: receipt.and_then(|r| r.polres.clone()),
                    at_ms,
                },
                Some(ReceiptState::Seen) => Line::Seen,
                Some(ReceiptState::Dispatched) => Line::Dispatched,
                Some(ReceiptState::Closed) => Line::Closed,
            }
        }
        Status::Failed => Line::Failed { why },
        Status::Handoff => Line::Handoff,
        Status::Withdrawn => Line::Withdrawn,
        Status::Exercise => Line::Exercise,
    };
    let unseen = unseen(e, now_ms);
    let waiting = e.status == Status::Queued && (e.last_error.is_some() || !online);
    Progress {
        reply: receipt.and_then(|r| r.reply.clone()),
        unseen,
        channels: matches!(e.status, Status::Handoff | Status::Failed) || waiting || unseen,
        send_now: e.status == Status::Queued,
        retry: e.status == Status::Failed,
        withdraw: e.is_open(),
        line,
    }
}
