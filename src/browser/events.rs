//! Event listeners for the page's lifetime, through `gloo-events` (the named stack): the
//! adapters listen to the call link, the network coming back and the service worker's changes,
//! and never stop listening, so each listener is made once and forgotten.
use gloo_events::{EventListener, EventListenerOptions};
use web_sys::{Event, EventTarget};

/// Calls `f` with each `event` on `target`, for as long as the page lives. Not passive (gloo's
/// default is): the call link's gesture cancels the link's own click (`preventDefault`).
pub fn listen(target: &EventTarget, event: &'static str, f: impl FnMut(&Event) + 'static) {
    EventListener::new_with_options(
        target,
        event,
        EventListenerOptions::enable_prevent_default(),
        f,
    )
    .forget();
}
