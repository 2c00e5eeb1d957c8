//! Leptos components, one job each. They call `core` and `browser`, never the reverse.
mod numbers;

use leptos::prelude::*;
pub use numbers::WhichNumber;

/// The whole app below the static emergency header.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <section class="panel" data-testid="app-ready">
            <h1 class="panel-title">"Siaga110"</h1>
            <p>
                "Tekan tombol «Panggil 110» di bawah untuk menelepon polisi. Aplikasi ini tidak menghubungi polisi dengan sendirinya dan bukan produk resmi Polri."
            </p>
        </section>
        <WhichNumber/>
    }
}
