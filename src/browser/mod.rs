//! Thin adapters over browser APIs. Nothing else in the app touches `web-sys` or `js-sys`.
pub mod call_link;
pub mod clock;
pub mod data;
pub mod dom;
pub mod events;
pub mod executor;
pub mod geolocation;
pub mod report;
pub mod service_worker;
pub mod storage;

use wasm_bindgen::JsValue;

/// `obj[key]` (undefined when `obj` is not an object).
pub(crate) fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub use clock::now_ms;
