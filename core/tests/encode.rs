//! The report's texts (plain, WhatsApp, compact SMS), SMS segments, and reading the SMS back:
//! whole-text examples for one report, then properties over arbitrary reports and inputs.
use proptest::prelude::*;
use siaga110_core::encode::{
    decode_sms, plain, segments, sms, whatsapp, Labels, SmsEncoding, SmsError, SmsLocation,
    SmsReport, GSM7_PART, GSM7_SINGLE, HEADER_MAX, UCS2_PART, UCS2_SINGLE,
};
use siaga110_core::report::{
    clean_text, rfc3339, uuid_v4, Category, Danger, Draft, Location, LocationSource, PolresRef,
    Report, Reporter, Subject,
};

/// The Indonesian words, as the app's translation file has them.
const ID: Labels<'static> = Labels {
    title: "LAPORAN DARURAT (Siaga110)",
    exercise: "LATIHAN – bukan laporan sungguhan",
    category: [
        "Kejahatan / pencurian",
        "Kekerasan / KDRT",
        "Kecelakaan lalu lintas",
        "Kebakaran",
        "Orang hilang",
        "Gangguan ketertiban",
        "Bencana",
        "Lainnya",
    ],
    danger_ongoing: "Bahaya masih berlangsung",
    danger_over: "Kejadian sudah selesai",
    injured: "Korban luka",
    when_now: "Terjadi sekarang",
    when_ago: "Terjadi {m} menit lalu",
    subject_other: "Untuk orang lain (pelapor saksi)",
    text_only: "Pelapor tidak bisa bicara – hubungi lewat pesan",
    landmark: "Patokan",
    location: "Lokasi",
    accuracy: "akurasi ±{m} m",
    manual: "dipilih manual",
    polres: "Polres",
    reporter: "Pelapor",
    time: "Waktu",
    footer: "Dikirim lewat Siaga110 (bukan layanan resmi Polri)",
};

const UUID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
/// 2026-09-21T14:13:20Z.
const NOW: f64 = 1.79e12;

fn medan() -> PolresRef {
    PolresRef {
        id: "polrestabes-medan".into(),
        name: "Polrestabes Medan".into(),
        polda: "Polda Sumatera Utara".into(),
        kabkota: "Kota Medan".into(),
        kecamatan: "Medan Petisah".into(),
        inside: true,
    }
}

/// One report with every field filled in.
fn full() -> Report {
    let d = Draft {
        category: Some(Category::Violence),
        description: "Suami tetangga memukul istrinya.\nTerdengar teriakan <b>minta tolong</b>; pintu terkunci.".into(),
        danger: Danger::Ongoing,
        injured: "1".into(),
        landmark: "Gang Mawar No. 3, dekat masjid".into(),
        minutes_ago: 5,
        subject: Subject::Other,
        text_only: true,
        name: "Budi Santoso".into(),
        phone: "0812-3456-7890".into(),
    };
    let at = Location {
        lat: 3.5952,
        lon: 98.6722,
        accuracy_m: 12.4,
        fix_time_ms: NOW - 10_000.0,
        source: LocationSource::Device,
        label: None,
    };
    Report::from_draft(&d, UUID, NOW, Some(at), Some(medan()), false).unwrap()
}

const FULL_PLAIN: &str = "\
LAPORAN DARURAT (Siaga110)
Kekerasan / KDRT – Bahaya masih berlangsung
Korban luka: 1
Terjadi 5 menit lalu
Untuk orang lain (pelapor saksi)
Pelapor tidak bisa bicara – hubungi lewat pesan

Suami tetangga memukul istrinya.
Terdengar teriakan <b>minta tolong</b>; pintu terkunci.

Lokasi: 3.59520, 98.67220 (akurasi ±12 m)
Plus Code: 6MMWHMWC+3V
https://www.openstreetmap.org/?mlat=3.59520&mlon=98.67220#map=17/3.59520/98.67220
Patokan: Gang Mawar No. 3, dekat masjid
Polres: Polrestabes Medan, Polda Sumatera Utara, Medan Petisah, Kota Medan
Pelapor: Budi Santoso, 081234567890
Waktu: 21-09-2026 21:13 (UTC+7)
ID: 0f8fad5b-d9cb-469f-a165-70867728950e

