//! The report flow's state: deployment settings, the draft (saved as it is typed) and the
//! outbox, with the loop that runs the sender's actions (post a report, check a receipt,
//! sleep). What to do when is decided by `core` ([`siaga110_core::sender`]: retry schedule,
//! receipts, the network coming back mid-request); this only runs it over the browser.
use leptos::prelude::*;
use leptos::task::spawn_local;
use siaga110_core::config::{origin_of, Config};
use siaga110_core::outbox::{Entry, Outbox, Status};
use siaga110_core::report::{Draft, Location, Report};
use siaga110_core::sender::{Action, Sender};

use super::state::{AppState, PlaceState};
use crate::browser::{now_ms, report as io};

/// Shared report state (cheap to copy).
#[derive(Clone, Copy)]
pub struct ReportState {
    /// Deployment settings (defaults until `config.json` is read).
    pub config: RwSignal<Config>,
    /// The outbox.
    pub outbox: RwSignal<Outbox>,
    /// Unreadable stored reports that were set aside.
    pub corrupt: RwSignal<usize>,
    /// Saving to storage failed at least once.
    pub storage_failed: RwSignal<bool>,
    /// The form is on screen.
    pub open: RwSignal<bool>,
    /// The form's contents.
    pub draft: RwSignal<Draft>,
    /// The browser is online.
    pub online: RwSignal<bool>,
    /// The sender's state (what is in flight).
    sender: StoredValue<Sender>,
    /// The loop is running.
    pumping: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl ReportState {
    /// Creates the state (reads the draft and the outbox, starts loading `config.json`) and
    /// provides it as context.
    pub fn provide() -> ReportState {
        let draft = io::load_draft()
            .map(|j| Draft::from_json(&j))
            .unwrap_or_default();
        let outbox = io::load_outbox();
        let s = ReportState {
            config: RwSignal::new(Config::default()),
            outbox: RwSignal::new(outbox),
            corrupt: RwSignal::new(io::quarantined()),
            storage_failed: RwSignal::new(false),
            open: RwSignal::new(!draft.is_empty()),
            draft: RwSignal::new(draft),
            online: RwSignal::new(io::is_online()),
            sender: StoredValue::new(Sender::default()),
            pumping: StoredValue::new(false),
            timer: StoredValue::new(None),
        };
        // Save the draft as it is typed (a reload or a crash loses nothing).
        Effect::new(move |first: Option<()>| {
            let d = s.draft.get();
            if first.is_some() {
                let json = (!d.is_empty()).then(|| d.to_json());
                if !io::save_draft(json.as_deref()) {
                    s.storage_failed.set(true);
                }
            }
        });
        io::on_online(move || {
            s.online.set(true);
            s.wake();
        });
        // The deployment's region: its data as soon as the index is there (once), so that a
        // lookup there needs no wait. A failure only means it is fetched later, when needed.
        let app = AppState::get();
        let region_started = StoredValue::new(false);
        Effect::new(move |_| {
            let Some(code) = s.config.with(|c| c.region_focus.clone()) else {
                return;
            };
            if region_started.get_value() || app.data.with(|_| ()).is_none() {
                return;
            }
            region_started.set_value(true);
            app.data.ensure_province(&code);
        });
        spawn_local(async move {
            s.config.set(io::load_config().await);
            // Reopened: whatever waits is due now, not after its backoff.
            s.wake();
        });
        provide_context(s);
        s
    }

    /// The state from context.
    pub fn get() -> ReportState {
        expect_context::<ReportState>()
    }

    fn persist(&self, e: &Entry) {
        if !io::save(e) {
            self.storage_failed.set(true);
        }
    }

    /// The host that receives reports, if one is configured.
    pub fn endpoint_host(&self) -> Option<String> {
        let c = self.config.get();
        let origin = origin_of(c.report_endpoint.as_deref()?)?;
        Some(origin.split("://").nth(1).unwrap_or_default().to_string())
    }

    /// Where the report is: the position, and the Polres for it.
    pub fn location_and_polres(
        app: &AppState,
    ) -> (Option<Location>, Option<siaga110_core::report::PolresRef>) {
        let label = app.manual.get().map(|(_, l)| l);
        let location = app.target.get().map(|f| Location::from_fix(&f, label));
        let polres = app.place.with(|p| match p {
            PlaceState::Ready(siaga110_core::place::Place::Covered(c)) => c.polres_ref(),
            _ => None,
        });
        (location, polres)
    }

    /// Puts a checked report in the outbox (persisted first), clears the draft and starts
    /// sending.
    pub fn submit(&self, report: Report) {
        let has_endpoint = self.config.get_untracked().report_endpoint.is_some();
        let entry = self
            .outbox
            .try_update(|o| o.add(report, has_endpoint, now_ms()).clone());
        if let Some(e) = entry {
            self.persist(&e);
            self.event(&e);
        }
        self.draft.set(Draft::default());
        self.open.set(false);
        crate::browser::dom::scroll_to("latest-report");
        self.pump();
    }

    /// Applies a change to one entry and persists it.
    pub fn change(&self, f: impl FnOnce(&mut Outbox) -> Option<Entry>) {
        self.change_quiet(f);
        self.pump();
    }

    /// Forgets an entry.
    pub fn remove(&self, id: &str) {
        self.outbox.update(|o| o.remove(id));
        io::delete(id);
    }

    fn event(&self, e: &Entry) {
        // Practice reports are not news for the host page.
        if e.status != Status::Exercise {
            io::notify_host(&self.config.get_untracked(), e.status.code(), &e.report.id);
        }
    }

    /// The network is back (or the app reopened): whatever waits is due now (or, if a request
    /// is under way, when it ends).
    fn wake(&self) {
        let mut sender = self.sender.get_value();
        let changed = self
            .outbox
            .try_update(|o| sender.on_online(o, now_ms()))
            .unwrap_or_default();
        self.sender.set_value(sender);
        self.persist_each(&changed, false);
        self.pump();
    }

    /// Persists the entries a step changed; tells the host page when their status changed
    /// (a receipt read changes no status).
    fn persist_each(&self, changed: &[Entry], status_changed: bool) {
        for e in changed {
            self.persist(e);
            if status_changed {
                self.event(e);
            }
        }
    }

    /// Runs the sender's actions until it has nothing to do now, then sleeps until the next
    /// is due. Safe to call any time: only one loop runs.
    pub fn pump(&self) {
        let s = *self;
        let Some(endpoint) = s.config.get_untracked().report_endpoint else {
            return;
        };
        if s.pumping.get_value() {
            return;
        }
        s.pumping.set_value(true);
        if let Some(t) = s.timer.get_value() {
            t.clear();
        }
        spawn_local(async move {
            let mut sleep = None;
            loop {
                let now = now_ms();
                let action = s
                    .outbox
                    .with_untracked(|o| s.sender.with_value(|x| x.next_action(o, now)));
                let (id, post) = match action {
                    Action::Post(id) => (id, true),
                    Action::Check(id) => (id, false),
                    Action::SleepUntil(t) => {
                        sleep = Some(t);
                        break;
                    }
                    Action::Busy | Action::Idle => break,
                };
                let mut sender = s.sender.get_value();
                let begun = s.outbox.try_update(|o| sender.begin(o, &id, now)).flatten();
                s.sender.set_value(sender);
                let Some(e) = begun else { break };
                // A post persists "sending" before the request: if the page dies now, the next
                // start sends it again with the same Idempotency-Key.
                let answer = if post {
                    s.persist_each(std::slice::from_ref(&e), true);
                    io::post(&endpoint, &id, &e.report.to_json()).await
                } else {
                    match e.receipt.as_ref() {
                        Some(r) => io::get_status(&r.status_url).await,
                        None => Default::default(),
                    }
                };
                if answer.status.is_none() {
                    s.online.set(io::is_online());
                }
                let mut sender = s.sender.get_value();
                let changed = s
                    .outbox
                    .try_update(|o| {
                        if post {
                            sender.on_posted(o, &id, &answer, &endpoint, now_ms())
                        } else {
                            sender.on_checked(o, &id, &answer, now_ms())
                        }
                    })
                    .unwrap_or_default();
                s.sender.set_value(sender);
                s.persist_each(&changed, post);
            }
            s.pumping.set_value(false);
            if let Some(t) = sleep {
                let wait = (t - now_ms()).max(500.0) as u64;
                let handle = set_timeout_with_handle(
                    move || s.pump(),
                    std::time::Duration::from_millis(wait),
                )
                .ok();
                s.timer.set_value(handle);
            }
        });
    }

    /// Applies a change to one entry, persists it and tells the host page; no sending.
    fn change_quiet(&self, f: impl FnOnce(&mut Outbox) -> Option<Entry>) {
        if let Some(Some(e)) = self.outbox.try_update(f) {
            self.persist(&e);
            self.event(&e);
        }
    }
}
