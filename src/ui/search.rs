use leptos::prelude::*;
use siaga110_core::place::{HitKind, SearchHit};

use super::tr;
use crate::app::state::AppState;
use crate::i18n::*;

/// Find a kab/kota, kecamatan (of loaded provinces) or Polres by typing part of its name.
#[component]
pub fn ManualSearch() -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::get();
    let (query, set_query) = signal(String::new());
    // Every kecamatan name, fetched when the person first goes to the search (not on every visit).
    let wanted = RwSignal::new(false);
    state.data.load_names_when(wanted.into());
    let hits = Memo::new(move |_| {
        let q = query.get();
        if q.trim().chars().count() < 2 {
            return Vec::new();
        }
        state.data.with(|j| j.search(&q, 8)).unwrap_or_default()
    });
    let nothing_found = move || query.get().trim().chars().count() > 1 && hits.get().is_empty();
    let kind = move |k: HitKind| match k {
        HitKind::KabKota => t_string!(i18n, manual_kabkota).to_string(),
        HitKind::Kecamatan => t_string!(i18n, manual_kecamatan).to_string(),
        HitKind::Polres => t_string!(i18n, manual_polres).to_string(),
    };
    let row = move |hit: SearchHit| {
        let label = hit.name.clone();
        let context = if hit.context.is_empty() {
            String::new()
        } else {
            format!(" · {}", hit.context)
        };
        view! {
            <li>
                <button type="button" class="hit" data-testid="manual-hit"
                    on:click=move |_| { state.choose(hit.point, label.clone()); set_query.set(String::new()); }>
                    <strong>{hit.name.clone()}</strong>
                    <span class="small">" "{kind(hit.kind)}{context}</span>
                </button>
            </li>
        }
    };
    view! {
        <div class="search" data-testid="manual-search">
            <label for="manual-q">{tr(|l| td_string!(l, manual_label))}</label>
            <input id="manual-q" type="search" autocomplete="off" data-testid="manual-input"
                placeholder=move || t_string!(i18n, manual_placeholder).to_string()
                prop:value=move || query.get()
                on:focus=move |_| wanted.set(true)
                on:input=move |ev| { wanted.set(true); set_query.set(event_target_value(&ev)) }/>
            <Show when=nothing_found>
                <p class="small">{tr(|l| td_string!(l, manual_none))}</p>
            </Show>
            <ul class="hits">
                {move || hits.get().into_iter().map(row).collect_view()}
            </ul>
        </div>
    }
}