Dikirim lewat Siaga110 (bukan layanan resmi Polri)";

const FULL_HEADER: &str = "SIAGA110=1;id=0f8fad5b;c=violence;lt=+3.59520;lg=+98.67220;rd=12;\
top=20260921141310;pr=polrestabes-medan;dg=ongoing;in=1;to=1";

const FULL_SMS_TEXT: &str = "Kekerasan / KDRT. Bahaya masih berlangsung. Korban luka: 1. \
Pelapor tidak bisa bicara - hubungi lewat pesan. Patokan: Gang Mawar No. 3, dekat masjid. \
Suami tetangga memukul istrinya. Terdengar teriakan <b>minta tolong</b>; pintu terkunci. \
Pelapor: 081234567890";

#[test]
fn plain_text_of_a_full_report() {
    assert_eq!(plain(&full(), &ID, 7 * 60), FULL_PLAIN);
}

#[test]
fn whatsapp_only_bolds_the_title() {
    let expected = FULL_PLAIN.replacen(
        "LAPORAN DARURAT (Siaga110)",
        "*LAPORAN DARURAT (Siaga110)*",
        1,
    );
    assert_eq!(whatsapp(&full(), &ID, 7 * 60), expected);
    // The person's text is never formatted or escaped.
    let mut r = full();
    r.description = "*tebal* _miring_ ~coret~ ```kode```".into();
    assert!(whatsapp(&r, &ID, 0).contains("\n\n*tebal* _miring_ ~coret~ ```kode```\n\n"));
}

#[test]
fn plain_text_of_a_minimal_report() {
    let d = Draft {
        category: Some(Category::Fire),
        landmark: "Pasar Petisah".into(),
        ..Draft::default()
    };
    let r = Report::from_draft(&d, UUID, NOW, None, None, true).unwrap();
    assert_eq!(
        plain(&r, &ID, 0),
        "\
LAPORAN DARURAT (Siaga110)
LATIHAN – bukan laporan sungguhan
Kebakaran
Terjadi sekarang

Patokan: Pasar Petisah
Waktu: 21-09-2026 14:13 (UTC)
ID: 0f8fad5b-d9cb-469f-a165-70867728950e

Dikirim lewat Siaga110 (bukan layanan resmi Polri)"
    );
    assert_eq!(
        sms(&r, &ID, 1),
        "SIAGA110=1;id=0f8fad5b;c=fire;ex=1\n\
         LATIHAN - bukan laporan sungguhan. Kebakaran. Patokan: Pasar Petisah"
    );
}

#[test]
fn manual_place_says_so_and_has_no_radius() {
    let mut r = full();
    r.location = Some(Location {
        lat: -0.000001,
        lon: 109.3333,
        accuracy_m: 0.0,
        fix_time_ms: NOW,
        source: LocationSource::Manual,
        label: Some("Kec. Pontianak Kota".into()),
    });
    let text = plain(&r, &ID, 7 * 60);
    assert!(text.contains("\nLokasi: 0.00000, 109.33330 (dipilih manual: Kec. Pontianak Kota)\n"));
    assert!(text.contains(
        "\nhttps://www.openstreetmap.org/?mlat=0.00000&mlon=109.33330#map=17/0.00000/109.33330\n"
    ));
    let header = sms(&r, &ID, 3).lines().next().unwrap().to_string();
    assert!(header.contains(";lt=+0.00000;lg=+109.33330;top=20260921141320;pm=m;pr="));
    let back = decode_sms(&header).unwrap().location.unwrap();
    assert_eq!((back.radius_m, back.source), (None, LocationSource::Manual));

    r.location.as_mut().unwrap().label = None;
    assert!(plain(&r, &ID, 0).contains("\nLokasi: 0.00000, 109.33330 (dipilih manual)\n"));
}

