//! The browser's Geolocation API as a hook, shaped like leptos-use's `use_geolocation`: it
//! returns a struct of signals. High accuracy, an explicit timeout, keeps watching while the
//! accuracy improves, stops when it is good enough, after a while, or when the view goes away.
use leptos::prelude::*;
use siaga110_core::fix::Fix;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::get;

/// Why there is no position. Each has its own message and way forward in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoError {
    /// The user (or the browser's settings) refused.
    Denied,
    /// The device could not tell (no signal, location services off).
    Unavailable,
    /// No position within the timeout.
    Timeout,
    /// The page is not a secure context (not https or localhost).
    Insecure,
    /// The browser has no Geolocation API.
    Missing,
    /// The embedding page's Permissions-Policy forbids geolocation.
    Policy,
    /// The device gave a position that cannot be (not a number, off the globe).
    Impossible,
}

/// Where the hook is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GeoStatus {
    /// Waiting for the first fix (or for a better one).
    Searching,
    /// Stopped with the fix it has.
    Done,
    /// No (usable) fix: stopped for good (refused, impossible …), or — for a passing error
    /// (unavailable, timeout) — still watching, so a later fix replaces the message.
    Failed(GeoError),
}

/// What [`use_geolocation`] returns.
#[derive(Clone, Copy)]
pub struct UseGeolocationReturn {
    /// The best fix so far.
    pub fix: ReadSignal<Option<Fix>>,
    /// Searching, done or failed.
    pub status: ReadSignal<GeoStatus>,
    /// Start (again): a new watch, e.g. after a failure, or to refresh a stopped one.
    pub restart: Callback<()>,
}

/// Per-attempt timeout given to the browser, ms.
pub const TIMEOUT_MS: u32 = 20_000;
/// Stop watching after this long even if the accuracy never gets good enough, ms. A prompt the
/// person dismisses or ignores (Safari may never answer) also ends here, in the search by name.
pub const WATCH_LIMIT_MS: i32 = 90_000;

fn geolocation() -> Result<web_sys::Geolocation, GeoError> {
    let window = web_sys::window().ok_or(GeoError::Missing)?;
    if !window.is_secure_context() {
        return Err(GeoError::Insecure);
    }
    if let Some(document) = window.document() {
        // Chromium: document.permissionsPolicy / featurePolicy tells whether an iframe may ask.
        // (Not in web-sys: read by name, and absent elsewhere.)
        for name in ["permissionsPolicy", "featurePolicy"] {
            let policy = get(&document, name);
            if let Ok(allows) = get(&policy, "allowsFeature").dyn_into::<js_sys::Function>() {
                if allows
                    .call1(&policy, &"geolocation".into())
                    .ok()
                    .and_then(|v| v.as_bool())
                    == Some(false)
                {
                    return Err(GeoError::Policy);
                }
                break;
            }
        }
    }
    // An old browser without the API: `navigator.geolocation` is undefined.
    if get(&window.navigator(), "geolocation").is_undefined() {
        return Err(GeoError::Missing);
    }
    window
        .navigator()
        .geolocation()
        .map_err(|_| GeoError::Missing)
}

/// What one reading of the browser comes to: a fix, or an impossible one (the core decides:
/// unknown accuracy is kept as unknown, impossible coordinates are an error).
fn fix_of(pos: &JsValue) -> Result<Fix, GeoError> {
    // The browser's position object (web-sys's stable binding calls it Position; browsers now call the
    // class GeolocationPosition): read structurally, no instanceof check.
    let pos: &web_sys::Position = pos.unchecked_ref();
    let c = pos.coords();
    Fix::from_reading(c.latitude(), c.longitude(), c.accuracy(), pos.timestamp())
        .map_err(|_| GeoError::Impossible)
}

fn error_of(err: &JsValue) -> GeoError {
    let err: &web_sys::PositionError = err.unchecked_ref();
    match err.code() {
        1 => GeoError::Denied,
        3 => GeoError::Timeout,
        _ => GeoError::Unavailable,
    }
}

/// Watches the position (see the module docs). Starts at once.
pub fn use_geolocation() -> UseGeolocationReturn {
    let (fix, set_fix) = signal(None::<Fix>);
    let (status, set_status) = signal(GeoStatus::Searching);
    let watch_id = StoredValue::new(None::<i32>);
    let stop = move || {
        if let (Some(id), Ok(geo)) = (watch_id.get_value(), geolocation()) {
            geo.clear_watch(id);
        }
        watch_id.set_value(None);
    };
    let start = move || {
        stop();
        let geo = match geolocation() {
            Ok(g) => g,
            Err(e) => {
                set_status.set(GeoStatus::Failed(e));
                return;
            }
        };
        set_status.set(GeoStatus::Searching);
        let on_fix = Closure::<dyn FnMut(JsValue)>::new(move |pos: JsValue| {
            let new = match fix_of(&pos) {
                Ok(f) => f,
                Err(e) => {
                    leptos::logging::warn!("the device gave an impossible position; ignored");
                    if fix.get_untracked().is_none() {
                        stop();
                        set_status.set(GeoStatus::Failed(e));
                    }
                    return;
                }
            };
            let better = fix.get_untracked().is_none_or(|old| old.improved_by(&new));
            if better {
                set_fix.set(Some(new));
            }
            if new.is_good_enough() {
                stop();
                set_status.set(GeoStatus::Done);
            } else if status.get_untracked() != GeoStatus::Searching {
                set_status.set(GeoStatus::Searching); // a passing error is over
            }
        });
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |err: JsValue| {
            match error_of(&err) {
                // Refused: the browser will not ask again; keep a fix we have.
                GeoError::Denied => {
                    stop();
                    set_status.set(if fix.get_untracked().is_some() {
                        GeoStatus::Done
                    } else {
                        GeoStatus::Failed(GeoError::Denied)
                    });
                }
                // Unavailable or too slow this once: keep watching (a better fix may come) until
                // the overall limit; without a fix yet, say so meanwhile.
                e => {
                    if fix.get_untracked().is_none() {
                        set_status.set(GeoStatus::Failed(e));
                    }
                }
            }
        });
        let options = web_sys::PositionOptions::new();
        options.set_enable_high_accuracy(true);
        options.set_timeout(TIMEOUT_MS);
        options.set_maximum_age(0);
        let id = geo
            .watch_position_with_error_callback_and_options(
                on_fix.as_ref().unchecked_ref(),
                Some(on_error.as_ref().unchecked_ref()),
                &options,
            )
            .ok();
        // The callbacks live as long as the page: a watch can fire at any time until cleared.
        on_fix.forget();
        on_error.forget();
        watch_id.set_value(id);
        set_timeout(
            move || {
                if id.is_some() && watch_id.get_value() == id {
                    stop();
                    set_status.set(if fix.get_untracked().is_some() {
                        GeoStatus::Done
                    } else {
                        GeoStatus::Failed(GeoError::Timeout)
                    });
                }
            },
            std::time::Duration::from_millis(WATCH_LIMIT_MS as u64),
        );
    };
    on_cleanup(stop);
    start();
    UseGeolocationReturn {
        fix,
        status,
        restart: Callback::new(move |_| start()),
    }
}
