//! "Forget everything on this phone": settings, the draft, every stored report and the offline
//! copy. Two steps, so it is never done by accident.
use leptos::prelude::*;

use super::tr;
use crate::app::report::ReportState;
use crate::i18n::*;

/// The control, at the bottom of the main screen.
#[component]
pub fn Forget() -> impl IntoView {
    let rs = ReportState::get();
    let done = RwSignal::new(false);
    let forget = move |_| crate::app::settings::forget_everything(rs, move || done.set(true));
    view! {
        <details class="forget" data-testid="forget">
            <summary>{tr(|l| td_string!(l, forget_title))}</summary>
            <p class="small">{tr(|l| td_string!(l, forget_body))}</p>
            <button type="button" class="secondary" data-testid="forget-confirm" on:click=forget>
                {tr(|l| td_string!(l, forget_confirm))}
            </button>
            {move || done.get().then(|| view! {
                <p role="status" data-testid="forget-done">{tr(|l| td_string!(l, forget_done))}</p>
            })}
        </details>
    }
}