#[test]
fn local_time_and_offsets() {
    let r = full(); // 14:13:20 UTC
    let time = |tz| {
        plain(&r, &ID, tz)
            .lines()
            .find(|l| l.starts_with("Waktu: "))
            .unwrap()
            .to_string()
    };
    assert_eq!(time(330), "Waktu: 21-09-2026 19:43 (UTC+5:30)");
    assert_eq!(time(-180), "Waktu: 21-09-2026 11:13 (UTC-3)");
    assert_eq!(time(-570), "Waktu: 21-09-2026 04:43 (UTC-9:30)");
    assert_eq!(
        time(19 * 60),
        "Waktu: 21-09-2026 14:13 (UTC)",
        "beyond ±18 h: UTC"
    );
    assert_eq!(time(0), "Waktu: 21-09-2026 14:13 (UTC)");
}

#[test]
fn broken_values_are_left_out_not_panicked_on() {
    let mut r = full();
    r.location.as_mut().unwrap().lat = f64::NAN;
    r.location.as_mut().unwrap().fix_time_ms = f64::INFINITY;
    r.created_at = "yesterday".into();
    r.polres.as_mut().unwrap().id = "Polres; Medan=1\nX".into();
    r.id = "not;a=uuid\n".into();
    let text = plain(&r, &ID, i32::MIN);
    assert!(!text.contains("Lokasi") && !text.contains("Waktu") && !text.contains("Plus Code"));
    let out = sms(&r, &ID, 1);
    let header = out.lines().next().unwrap();
    assert_eq!(
        header,
        "SIAGA110=1;id=a0000000;c=violence;pr=polresmedan1x;dg=ongoing;in=1;to=1"
    );
    assert!(decode_sms(&out).is_ok());
}

#[test]
fn sms_of_a_full_report() {
    let text = sms(&full(), &ID, 3);
    assert_eq!(text, format!("{FULL_HEADER}\n{FULL_SMS_TEXT}"));
    let s = segments(&text);
    assert_eq!((s.encoding, s.count), (SmsEncoding::Gsm7, 3));
    assert!(s.parts[0].starts_with(&format!("{FULL_HEADER}\n")));
    assert_eq!(
        decode_sms(&text).unwrap(),
        SmsReport {
            version: 1,
            id_prefix: "0f8fad5b".into(),
            category: Category::Violence,
            location: Some(SmsLocation {
                lat: 3.5952,
                lon: 98.6722,
                radius_m: Some(12),
                time_ms: Some(NOW - 10_000.0),
                source: LocationSource::Device,
            }),
            polres: Some("polrestabes-medan".into()),
            danger: Danger::Ongoing,
            injured: Some(1),
            exercise: false,
            text_only: true,
            text: FULL_SMS_TEXT.into(),
        }
    );
    // Fewer segments: the description is shortened first, the phone is kept.
    let two = sms(&full(), &ID, 2);
    assert_eq!(
        two,
        format!(
            "{FULL_HEADER}\nKekerasan / KDRT. Bahaya masih berlangsung. Korban luka: 1. \
             Pelapor tidak bisa bicara - hubungi lewat pesan. Patokan: Gang Mawar No. 3, dekat \
             masjid. Suami... Pelapor: 081234567890"
        )
    );
    assert_eq!(
        two.chars().count(),
        2 * GSM7_PART,
        "as long as two segments allow"
    );
    assert_eq!(segments(&two).count, 2);
    // One segment: not even the sentences before the description fit, so they are cut.
    let one = sms(&full(), &ID, 1);
    assert_eq!(segments(&one).count, 1);
    assert!(one.starts_with(&format!("{FULL_HEADER}\nKekerasan / KDRT. Bahaya")));
    assert!(one.ends_with("..."));
    assert_eq!(sms(&full(), &ID, 0), one, "0 segments counts as 1");
}

#[test]
fn sms_text_is_gsm_7bit() {
    let mut r = full();
    r.description =
        "“Tolong” – cepat… ‘kami’ di lantai 2 😭😭 👨‍👩‍👧 café Ç ç Ł 東京 ｔｅｓｔ {€} a\u{301}".into();
    r.reporter.phone = None;
    let text = sms(&r, &ID, 5);
    assert_eq!(segments(&text).encoding, SmsEncoding::Gsm7);
    assert!(
        text.ends_with("\"Tolong\" - cepat... 'kami' di lantai 2 ? ? café Ç c L ? test {€} a"),
        "{text}"
    );
}

