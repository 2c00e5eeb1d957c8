//! Hostile input (issue 18): a deployer's config.json, the browser's position numbers, typed
//! text with bidi controls, URL parameters. Each test is a case that got through before.
use proptest::prelude::*;
use siaga110_core::config::{
    is_endpoint, lang_param, origin_of, plain_origin, Config, ConfigWarning, Lang, PROVINCE_CODES,
};
use siaga110_core::encode::{plain, sms, Labels};
use siaga110_core::fix::{Fix, FixError, Source, MAX_ACCURACY_M};
use siaga110_core::json::{self, JsonError};
use siaga110_core::report::{
    clean_text, is_invisible_control, joins_emoji, Category, Draft, Location, ReadError, Report,
};

/// An invisible bidi or zero-width character, other than a joiner between two emoji (kept, so
/// that 👮🏽‍♀️ stays one emoji: it cannot reorder or hide letters or digits).
fn hidden(s: &str) -> Option<char> {
    let v: Vec<char> = s.chars().collect();
    (0..v.len()).map(|i| v[i]).enumerate().find_map(|(i, c)| {
        let joiner =
            c == '\u{200d}' && joins_emoji(i.checked_sub(1).map(|j| v[j]), v.get(i + 1).copied());
        (is_invisible_control(c) && !joiner).then_some(c)
    })
}

fn bad(field: &str, w: &[ConfigWarning]) -> bool {
    w.iter()
        .any(|w| matches!(w, ConfigWarning::Bad { field: f, .. } if *f == field))
}

// ---- 1. Wildcard framing ------------------------------------------------------------------

