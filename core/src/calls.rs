//! The prank-use rule for call attempts: repeated attempts in a short time bring a firmer
//! notice. It only informs; it never decides whether a call may happen.

/// The window in which attempts are counted: 10 minutes, in ms.
pub const WINDOW_MS: f64 = 600_000.0;
/// From this many attempts in the window, the notice is firmer.
pub const FIRM_FROM: usize = 3;

/// How firmly to warn before a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The usual one-line reminder.
    Normal,
    /// Several attempts in a short time: say plainly what pranks cost (a blocked number cannot
    /// get through in a real emergency) — and still let the call go.
    Firm,
}

/// The times (ms since the epoch) of recent call attempts, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallLog {
    attempts: Vec<f64>,
}

impl CallLog {
    /// A log from stored times; unsorted or old entries are fine.
    ///
    /// ```
    /// use siaga110_core::calls::{CallLog, Notice};
    /// let log = CallLog::from_times(vec![1.0, 2.0, 3.0]);
    /// assert_eq!(log.notice(10.0), Notice::Firm);
    /// ```
    pub fn from_times(mut times: Vec<f64>) -> Self {
        times.retain(|t| t.is_finite());
        times.sort_unstable_by(f64::total_cmp);
        CallLog { attempts: times }
    }

    /// Records an attempt at `now_ms` and forgets attempts older than the window.
    ///
    /// ```
    /// use siaga110_core::calls::{CallLog, Notice, WINDOW_MS};
    /// let mut log = CallLog::default();
    /// for t in [0.0, 1_000.0] { log.record(t); }
    /// assert_eq!(log.notice(2_000.0), Notice::Normal);
    /// log.record(2_000.0);
    /// assert_eq!(log.notice(2_000.0), Notice::Firm);
    /// assert_eq!(log.notice(2_000.0 + WINDOW_MS + 1.0), Notice::Normal);
    /// ```
    pub fn record(&mut self, now_ms: f64) {
        self.attempts.retain(|&t| now_ms - t <= WINDOW_MS);
        self.attempts.push(now_ms);
    }

    /// The notice to show at `now_ms`, given the attempts in the window.
    pub fn notice(&self, now_ms: f64) -> Notice {
        let recent = self
            .attempts
            .iter()
            .filter(|&&t| now_ms - t <= WINDOW_MS && t <= now_ms)
            .count();
        if recent >= FIRM_FROM {
            Notice::Firm
        } else {
            Notice::Normal
        }
    }

    /// The stored times, for persisting.
    pub fn times(&self) -> &[f64] {
        &self.attempts
    }
}
