use leptos::prelude::*;
use siaga110_core::numbers::{self, EmergencyNumber};

use super::tr;
use crate::app::state::AppState;
use crate::i18n::*;

/// The other emergency numbers (from the core's data table), behind a toggle so the call
/// button stays the one big action.
#[component]
pub fn WhichNumber() -> impl IntoView {
    let i18n = use_i18n();
    let (open, set_open) = signal(false);
    let list = StoredValue::new(numbers::all());
    // In practice mode nothing is dialled: the numbers are shown, not linked.
    let practice = use_context::<AppState>().map(|s| s.practice);
    view! {
        <section class="panel" data-testid="which-number">
            <button
                type="button"
                class="secondary"
                aria-expanded=move || open.get().to_string()
                aria-controls="numbers-list"
                data-testid="which-number-toggle"
                on:click=move |_| set_open.update(|o| *o = !*o)
            >
                {tr(|l| td_string!(l, numbers_toggle))}
            </button>
            <Show when=move || open.get()>
                <ul id="numbers-list" class="numbers" data-testid="numbers-list">
                    {move || {
                        let inert = practice.is_some_and(|p| p.get());
                        list.with_value(|l| l.iter().map(|n| number_row(i18n, n, inert)).collect_view())
                    }}
                </ul>
            </Show>
        </section>
    }
}

fn number_row(i18n: I18nContext<Locale>, n: &EmergencyNumber, inert: bool) -> impl IntoView {
    let href = (!inert).then(|| format!("tel:{}", n.number));
    let key = n.key.clone();
    let label = move || {
        match key.as_str() {
            "police" => t_string!(i18n, num_police),
            "general" => t_string!(i18n, num_general),
            "fire" => t_string!(i18n, num_fire),
            "sar" => t_string!(i18n, num_sar),
            "ambulance" => t_string!(i18n, num_ambulance),
            "ambulance_health" => t_string!(i18n, num_ambulance_health),
            "women_children" => t_string!(i18n, num_women_children),
            _ => "",
        }
        .to_string()
    };
    view! {
        <li>
            <a href=href class="number">{n.number.clone()}</a>
            " "
            <span>{label}</span>
        </li>
    }
}
