//! The page the app lives in.
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The id of the element the app mounts into (see `index.html`).
pub const APP_HOST_ID: &str = "app";

/// The `#app` element, emptied of its static loading placeholder; `None` if the page has none.
pub fn app_host() -> Option<HtmlElement> {
    let host: HtmlElement = web_sys::window()?
        .document()?
        .get_element_by_id(APP_HOST_ID)?
        .dyn_into()
        .ok()?;
    host.set_inner_html("");
    host.set_attribute("data-mounted", "true").ok()?;
    Some(host)
}

/// A parameter of the page's URL (`?lang=en&compact=1`), as an embedding page sets it.
pub fn url_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// Marks the page compact (`<body class="compact">`) for small embedded frames.
pub fn set_compact(on: bool) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = if on {
            body.class_list().add_1("compact")
        } else {
            body.class_list().remove_1("compact")
        };
    }
}

/// Scrolls the element with `data-testid=id` into view after the next render (e.g. the
/// outbox after a report was sent, the form's top when it opens).
pub fn scroll_to(testid: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
            d.query_selector(&format!("[data-testid={testid}]"))
                .ok()
                .flatten()
        }) {
            el.scroll_into_view();
        }
    });
}

/// Moves keyboard focus to `el` (a button or link a dialog opens with).
pub fn focus(el: &web_sys::HtmlElement) {
    let _ = el.focus();
}

/// Whether a key press is Escape (closes a dialog).
pub fn is_escape(ev: &web_sys::KeyboardEvent) -> bool {
    ev.key() == "Escape"
}

/// The browser's preferred language tag (`navigator.language`, e.g. `id-ID`), or empty.
pub fn language() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default()
}

/// Whether to show how to install by hand: Safari on iOS/iPadOS has no install prompt, and only
/// it has `navigator.standalone` (`false` in the browser, `true` once opened from the home
/// screen). Not in web-sys: read by name.
pub fn needs_install_hint() -> bool {
    web_sys::window()
        .is_some_and(|w| super::get(&w.navigator(), "standalone").as_bool() == Some(false))
}

/// Sets the page's language (`<html lang>`), for screen readers and hyphenation.
pub fn set_lang(tag: &str) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", tag);
    }
}
