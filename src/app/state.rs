//! The app's shared state, provided as context: where we are (device or manual), what the data
//! says about it, practice mode, and a ticking clock for ages. Everything else is derived.
use leptos::prelude::*;
use siaga110_core::calls::CallLog;
use siaga110_core::fix::{Fix, Source};
use siaga110_core::jurisdiction::LocateError;
use siaga110_core::place::Place;

use super::data::DataStore;
use crate::browser::geolocation::{use_geolocation, UseGeolocationReturn};
use crate::browser::{now_ms, storage};

/// What the card can show.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceState {
    /// No position yet.
    NoTarget,
    /// Data for this position is being loaded.
    Loading,
    /// The data could not be loaded.
    DataError,
    /// The answer.
    Ready(Place),
}

/// Shared state (cheap to copy).
#[derive(Clone, Copy)]
pub struct AppState {
    /// The device's position watch.
    pub geo: UseGeolocationReturn,
    /// A place chosen by name (overrides the device position), with its label.
    pub manual: RwSignal<Option<(Fix, String)>>,
    /// The position everything describes: the manual choice, else the device fix.
    pub target: Memo<Option<Fix>>,
    /// The jurisdiction data.
    pub data: DataStore,
    /// The answer for `target`.
    pub place: Memo<PlaceState>,
    /// Practice mode: nothing is dialled or sent.
    pub practice: RwSignal<bool>,
    /// Now (ms), ticking every second, for ages.
    pub now: ReadSignal<f64>,
    /// Call attempts of the last ten minutes (kept in storage across reloads).
    pub calls: RwSignal<CallLog>,
}

impl AppState {
    /// Creates the state, starts locating and loading, and provides it as context.
    pub fn provide() -> AppState {
        let geo = use_geolocation();
        let manual = RwSignal::new(None::<(Fix, String)>);
        let target = Memo::new(move |_| manual.get().map(|m| m.0).or(geo.fix.get()));
        let data = DataStore::provide();
        // Practice mode is never remembered: a later real emergency must not find it on.
        let practice = RwSignal::new(false);
        let (now, set_now) = signal(now_ms());
        let _ = set_interval_with_handle(
            move || set_now.set(now_ms()),
            std::time::Duration::from_secs(1),
        );

        // Sync with the outside world: ask for what a new position needs (and again whenever
        // more data arrives — the index first; the store fetches each file once).
        Effect::new(move |_| {
            if let (Some(fix), Some(())) = (target.get(), data.with(|_| ())) {
                data.ensure_for(fix.at);
            }
        });
        let place = Memo::new(move |_| {
            let Some(fix) = target.get() else {
                return PlaceState::NoTarget;
            };
            match data.with(|j| j.place_within(fix.at, fix.accuracy())) {
                Some(Ok(p)) => PlaceState::Ready(p),
                Some(Err(LocateError::Coord(_))) => PlaceState::NoTarget,
                _ if data.failed.get() => PlaceState::DataError,
                _ => PlaceState::Loading,
            }
        });
        let calls = RwSignal::new(load_calls());
        let state = AppState {
            calls,
            geo,
            manual,
            target,
            data,
            place,
            practice,
            now,
        };
        provide_context(state);
        state
    }

    /// After a data failure: clear it and load again (the index if needed; the effect then
    /// fetches what the position needs).
    pub fn retry_data(&self) {
        self.data.retry();
    }

    /// Records a call attempt (not in practice) and keeps it in storage.
    pub fn record_call(&self) {
        let now = now_ms();
        self.calls.update(|log| log.record(now));
        let joined: Vec<String> = self
            .calls
            .with_untracked(|log| log.times().iter().map(|t| format!("{t:.0}")).collect());
        let _ = storage::set(storage::key::CALLS, &joined.join(","));
    }

    /// When the person last started a call, if in the last ten minutes.
    pub fn last_call(&self) -> Option<f64> {
        self.calls.with(|log| log.times().last().copied())
    }

    /// The state from context.
    pub fn get() -> AppState {
        expect_context::<AppState>()
    }

    /// Chooses a place by name.
    pub fn choose(&self, at: siaga110_core::geo::LatLon, label: String) {
        let fix = Fix {
            at,
            accuracy_m: 0.0,
            time_ms: now_ms(),
            source: Source::Manual,
        };
        self.manual.set(Some((fix, label)));
    }
}

fn load_calls() -> CallLog {
    let times = storage::get(storage::key::CALLS)
        .unwrap_or_default()
        .split(',')
        .filter_map(|t| t.parse().ok())
        .collect();
    CallLog::from_times(times)
}