#[test]
fn long_polres_id_is_left_out_rather_than_pushing_the_header_out_of_segment_one() {
    let mut r = full();
    r.exercise = true;
    r.injured = Some(4_000_000_000);
    r.location.as_mut().unwrap().accuracy_m = 4e9;
    r.location.as_mut().unwrap().lat = -10.999_999;
    r.location.as_mut().unwrap().lon = 140.999_999;
    r.category = Category::Disorder;
    r.polres.as_mut().unwrap().id = "polresta-pulau-ambon-dan-pulau-pulau-lease".into();
    let text = sms(&r, &ID, 1);
    let header = text.lines().next().unwrap();
    assert!(header.len() <= HEADER_MAX, "{}", header.len());
    assert!(!header.contains(";pr="));
    assert_eq!(segments(&text).count, 1);
    // The longest Polres id in the data (42 characters) fits next to a realistic position.
    r.injured = Some(12);
    r.location.as_mut().unwrap().accuracy_m = 2500.0;
    r.exercise = false;
    r.text_only = false;
    assert!(sms(&r, &ID, 1).contains(";pr=polresta-pulau-ambon-dan-pulau-pulau-lease;"));
}

#[test]
fn decode_errors_and_tolerance() {
    let ok = "SIAGA110=1;id=0f8fad5b;c=fire";
    assert_eq!(decode_sms(ok).unwrap().text, "");
    assert_eq!(
        decode_sms(&format!("\u{feff} {ok};\r\nteks\nlagi"))
            .unwrap()
            .text,
        "teks\nlagi"
    );
    assert_eq!(
        decode_sms(&format!("{ok};zz=1;;q=;x9=a+b"))
            .unwrap()
            .category,
        Category::Fire
    );
    let reorder = decode_sms("SIAGA110=1;c=missing;lg=+98.5;to=1;lt=-0.5;id=ABCDEF01").unwrap();
    assert_eq!(reorder.id_prefix, "abcdef01");
    assert_eq!(
        reorder.location.as_ref().map(|l| (l.lat, l.lon)),
        Some((-0.5, 98.5))
    );
    assert!(reorder.text_only && !reorder.exercise);

    let err = |s: &str| decode_sms(s).unwrap_err();
    let bad = |k: &str, v: &str| SmsError::BadValue {
        key: k.into(),
        value: v.into(),
    };
    assert_eq!(err(""), SmsError::NotSiaga110);
    assert_eq!(err("siaga110=1;id=0f8fad5b;c=fire"), SmsError::NotSiaga110);
    assert_eq!(err("A\"ML=1;lt=+51.53321"), SmsError::NotSiaga110);
    assert_eq!(err("SIAGA110=x"), bad("SIAGA110", "x"));
    assert_eq!(err("SIAGA110=99999999999"), bad("SIAGA110", "99999999999"));
    assert_eq!(err("SIAGA110=2"), SmsError::Version(2));
    assert_eq!(err("SIAGA110=1;c=fire"), SmsError::Missing("id"));
    assert_eq!(err("SIAGA110=1;id=0f8fad5b"), SmsError::Missing("c"));
    assert_eq!(
        err(&format!("{ok};c=fire")),
        SmsError::Duplicate("c".into())
    );
    assert_eq!(
        err(&format!("{ok};SIAGA110=1")),
        SmsError::Duplicate("SIAGA110".into())
    );
    assert_eq!(
        err(&format!("{ok};flag")),
        SmsError::Malformed("flag".into())
    );
    assert_eq!(err("SIAGA110=1;id=0f8fad5;c=fire"), bad("id", "0f8fad5"));
    assert_eq!(err("SIAGA110=1;id=0f8fad5g;c=fire"), bad("id", "0f8fad5g"));
    assert_eq!(err("SIAGA110=1;id=0f8fad5b;c=Fire"), bad("c", "Fire"));
    for (k, v) in [
        ("lt", "+90.1"),
        ("lt", "1e1"),
        ("lt", "NaN"),
        ("lt", "+.5"),
        ("lt", "5."),
        ("lt", "++5"),
        ("lg", "-180.00001"),
        ("rd", "-1"),
        ("rd", "+1"),
        ("rd", "1.5"),
        ("top", "20261328184510"),
        ("top", "2026112818451"),
        ("pm", "x"),
        ("pr", "Polres"),
        ("pr", ""),
        ("dg", "now"),
        ("in", "4294967296"),
        ("ex", "true"),
        ("to", ""),
    ] {
        assert_eq!(err(&format!("{ok};{k}={v}")), bad(k, v), "{k}={v}");
    }
    assert_eq!(err(&format!("{ok};lt=+1")), SmsError::Location);
    assert_eq!(err(&format!("{ok};lg=+100")), SmsError::Location);
    assert_eq!(err(&format!("{ok};rd=5")), SmsError::Location);
    assert_eq!(err(&format!("{ok};pm=m")), SmsError::Location);
    assert_eq!(err(&format!("{ok};top=20261128184510")), SmsError::Location);
    let long = "x".repeat(1000);
    match err(&format!("{ok};c{long}")) {
        SmsError::Malformed(s) => assert_eq!(s.chars().count(), 40),
        e => panic!("{e}"),
    }
    assert!(SmsError::Missing("id").to_string().contains("id"));
}

