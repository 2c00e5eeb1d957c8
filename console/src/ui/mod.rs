//! The console's views: the login, the header, the queue, a report and the location requests.
mod locate;
mod login;
mod map;
mod queue;
mod report;
mod stats;
mod text;

use leptos::prelude::*;

use crate::api::{self, FeedMsg};
use crate::i18n::*;
use crate::model::{order_requests, LocationRequest, Me, PolresRef, Summary};

/// Sets a component's signal from a task or a timer that may outlive the component (the
/// operator closed the report or the panel meanwhile): a disposed signal is left alone instead
/// of panicking.
pub(crate) trait SetLate<T> {
    /// `try_set`, ignoring a disposed signal.
    fn set_late(&self, v: T);
}

impl<T: Send + Sync + 'static> SetLate<T> for RwSignal<T> {
    fn set_late(&self, v: T) {
        let _ = self.try_set(v);
    }
}

/// The live feed's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    Connecting,
    Live,
    Lost,
}

/// Everything the views share (signals: cheap to copy).
#[derive(Clone, Copy)]
pub struct Console {
    /// The operator, once signed in.
    pub me: RwSignal<Option<Me>>,
    /// Whether the first `/api/me` has answered.
    pub checked: RwSignal<bool>,
    /// The session ended (the login says so).
    pub expired: RwSignal<bool>,
    /// The queue as listed, kept up to date by the feed.
    pub rows: RwSignal<Vec<Summary>>,
    /// The Polres a supervisor may filter by.
    pub polres: RwSignal<Vec<PolresRef>>,
    /// The filter: "" every Polres, "-" the Polda-level queue, else a Polres id.
    pub filter: RwSignal<String>,
    /// Closed reports too.
    pub show_all: RwSignal<bool>,
    /// Exercise reports (only), which the feed never sends.
    pub exercise: RwSignal<bool>,
    /// The report open on screen.
    pub open: RwSignal<Option<String>>,
    /// The clock, ms (ticks every 5 s).
    pub now: RwSignal<f64>,
    /// The live feed.
    pub feed: RwSignal<Feed>,
    /// Reports that arrived live and were not opened yet.
    pub fresh: RwSignal<Vec<String>>,
    /// How many beeps were played (the tests read it from `data-beeps`).
    pub beeps: RwSignal<u32>,
    /// Sound on.
    pub sound: RwSignal<bool>,
    /// A failure to show in the header.
    pub error: RwSignal<Option<String>>,
    /// Bumped when the open report changed elsewhere (another operator, a new fix).
    pub changed: RwSignal<u32>,
    /// The last arrival, announced to screen readers.
    pub announce: RwSignal<String>,
    /// The statistics instead of the queue (supervisors).
    pub stats: RwSignal<bool>,
    /// The scope's location requests (newest first), kept up to date by the feed.
    pub locates: RwSignal<Vec<LocationRequest>>,
    /// The location-request panel, when open: `Some(report id)` when opened from a report.
    pub locate: RwSignal<Option<Option<String>>>,
}

impl Console {
    fn new() -> Console {
        Console {
            me: RwSignal::new(None),
            checked: RwSignal::new(false),
            expired: RwSignal::new(false),
            rows: RwSignal::new(Vec::new()),
            polres: RwSignal::new(Vec::new()),
            filter: RwSignal::new(String::new()),
            show_all: RwSignal::new(false),
            exercise: RwSignal::new(false),
            open: RwSignal::new(api::hash_report()),
            now: RwSignal::new(api::now_ms()),
            feed: RwSignal::new(Feed::Connecting),
            fresh: RwSignal::new(Vec::new()),
            beeps: RwSignal::new(0),
            sound: RwSignal::new(api::stored("sound").as_deref() != Some("off")),
            error: RwSignal::new(None),
            changed: RwSignal::new(0),
            announce: RwSignal::new(String::new()),
            stats: RwSignal::new(false),
            locates: RwSignal::new(Vec::new()),
            locate: RwSignal::new(None),
        }
    }

    /// Puts a location request in the list (replacing the older copy), newest first.
    pub fn upsert_locate(&self, req: LocationRequest) {
        self.locates.update(|v| {
            match v.iter_mut().find(|r| r.id == req.id) {
                // An older answer never hides positions that already arrived.
                Some(r) if r.fixes.len() <= req.fixes.len() => *r = req,
                Some(_) => {}
                None => v.push(req),
            }
            order_requests(v);
        });
    }

