//! Small settings in `localStorage` (first-run warning seen, language, practice mode, recent
//! call attempts). Storage may be missing or full (private mode, partitioned iframes): every
//! call degrades to "not stored", never to an error on screen.

const PREFIX: &str = "siaga110.";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value for `key`, if any.
pub fn get(key: &str) -> Option<String> {
    local()?.get_item(&format!("{PREFIX}{key}")).ok().flatten()
}

/// Stores `value` under `key`; silently does nothing when storage is unavailable.
pub fn set(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(&format!("{PREFIX}{key}"), value);
    }
}

/// A stored flag (`"1"`).
pub fn flag(key: &str) -> bool {
    get(key).as_deref() == Some("1")
}

/// Stores a flag.
pub fn set_flag(key: &str, on: bool) {
    set(key, if on { "1" } else { "0" });
}