#[test]
fn segment_boundaries() {
    let count = |s: &str| segments(s).count;
    assert_eq!(segments("").parts, vec![String::new()]);
    assert_eq!(count(""), 1);
    assert_eq!(count(&"a".repeat(GSM7_SINGLE)), 1);
    assert_eq!(count(&"a".repeat(GSM7_SINGLE + 1)), 2);
    assert_eq!(count(&"a".repeat(GSM7_PART * 2)), 2);
    assert_eq!(count(&"a".repeat(GSM7_PART * 2 + 1)), 3);
    assert_eq!(
        count(&"é".repeat(GSM7_SINGLE)),
        1,
        "é is in the GSM alphabet"
    );
    assert_eq!(count(&"€".repeat(81)), 2, "162 septets");
    // An extension character never straddles two parts.
    let s = segments(&format!("{}€{}", "a".repeat(152), "a".repeat(10)));
    assert_eq!(s.parts[0], "a".repeat(152));
    assert_eq!(segments(&"á".repeat(UCS2_SINGLE)).count, 1);
    let s = segments(&"á".repeat(UCS2_SINGLE + 1));
    assert_eq!((s.encoding, s.count), (SmsEncoding::Ucs2, 2));
    assert_eq!(s.parts[0].chars().count(), UCS2_PART);
    assert_eq!(count(&"😀".repeat(35)), 1, "70 UTF-16 units");
    assert_eq!(count(&"😀".repeat(36)), 2);
    assert_eq!(
        segments("`").encoding,
        SmsEncoding::Ucs2,
        "the backtick is not GSM"
    );
}

// -------------------------------------------------------------------------------------------
// Properties.

/// Text with a bias towards what breaks encoders: emoji (with joiners and skin tones),
/// markup, the header's `;` and `=`, line breaks, GSM extension and non-GSM characters.
fn tricky_text(max: usize) -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        "😀",
        "👍🏽",
        "👨\u{200d}👩\u{200d}👧",
        "<b>",
        "</script>",
        "*",
        "_",
        "~",
        ";",
        "=",
        "\n",
        "\r\n",
        "\t",
        "\u{0}",
        "…",
        "’",
        "–",
        "€",
        "[",
        "]",
        "{",
        "|",
        "é",
        "á",
        "東",
        "\u{301}",
        "SIAGA110=1;id=00000000;c=fire\n",
        "  ",
        "...",
    ]);
    let piece = prop_oneof![
        3 => "[a-zA-Z0-9 .,]{1,12}",
        1 => any::<char>().prop_map(String::from),
        1 => special.prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..max)
        .prop_map(move |v| v.concat().chars().take(max * 4).collect())
}