    /// Closes the location-request panel, if it is open.
    pub fn close_locate(&self) {
        if self.locate.with_untracked(Option::is_some) {
            self.locate.set(None);
        }
    }

    /// Lists the location requests again.
    pub fn reload_locates(&self) {
        let c = *self;
        leptos::task::spawn_local(async move {
            if let Ok(a) = api::call("GET", "/location-requests", None).await {
                #[derive(serde::Deserialize)]
                struct L {
                    requests: Vec<LocationRequest>,
                }
                if let Ok(mut l) = serde_json::from_str::<L>(&a.body) {
                    order_requests(&mut l.requests);
                    c.locates.set(l.requests);
                }
            }
        });
    }

    /// Puts a row in the queue (replacing the older copy).
    pub fn upsert(&self, row: Summary) {
        self.rows
            .update(|rows| match rows.iter_mut().find(|r| r.id == row.id) {
                // Answers and events may cross: the newest change wins.
                Some(r) if r.updated_at <= row.updated_at => *r = row,
                Some(_) => {}
                None => rows.push(row),
            });
    }

    /// A 401 anywhere: back to the login, saying why.
    pub fn signed_out(&self, expired: bool) {
        api::close_feed();
        self.expired.set(expired);
        self.me.set(None);
        self.rows.set(Vec::new());
        self.fresh.set(Vec::new());
        self.open.set(None);
        self.stats.set(false);
        self.locates.set(Vec::new());
        self.locate.set(None);
        api::set_hash_report(None);
    }

    /// Lists the queue again (at start, after a reconnect, on `resync`, on a filter change).
    pub fn reload(&self) {
        let c = *self;
        let state = if c.show_all.get_untracked() {
            "all"
        } else {
            "open"
        };
        c.reload_locates();
        leptos::task::spawn_local(async move {
            let exercise = if c.exercise.get_untracked() {
                "&exercise=true"
            } else {
                ""
            };
            let path = format!("/reports?state={state}&limit=500{exercise}");
            match api::call("GET", &path, None).await {
                Ok(a) if a.ok() => {
                    #[derive(serde::Deserialize)]
                    struct List {
                        reports: Vec<Summary>,
                    }
                    if let Ok(l) = serde_json::from_str::<List>(&a.body) {
                        c.rows.set(l.reports);
                        c.error.set(None);
                    }
                }
                Ok(a) if a.status == 401 => c.signed_out(true),
                Ok(a) => c.error.set(Some(a.message())),
                Err(()) => c.error.set(Some("network".into())),
            }
        });
    }

    /// After signing in (or finding a session): the Polres list, the queue, the feed.
    pub fn start(&self, me: Me) {
        let c = *self;
        c.expired.set(false);
        c.me.set(Some(me));
        c.reload();
        leptos::task::spawn_local(async move {
            if let Ok(a) = api::call("GET", "/polres", None).await {
                #[derive(serde::Deserialize)]
                struct L {
                    polres: Vec<PolresRef>,
                }
                if let Ok(l) = serde_json::from_str::<L>(&a.body) {
                    c.polres.set(l.polres);
                }
            }
        });
        c.connect();
    }

