//! Siaga110 console: the operator's screen of a command centre, served by `siaga110-center` at
//! `/console/`. Client-side Leptos (like the app), over the center's session-guarded API
//! (`docs/center-api.md`): login, the live queue (Server-Sent Events), a report, its actions.
//!
//! Everything a person typed is shown as text (Leptos text nodes, never `inner_html`), isolated
//! with `<bdi>`.
#![forbid(unsafe_code)]

mod api;
mod i18n;
mod model;
mod ui;

fn main() {
    std::panic::set_hook(Box::new(|info| leptos::logging::error!("{info}")));
    ui::start();
}
