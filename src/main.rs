//! Entry point: panic hook, then mount the app under the static emergency header.
fn main() {
    console_error_panic_hook::set_once();
    siaga110::start();
}
