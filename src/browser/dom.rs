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
