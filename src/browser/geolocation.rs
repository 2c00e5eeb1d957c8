//! The browser's Geolocation API as a hook, shaped like leptos-use's `use_geolocation`: it
//! returns a struct of signals. High accuracy, an explicit timeout, keeps watching while the
//! accuracy improves, stops when it is good enough, after a while, or when the view goes away.
use leptos::prelude::*;
use siaga110_core::fix::{Fix, Source};
use siaga110_core::geo::LatLon;
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
}

/// Where the hook is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GeoStatus {
    /// Waiting for the first fix (or for a better one).
    Searching,
    /// Stopped with the fix it has.
    Done,
    /// Stopped without a (usable) fix.
    Failed(GeoError),
}

/// What [`use_geolocation`] returns.
#[derive(Clone, Copy)]
pub struct UseGeolocationReturn {
    /// The best fix so far.
    pub fix: ReadSignal<Option<Fix>>,
    /// Searching, done or failed.
    pub status: ReadSignal<GeoStatus>,
    /// Start (again): a new watch, e.g. after a failure.
    pub restart: Callback<()>,
}

/// Per-attempt timeout given to the browser, ms.
pub const TIMEOUT_MS: u32 = 20_000;
/// Stop watching after this long even if the accuracy never gets good enough, ms.
pub const WATCH_LIMIT_MS: i32 = 90_000;

fn geolocation() -> Result<JsValue, GeoError> {
    let window = web_sys::window().ok_or(GeoError::Missing)?;
    if get(&window, "isSecureContext").as_bool() == Some(false) {
        return Err(GeoError::Insecure);
    }
    if let Some(document) = window.document() {
        // Chromium: document.permissionsPolicy / featurePolicy tells whether an iframe may ask.
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
    let geo = get(&window.navigator(), "geolocation");
    if geo.is_undefined() || geo.is_null() {
        return Err(GeoError::Missing);
    }
    Ok(geo)
}

fn error_of(err: &JsValue) -> GeoError {
    match get(err, "code").as_f64() {
        Some(1.0) => GeoError::Denied,
        Some(3.0) => GeoError::Timeout,
        _ => GeoError::Unavailable,
    }
}

fn fix_of(pos: &JsValue) -> Option<Fix> {
    let coords = get(pos, "coords");
    let at = LatLon::new(
        get(&coords, "latitude").as_f64()?,
        get(&coords, "longitude").as_f64()?,
    )
    .ok()?;
    Some(Fix {
        at,
        accuracy_m: get(&coords, "accuracy").as_f64().unwrap_or(f64::INFINITY),
        time_ms: get(pos, "timestamp").as_f64().unwrap_or_else(super::now_ms),
        source: Source::Device,
    })
}

/// Watches the position (see the module docs). Starts at once.
pub fn use_geolocation() -> UseGeolocationReturn {
    let (fix, set_fix) = signal(None::<Fix>);
    let (status, set_status) = signal(GeoStatus::Searching);
    let watch_id = StoredValue::new(None::<i32>);
    let stop = move || {
        if let (Some(id), Ok(geo)) = (watch_id.get_value(), geolocation()) {
            if let Ok(clear) = get(&geo, "clearWatch").dyn_into::<js_sys::Function>() {
                let _ = clear.call1(&geo, &JsValue::from(id));
            }
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
            let Some(new) = fix_of(&pos) else { return };
            let better = fix.get_untracked().is_none_or(|old| old.improved_by(&new));
            if better {
                set_fix.set(Some(new));
            }
            if new.is_good_enough() {
                stop();
                set_status.set(GeoStatus::Done);
            }
        });
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |err: JsValue| {
            let have_fix = fix.get_untracked().is_some();
            if have_fix && error_of(&err) == GeoError::Timeout {
                return; // no better fix in this attempt: keep watching until the overall limit
            }
            stop();
            if have_fix {
                set_status.set(GeoStatus::Done);
            } else {
                set_status.set(GeoStatus::Failed(error_of(&err)));
            }
        });
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"enableHighAccuracy".into(), &true.into());
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &TIMEOUT_MS.into());
        let _ = js_sys::Reflect::set(&options, &"maximumAge".into(), &0.into());
        let watch = get(&geo, "watchPosition").dyn_into::<js_sys::Function>();
        let id = watch.ok().and_then(|w| {
            w.call3(&geo, on_fix.as_ref(), on_error.as_ref(), &options)
                .ok()
                .and_then(|v| v.as_f64())
        });
        // The callbacks live as long as the page: a watch can fire at any time until cleared.
        on_fix.forget();
        on_error.forget();
        let id = id.map(|v| v as i32);
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