    fn connect(&self) {
        let c = *self;
        c.feed.set(Feed::Connecting);
        let reopened = StoredValue::new(false);
        api::open_feed(move |msg| match msg {
            FeedMsg::Open => {
                c.feed.set(Feed::Live);
                // Events while disconnected are not replayed: list again.
                if reopened.get_value() {
                    c.reload();
                }
                reopened.set_value(true);
            }
            FeedMsg::Event(kind, data) => match kind.as_str() {
                "hello" => c.feed.set(Feed::Live),
                "resync" => c.reload(),
                "new" | "changed" => {
                    let Ok(row) = serde_json::from_str::<Summary>(&data) else {
                        return;
                    };
                    let known = c.rows.with_untracked(|r| r.iter().any(|x| x.id == row.id));
                    if kind == "new" && !known {
                        let l = use_i18n_untracked();
                        c.announce.set(format!(
                            "{}: {} — {}",
                            td_string!(l, queue_new),
                            text::category(l, &row.category),
                            row.kecamatan.clone().unwrap_or_default()
                        ));
                        c.fresh.update(|f| f.push(row.id.clone()));
                        if c.sound.get_untracked() {
                            api::beep();
                        }
                        c.beeps.update(|b| *b += 1);
                    }
                    if c.open.get_untracked().as_deref() == Some(row.id.as_str()) {
                        c.changed.update(|n| *n += 1);
                    }
                    // Closed rows stay: the queue hides them unless "all" is chosen.
                    c.upsert(row);
                }
                "location" => {
                    let Ok(req) = serde_json::from_str::<LocationRequest>(&data) else {
                        return;
                    };
                    let before = c.locates.with_untracked(|v| {
                        v.iter().find(|r| r.id == req.id).map(|r| r.fixes.len())
                    });
                    if !req.fixes.is_empty() && before.unwrap_or(0) == 0 {
                        let l = use_i18n_untracked();
                        c.announce.set(td_string!(l, locate_arrived).to_string());
                    }
                    c.upsert_locate(req);
                }
                _ => {}
            },
            FeedMsg::Error { closed } => {
                c.feed.set(Feed::Lost);
                if closed {
                    // The server refused the stream (the session ended?) or it ended.
                    leptos::task::spawn_local(async move {
                        match api::call("GET", "/me", None).await {
                            Ok(a) if a.status == 401 => c.signed_out(true),
                            _ => {
                                leptos::prelude::set_timeout(
                                    move || {
                                        if c.me.get_untracked().is_some() {
                                            c.connect();
                                        }
                                    },
                                    std::time::Duration::from_secs(3),
                                );
                            }
                        }
                    });
                }
            }
        });
    }
}

thread_local! {
    static LOCALE: std::cell::Cell<Locale> = const { std::cell::Cell::new(Locale::id) };
}

/// The chosen locale outside a reactive owner (in feed callbacks).
fn use_i18n_untracked() -> Locale {
    LOCALE.with(|l| l.get())
}

/// Mounts the console into `#console`, replacing its loading text.
pub fn start() {
    if let Some(host) = api::host() {
        leptos::mount::mount_to(host, App).forget();
    }
}

#[component]
fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Root/>
        </I18nContextProvider>
    }
}

#[component]
fn Root() -> impl IntoView {
    let i18n = use_i18n();
    let locale = match api::stored("lang").as_deref() {
        Some("en") => Locale::en,
        Some("id") => Locale::id,
        _ if api::browser_lang().to_ascii_lowercase().starts_with("en") => Locale::en,
        _ => Locale::id,
    };
    // In an effect, after the provider's own start-up detection (as the app does).
    Effect::new(move |_| i18n.set_locale(locale));
    Effect::new(move |_| {
        let l = i18n.get_locale();
        LOCALE.with(|c| c.set(l));
        api::set_lang(if l == Locale::en { "en" } else { "id" });
    });
    let c = Console::new();
    provide_context(c);
    // The first session check.
    leptos::task::spawn_local(async move {
        match api::call("GET", "/me", None).await {
            Ok(a) if a.ok() => match serde_json::from_str::<Me>(&a.body) {
                Ok(me) => c.start(me),
                Err(_) => c.error.set(Some(a.body)),
            },
            Ok(_) => {}
            Err(()) => c.error.set(Some("network".into())),
        }
        c.checked.set(true);
    });
    // The clock.
    set_interval(
        move || c.now.set(api::now_ms()),
        std::time::Duration::from_secs(5),
    );
    // The URL names the open report.
    // (Only `#r=…` or nothing: the skip link's `#main` leaves the open report alone.)
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = api::hash();
        if hash.is_empty() || hash.starts_with("#r=") {
            c.open.set(api::hash_report());
        }
        if hash.starts_with("#r=") {
            c.close_locate();
        }
    });
    // Audio may start only after a gesture: the first click or key unlocks it.
    let _ = window_event_listener(leptos::ev::pointerdown, |_| api::unlock_audio());
    let _ = window_event_listener(leptos::ev::keydown, |_| api::unlock_audio());
    // The title bar counts the reports no one has seen yet.
    Effect::new(move |_| {
        let unseen = c.rows.with(|r| {
            r.iter()
                .filter(|x| x.state == "received" && !x.exercise)
                .count()
        });
        let l = i18n.get_locale();
        let base = td_string!(l, app_title);
        api::set_title(&if unseen > 0 && c.me.with(Option::is_some) {
            format!("({unseen}) {base}")
        } else {
            base.to_string()
        });
    });
    view! {
        <Show when=move || c.checked.get() fallback=move || view! { <p class="loading">{move || td_string!(i18n.get_locale(), loading)}</p> }>
            <Show when=move || c.me.with(Option::is_some) fallback=|| view! { <login::Login/> }>
                <Shell/>
            </Show>
        </Show>
    }
}

