//! The clock and the phone's time zone: the only place the app reads the time.
//! (Formatting is the core's: `siaga110_core::report::civil`.)

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The phone's offset from UTC at the time `ms`, in minutes east (e.g. 420 in WIB).
pub fn tz_offset_min_at(ms: f64) -> i32 {
    -js_sys::Date::new(&ms.into()).get_timezone_offset() as i32
}

/// Local "HH:MM" of a time (ms), in the phone's time zone.
pub fn local_hm(ms: f64) -> String {
    let offset = f64::from(tz_offset_min_at(ms)) * 60_000.0;
    siaga110_core::report::civil(ms + offset)
        .map(|(_, _, _, h, m, _)| format!("{h:02}:{m:02}"))
        .unwrap_or_default()
}

/// Local "HH:MM:SS" of a time (ms), in the phone's time zone.
pub fn local_hms(ms: f64) -> String {
    let offset = f64::from(tz_offset_min_at(ms)) * 60_000.0;
    siaga110_core::report::civil(ms + offset)
        .map(|(_, _, _, h, m, s)| format!("{h:02}:{m:02}:{s:02}"))
        .unwrap_or_default()
}
