//! Prints a varied, deterministic set of reports as JSON Lines, one report a line, exactly as
//! the app sends them: every category, danger and subject, practice and real, with and without
//! each optional field, and awkward text (Unicode, emoji, markup, quotes, line breaks, the
//! longest allowed). `tools/check-schema.mjs` validates them against
//! `public/report.schema.json`.
//!
//! ```sh
//! cargo run -q -p siaga110-core --example sample_reports
//! ```

use siaga110_core::report::{
    uuid_v4, Category, Danger, Draft, Location, LocationSource, PolresRef, Report, Subject,
    DESCRIPTION_MAX, LANDMARK_MAX, NAME_MAX,
};

/// 2026-09-21T14:13:20Z.
const NOW: f64 = 1.79e12;

const DESCRIPTIONS: [&str; 8] = [
    "",
    "Motor saya dicuri di parkiran, plat BK 1234 XY.",
    "Suami tetangga memukul istrinya.\nTerdengar teriakan <b>minta tolong</b>; pintu terkunci.",
    "Tabrakan beruntun 😱🚗💥 — 3 mobil, 1 motor. Jalan \"macet total\" & licin.",
    "<script>alert('x')</script> *tebal* _miring_ ~coret~ `kode` {\"a\": [1, 2]} \\ / ; = %",
    "Anak saya (7 th) hilang di pasar.\n\nBaju merah, celana biru. Nama: Siti Nurhaliza.",
    "Banjir setinggi 1,5 m… warga terjebak di lantai 2. Ça va? Ñandú. 東京. مرحبا. 👨\u{200d}👩\u{200d}👧",
    "Tawuran pelajar di depan SMA 3 — ±30 orang, membawa senjata tajam.",
];

const LANDMARKS: [&str; 4] = [
    "",
    "Gang Mawar No. 3, dekat masjid",
    "Depan Indomaret Jl. Gatot Subroto <km 5>",
    "Jembatan \"Ampera\" sisi ulu 🌉",
];

fn polres(i: usize) -> PolresRef {
    let all = [
        (
            "polrestabes-medan",
            "Polrestabes Medan",
            "Polda Sumatera Utara",
            "Kota Medan",
            "Medan Petisah",
        ),
        (
            "polres-metro-jakarta-pusat",
            "Polres Metro Jakarta Pusat",
            "Polda Metro Jaya",
            "Kota Jakarta Pusat",
            "Gambir",
        ),
        (
            "polresta-pulau-ambon-dan-pulau-pulau-lease",
            "Polresta Pulau Ambon dan Pulau-Pulau Lease",
            "Polda Maluku",
            "Kota Ambon",
            "Sirimau",
        ),
        (
            "polres-jayawijaya",
            "Polres Jayawijaya",
            "Polda Papua Pegunungan",
            "Kabupaten Jayawijaya",
            "Wamena",
        ),
    ];
    let (id, name, polda, kabkota, kecamatan) = all[i % all.len()];
    PolresRef {
        id: id.into(),
        name: name.into(),
        polda: polda.into(),
        kabkota: kabkota.into(),
        kecamatan: kecamatan.into(),
        inside: !i.is_multiple_of(5),
    }
}

fn location(i: usize) -> Option<Location> {
    let f = i as f64;
    let (lat, lon) = (-10.9 + (f * 0.731) % 16.8, 95.1 + (f * 1.937) % 45.8);
    match i % 4 {
        0 => None,
        1 => Some(Location {
            lat,
            lon,
            // Every seventh measured position has an unknown radius (written as null).
            accuracy_m: if i % 7 == 5 {
                f64::INFINITY
            } else {
                4.0 + f * 37.5
            },
            fix_time_ms: NOW - 1_000.0 * f - 321.0,
            source: LocationSource::Device,
            label: None,
        }),
        2 => Some(Location {
            lat,
            lon,
            accuracy_m: 0.0,
            fix_time_ms: NOW - 60_000.0,
            source: LocationSource::Manual,
            label: Some("Medan Petisah, Kota Medan".into()),
        }),
        _ => Some(Location {
            lat: -lat.abs() * 1e-6, // on the equator, just south
            lon,
            accuracy_m: 0.0,
            fix_time_ms: NOW,
            source: LocationSource::Manual,
            label: None,
        }),
    }
}

fn main() {
    let dangers = [Danger::Unknown, Danger::Ongoing, Danger::Over];
    let mut reports = Vec::new();
    for i in 0..48 {
        let location = location(i);
        let landmark = match (i % 3, &location) {
            (0, Some(_)) => "",
            (_, None) => LANDMARKS[1 + i % 3], // nowhere without a landmark is not a report
            _ => LANDMARKS[i % LANDMARKS.len()],
        };
        let draft = Draft {
            category: Some(Category::ALL[i % 8]),
            description: DESCRIPTIONS[i % DESCRIPTIONS.len()].into(),
            danger: dangers[i % 3],
            injured: ["", "0", "2", " 9999 "][i % 4].into(),
            landmark: landmark.into(),
            minutes_ago: [0, 5, 90, 44_640][(i / 2) % 4],
            subject: if i.is_multiple_of(2) {
                Subject::Me
            } else {
                Subject::Other
            },
            text_only: (i / 4) % 3 == 1,
            name: ["", "Budi Santoso", "  Dewi  ", "Ñoño O'Brien-Ünal 👮"][(i / 3) % 4].into(),
            phone: ["", "0812-3456-7890", "+62 21 500 110", "110110"][(i / 5) % 4].into(),
        };
        let mut id = [0u8; 16];
        for (k, b) in id.iter_mut().enumerate() {
            *b = (i * 37 + k * 11) as u8;
        }
        let polres = (i % 3 != 2).then(|| polres(i));
        reports.push((
            draft,
            uuid_v4(id),
            NOW + i as f64 * 61_000.0,
            location,
            polres,
            i % 5 == 1,
        ));
    }
    // The longest of everything.
    let longest = Draft {
        category: Some(Category::Other),
        description: "Panjang 😀\n".repeat(DESCRIPTION_MAX)[..]
            .chars()
            .take(DESCRIPTION_MAX)
            .collect(),
        landmark: "L".repeat(LANDMARK_MAX),
        name: "N".repeat(NAME_MAX),
        injured: "9999".into(),
        phone: "+123456789012345".into(),
        ..Draft::default()
    };
    reports.push((
        longest,
        uuid_v4([0xff; 16]),
        253_402_300_799_000.0,
        location(1),
        Some(polres(2)),
        false,
    ));

    for (draft, id, now, location, polres, exercise) in reports {
        match Report::from_draft(&draft, &id, now, location, polres, exercise) {
            Ok(r) => println!("{}", r.to_json()),
            Err(e) => {
                eprintln!("sample_reports: a sample is not a valid report ({e:?}): {draft:?}");
                std::process::exit(1);
            }
        }
    }
}
