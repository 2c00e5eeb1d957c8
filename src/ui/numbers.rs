use leptos::prelude::*;
use siaga110_core::numbers::{self, EmergencyNumber};

/// The other emergency numbers, behind a toggle so the call button stays the one big action.
#[component]
pub fn WhichNumber() -> impl IntoView {
    let (open, set_open) = signal(false);
    let list = numbers::all();
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
                "Nomor darurat lain"
            </button>
            <Show when=move || open.get()>
                <ul id="numbers-list" class="numbers" data-testid="numbers-list">
                    {list.iter().map(number_row).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

fn number_row(n: &EmergencyNumber) -> impl IntoView {
    let href = format!("tel:{}", n.number);
    let label = service_label(&n.key);
    view! {
        <li>
            <a href=href class="number">{n.number.clone()}</a>
            " "
            <span>{label}</span>
        </li>
    }
}

fn service_label(key: &str) -> &'static str {
    match key {
        "police" => "Polisi",
        "general" => "Darurat umum (pemda)",
        "fire" => "Pemadam kebakaran",
        "sar" => "Basarnas (pencarian & pertolongan)",
        "ambulance" => "Ambulans",
        "ambulance_health" => "Ambulans / layanan kesehatan",
        "women_children" => "SAPA: perempuan & anak",
        _ => "",
    }
}