fn category() -> impl Strategy<Value = Category> {
    prop::sample::select(Category::ALL.to_vec())
}

fn danger() -> impl Strategy<Value = Danger> {
    prop::sample::select(vec![Danger::Unknown, Danger::Ongoing, Danger::Over])
}

fn location() -> impl Strategy<Value = Location> {
    (
        -11.0..6.0f64,
        95.0..141.0f64,
        0.0..5000.0f64,
        1_600_000_000_000u64..2_000_000_000_000,
        any::<bool>(),
        prop::option::of("[A-Za-z .]{0,40}"),
    )
        .prop_map(|(lat, lon, acc, fix, manual, label)| {
            // Whole milliseconds, as Location::from_fix makes them.
            let fix = fix as f64;
            if manual {
                Location {
                    lat,
                    lon,
                    accuracy_m: 0.0,
                    fix_time_ms: fix,
                    source: LocationSource::Manual,
                    label,
                }
            } else {
                Location {
                    lat,
                    lon,
                    accuracy_m: acc,
                    fix_time_ms: fix,
                    source: LocationSource::Device,
                    label: None,
                }
            }
        })
}

fn polres() -> impl Strategy<Value = PolresRef> {
    (
        "[a-z][a-z0-9-]{0,41}",
        "[A-Za-z ]{1,40}",
        "[A-Za-z ]{1,30}",
        any::<bool>(),
    )
        .prop_map(|(id, name, polda, inside)| PolresRef {
            id,
            name,
            polda,
            kabkota: "Kota Medan".into(),
            kecamatan: "Medan Baru".into(),
            inside,
        })
}

prop_compose! {
    fn report()(
        id in any::<[u8; 16]>(),
        created in 1.6e12..2.0e12f64,
        exercise in any::<bool>(),
        category in category(),
        description in tricky_text(500),
        danger in danger(),
        injured in prop::option::of(0u32..=9999),
        minutes_ago in 0u32..=44_640,
        other in any::<bool>(),
        text_only in any::<bool>(),
        landmark in tricky_text(50),
        location in prop::option::of(location()),
        polres in prop::option::of(polres()),
        name in prop::option::of(tricky_text(20)),
        phone in prop::option::of("\\+?[0-9]{6,15}"),
    ) -> Report {
        let description: String = clean_text(&description, true).chars().take(2000).collect();
        let landmark: String = clean_text(&landmark, false).chars().take(200).collect();
        Report {
            version: 1,
            id: uuid_v4(id),
            created_at: rfc3339(created).unwrap(),
            exercise,
            category,
            description,
            danger,
            injured,
            minutes_ago,
            subject: if other { Subject::Other } else { Subject::Me },
            text_only,
            landmark,
            location,
            polres,
            reporter: Reporter {
                name: name.map(|n| clean_text(&n, false)).filter(|n| !n.is_empty()),
                phone,
            },
        }
    }
}

/// The text after the header, for a report sent in as many segments as it needs.
fn untruncated(r: &Report) -> String {
    let text = sms(r, &ID, usize::MAX);
    text.split_once('\n').unwrap().1.to_string()
}

