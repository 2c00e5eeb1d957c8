//! Leptos components, one job each. They call `core` and `browser`, never the reverse.
mod call;
mod card;
mod firstrun;
mod locate;
mod map;
mod numbers;
mod readout;
mod search;
mod state;
mod topbar;

use leptos::prelude::*;

use crate::i18n::*;
pub use numbers::WhichNumber;
pub use state::{AppState, PlaceState};

/// The whole app below the static emergency header.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Screen/>
        </I18nContextProvider>
    }
}

/// The main screen: locate, name the Polres, tell the operator, call.
#[component]
fn Screen() -> impl IntoView {
    let i18n = use_i18n();
    state::init_language(i18n);
    let state = AppState::provide();
    let sw = crate::browser::service_worker::use_service_worker();
    view! {
        <Show when=move || sw.update_ready.get()>
            <p class="update" role="status" data-testid="update-ready">
                {t!(i18n, update_ready)}" "
                <button type="button" class="secondary" data-testid="update-reload"
                    on:click=move |_| sw.apply_update.run(())>{t!(i18n, update_reload)}</button>
            </p>
        </Show>
        {move || state.practice.get().then(|| view! {
            <p class="practice-banner" role="status" data-testid="practice-banner">
                <strong>{t!(i18n, practice_badge)}</strong>" "{t!(i18n, practice_on)}
            </p>
        })}
        <topbar::TopBar/>
        <firstrun::FirstRunWarning/>
        <call::CallOverlay/>
        <div data-testid="app-ready" class="stack">
            <locate::LocationCard/>
            <card::PolresCard/>
            <readout::Readout/>
            <map::MiniMap/>
            <WhichNumber/>
            <p class="disclaimer" data-testid="disclaimer">{t!(i18n, disclaimer)}</p>
        </div>
    }
}