/// The language switch.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="lang" data-testid="lang-switch"
            aria-label=move || td_string!(i18n.get_locale(), lang_switch_label)
            on:click=move |_| {
                let next = if i18n.get_locale() == Locale::id { Locale::en } else { Locale::id };
                i18n.set_locale(next);
                api::store("lang", if next == Locale::en { "en" } else { "id" });
            }>
            {move || td_string!(i18n.get_locale(), lang_switch)}
        </button>
    }
}

/// Signed in: the header, the queue and the open report.
#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let c = expect_context::<Console>();
    let l = move || i18n.get_locale();
    let who = move || {
        c.me.with(|m| {
            m.as_ref()
                .map(|m| {
                    let role = if m.role == "supervisor" {
                        td_string!(l(), role_supervisor)
                    } else {
                        td_string!(l(), role_operator)
                    };
                    let unit = m
                        .polres
                        .as_ref()
                        .map(PolresRef::label)
                        .or_else(|| m.polda.clone())
                        .unwrap_or_default();
                    (m.user.clone(), role, unit)
                })
                .unwrap_or_default()
        })
    };
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::call("POST", "/logout", Some("{}".into())).await;
            c.signed_out(false);
        });
    };
    let feed_text = move || match c.feed.get() {
        Feed::Live => td_string!(l(), feed_live),
        Feed::Connecting => td_string!(l(), feed_connecting),
        Feed::Lost => td_string!(l(), feed_lost),
    };
    let feed_class = move || match c.feed.get() {
        Feed::Live => "feed live",
        Feed::Connecting => "feed",
        Feed::Lost => "feed lost",
    };
    // What the second pane shows: redrawn only when it really changes (a set to the same value,
    // like closing a panel that is not open, must not rebuild an open report).
    let pane = Memo::new(move |_| (c.locate.get(), c.open.get()));
    view! {
        <a class="skip" href="#main">{move || td_string!(l(), skip_to_queue)}</a>
        <header class="bar">
            <h1 class="brand">{move || td_string!(l(), app_title)}" · "<span data-testid="unit">{move || who().2}</span></h1>
            <span class=feed_class data-testid="feed" role="status">{feed_text}</span>
            <span class="who">{move || td_string!(l(), signed_in_as)}" "<strong data-testid="user">{move || who().0}</strong>" ("{move || who().1}")"</span>
            <span class="until" data-testid="session-until">{move || c.me.with(|m| m.as_ref().and_then(|m| m.expires_at.clone())).map(|t| {
                let (_, _, _, h, mi, _) = api::local(crate::model::ms(&t));
                text::fill(td_string!(l(), session_until), &[("time", format!("{h:02}:{mi:02}"))])
            })}</span>
            {move || c.me.with(|m| m.as_ref().is_some_and(|m| m.role == "supervisor")).then(|| view! {
                <button type="button" class="secondary" data-testid="stats-toggle" aria-pressed=move || c.stats.get().to_string()
                    on:click=move |_| c.stats.update(|s| *s = !*s)>
                    {move || if c.stats.get() { td_string!(l(), stats_back) } else { td_string!(l(), stats_open) }}
                </button>
            })}
            <LangSwitch/>
            <button type="button" class="secondary" data-testid="logout" on:click=logout>{move || td_string!(l(), logout)}</button>
        </header>
        {move || c.error.get().map(|e| {
            let msg = if e == "network" { td_string!(l(), error_network).to_string() } else { text::fill(td_string!(l(), error_server), &[("msg", e)]) };
            view! { <p class="error" role="alert">{msg}</p> }
        })}
        <p class="sr-only" aria-live="polite" data-testid="announce">{move || c.announce.get()}</p>
        <main id="main" tabindex="-1" class="layout" class:has-open=move || (c.open.with(Option::is_some) || c.locate.with(Option::is_some)) && !c.stats.get() data-beeps=move || c.beeps.get().to_string()>
            <Show when=move || !c.stats.get() fallback=|| view! { <stats::Stats/> }>
                <queue::Queue/>
                {move || match pane.get() {
                    (Some(report_id), _) => view! { <locate::LocatePanel report_id=report_id/> }.into_any(),
                    (None, open) => open.map(|id| view! { <report::ReportView id=id/> }).into_any(),
                }}
            </Show>
        </main>
    }
}
