use leptos::prelude::*;

use super::tr;
use crate::app::state::AppState;
use crate::i18n::*;

/// Language switch and practice-mode toggle.
#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::get();
    let switch = move |_| crate::app::settings::switch_language(i18n);
    view! {
        <nav class="topbar">
            <button type="button" class="secondary" data-testid="lang-switch"
                aria-label=move || t_string!(i18n, lang_switch_label).to_string()
                on:click=switch>
                {tr(|l| td_string!(l, lang_switch))}
            </button>
            <label class="toggle">
                <input type="checkbox" data-testid="practice-toggle"
                    prop:checked=move || state.practice.get()
                    on:change=move |ev| state.practice.set(event_target_checked(&ev))/>
                <span>{tr(|l| td_string!(l, practice_label))}</span>
            </label>
        </nav>
    }
}
