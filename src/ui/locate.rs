use leptos::prelude::*;

use super::search::ManualSearch;
use super::{tr, trf};
use crate::app::state::AppState;
use crate::browser::geolocation::{GeoError, GeoStatus};
use crate::i18n::*;

/// Where the app thinks you are: progress, accuracy, age, coarse/stale, every failure with its
/// own message and a way forward, and the search by name (always there: for another place, or when
/// locating fails). The status block keeps its height from "searching" to a failure, so nothing
/// below it jumps when the answer comes.
#[component]
pub fn LocationCard() -> impl IntoView {
    let state = AppState::get();
    let failed = move || match state.geo.status.get() {
        GeoStatus::Failed(e) => Some(e),
        _ => None,
    };
    let device = move || {
        let fix = state.geo.fix.get()?;
        let now = state.now.get();
        Some(view! {
            <p data-testid="loc-accuracy">
                {match fix.accuracy() {
                    Some(m) => trf(|l| td_string!(l, loc_accuracy), move || vec![("m", format!("{m:.0}"))]).into_any(),
                    None => tr(|l| td_string!(l, loc_accuracy_unknown)).into_any(),
                }}
                " · "
                <span data-testid="loc-age">{trf(|l| td_string!(l, loc_age), move || vec![("s", fix.age_s(now).to_string())])}</span>
            </p>
            {fix.is_coarse().then(|| view! { <p class="note" data-testid="loc-coarse">{tr(|l| td_string!(l, loc_coarse))}</p> })}
            {fix.is_stale(now).then(|| view! {
                <p class="note" data-testid="loc-stale">{tr(|l| td_string!(l, loc_stale))}</p>
            })}
            // A stopped watch (good enough, at its limit, or stale) can always be refreshed.
            {(fix.is_stale(now) || state.geo.status.get() == GeoStatus::Done).then(|| view! {
                <button type="button" class="secondary" data-testid="loc-refresh"
                    on:click=move |_| state.geo.restart.run(())>{tr(|l| td_string!(l, loc_refresh))}</button>
            })}
        })
    };
    view! {
        <section class="panel" data-testid="location">
            <h2 class="panel-title">{tr(|l| td_string!(l, loc_title))}</h2>
            <div class="loc-status">
                {move || state.manual.get().map(|(_, label)| view! {
                    <p data-testid="loc-manual"><strong>{tr(|l| td_string!(l, manual_chosen))}</strong>": "{label}</p>
                    <button type="button" class="secondary" data-testid="manual-clear"
                        on:click=move |_| state.manual.set(None)>{tr(|l| td_string!(l, manual_clear))}</button>
                })}
                <Show when=move || state.manual.get().is_none()>
                    {move || (state.geo.status.get() == GeoStatus::Searching).then(|| view! {
                        <p data-testid="loc-searching" role="status"><span class="spinner" aria-hidden="true"></span>{tr(|l| td_string!(l, loc_searching))}</p>
                        <p class="small">{tr(|l| td_string!(l, loc_allow_hint))}</p>
                    })}
                    {device}
                    {move || failed().map(|e| view! { <GeoErrorMessage error=e/> })}
                </Show>
            </div>
            <ManualSearch/>
        </section>
    }
}

/// One failure's message and way forward.
#[component]
fn GeoErrorMessage(error: GeoError) -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::get();
    let text = move || match error {
        GeoError::Denied => t_string!(i18n, loc_err_denied).to_string(),
        GeoError::Unavailable => t_string!(i18n, loc_err_unavailable).to_string(),
        GeoError::Timeout => t_string!(i18n, loc_err_timeout).to_string(),
        GeoError::Insecure => t_string!(i18n, loc_err_insecure).to_string(),
        GeoError::Missing => t_string!(i18n, loc_err_missing).to_string(),
        GeoError::Policy => t_string!(i18n, loc_err_policy).to_string(),
        GeoError::Impossible => t_string!(i18n, loc_err_impossible).to_string(),
    };
    let code = format!("{error:?}").to_lowercase();
    // After a refusal the browser does not ask again: the way forward is its settings (folded
    // below) and the search by name, not a retry.
    let retry = matches!(error, GeoError::Unavailable | GeoError::Timeout);
    view! {
        <div class="error" role="alert" data-testid="loc-error" data-error=code>
            <p><strong>{text}</strong></p>
            <div class="row">
                {retry.then(|| view! {
                    <button type="button" class="secondary" data-testid="loc-retry"
                        on:click=move |_| state.geo.restart.run(())>{tr(|l| td_string!(l, loc_retry))}</button>
                })}
                // How to allow it again: folded, so the message keeps the height of "searching".
                {(error == GeoError::Denied).then(|| view! {
                    <details class="small" data-testid="loc-denied-help">
                        <summary>{tr(|l| td_string!(l, loc_err_denied_how))}</summary>
                        <ul>
                            <li>{tr(|l| td_string!(l, loc_err_denied_help_android))}</li>
                            <li>{tr(|l| td_string!(l, loc_err_denied_help_ios))}</li>
                        </ul>
                    </details>
                })}
            </div>
        </div>
    }
}
