//! Fuzzes the compact-SMS reader: any bytes that are UTF-8 are read with `decode_sms`, which
//! must never panic; what it accepts is written back with `SmsReport::header`, which must read
//! back to the same header and text. Also cuts the input into SMS segments, which must give the
//! input back. (The same checks run on stable in core/tests/encode.rs with proptest.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use siaga110_core::encode::{decode_sms, segments, HEADER_MAX};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parts = segments(text);
    assert_eq!(parts.parts.concat(), text);
    assert_eq!(parts.count, parts.parts.len());

    if let Ok(first) = decode_sms(text) {
        let header = first.header();
        assert!(!header.contains(['\n', '\r']));
        assert!(header.len() <= HEADER_MAX || first.polres.is_none());
        let again = decode_sms(&format!("{header}\n{}", first.text))
            .expect("a header written by SmsReport::header reads back");
        assert_eq!(again.header(), header);
        assert_eq!(again.text, first.text);
        assert_eq!(again.id_prefix, first.id_prefix);
        assert_eq!(again.category, first.category);
    }
});
