//! Entry point: panic hook, then mount the app under the static emergency header.
fn main() {
    // A panic (a bug) is logged to the console; the static call link keeps working.
    std::panic::set_hook(Box::new(|info| leptos::logging::error!("{info}")));
    siaga110::start();
}
