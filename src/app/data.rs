//! The jurisdiction data, with one owner: the lookup ([`Jurisdiction`]), a trigger that fires
//! whenever more of it is loaded (so whatever read it reads it again), the files on their way
//! (so no file is fetched twice; two provinces come side by side), and whether a load failed.
//! The neighbours' land follows once nothing else is on its way: an answer inside a kecamatan
//! does not need it (the core asks for it only off the coast), and it then does not share the
//! connection with the province the answer waits for. Fetching and decoding are the browser adapter's
//! ([`crate::browser::data`]); what a position needs is the core's ([`Jurisdiction::missing_for`]).
use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use siaga110_core::geo::LatLon;
use siaga110_core::jurisdiction::{Jurisdiction, LAND};

use crate::browser::data::{self as io, DataError};

/// The data store (cheap to copy), provided as context by [`DataStore::provide`].
#[derive(Clone, Copy)]
pub struct DataStore {
    lookup: StoredValue<Option<Jurisdiction>, LocalStorage>,
    changed: Trigger,
    in_flight: StoredValue<BTreeSet<String>, LocalStorage>,
    /// Files whose load failed: not fetched again until [`DataStore::retry`] (the message and
    /// its retry button stay until the person taps it).
    broken: StoredValue<BTreeSet<String>, LocalStorage>,
    /// A load failed (cleared by [`DataStore::retry`]).
    pub failed: RwSignal<bool>,
}

/// The file of the kecamatan names for the manual search.
const NAMES: &str = "names";
/// The national index.
const INDEX: &str = "index";

impl DataStore {
    /// Creates the store, starts loading the index, and provides it as context.
    pub fn provide() -> DataStore {
        let s = DataStore {
            lookup: StoredValue::new_local(None),
            changed: Trigger::new(),
            in_flight: StoredValue::new_local(BTreeSet::new()),
            broken: StoredValue::new_local(BTreeSet::new()),
            failed: RwSignal::new(false),
        };
        provide_context(s);
        s.load_index();
        s
    }

    /// The store from context.
    pub fn get() -> DataStore {
        expect_context()
    }

    /// Runs `f` with the lookup, once the index is loaded; tracked: a reactive reader runs again
    /// when more data arrives.
    pub fn with<R>(&self, f: impl FnOnce(&Jurisdiction) -> R) -> Option<R> {
        self.changed.track();
        self.lookup.with_value(|j| j.as_ref().map(f))
    }

    /// After a failure: clears it and loads again (the index if needed; readers then ask for
    /// what their position needs).
    pub fn retry(self) {
        self.broken.update_value(BTreeSet::clear);
        self.failed.set(false);
        self.load_index();
        self.changed.notify();
    }

    /// Starts loading whatever the lookup needs for `at` (its provinces, then the neighbours'
    /// land if `at` is in no kecamatan), each file at most once at a time, side by side.
    pub fn ensure_for(self, at: LatLon) {
        let missing = self
            .lookup
            .with_value(|j| j.as_ref().map(|j| j.missing_for(at)))
            .unwrap_or_default();
        for name in missing {
            self.fetch(name);
        }
    }

    /// Starts loading one province's detail (a deployment's `region_focus`), if the index knows
    /// it and it is not loaded.
    pub fn ensure_province(self, code: &str) {
        let wanted = self.lookup.with_value(|j| {
            j.as_ref().is_some_and(|j| {
                j.index().provinces.iter().any(|p| p.code == code) && !j.is_loaded(code)
            })
        });
        if wanted {
            self.fetch(code.to_string());
        }
    }

    /// Starts loading every kecamatan's name for the manual search (once, after the index).
    pub fn ensure_names(self) {
        let wanted = self
            .lookup
            .with_value(|j| j.as_ref().is_some_and(|j| j.names().kecamatan.is_empty()));
        if wanted {
            self.fetch(NAMES.to_string());
        }
    }

    /// Loads every kecamatan's name once `wanted` turns true (the person went to the search) and
    /// the index is in: not on every visit.
    pub fn load_names_when(self, wanted: Signal<bool>) {
        Effect::new(move |_| {
            if wanted.get() && self.with(|_| ()).is_some() {
                self.ensure_names();
            }
        });
    }

    fn load_index(self) {
        if self.lookup.with_value(Option::is_none) {
            self.fetch(INDEX.to_string());
        }
    }

    /// Fetches one file (`index`, `names`, `land` or a province code) unless it is already on its
    /// way, and puts it into the lookup.
    fn fetch(self, name: String) {
        if self.broken.with_value(|b| b.contains(&name)) {
            return;
        }
        let fresh = self.in_flight.try_update_value(|f| f.insert(name.clone()));
        if fresh != Some(true) {
            return;
        }
        spawn_local(async move {
            let result = self.load(&name).await;
            self.in_flight.update_value(|f| {
                f.remove(&name);
            });
            match result {
                Ok(()) => {
                    self.changed.notify();
                    self.land_when_idle();
                }
                Err(e) => {
                    leptos::logging::warn!("{e}");
                    self.broken.update_value(|b| {
                        b.insert(name);
                    });
                    self.failed.set(true);
                }
            }
        });
    }

    /// Once a province has arrived and nothing else is on its way, the neighbours' land (kept
    /// for an answer off the coast later, offline too).
    fn land_when_idle(self) {
        let idle = self.in_flight.with_value(BTreeSet::is_empty);
        let wanted = self.lookup.with_value(|j| {
            j.as_ref()
                .is_some_and(|j| !j.has_land() && !j.areas().is_empty())
        });
        if idle && wanted {
            self.fetch(LAND.to_string());
        }
    }

    async fn load(self, name: &str) -> Result<(), DataError> {
        if name == INDEX {
            let index = io::fetch_index().await?;
            self.lookup.set_value(Some(Jurisdiction::new(index)));
            return Ok(());
        }
        match name {
            NAMES => {
                let names = io::fetch_names().await?;
                self.lookup.update_value(|j| {
                    if let Some(j) = j {
                        j.set_names(names)
                    }
                });
            }
            LAND => {
                let land = io::fetch_land().await?;
                self.lookup.update_value(|j| {
                    if let Some(j) = j {
                        j.set_land(land)
                    }
                });
            }
            code => {
                let n = self
                    .lookup
                    .with_value(|j| j.as_ref().map(|j| j.index().polres.len()))
                    .unwrap_or(0);
                let detail = io::fetch_province(code, n).await?;
                self.lookup.update_value(|j| {
                    if let Some(j) = j {
                        j.add_province(detail)
                    }
                });
            }
        }
        Ok(())
    }
}
