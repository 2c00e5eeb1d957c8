//! Small settings in `localStorage` (first-run warning seen, language, recent call attempts),
//! the report draft and the outbox. Storage may be missing or full (private mode, partitioned iframes): every
//! call degrades to "not stored", never to an error on screen.

const PREFIX: &str = "siaga110.";

/// Every key the app stores under (after the app's prefix `siaga110.`): the one list, so a new
/// key cannot collide with an old one and "forget everything" knows what it clears. Callers
/// outside this module pass these, never a literal (`tools/check-boundary.mjs` checks it).
pub mod key {
    /// The first-run warning was read (a flag).
    pub const WARNING_SEEN: &str = "warned";
    /// The language the person chose (`id` or `en`).
    pub const LANGUAGE: &str = "lang";
    /// The call attempts of the last ten minutes (comma-separated ms).
    pub const CALLS: &str = "calls";
    /// The report draft (JSON).
    pub const DRAFT: &str = "draft";
    /// One stored report per key: the prefix, then the report's id.
    pub const OUTBOX_PREFIX: &str = "outbox.";
    /// Stored reports that could not be read, set aside: the prefix, then the old key.
    pub const QUARANTINE_PREFIX: &str = "quarantine.";
    /// The phone id bound to an operator's location link: the prefix, then the token's first 16
    /// characters.
    pub const LOCATE_PREFIX: &str = "lokasi.";
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value for `key`, if any.
pub fn get(key: &str) -> Option<String> {
    local()?.get_item(&format!("{PREFIX}{key}")).ok().flatten()
}

/// Stores `value` under `key`; false when storage is unavailable or full.
pub fn set(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(&format!("{PREFIX}{key}"), value).is_ok())
}

/// Removes `key`.
pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
}

/// Every stored `(key, value)` whose key starts with `prefix` (keys without the app's prefix).
pub fn with_prefix(prefix: &str) -> Vec<(String, String)> {
    let Some(s) = local() else {
        return Vec::new();
    };
    let full = format!("{PREFIX}{prefix}");
    let n = s.length().unwrap_or(0);
    let keys: Vec<String> = (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(&full))
        .collect();
    keys.into_iter()
        .filter_map(|k| {
            let v = s.get_item(&k).ok().flatten()?;
            Some((k[PREFIX.len()..].to_string(), v))
        })
        .collect()
}

/// Forgets everything this app stored on the device.
pub fn clear_all() {
    let Some(s) = local() else {
        return;
    };
    let n = s.length().unwrap_or(0);
    let keys: Vec<String> = (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for k in keys {
        let _ = s.remove_item(&k);
    }
}

/// A stored flag (`"1"`).
pub fn flag(key: &str) -> bool {
    get(key).as_deref() == Some("1")
}

/// Stores a flag.
pub fn set_flag(key: &str, on: bool) {
    let _ = set(key, if on { "1" } else { "0" });
}
