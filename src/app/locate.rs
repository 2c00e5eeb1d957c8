//! An operator's request for this phone's position (`?lokasi=<token>`, issue 14): check it with
//! the center of the app's own `config.json`, ask the person, and — only after a yes — send the
//! device's positions there while the page stays open. The rules (where to send, what the
//! center's answers mean, which positions are worth sending) are in [`siaga110_core::locate`].
use leptos::prelude::*;
use leptos::task::spawn_local;
use siaga110_core::fix::Fix;
use siaga110_core::locate::{self, Answered};

use super::state::AppState;
use crate::browser::geolocation::GeoStatus;
use crate::browser::{dom, report as io, storage};

/// Where the request stands on this phone.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Reading the request from the center.
    Checking,
    /// The center could not be reached: try again.
    Unreachable,
    /// This app has no center to answer to.
    NoCenter,
    /// Asking the person: who asks, and the operator's note.
    Ask {
        /// The Polres (or Polda) that asks.
        from: Option<String>,
        /// The operator's note.
        note: Option<String>,
    },
    /// Yes: positions are being sent to `from`.
    Sharing(Option<String>),
    /// No (or stopped): nothing more is sent.
    Declined,
    /// The center refused the link: expired, used by another phone, or unknown.
    Ended(Answered),
}

/// The request's state (cheap to copy).
#[derive(Clone, Copy)]
pub struct LocateRequest {
    /// Where it stands.
    pub phase: RwSignal<Phase>,
    /// The last position the center took.
    pub sent: RwSignal<Option<Fix>>,
    url: StoredValue<Option<String>>,
    phone: StoredValue<String>,
    busy: StoredValue<bool>,
}

impl LocateRequest {
    /// The request of this page's `?lokasi=`, if it carries a well-formed token; starts
    /// checking it and provides it as context.
    pub fn provide() -> Option<LocateRequest> {
        let token = dom::url_param("lokasi")?;
        let token = locate::token_param(&token)?.to_string();
        // One phone id per link, kept across reloads: the center binds the link to it.
        let key = format!("{}{}", storage::key::LOCATE_PREFIX, &token[..16]);
        let phone = storage::get(&key).unwrap_or_else(|| {
            let id = io::new_id();
            storage::set(&key, &id);
            id
        });
        let r = LocateRequest {
            phase: RwSignal::new(Phase::Checking),
            sent: RwSignal::new(None),
            url: StoredValue::new(None),
            phone: StoredValue::new(phone),
            busy: StoredValue::new(false),
        };
        spawn_local(async move {
            let url = io::own_endpoint()
                .await
                .and_then(|e| locate::locate_url(&e, &token));
            r.url.set_value(url);
            r.check();
        });
        let app = AppState::get();
        // Every position worth sending, once the person said yes.
        Effect::new(move |_| {
            let fix = app.geo.fix.get();
            if matches!(r.phase.get(), Phase::Sharing(_)) {
                if let Some(fix) = fix {
                    r.send(fix);
                }
            }
        });
        // While sharing, a stopped watch is started again each minute ("updates while open").
        let _ = set_interval_with_handle(
            move || {
                if matches!(r.phase.get_untracked(), Phase::Sharing(_))
                    && app.geo.status.get_untracked() != GeoStatus::Searching
                {
                    app.geo.restart.run(());
                }
            },
            std::time::Duration::from_secs(60),
        );
        provide_context(r);
        Some(r)
    }

    /// The request from context, if this page has one.
    pub fn get() -> Option<LocateRequest> {
        use_context::<LocateRequest>()
    }

    /// Reads the request (again).
    pub fn check(self) {
        let Some(url) = self.url.get_value() else {
            self.phase.set(Phase::NoCenter);
            return;
        };
        self.phase.set(Phase::Checking);
        spawn_local(async move {
            let phase = match locate::answered(&io::get_status(&url).await) {
                Answered::Open { from, note } => Phase::Ask { from, note },
                Answered::Retry => Phase::Unreachable,
                other => Phase::Ended(other),
            };
            self.phase.set(phase);
        });
    }

    /// Yes: sends the best position now and each better one after.
    pub fn share(self) {
        let from = match self.phase.get_untracked() {
            Phase::Ask { from, .. } => from,
            _ => None,
        };
        self.phase.set(Phase::Sharing(from));
        let geo = AppState::get().geo;
        if geo.status.get_untracked() != GeoStatus::Searching {
            geo.restart.run(());
        }
    }

    /// No (or stop): tells the center once, sends nothing more.
    pub fn decline(self) {
        self.phase.set(Phase::Declined);
        if let Some(url) = self.url.get_value() {
            let body = locate::decline_body(&self.phone.get_value());
            spawn_local(async move {
                let _ = io::post_json(&url, &body).await;
            });
        }
    }

    fn send(self, fix: Fix) {
        let (Some(url), false) = (self.url.get_value(), self.busy.get_value()) else {
            return;
        };
        if !locate::worth_sending(self.sent.get_untracked().as_ref(), &fix) {
            return;
        }
        self.busy.set_value(true);
        let body = locate::fix_body(&self.phone.get_value(), &fix);
        spawn_local(async move {
            match locate::answered(&io::post_json(&url, &body).await) {
                Answered::Stored => self.sent.set(Some(fix)),
                // Tried again with the next position or the next minute.
                Answered::Retry | Answered::Open { .. } => {}
                ended => self.phase.set(Phase::Ended(ended)),
            }
            self.busy.set_value(false);
        });
    }
}

/// Whether this page was opened from a location-request link.
pub fn requested() -> bool {
    dom::url_param("lokasi").is_some_and(|t| locate::token_param(&t).is_some())
}