/// Header strings, mostly well formed, with plausible and implausible items, to reach every
/// corner of the parser (and the writer, through `decode_reencode`).
fn header_like() -> impl Strategy<Value = String> {
    let item = prop_oneof![
        1 => "[0-9a-fA-F]{8}".prop_map(|v| format!("id={v}")),
        1 => prop::sample::select(Category::ALL.to_vec()).prop_map(|c| format!("c={}", c.code())),
        4 => ("[+-]?[0-9]{1,2}(\\.[0-9]{1,8})?", "[+-]?1?[0-9]{1,2}(\\.[0-9]{1,8})?")
            .prop_map(|(lt, lg)| format!("lt={lt};lg={lg}")),
        1 => "[+-]?[0-9]{1,2}(\\.[0-9]{1,8})?".prop_map(|v| format!("lt={v}")),
        1 => "[+-]?1?[0-9]{1,2}(\\.[0-9]{1,8})?".prop_map(|v| format!("lg={v}")),
        2 => "[0-9]{1,10}".prop_map(|v| format!("rd={v}")),
        2 => "(19[0-9]{2}|[2-9][0-9]{3})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])([01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]".prop_map(|v| format!("top={v}")),
        1 => "[dm]".prop_map(|v| format!("pm={v}")),
        2 => "[a-z0-9._-]{1,60}".prop_map(|v| format!("pr={v}")),
        2 => prop::sample::select(vec!["unknown", "ongoing", "over"]).prop_map(|v| format!("dg={v}")),
        2 => "[0-9]{1,10}".prop_map(|v| format!("in={v}")),
        1 => "[01]".prop_map(|v| format!("ex={v}")),
        1 => "[01]".prop_map(|v| format!("to={v}")),
        2 => "[a-z]{1,3}=[^;\n]{0,20}",
        1 => any::<String>(),
    ];
    (
        prop_oneof![8 => Just("SIAGA110=1"), 1 => Just("SIAGA110=01"), 1 => Just("SIAGA110=2"), 1 => Just("X=1"), 1 => Just("")],
        "[0-9a-f]{8}",
        prop::sample::select(Category::ALL.to_vec()),
        prop::collection::vec(item, 0..8),
        any::<String>(),
    )
        .prop_flat_map(|(start, id, c, mut items, text)| {
            items.push(format!("id={id}"));
            items.push(format!("c={}", c.code()));
            (Just(start), Just(items).prop_shuffle(), Just(text))
        })
        .prop_map(|(start, items, text)| format!("{start};{}\n{text}", items.join(";")))
}