#[test]
fn wildcard_embed_origin_is_refused() {
    for list in [
        r#"["https://*.example.com"]"#,
        r#"["*"]"#,
        r#"["https://*"]"#,
        r#"["https://polres.example.go.id", "https://*.example.com"]"#,
        r#"["https://polres.example.go.id:*"]"#,
    ] {
        let (c, w) = Config::parse(&format!(r#"{{"embed_origins": {list}}}"#));
        assert!(c.embed_origins.is_empty(), "{list}");
        assert!(c.frame_ancestors().is_empty(), "{list}");
        assert!(bad("embed_origins", &w), "{list}: {w:?}");
        let (c, w) = Config::parse(&format!(r#"{{"endpoint_origins": {list}}}"#));
        assert!(c.connect_src().is_empty(), "{list}");
        assert!(bad("endpoint_origins", &w), "{list}");
    }
}

#[test]
fn plain_origins_are_accepted_and_normalised() {
    let (c, w) = Config::parse(
        r#"{"embed_origins": ["https://Polres.Example.go.id/", "https://polres.example.go.id:443", "http://127.0.0.1:8090", "https://[2001:db8::1]:8443"]}"#,
    );
    assert_eq!(w, vec![]);
    assert_eq!(
        c.frame_ancestors(),
        [
            "https://polres.example.go.id",
            "http://127.0.0.1:8090",
            "https://[2001:db8::1]:8443"
        ]
    );
}

// ---- 2. Directive injection ---------------------------------------------------------------

/// Strings the browser's URL parser would let through (or read another way), none of which may
/// reach a header.
const INJECTIONS: &[&str] = &[
    "https://x.example;sandbox",
    "https://x.example/;sandbox",
    "https://x.example/api; script-src *",
    "https://x.example,https://evil.example",
    "https://x.example/a,b",
    "https://x.example https://evil.example",
    "https://x.example/\tsandbox",
    "https://x.example/\nsandbox",
    "https://x.example/'unsafe-inline'",
    "https://x.example/\"",
    "https://x.example/`",
    "https://x.example/<script>",
    "https://x.example\\@evil.example",
    "https://user@x.example/",
    "https://user:pw@x.example/",
    "https://x.example@evil.example/",
    "https://x.example:0/",
    "https://x.example:99999/",
    "https://x.example:443:1/",
    "https://x.example:/",
    "https://x.example./",
    "https://-x.example/",
    "https://x_y.example/",
    "https://x.example/#frag",
    "https://x.example/%zz",
    "https://x.exämple/",
    "https://x.example/\u{202e}",
    "https://0x7f.1/",
    "https://1.2.3/",
    "https://999.1.1.1/",
    "https://[::1/",
    "https://[zz::1]/",
    "https:///x",
    "https:x.example",
    "//x.example",
    "data:text/html,x",
    "javascript:alert(1)",
    "",
];

#[test]
fn directive_injection_is_refused_everywhere() {
    for s in INJECTIONS {
        assert_eq!(origin_of(s), None, "{s:?}");
        assert!(!is_endpoint(s), "{s:?}");
        assert_eq!(plain_origin(s), None, "{s:?}");
        let text = json::Obj::new()
            .str("report_endpoint", s)
            .add("embed_origins", json::Value::Arr(vec![(*s).into()]))
            .add("endpoint_origins", json::Value::Arr(vec![(*s).into()]))
            .done()
            .to_string();
        let (c, w) = Config::parse(&text);
        assert_eq!(c.report_endpoint, None, "{s:?}");
        assert!(
            c.connect_src().is_empty() && c.frame_ancestors().is_empty(),
            "{s:?}"
        );
        if !s.is_empty() {
            assert!(bad("report_endpoint", &w), "{s:?}: {w:?}");
        }
        assert!(
            bad("embed_origins", &w) && bad("endpoint_origins", &w),
            "{s:?}"
        );
    }
}

#[test]
fn a_long_url_is_refused() {
    let long = format!("https://x.example/{}", "a".repeat(3000));
    assert!(!is_endpoint(&long));
    assert!(is_endpoint(&format!(
        "https://x.example/{}",
        "a".repeat(1000)
    )));
}

proptest! {
    /// Whatever the string, an origin the core accepts is plain: only characters that cannot
    /// separate CSP directives or sources, or end a quoted header value.
    #[test]
    fn accepted_origins_are_plain(s in "(https?://)?[a-zA-Z0-9.:;, *@/\\[\\]'\"%_\\-\t]{0,40}") {
        for o in origin_of(&s).into_iter().chain(plain_origin(&s)) {
            prop_assert!(o.starts_with("https://") || o.starts_with("http://"), "{o}");
            let rest = o.split_once("://").unwrap().1;
            prop_assert!(rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.:[]".contains(&b)), "{s:?} -> {o:?}");
        }
        if is_endpoint(&s) {
            prop_assert!(!s.contains([';', ',', ' ', '\t', '\'', '"', '*', '@']), "{s:?}");
        }
    }
}

// ---- 3. Duplicate keys --------------------------------------------------------------------

#[test]
fn duplicate_keys_in_config_are_an_error() {
    let text = r#"{"report_endpoint": "https://a.example/r", "embed_origins": [], "report_endpoint": "https://b.example/r"}"#;
    let (c, w) = Config::parse(text);
    assert_eq!(c, Config::default(), "neither value is used");
    assert_eq!(w.len(), 1);
    let msg = w[0].to_string();
    assert!(msg.contains("duplicate key \"report_endpoint\""), "{msg}");
    assert!(matches!(w[0], ConfigWarning::NotJson(_)));
}

#[test]
fn duplicate_keys_are_an_error_for_every_document() {
    assert!(matches!(
        json::parse(r#"{"a": {"b": 1, "b": 2}}"#),
        Err(JsonError::DuplicateKey { ref key, .. }) if key == "b"
    ));
    // The same key in different objects is fine.
    assert!(json::parse(r#"{"a": {"b": 1}, "c": {"b": 2}, "b": [ {"b": 3} ]}"#).is_ok());
    // Escapes are compared after decoding: "\u0061" is "a".
    assert!(json::parse(r#"{"a": 1, "\u0061": 2}"#).is_err());
    // A large object (past the linear scan) is checked too, and quickly.
    let many: Vec<String> = (0..20_000).map(|i| format!("\"k{i}\": {i}")).collect();
    let ok = format!("{{{}}}", many.join(","));
    let t = std::time::Instant::now();
    assert!(json::parse(&ok).is_ok());
    let dup = format!("{{{}, \"k19999\": 0}}", many.join(","));
    assert!(
        matches!(json::parse(&dup), Err(JsonError::DuplicateKey { ref key, .. }) if key == "k19999")
    );
    assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());

    // A report with two ids (which one would the receiver store?) is not a report.
    let d = Draft {
        category: Some(Category::Fire),
        landmark: "Pasar".into(),
        ..Draft::default()
    };
    let r = Report::from_draft(
        &d,
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        1.79e12,
        None,
        None,
        false,
    )
    .unwrap();
    let json = r.to_json();
    let twice = json.replacen(
        "{\"version\":1,",
        "{\"version\":1,\"id\":\"11111111-1111-4111-8111-111111111111\",",
        1,
    );
    assert_ne!(twice, json);
    match Report::from_json(&twice) {
        Err(ReadError::Json(e)) => assert!(e.contains("duplicate key \"id\""), "{e}"),
        other => panic!("{other:?}"),
    }
    // A stored draft with a duplicate is not half-read: it is empty.
    let draft = Draft::from_json(r#"{"description": "a", "description": "b"}"#);
    assert_eq!(draft, Draft::default());
}

#[test]
fn an_http_endpoint_to_a_real_host_is_not_connectable() {
    let (c, w) = Config::parse(
        r#"{"report_endpoint": "http://lapor.example.go.id/api", "endpoint_origins": ["http://lapor.example.go.id"]}"#,
    );
    assert_eq!(c.report_endpoint, None);
    assert!(c.connect_src().is_empty(), "{:?}", c.connect_src());
    assert!(bad("report_endpoint", &w) && bad("endpoint_origins", &w));
    let (c, _) = Config::parse(r#"{"report_endpoint": "http://127.0.0.1:8090/reports"}"#);
    assert_eq!(c.connect_src(), ["http://127.0.0.1:8090"]);
}

// ---- 5. Accuracy and coordinates from the browser -----------------------------------------

#[test]
fn nonsense_accuracy_is_unknown_and_coarse() {
    for acc in [
        -50.0,
        -0.1,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1.0e6,
        MAX_ACCURACY_M + 1.0,
    ] {
        let f = Fix::from_reading(3.5952, 98.6722, acc, 1.79e12).unwrap();
        assert_eq!(f.accuracy(), None, "{acc}");
        assert!(f.is_coarse() && !f.is_good_enough(), "{acc}");
        assert_eq!(f.source, Source::Device);
        // In the report: null, never a number; read back as unknown; no radius in the SMS.
        let l = Location::from_fix(&f, None);
        assert_eq!(l.accuracy(), None);
        let d = Draft {
            category: Some(Category::Theft),
            ..Draft::default()
        };
        let r = Report::from_draft(
            &d,
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            1.79e12,
            Some(l),
            None,
            false,
        )
        .unwrap();
        let json = r.to_json();
        assert!(json.contains("\"accuracy_m\":null"), "{json}");
        let back = Report::from_json(&json).unwrap();
        assert_eq!(back.location.unwrap().accuracy(), None);
        assert!(!sms(&r, &LABELS, 1).contains(";rd="));
        assert!(!plain(&r, &LABELS, 7 * 60).contains("accuracy"));
    }
    for acc in [0.0, 5.0, 99.0, MAX_ACCURACY_M] {
        let f = Fix::from_reading(3.5952, 98.6722, acc, 1.79e12).unwrap();
        assert_eq!(f.accuracy(), Some(acc));
    }
}

#[test]
fn impossible_coordinates_are_an_error() {
    for (lat, lon) in [
        (f64::NAN, 98.0),
        (3.0, f64::NAN),
        (f64::INFINITY, 98.0),
        (3.0, f64::NEG_INFINITY),
        (90.5, 0.0),
        (0.0, 181.0),
    ] {
        assert!(
            matches!(
                Fix::from_reading(lat, lon, 10.0, 1.79e12),
                Err(FixError::Coordinates(_))
            ),
            "{lat} {lon}"
        );
    }
    assert_eq!(Fix::from_reading(0.0, 0.0, 10.0, -1.0), Err(FixError::Time));
    let msg = Fix::from_reading(f64::NAN, 0.0, 10.0, 0.0)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("impossible"), "{msg}");
}

proptest! {
    #[test]
    fn any_reading_is_a_fix_or_an_error_and_its_accuracy_a_radius_or_unknown(
        lat in prop_oneof![any::<f64>(), -90.0..90.0f64],
        lon in prop_oneof![any::<f64>(), -180.0..180.0f64],
        acc in prop_oneof![any::<f64>(), -1.0e3..2.0e5f64],
    ) {
        if let Ok(f) = Fix::from_reading(lat, lon, acc, 1.0e12) {
            match f.accuracy() {
                Some(a) => prop_assert!((0.0..=MAX_ACCURACY_M).contains(&a)),
                None => prop_assert!(f.is_coarse() && !f.is_good_enough()),
            }
            // Unknown never replaces known.
            let known = Fix::from_reading(lat, lon, 50.0, 0.0).unwrap();
            if f.accuracy().is_none() {
                prop_assert!(!known.improved_by(&f));
            }
        } else {
            prop_assert!(!(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0));
        }
    }
}

// ---- 6. Bidi and zero-width characters ----------------------------------------------------

const HIDDEN: &[char] = &[
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200e}', '\u{200f}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}',
    '\u{061c}',
];

const LABELS: Labels<'static> = Labels {
    title: "REPORT",
    exercise: "PRACTICE",
    category: [
        "crime", "violence", "traffic", "fire", "missing", "disorder", "disaster", "other",
    ],
    danger_ongoing: "ongoing",
    danger_over: "over",
    injured: "injured",
    when_now: "now",
    when_ago: "{m} min ago",
    subject_other: "for someone else",
    text_only: "text only",
    landmark: "landmark",
    location: "location",
    accuracy: "accuracy {m}",
    manual: "chosen",
    polres: "Polres",
    reporter: "reporter",
    time: "time",
    footer: "footer",
};

fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[A-Za-z0-9 ]{0,6}",
        2 => prop::sample::select(HIDDEN.to_vec()).prop_map(String::from),
        1 => prop::sample::select(vec!["\n", "\t", "\u{0}", "é", "👨\u{200d}👩", "<b>"]).prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..20).prop_map(|v| v.concat())
}

#[test]
fn a_reversed_plate_number_is_shown_as_typed() {
    // "B 1234 XYZ" typed with a right-to-left override shows as "B 1234 ZYX" on screen.
    let d = Draft {
        category: Some(Category::Traffic),
        description: "Mobil \u{202e}ZYX 4321 B\u{202c} kabur\u{200b}".into(),
        landmark: "\u{2067}Jl. Gatot Subroto\u{2069}".into(),
        name: "\u{feff}Budi\u{200f}".into(),
        ..Draft::default()
    };
    let r = Report::from_draft(
        &d,
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        1.79e12,
        None,
        None,
        false,
    )
    .unwrap();
    assert_eq!(r.description, "Mobil ZYX 4321 B kabur");
    assert_eq!(r.landmark, "Jl. Gatot Subroto");
    assert_eq!(r.reporter.name.as_deref(), Some("Budi"));
    // A zero-width joiner survives only inside an emoji.
    assert_eq!(
        clean_text("👮🏽\u{200d}♀\u{fe0f} B\u{200d}12\u{200c}34", false),
        "👮🏽\u{200d}♀\u{fe0f} B1234"
    );
}

#[test]
fn a_received_report_is_cleaned_too() {
    let d = Draft {
        category: Some(Category::Fire),
        landmark: "Pasar".into(),
        ..Draft::default()
    };
    let r = Report::from_draft(
        &d,
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        1.79e12,
        None,
        None,
        false,
    )
    .unwrap();
    let hostile = r
        .to_json()
        .replace("\"landmark\":\"Pasar\"", "\"landmark\":\"Pa\\u202esar\"")
        .replace(
            "\"description\":\"\"",
            "\"description\":\"a\\u2066b\\u200d\"",
        );
    let back = Report::from_json(&hostile).unwrap();
    assert_eq!(
        (back.landmark.as_str(), back.description.as_str()),
        ("Pasar", "ab")
    );
}

proptest! {
    #[test]
    fn no_text_field_keeps_a_bidi_or_zero_width_character(
        description in hostile_text(),
        landmark in hostile_text(),
        name in hostile_text(),
    ) {
        for multiline in [true, false] {
            for s in [&description, &landmark, &name] {
                let c = clean_text(s, multiline);
                prop_assert_eq!(hidden(&c), None, "{:?}", c);
                prop_assert!(!c.chars().any(|ch| ch.is_control() && ch != '\n'), "{c:?}");
                prop_assert_eq!(clean_text(&c, multiline), c.clone(), "idempotent");
            }
        }
        let d = Draft {
            category: Some(Category::Other),
            description,
            landmark: format!("x{landmark}"),
            name,
            ..Draft::default()
        };
        if let Ok(r) = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 1.79e12, None, None, false) {
            let json = r.to_json();
            let back = Report::from_json(&json).unwrap();
            prop_assert_eq!(&back, &r);
            for text in [
                r.description.clone(),
                r.landmark.clone(),
                r.reporter.name.clone().unwrap_or_default(),
                json,
                sms(&r, &LABELS, 9),
                plain(&r, &LABELS, 420),
            ] {
                prop_assert_eq!(hidden(&text), None, "{:?}", text);
            }
        }
    }
}

// ---- 7. Silent ignores --------------------------------------------------------------------

#[test]
fn province_codes_are_the_38_of_the_boundary_data() {
    let csv = std::fs::read_to_string(
        std::env::var_os("CARGO_MANIFEST_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
            .join("../data/sources/boundaries/provinces.csv"),
    )
    .unwrap();
    let codes: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(codes, PROVINCE_CODES);
}

#[test]
fn a_region_that_is_not_a_province_is_a_warning() {
    for r in ["99", "00", "1", "123", "<script>", ""] {
        let text = json::Obj::new().str("region_focus", r).done().to_string();
        let (c, w) = Config::parse(&text);
        assert_eq!(c.region_focus, None, "{r:?}");
        assert!(bad("region_focus", &w), "{r:?}");
        let (c, w) = Config::default().with_params(|p| (p == "region").then(|| r.to_string()));
        assert_eq!(c.region_focus, None, "{r:?}");
        assert!(
            matches!(
                w[..],
                [ConfigWarning::Param {
                    param: "region",
                    ..
                }]
            ),
            "{r:?}: {w:?}"
        );
    }
    for code in PROVINCE_CODES {
        let (c, w) = Config::parse(&format!(r#"{{"region_focus": "{code}"}}"#));
        assert_eq!((c.region_focus.as_deref(), w.len()), (Some(code), 0));
    }
}

#[test]
fn a_bad_lang_or_compact_parameter_is_a_warning() {
    for l in ["<script>", "fr", "EN", "", "id;en"] {
        assert!(lang_param(l).is_err(), "{l:?}");
        let (_, w) = Config::default().with_params(|p| (p == "lang").then(|| l.to_string()));
        assert!(
            matches!(w[..], [ConfigWarning::Param { param: "lang", .. }]),
            "{l:?}: {w:?}"
        );
        assert!(w[0].to_string().starts_with("URL parameter lang ignored"));
    }
    assert_eq!(lang_param("id").map(Lang::code), Ok("id"));
    let (_, w) = Config::default().with_params(|p| match p {
        "lang" => Some("en".into()),
        "compact" => Some("1".into()),
        "region" => Some("31".into()),
        _ => None,
    });
    assert_eq!(w, vec![]);
    let (_, w) = Config::default().with_params(|p| (p == "compact").then(|| "yes".into()));
    assert!(matches!(
        w[..],
        [ConfigWarning::Param {
            param: "compact",
            ..
        }]
    ));
}
