//! Leptos components, one job each: views only. State and controllers are in [`crate::app`],
//! rules in `core`, browser APIs in [`crate::browser`].
mod call;
mod card;
mod firstrun;
mod forget;
mod locate;
mod locate_request;
mod map;
mod next_steps;
mod numbers;
mod outbox;
mod readout;
mod report_form;
mod search;
mod topbar;

use leptos::prelude::*;

pub use crate::app::state::{AppState, PlaceState};
use crate::i18n::*;
pub use numbers::WhichNumber;

/// A translated text that follows the chosen language. Every call site shares one view type
/// (a closure over a function pointer), where `t!` makes a new one per key: with ~200 texts this
/// keeps the WebAssembly tens of kilobytes smaller. `t!` stays for texts with values.
pub(crate) fn tr(
    f: fn(Locale) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || f(i18n.get_locale())
}

/// A translated text with values: each `[name]` in it is replaced by `args()`'s value for
/// `name`. Boxed, so that every use shares one view type (like [`tr`]).
pub(crate) fn trf(
    f: fn(Locale) -> &'static str,
    args: impl Fn() -> Vec<(&'static str, String)> + Send + Sync + 'static,
) -> Box<dyn Fn() -> String + Send + Sync> {
    let i18n = use_i18n();
    Box::new(move || fill(f(i18n.get_locale()), &args()))
}

/// `template` with each `[name]` replaced by its value.
pub(crate) fn fill(template: &str, args: &[(&'static str, String)]) -> String {
    let mut s = template.to_string();
    for (k, v) in args {
        s = s.replace(&format!("[{k}]"), v);
    }
    s
}

/// The whole app below the static emergency header.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Screen/>
        </I18nContextProvider>
    }
}

/// The language, then the rest a task later.
#[component]
fn Screen() -> impl IntoView {
    crate::app::settings::init_language(use_i18n());
    view! { <Later><Main/></Later> }
}

/// The main screen: locate, name the Polres, tell the operator, call. It starts in stages, each
/// a task of its own (see [`Later`]): the state, then the screen's top down to the Polres card
/// (the answer is not held back), then the call gesture, the first-run warning and the rest.
#[component]
fn Main() -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::provide();
    let rs = crate::app::report::ReportState::provide();
    // The deployment's default language, until the person (or the embedding page) chooses.
    crate::app::settings::use_default_language(i18n, rs);
    // The offline copy is made once the first answer (or failure) is on screen.
    let settled = Signal::derive(move || {
        state
            .place
            .with(|p| matches!(p, PlaceState::Ready(_) | PlaceState::DataError))
            || matches!(
                state.geo.status.get(),
                crate::browser::geolocation::GeoStatus::Failed(_)
            )
    });
    let sw = crate::browser::service_worker::use_service_worker(settled);
    view! {
        <Show when=move || sw.update_ready.get()>
            <p class="update" role="status" data-testid="update-ready">
                {tr(|l| td_string!(l, update_ready))}" "
                <button type="button" class="secondary" data-testid="update-reload"
                    on:click=move |_| sw.apply_update.run(())>{tr(|l| td_string!(l, update_reload))}</button>
            </p>
        </Show>
        {move || state.practice.get().then(|| view! {
            <p class="practice-banner" role="status" data-testid="practice-banner">
                <strong>{tr(|l| td_string!(l, practice_badge))}</strong>" "{tr(|l| td_string!(l, practice_on))}
            </p>
        })}
        <Later>
            <topbar::TopBar/>
            // One row: what 110 is for, and the written report for whoever cannot speak — on
            // the first screen, where the full button further down may sit under the call bar.
            <div class="links">
                <firstrun::FirstRunWarning/>
                <button type="button" class="linkish" data-testid="report-open-top"
                    on:click=move |_| { rs.open.set(true); crate::browser::dom::scroll_to("report-form"); }>{tr(|l| td_string!(l, report_open_short))}</button>
            </div>
            // The static link dials from the first moment; the hold gesture and its overlays follow.
            <Later><call::CallOverlay/></Later>
            <locate_request::LocateRequestPanel/>
            <div data-testid="app-ready" class="stack">
                <Show when=move || !rs.open.get() fallback=|| view! { <report_form::ReportForm/> }>
                    <outbox::LatestReport/>
                    <locate::LocationCard/>
                    <card::PolresCard/>
                    <next_steps::NextSteps/>
                    <button type="button" class="report-open" data-testid="report-open"
                        on:click=move |_| { rs.open.set(true); crate::browser::dom::scroll_to("report-form"); }>{tr(|l| td_string!(l, report_open))}</button>
                    <Later>
                        <outbox::OutboxList/>
                        <readout::Readout/>
                        <map::MiniMap/>
                        <WhichNumber/>
                        {crate::browser::dom::needs_install_hint().then(|| view! {
                            <p class="small" data-testid="install-ios">{tr(|l| td_string!(l, install_ios))}</p>
                        })}
                        <p class="disclaimer" data-testid="disclaimer">{tr(|l| td_string!(l, disclaimer))}</p>
                        <forget::Forget/>
                    </Later>
                </Show>
            </div>
        </Later>
    }
}

/// Renders `children` in a task of their own, after what comes before it: on a slow phone the
/// first paint and the first tap then wait for less (one long start-up task becomes several
/// short ones). Only for content that nothing already on screen sits below — it must not push
/// anything the person already sees.
#[component]
pub(crate) fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    set_timeout(move || ready.set(true), std::time::Duration::ZERO);
    move || ready.get().then(|| children())
}