/// What the fuzz target checks: reading never panics, and what was read writes back to a
/// header that reads back the same.
fn decode_reencode(input: &str) {
    if let Ok(first) = decode_sms(input) {
        let header = first.header();
        assert!(header.len() <= HEADER_MAX || first.polres.is_none());
        assert!(!header.contains('\n'));
        let again =
            decode_sms(&format!("{header}\n{}", first.text)).expect("a written header reads back");
        assert_eq!(again.header(), header);
        assert_eq!(again.text, first.text);
        assert_eq!(
            (again.id_prefix.as_str(), again.category),
            (first.id_prefix.as_str(), first.category)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn sms_reads_back_and_fits(r in report(), n in 1usize..=4) {
        let text = sms(&r, &ID, n);
        let s = segments(&text);
        prop_assert!(s.count <= n, "{} segments > {n}", s.count);
        prop_assert_eq!(s.encoding, SmsEncoding::Gsm7);
        prop_assert_eq!(s.parts.concat(), text.clone());
        let (header, _) = text.split_once('\n').unwrap();
        prop_assert!(header.len() <= HEADER_MAX);
        let first_line = format!("{header}\n");
        prop_assert!(s.parts[0].starts_with(&first_line));

        let back = decode_sms(&text).unwrap();
        prop_assert_eq!(back.version, 1);
        prop_assert_eq!(&back.id_prefix, &r.id[..8]);
        prop_assert_eq!(back.category, r.category);
        prop_assert_eq!(back.danger, r.danger);
        prop_assert_eq!(back.injured, r.injured);
        prop_assert_eq!(back.exercise, r.exercise);
        prop_assert_eq!(back.text_only, r.text_only);
        match (&r.polres, &back.polres) {
            (Some(p), Some(q)) => prop_assert_eq!(&p.id, q),
            (Some(p), None) => prop_assert!(header.len() + 4 + p.id.len() > HEADER_MAX),
            (None, q) => prop_assert_eq!(q, &None),
        }
        match (&r.location, &back.location) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                prop_assert!((a.lat - b.lat).abs() <= 0.5e-5 + 1e-9, "{} {}", a.lat, b.lat);
                prop_assert!((a.lon - b.lon).abs() <= 0.5e-5 + 1e-9, "{} {}", a.lon, b.lon);
                prop_assert_eq!(b.source, a.source);
                let radius = (a.source == LocationSource::Device).then(|| a.accuracy_m.round() as u32);
                prop_assert_eq!(b.radius_m, radius);
                prop_assert_eq!(b.time_ms, Some((a.fix_time_ms / 1000.0).floor() * 1000.0));
            }
            (a, b) => prop_assert!(false, "{a:?} became {b:?}"),
        }

        // The text is the whole text, or a shortened one: what comes before the added
        // "..." starts the whole text (or the text without the description, when even that
        // had to be cut), and what follows it ends the whole text.
        let whole = untruncated(&r);
        if back.text != whole {
            let cut = back.text.rfind("...").unwrap();
            let (before, after) = (&back.text[..cut], &back.text[cut + 3..]);
            let bare = untruncated(&Report { description: String::new(), ..r.clone() });
            prop_assert!(whole.starts_with(before) || bare.starts_with(before), "{before:?}");
            prop_assert!(whole.ends_with(after.trim_start()), "{after:?}");
            prop_assert!(n < 4 || whole.chars().count() > 3 * GSM7_PART - header.len());
        }
    }

    #[test]
    fn segments_cover_the_text(text in prop_oneof![tricky_text(300), any::<String>(), "[a-z€\\[]{0,400}"]) {
        let s = segments(&text);
        prop_assert_eq!(s.parts.concat(), text.clone());
        prop_assert_eq!(s.count, s.parts.len());
        prop_assert!(s.count >= 1);
        let units = |p: &str| -> usize {
            match s.encoding {
                SmsEncoding::Gsm7 => p.chars().map(|c| if "\u{c}^{}\\[~]|€".contains(c) { 2 } else { 1 }).sum(),
                SmsEncoding::Ucs2 => p.encode_utf16().count(),
            }
        };
        let (single, part) = match s.encoding {
            SmsEncoding::Gsm7 => (GSM7_SINGLE, GSM7_PART),
            SmsEncoding::Ucs2 => (UCS2_SINGLE, UCS2_PART),
        };
        if s.count == 1 {
            prop_assert!(units(&text) <= single);
        } else {
            prop_assert!(units(&text) > single);
            for p in &s.parts {
                prop_assert!(!p.is_empty() && units(p) <= part);
            }
            // Greedy: each part but the last is too full to take the next character.
            for w in s.parts.windows(2) {
                let next = w[1].chars().next().unwrap();
                prop_assert!(units(&w[0]) + units(&next.to_string()) > part);
            }
        }
    }

    #[test]
    fn decode_never_panics_on_any_string(input in any::<String>()) {
        decode_reencode(&input);
    }

    #[test]
    fn decode_never_panics_on_header_like_strings(input in header_like()) {
        decode_reencode(&input);
    }

    #[test]
    fn plain_and_whatsapp_never_panic(r in report(), tz in any::<i32>()) {
        let p = plain(&r, &ID, tz);
        let w = whatsapp(&r, &ID, tz);
        prop_assert!(p.starts_with("LAPORAN DARURAT (Siaga110)\n"));
        prop_assert_eq!(w.replacen("*LAPORAN DARURAT (Siaga110)*", "LAPORAN DARURAT (Siaga110)", 1), p.clone());
        if !r.description.is_empty() {
            let block = format!("\n\n{}\n\n", r.description);
            prop_assert!(p.contains(&block), "the description is verbatim");
        }
    }

    #[test]
    fn json_round_trip(r in report()) {
        let mut back = Report::from_json(&r.to_json()).unwrap();
        // serde_json (without its `float_roundtrip` feature) may read a float back one unit
        // in the last place off: allow exactly that, nothing more.
        if let (Some(a), Some(b)) = (&r.location, &mut back.location) {
            for (x, y) in [(a.lat, &mut b.lat), (a.lon, &mut b.lon), (a.accuracy_m, &mut b.accuracy_m)] {
                prop_assert!(x.to_bits().abs_diff(y.to_bits()) <= 1, "{x} read back as {y}");
                *y = x;
            }
        }
        prop_assert_eq!(back, r);
    }
}
