//! The browser side: requests to the center's API (same origin, the session cookie goes by
//! itself), the live feed (`EventSource`), the beep, the clipboard, the URL hash. The only
//! module touching web-sys.
use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AudioContext, AudioContextState, EventSource, Headers, MessageEvent, OscillatorType, Request,
    RequestCredentials, RequestInit, Response,
};

/// An answer: status and body text.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
    /// The error's `message` (or the body).
    pub fn message(&self) -> String {
        serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| v["message"].as_str().map(str::to_string))
            .unwrap_or_else(|| format!("HTTP {}", self.status))
    }
    /// `retry_after` of a 429, seconds.
    pub fn retry_after(&self) -> u64 {
        serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| v["retry_after"].as_u64())
            .unwrap_or(60)
    }
}

/// The API's base, relative to `/console/`: works behind a proxy under any sub-path.
pub const API: &str = "../api";

/// `method` `API/path` with an optional JSON body. `Err` when the network failed.
pub async fn call(method: &str, path: &str, body: Option<String>) -> Result<Answer, ()> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(b) = body {
        let headers = Headers::new().map_err(|_| ())?;
        headers
            .set("content-type", "application/json")
            .map_err(|_| ())?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&b));
    }
    let req = Request::new_with_str_and_init(&format!("{API}{path}"), &init).map_err(|_| ())?;
    let window = web_sys::window().ok_or(())?;
    let resp: Response = JsFuture::from(window.fetch_with_request(&req))
        .await
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    let text = JsFuture::from(resp.text().map_err(|_| ())?)
        .await
        .map_err(|_| ())?
        .as_string()
        .unwrap_or_default();
    Ok(Answer {
        status: resp.status(),
        body: text,
    })
}

type Handler = Closure<dyn FnMut(web_sys::Event)>;

thread_local! {
    static FEED: RefCell<Option<(EventSource, Vec<Handler>)>> = const { RefCell::new(None) };
    static AUDIO: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
}

/// What the feed tells.
pub enum FeedMsg {
    Open,
    Event(String, String),
    Error { closed: bool },
}

/// Opens the live feed (closing any other); `on` gets each event.
pub fn open_feed(on: impl Fn(FeedMsg) + Clone + 'static) {
    close_feed();
    let Ok(es) = EventSource::new(&format!("{API}/feed")) else {
        on(FeedMsg::Error { closed: true });
        return;
    };
    let mut handlers = Vec::new();
    for kind in ["hello", "new", "changed", "location", "resync"] {
        let on = on.clone();
        let h: Handler = Closure::new(move |e: web_sys::Event| {
            if let Some(m) = e.dyn_ref::<MessageEvent>() {
                on(FeedMsg::Event(
                    kind.to_string(),
                    m.data().as_string().unwrap_or_default(),
                ));
            }
        });
        let _ = es.add_event_listener_with_callback(kind, h.as_ref().unchecked_ref());
        handlers.push(h);
    }
    {
        let on = on.clone();
        let h: Handler = Closure::new(move |_| on(FeedMsg::Open));
        let _ = es.add_event_listener_with_callback("open", h.as_ref().unchecked_ref());
        handlers.push(h);
    }
    {
        let es2 = es.clone();
        let h: Handler = Closure::new(move |_| {
            on(FeedMsg::Error {
                closed: es2.ready_state() == EventSource::CLOSED,
            })
        });
        let _ = es.add_event_listener_with_callback("error", h.as_ref().unchecked_ref());
        handlers.push(h);
    }
    FEED.with(|f| *f.borrow_mut() = Some((es, handlers)));
}

/// Closes the live feed.
pub fn close_feed() {
    FEED.with(|f| {
        if let Some((es, _)) = f.borrow_mut().take() {
            es.close();
        }
    });
}

/// Creates or resumes the audio context (browsers allow it only after a user gesture).
pub fn unlock_audio() {
    AUDIO.with(|a| {
        let mut a = a.borrow_mut();
        if a.is_none() {
            *a = AudioContext::new().ok();
        }
        if let Some(ctx) = a.as_ref() {
            if ctx.state() == AudioContextState::Suspended {
                let _ = ctx.resume();
            }
        }
    });
}

/// A short beep (two tones), when audio is unlocked.
pub fn beep() {
    AUDIO.with(|a| {
        let Some(ctx) = a.borrow().clone() else {
            return;
        };
        let play = || -> Result<(), JsValue> {
            let t = ctx.current_time();
            for (i, f) in [880.0_f32, 1175.0].iter().enumerate() {
                let start = t + i as f64 * 0.18;
                let osc = ctx.create_oscillator()?;
                let gain = ctx.create_gain()?;
                osc.set_type(OscillatorType::Sine);
                osc.frequency().set_value(*f);
                gain.gain().set_value_at_time(0.0001, start)?;
                gain.gain()
                    .exponential_ramp_to_value_at_time(0.25, start + 0.02)?;
                gain.gain()
                    .exponential_ramp_to_value_at_time(0.0001, start + 0.16)?;
                osc.connect_with_audio_node(&gain)?;
                gain.connect_with_audio_node(&ctx.destination())?;
                osc.start_with_when(start)?;
                osc.stop_with_when(start + 0.17)?;
            }
            Ok(())
        };
        let _ = play();
    });
}

/// Copies a text; `Ok` when the browser took it.
pub async fn copy(text: &str) -> Result<(), ()> {
    let window = web_sys::window().ok_or(())?;
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| ())
}

/// The URL's fragment, with its `#` (empty when none).
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The report id in the URL (`#r=<id>`).
pub fn hash_report() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix("#r=")
        .filter(|id| siaga110_core::report::is_uuid(id))
        .map(str::to_string)
}

/// Sets (or clears) the report in the URL.
pub fn set_hash_report(id: Option<&str>) {
    if let Some(w) = web_sys::window() {
        let _ = w
            .location()
            .set_hash(&id.map(|i| format!("r={i}")).unwrap_or_default());
    }
}

/// The title bar.
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// `<html lang>`.
pub fn set_lang(lang: &str) {
    if let Some(e) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = e.set_attribute("lang", lang);
    }
}

/// A remembered choice (`localStorage`), if storage works.
pub fn stored(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(&format!("siaga110.console.{key}"))
        .ok()?
}

/// Remembers a choice.
pub fn store(key: &str, value: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(&format!("siaga110.console.{key}"), value);
    }
}

/// The browser's language.
pub fn browser_lang() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default()
}

/// Now, ms since 1970.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds of an RFC 3339 time (NaN when it is not one).
pub fn parse_ms(iso: &str) -> f64 {
    js_sys::Date::parse(iso)
}

/// (year, month 1-12, day, hour, minute, second) of `ms` in this computer's time zone.
pub fn local(ms: f64) -> (u32, u32, u32, u32, u32, u32) {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    (
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
    )
}

/// The element the console mounts into (`#console`), emptied of its loading text.
pub fn host() -> Option<web_sys::HtmlElement> {
    let host = web_sys::window()?
        .document()?
        .get_element_by_id("console")?;
    host.set_inner_html("");
    host.dyn_into().ok()
}

/// Whether the focused element is inside an element matching `selector`.
pub fn focus_inside(selector: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|e| e.closest(selector).ok().flatten().is_some())
}
