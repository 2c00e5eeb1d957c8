//! Siaga110, the browser app: Leptos components (`ui`) over the app's state and controllers
//! (`app`) and thin browser adapters (`browser`), deciding nothing themselves — every rule
//! lives in [`siaga110_core`].
//!
//! The emergency header with the `tel:110` link is static HTML in `index.html`; the app mounts
//! into `<main id="app">` below it and never moves or hides that link.
#![forbid(unsafe_code)]

pub mod app;
pub mod browser;
pub mod i18n;
pub mod ui;

pub use ui::App;

/// Mounts [`App`] into the page's `#app` element, replacing its loading placeholder. The app's
/// reactive work runs on a time-sliced executor ([`browser::executor`]) and the mount is a task
/// of its own: the browser compiles each WebAssembly function the first time it runs, so on a
/// slow phone one start-up task would hold up taps for a long time; several short ones do not.
/// Does nothing when there is no such element (the static call link still works).
pub fn start() {
    browser::executor::init();
    leptos::prelude::set_timeout(
        || {
            if let Some(host) = browser::dom::app_host() {
                leptos::mount::mount_to(host, App).forget();
            }
        },
        std::time::Duration::ZERO,
    );
}
