//! The report's way out of the browser: `config.json`, random ids, the outbox in storage, the
//! HTTPS POST, the online signal, the other channels (SMS, WhatsApp, share, copy) and events
//! to an embedding page.
use siaga110_core::config::Config;
use siaga110_core::outbox::{Corrupt, Entry, Outbox};
use siaga110_core::report::uuid_v4;
use siaga110_core::sender::Answer;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{dom, storage};

use super::storage::key::{DRAFT, OUTBOX_PREFIX as OUTBOX, QUARANTINE_PREFIX as QUARANTINE};

/// Reads `config.json` beside the app and the embedding page's URL parameters. Never fails:
/// problems are console warnings and the settings fall back to safe defaults.
pub async fn load_config() -> Config {
    let (config, mut warnings) = match super::data::fetch_bytes("config.json").await {
        Ok(bytes) => Config::parse(&String::from_utf8_lossy(&bytes)),
        Err(e) => {
            leptos::logging::warn!("config.json not loaded ({e}); using defaults");
            (Config::default(), Vec::new())
        }
    };
    let (config, more) = config.with_params(dom::url_param);
    warnings.extend(more);
    for w in warnings {
        leptos::logging::warn!("{w}");
    }
    config
}

/// A new random report id (UUID v4 from the browser's cryptographic random numbers).
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto (very old browser): Math.random is enough for an idempotency key.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid_v4(bytes)
}

/// The outbox as stored. Entries that cannot be read are moved aside (kept, not deleted) and
/// returned in [`Outbox::corrupt`] so the screen can say so.
pub fn load_outbox() -> Outbox {
    let outbox = Outbox::load(storage::with_prefix(OUTBOX));
    for Corrupt { key, why } in outbox.corrupt() {
        leptos::logging::warn!("stored report {key} cannot be read ({why}); kept aside");
        if let Some(raw) = storage::get(key) {
            let aside = format!("{QUARANTINE}{}", &key[OUTBOX.len()..]);
            if storage::set(&aside, &raw) {
                storage::remove(key);
            }
        }
    }
    outbox
}

/// How many unreadable reports were kept aside, over all loads.
pub fn quarantined() -> usize {
    storage::with_prefix(QUARANTINE).len()
}

/// Persists one entry; false when storage is unavailable or full.
pub fn save(entry: &Entry) -> bool {
    storage::set(&format!("{OUTBOX}{}", entry.report.id), &entry.to_json())
}

/// Forgets one entry.
pub fn delete(id: &str) {
    storage::remove(&format!("{OUTBOX}{id}"));
}

/// The saved draft (JSON), if any.
pub fn load_draft() -> Option<String> {
    storage::get(DRAFT)
}

/// Saves the draft (JSON); `None` forgets it.
pub fn save_draft(json: Option<&str>) -> bool {
    match json {
        Some(j) => storage::set(DRAFT, j),
        None => {
            storage::remove(DRAFT);
            true
        }
    }
}

/// A request that has not answered after this long is given up and retried later, ms.
const REQUEST_TIMEOUT_MS: u64 = 20_000;

/// POSTs `json` to `endpoint` with `Idempotency-Key: id`: the status and body, or no answer
/// (offline, network error, CORS refusal, timeout).
pub async fn post(endpoint: &str, id: &str, json: &str) -> Answer {
    request("POST", endpoint, Some((Some(id), json)))
        .await
        .unwrap_or_default()
}

/// POSTs `json` to `url` (no idempotency key): the status and body, or no answer.
pub async fn post_json(url: &str, json: &str) -> Answer {
    request("POST", url, Some((None, json)))
        .await
        .unwrap_or_default()
}

/// The report endpoint of `config.json` itself, without the embedding page's `?endpoint=`:
/// where an operator's location request is answered (never an address from the link).
pub async fn own_endpoint() -> Option<String> {
    let bytes = super::data::fetch_bytes("config.json").await.ok()?;
    Config::parse(&String::from_utf8_lossy(&bytes))
        .0
        .report_endpoint
}

/// GETs a report's status URL: the status and body, or no answer.
pub async fn get_status(url: &str) -> Answer {
    request("GET", url, None).await.unwrap_or_default()
}

/// One request without cookies, referrer or cache, given up after [`REQUEST_TIMEOUT_MS`].
async fn request(method: &str, url: &str, post: Option<(Option<&str>, &str)>) -> Option<Answer> {
    let window = web_sys::window()?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some((id, json)) = post {
        let headers = web_sys::Headers::new().ok()?;
        headers.set("Content-Type", "application/json").ok()?;
        if let Some(id) = id {
            headers.set("Idempotency-Key", id).ok()?;
        }
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(json));
    }
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    init.set_cache(web_sys::RequestCache::NoStore);
    if let Ok(a) = web_sys::AbortController::new() {
        init.set_signal(Some(&a.signal()));
        leptos::prelude::set_timeout(
            move || a.abort(),
            std::time::Duration::from_millis(REQUEST_TIMEOUT_MS),
        );
    }
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let status = resp.status();
    // A body that cannot be read is an empty one: the status still counts.
    let body = match resp.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    Some(Answer {
        status: Some(status),
        body: body.unwrap_or_default(),
    })
}

/// Whether the browser believes it is online.
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `f` whenever the browser comes online again (for the page's lifetime).
pub fn on_online(f: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    super::events::listen(&window, "online", move |_| f());
}

/// `sms:` link with a prefilled body (RFC 5724; `number` may be empty: the person picks one).
/// iOS before 8 wanted `;body=`; current iOS and Android read `?body=`, and iOS also accepts
/// `&body=` — we write `sms:NUMBER?&body=…`, which every current phone reads.
pub fn sms_href(number: &str, body: &str) -> String {
    format!("sms:{number}?&body={}", encode(body))
}

/// `https://wa.me/NUMBER?text=…` (no number: WhatsApp asks whom to send it to).
pub fn whatsapp_href(number: &str, text: &str) -> String {
    format!("https://wa.me/{number}?text={}", encode(text))
}

fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// Whether the Web Share API is there.
pub fn can_share() -> bool {
    web_sys::window().is_some_and(|w| !super::get(&w.navigator(), "share").is_undefined())
}

/// Opens the share sheet; false when it failed or was cancelled.
pub async fn share(title: &str, text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let data = web_sys::ShareData::new();
    data.set_title(title);
    data.set_text(text);
    JsFuture::from(window.navigator().share_with_data(&data))
        .await
        .is_ok()
}

/// Copies `text`; false when the clipboard is not available.
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .is_ok()
}

/// Tells an embedding page about a report (`{type: "siaga110:report", status, id}`), only at
/// the origins `config.json` allows — an explicit target origin each, never `*`.
pub fn notify_host(config: &Config, status: &str, id: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    // A plain message object for the embedding page (a structured-clone object, not a web-sys
    // type: web-sys has no binding for an ad-hoc object's fields).
    let msg = js_sys::Object::new();
    for (k, v) in [("type", "siaga110:report"), ("status", status), ("id", id)] {
        let _ = js_sys::Reflect::set(&msg, &k.into(), &v.into());
    }
    for origin in &config.embed_origins {
        let _ = parent.post_message(&msg, origin);
    }
}
