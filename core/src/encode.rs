//! A [`Report`] as text for people and machines: [`plain`] for share and copy, [`whatsapp`] for
//! WhatsApp, and the compact [`sms`] whose first line a machine can parse ([`decode_sms`]) and
//! a person can still read. [`segments`] counts and splits any text into SMS parts.
//!
//! Pure: every human-readable word comes from the caller's [`Labels`] (the app's translation
//! files); this module adds only numbers, codes, links and punctuation. User text is data: it
//! is copied as it is, never turned into markup and never interpreted.
//!
//! # The compact SMS
//!
//! In the spirit of ETSI TS 103 625 "Advanced Mobile Location" (`A"ML=1;lt=+51.53321;…`):
//! one header line, a line feed, then a short text for a person.
//!
//! ```text
//! SIAGA110=1;id=0f8fad5b;c=violence;lt=+3.59520;lg=+98.67220;rd=12;top=20260921141310;pr=polrestabes-medan;dg=ongoing;in=1;to=1
//! Kekerasan / KDRT. Bahaya masih berlangsung. Korban luka: 1. Pelapor tidak bisa bicara - hubungi lewat pesan. Patokan: Gang Mawar No. 3, dekat masjid. Suami tetangga memukul istrinya. Terdengar teriakan <b>minta tolong</b>; pintu terkunci. Pelapor: 081234567890
//! ```
//!
//! The full specification, for the people who receive these messages, is
//! `docs/report-format.md`.
//!
//! Grammar of the header (ABNF, RFC 5234; the whole message is `header LF text`):
//!
//! ```text
//! header  = "SIAGA110=" version *( ";" key "=" value )
//! version = 1*DIGIT                   ; 1 for this format
//! key     = 1*( ALPHA / DIGIT )
//! value   = *( %x21-3A / %x3C / %x3E-7E ) ; printable ASCII without ";" and "="
//! ```
//!
//! | key   | value                                           | when                         |
//! |-------|-------------------------------------------------|------------------------------|
//! | `id`  | first 8 hex digits of the report's UUID         | always                       |
//! | `c`   | category code (`theft`, `violence`, `traffic`, `fire`, `missing`, `disorder`, `disaster`, `other`) | always |
//! | `lt`  | latitude, sign always, 5 decimals (`+3.59520`)  | with a position              |
//! | `lg`  | longitude, sign always, 5 decimals (`+98.67220`)| with a position              |
//! | `rd`  | accuracy radius in whole metres                 | with a measured position     |
//! | `top` | time of the position fix, UTC, `yyyyMMddHHmmss` | with a position              |
//! | `pm`  | `m`: a place chosen by name, not measured       | only then (no `rd` then)     |
//! | `pr`  | the responsible Polres's id (`polrestabes-medan`) | with a Polres              |
//! | `dg`  | `ongoing` or `over` (is the danger still there) | when said                    |
//! | `in`  | number of people hurt                           | when known                   |
//! | `ex`  | `1`: a practice report, not a real emergency    | only then                    |
//! | `to`  | `1`: the person cannot speak, reply by text     | only then                    |
//!
//! The writer puts the keys in this order and never writes an empty value; a reader must
//! accept any order. A reader ignores keys it does not know (later minor additions), but
//! rejects a header whose version it does not know, a known key given twice, an item without
//! `=`, a missing `id` or `c`, a bad value of a known key, `lt` without `lg` (or the reverse),
//! and `rd`, `top` or `pm` without a position. A trailing `\r` on the header line, and spaces
//! or a byte-order mark around it, are ignored.
//!
//! The header is at most [`HEADER_MAX`] characters, so with its line feed it always lies in
//! the first SMS segment; in the rare case that all optional keys together would be longer,
//! `pr` is left out. The text after it is written in the GSM 7-bit alphabet only (so that the
//! message is sent as GSM 7-bit, 160 or 153 characters a segment, not UCS-2 at 70 or 67):
//! typographic quotes and dashes become `'`, `"` and `-`, `…` becomes `...`, Latin letters
//! outside the alphabet lose their accents, invisible characters are dropped, and anything
//! else (emoji, other scripts) becomes one `?`. When the message would need more segments than
//! allowed, the description is shortened and ends in `...` (three dots, because `…` is not in
//! the GSM alphabet and would make the whole message UCS-2).

use crate::olc;
use crate::report::{
    civil, clean_text, from_civil, is_invisible_control, parse_rfc3339, Category, Danger,
    LocationSource, Report, Subject,
};

/// The words the texts are made of, from the app's translation files. Placeholders are the
/// literal text `{m}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels<'a> {
    /// First line, e.g. `LAPORAN DARURAT (Siaga110)`.
    pub title: &'a str,
    /// Line for a practice report, e.g. `LATIHAN – bukan laporan sungguhan`.
    pub exercise: &'a str,
    /// Category names in [`Category::ALL`] order, e.g. `Kekerasan / KDRT`.
    pub category: [&'a str; 8],
    /// The danger is still there, e.g. `Bahaya masih berlangsung`.
    pub danger_ongoing: &'a str,
    /// It is over, e.g. `Kejadian sudah selesai`.
    pub danger_over: &'a str,
    /// People hurt, e.g. `Korban luka`; `: N` is appended.
    pub injured: &'a str,
    /// It is happening now, e.g. `Terjadi sekarang`.
    pub when_now: &'a str,
    /// It happened minutes ago, e.g. `Terjadi {m} menit lalu`; `{m}` becomes the minutes.
    pub when_ago: &'a str,
    /// The report is for someone else, e.g. `Untuk orang lain (pelapor saksi)`.
    pub subject_other: &'a str,
    /// The reporter cannot speak, e.g. `Pelapor tidak bisa bicara – hubungi lewat pesan`.
    pub text_only: &'a str,
    /// Landmark, e.g. `Patokan`; `: text` is appended.
    pub landmark: &'a str,
    /// Location, e.g. `Lokasi`; `: lat, lon (…)` is appended.
    pub location: &'a str,
    /// Accuracy of a measured position, e.g. `akurasi ±{m} m`; `{m}` becomes whole metres.
    pub accuracy: &'a str,
    /// A place chosen by name rather than measured, e.g. `dipilih manual`; `: name` is
    /// appended when the place has a name.
    pub manual: &'a str,
    /// Polres, e.g. `Polres`; `: name, Polda, kecamatan, kab/kota` is appended.
    pub polres: &'a str,
    /// Reporter, e.g. `Pelapor`; `: name, phone` is appended.
    pub reporter: &'a str,
    /// Time of the report, e.g. `Waktu`; `: dd-mm-yyyy HH:MM (UTC+7)` is appended.
    pub time: &'a str,
    /// Last line, e.g. `Dikirim lewat Siaga110 (bukan layanan resmi Polri)`.
    pub footer: &'a str,
}

impl Labels<'static> {
    /// Every label is its own field name (`category` holds the category codes): for tests,
    /// and as a visible stand-in while a translation is missing. Not text for people.
    pub const KEYS: Labels<'static> = Labels {
        title: "title",
        exercise: "exercise",
        category: [
            "theft", "violence", "traffic", "fire", "missing", "disorder", "disaster", "other",
        ],
        danger_ongoing: "danger_ongoing",
        danger_over: "danger_over",
        injured: "injured",
        when_now: "when_now",
        when_ago: "when_ago {m}",
        subject_other: "subject_other",
        text_only: "text_only",
        landmark: "landmark",
        location: "location",
        accuracy: "accuracy {m}",
        manual: "manual",
        polres: "polres",
        reporter: "reporter",
        time: "time",
        footer: "footer",
    };
}

impl<'a> Labels<'a> {
    /// The label of a category.
    ///
    /// ```
    /// use siaga110_core::encode::Labels;
    /// use siaga110_core::report::Category;
    /// assert_eq!(Labels::KEYS.category(Category::Disaster), "disaster");
    /// ```
    pub fn category(&self, c: Category) -> &'a str {
        let i = Category::ALL.iter().position(|&x| x == c).unwrap_or(0);
        self.category[i]
    }

    /// The label of a danger state (`None` for [`Danger::Unknown`]).
    fn danger(&self, d: Danger) -> Option<&'a str> {
        match d {
            Danger::Unknown => None,
            Danger::Ongoing => Some(self.danger_ongoing),
            Danger::Over => Some(self.danger_over),
        }
    }
}

/// `label: value`, or just the value when the label is empty.
fn labelled(label: &str, value: &str) -> String {
    if label.trim().is_empty() {
        value.to_string()
    } else {
        format!("{label}: {value}")
    }
}

/// Whether a position can be written: finite and on the globe.
fn on_globe(lat: f64, lon: f64) -> bool {
    lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0
}

/// Degrees with exactly five decimals, rounded once (so `-0.000001` is `0.00000`); with
/// `plus`, a `+` before positive values.
fn deg5(v: f64, plus: bool) -> String {
    let units = (v * 1e5).round() as i64;
    let sign = if units < 0 {
        "-"
    } else if plus {
        "+"
    } else {
        ""
    };
    let a = units.unsigned_abs();
    format!("{sign}{}.{:05}", a / 100_000, a % 100_000)
}

/// A UTC offset in minutes east as `UTC+7`, `UTC+5:30`, `UTC-3`, or `UTC`.
fn utc_offset(min: i32) -> String {
    if min == 0 {
        return "UTC".into();
    }
    let sign = if min < 0 { '-' } else { '+' };
    let (h, m) = (min.unsigned_abs() / 60, min.unsigned_abs() % 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

/// The most a phone's clock is off UTC (UTC−12 … UTC+14, with room to spare), in minutes.
const OFFSET_MAX_MIN: i32 = 18 * 60;

/// The title and the blocks of lines of the plain text (blocks are separated by a blank line).
fn text_blocks(r: &Report, l: &Labels, tz_offset_min: i32) -> (Option<String>, Vec<Vec<String>>) {
    let title = Some(l.title.trim().to_string()).filter(|t| !t.is_empty());

    let mut what = Vec::new();
    if r.exercise {
        what.push(l.exercise.to_string());
    }
    let cat = l.category(r.category);
    what.push(match l.danger(r.danger) {
        Some(d) => format!("{cat} – {d}"),
        None => cat.to_string(),
    });
    if let Some(n) = r.injured {
        what.push(format!("{}: {n}", l.injured));
    }
    what.push(if r.minutes_ago == 0 {
        l.when_now.to_string()
    } else {
        l.when_ago.replace("{m}", &r.minutes_ago.to_string())
    });
    if r.subject == Subject::Other {
        what.push(l.subject_other.to_string());
    }
    if r.text_only {
        what.push(l.text_only.to_string());
    }

    let mut told = Vec::new();
    if !r.description.trim().is_empty() {
        told.push(r.description.clone());
    }

    let mut place = Vec::new();
    if let Some(loc) = r.location.as_ref().filter(|loc| on_globe(loc.lat, loc.lon)) {
        let (lat, lon) = (deg5(loc.lat, false), deg5(loc.lon, false));
        let how = match loc.source {
            LocationSource::Manual => Some(match loc.label.as_deref().map(str::trim) {
                Some(name) if !name.is_empty() => labelled(l.manual, name),
                _ => l.manual.to_string(),
            }),
            LocationSource::Device if loc.accuracy_m.is_finite() && loc.accuracy_m >= 0.0 => {
                Some(l.accuracy.replace("{m}", &format!("{:.0}", loc.accuracy_m)))
            }
            LocationSource::Device => None,
        };
        place.push(match how {
            Some(how) => labelled(l.location, &format!("{lat}, {lon} ({how})")),
            None => labelled(l.location, &format!("{lat}, {lon}")),
        });
        if let Ok(code) = olc::encode(loc.lat, loc.lon, olc::DEFAULT_CODE_LENGTH) {
            place.push(format!("Plus Code: {code}"));
        }
        place.push(format!(
            "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        ));
    }
    if !r.landmark.trim().is_empty() {
        place.push(labelled(l.landmark, &r.landmark));
    }
    if let Some(p) = &r.polres {
        let parts: Vec<&str> = [&p.name, &p.polda, &p.kecamatan, &p.kabkota]
            .into_iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if !parts.is_empty() {
            place.push(labelled(l.polres, &parts.join(", ")));
        }
    }
    let who: Vec<&str> = [r.reporter.name.as_deref(), r.reporter.phone.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if !who.is_empty() {
        place.push(labelled(l.reporter, &who.join(", ")));
    }
    if let Some(ms) = parse_rfc3339(&r.created_at) {
        let tz = if (-OFFSET_MAX_MIN..=OFFSET_MAX_MIN).contains(&tz_offset_min) {
            tz_offset_min
        } else {
            0
        };
        if let Some((y, mo, d, h, mi, _)) = civil(ms + f64::from(tz) * 60_000.0) {
            let at = format!("{d:02}-{mo:02}-{y:04} {h:02}:{mi:02} ({})", utc_offset(tz));
            place.push(labelled(l.time, &at));
        }
    }
    if !r.id.trim().is_empty() {
        place.push(format!("ID: {}", r.id));
    }

    let mut end = Vec::new();
    if !l.footer.trim().is_empty() {
        end.push(l.footer.to_string());
    }
    let blocks = [what, told, place, end]
        .into_iter()
        .filter(|b| !b.is_empty())
        .collect();
    (title, blocks)
}

fn join_text(title: Option<String>, blocks: Vec<Vec<String>>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut first = title.map(|t| vec![t]).unwrap_or_default();
    let mut blocks = blocks.into_iter();
    if let Some(b) = blocks.next() {
        first.extend(b);
    }
    out.push(first.join("\n"));
    out.extend(blocks.map(|b| b.join("\n")));
    out.retain(|b| !b.is_empty());
    out.join("\n\n")
}

/// The report as plain text, to share or copy: what happened, the description as the person
/// wrote it, where (coordinates, Plus Code, OpenStreetMap link, landmark, Polres), who, when
/// (the local time of `created_at` at `tz_offset_min`, the phone's offset in minutes east of
/// UTC; an offset beyond ±18 h is taken as UTC), the id, and the footer. Lines with nothing to
/// say are left out.
///
/// ```
/// use siaga110_core::encode::{plain, Labels};
/// use siaga110_core::report::{Category, Draft, Location, LocationSource, Report};
/// let d = Draft { category: Some(Category::Fire), description: "*Api* <b>besar</b>".into(), ..Draft::default() };
/// let at = Location { lat: 3.5952, lon: 98.6722, accuracy_m: 12.0, fix_time_ms: 1.79e12, source: LocationSource::Device, label: None };
/// let r = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 1.79e12, Some(at), None, false).unwrap();
/// let text = plain(&r, &Labels::KEYS, 7 * 60);
/// assert!(text.starts_with("title\nfire\nwhen_now\n\n*Api* <b>besar</b>\n\n"));
/// assert!(text.contains("\nlocation: 3.59520, 98.67220 (accuracy 12)\nPlus Code: 6MMWHMWC+3V\n"));
/// assert!(text.contains("\ntime: 21-09-2026 21:13 (UTC+7)\nID: 0f8fad5b-d9cb-469f-a165-70867728950e\n\nfooter"));
/// ```
pub fn plain(r: &Report, l: &Labels, tz_offset_min: i32) -> String {
    let (title, blocks) = text_blocks(r, l, tz_offset_min);
    join_text(title, blocks)
}

/// The same text as [`plain`] for WhatsApp: only the title is bold (`*…*`); nothing else is
/// formatted, and the person's own text is left exactly as written.
///
/// ```
/// use siaga110_core::encode::{plain, whatsapp, Labels};
/// use siaga110_core::report::{Category, Draft, Report};
/// let d = Draft { category: Some(Category::Other), landmark: "Tugu _Pahlawan_".into(), ..Draft::default() };
/// let r = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 0.0, None, None, false).unwrap();
/// let text = whatsapp(&r, &Labels::KEYS, 0);
/// assert!(text.starts_with("*title*\nother\n"));
/// assert!(text.contains("\nlandmark: Tugu _Pahlawan_\n"));
/// assert_eq!(text.replacen("*title*", "title", 1), plain(&r, &Labels::KEYS, 0));
/// ```
pub fn whatsapp(r: &Report, l: &Labels, tz_offset_min: i32) -> String {
    let (title, blocks) = text_blocks(r, l, tz_offset_min);
    join_text(title.map(|t| format!("*{t}*")), blocks)
}

// ---------------------------------------------------------------------------------------------
// SMS segments (3GPP TS 23.038, "GSM 03.38").

/// Septets in one GSM 7-bit SMS.
pub const GSM7_SINGLE: usize = 160;
/// Septets in each part of a multipart GSM 7-bit SMS (7 go to the concatenation header).
pub const GSM7_PART: usize = 153;
/// UTF-16 code units in one UCS-2 SMS.
pub const UCS2_SINGLE: usize = 70;
/// UTF-16 code units in each part of a multipart UCS-2 SMS.
pub const UCS2_PART: usize = 67;

/// How an SMS is encoded on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SmsEncoding {
    /// GSM 7-bit default alphabet (with its extension table).
    Gsm7,
    /// UCS-2 (UTF-16), when any character is outside the GSM alphabet.
    Ucs2,
}

/// A text cut into SMS segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segments {
    /// The encoding a phone will choose.
    pub encoding: SmsEncoding,
    /// How many SMS it takes (1 for the empty text); equals `parts.len()`.
    pub count: usize,
    /// The text of each segment; together, the whole text.
    pub parts: Vec<String>,
}

/// The GSM 7-bit default alphabet outside ASCII (all of it but the escape code).
const GSM_BASIC_NON_ASCII: &str = "£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà";
/// ASCII characters that GSM 7-bit lacks (`` ` ``) or has only in its extension table.
const GSM_NOT_BASIC_ASCII: &str = "`^{}\\[]~|";
/// The extension table: each costs two septets (escape + code).
const GSM_EXTENSION: &str = "\u{c}^{}\\[~]|€";

fn gsm_basic(c: char) -> bool {
    if c.is_ascii() {
        c == '\n' || c == '\r' || ((' '..='~').contains(&c) && !GSM_NOT_BASIC_ASCII.contains(c))
    } else {
        GSM_BASIC_NON_ASCII.contains(c)
    }
}

fn gsm_extension(c: char) -> bool {
    GSM_EXTENSION.contains(c)
}

/// Byte ranges of the segments of `text`, and its encoding.
fn split(text: &str) -> (SmsEncoding, Vec<(usize, usize)>) {
    let gsm = text.chars().all(|c| gsm_basic(c) || gsm_extension(c));
    let (encoding, single, part) = if gsm {
        (SmsEncoding::Gsm7, GSM7_SINGLE, GSM7_PART)
    } else {
        (SmsEncoding::Ucs2, UCS2_SINGLE, UCS2_PART)
    };
    let weight = |c: char| match encoding {
        SmsEncoding::Gsm7 if gsm_basic(c) => 1,
        SmsEncoding::Gsm7 => 2,
        SmsEncoding::Ucs2 => c.len_utf16(),
    };
    let total: usize = text.chars().map(weight).sum();
    if total <= single {
        return (encoding, vec![(0, text.len())]);
    }
    let mut ranges = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, c) in text.char_indices() {
        let w = weight(c);
        if used + w > part {
            ranges.push((start, i));
            start = i;
            used = 0;
        }
        used += w;
    }
    ranges.push((start, text.len()));
    (encoding, ranges)
}

/// Cuts a text into SMS segments as a phone does (3GPP TS 23.038): in the GSM 7-bit alphabet
/// when every character is in it — 160 septets in one SMS, 153 a part beyond that, and the
/// extension characters `^ { } \ [ ~ ] | €` (and form feed) count two and are never split —
/// otherwise in UCS-2: 70 UTF-16 code units in one SMS, 67 a part, never splitting a
/// surrogate pair. (National language shift tables are not used.)
///
/// ```
/// use siaga110_core::encode::{segments, SmsEncoding};
/// assert_eq!(segments(&"a".repeat(160)).count, 1);
/// let s = segments(&"a".repeat(161));
/// assert_eq!((s.encoding, s.count, s.parts[0].len()), (SmsEncoding::Gsm7, 2, 153));
/// assert_eq!(segments(&"€".repeat(80)).count, 1); // 160 septets
/// let text = format!("{}😀{}", "a".repeat(66), "b".repeat(10)); // 78 UTF-16 units
/// let s = segments(&text);
/// assert_eq!((s.encoding, s.count), (SmsEncoding::Ucs2, 2));
/// assert_eq!(s.parts[0], "a".repeat(66)); // the emoji's surrogate pair is not split
/// assert_eq!(s.parts.concat(), text);
/// ```
pub fn segments(text: &str) -> Segments {
    let (encoding, ranges) = split(text);
    let parts: Vec<String> = ranges
        .into_iter()
        .map(|(a, b)| text.get(a..b).unwrap_or_default().to_string())
        .collect();
    Segments {
        encoding,
        count: parts.len(),
        parts,
    }
}

/// What a character outside the GSM alphabet is written as (`None`: as `?`).
fn gsm_fold(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => " ",
        c if is_invisible_control(c) => "",
        '\u{ad}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{e0000}'..='\u{e01ef}'
        | '\u{300}'..='\u{36f}'
        | '\u{1f3fb}'..='\u{1f3ff}' => "",
        c if c.is_control() => "",
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => "'",
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => "\"",
        '\u{2010}'..='\u{2015}' | '−' => "-",
        '…' => "...",
        '•' | '∙' => "*",
        '·' => ".",
        '×' => "x",
        '÷' => "/",
        '©' => "(c)",
        '®' => "(R)",
        '™' => "TM",
        'á' | 'â' | 'ã' | 'ā' | 'ă' | 'ą' | 'ǎ' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ā' | 'Ă' | 'Ą' | 'Ǎ' => "A",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ď' | 'đ' | 'ð' => "d",
        'Ď' | 'Đ' | 'Ð' => "D",
        'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĥ' | 'ħ' => "h",
        'Ĥ' | 'Ħ' => "H",
        'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' | 'Ǐ' => "I",
        'ĵ' => "j",
        'Ĵ' => "J",
        'ķ' => "k",
        'Ķ' => "K",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ń' | 'ņ' | 'ň' => "n",
        'Ń' | 'Ņ' | 'Ň' => "N",
        'ó' | 'ô' | 'õ' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' | 'Ŏ' | 'Ő' | 'Ǒ' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ú' | 'û' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' | 'Ǔ' => "U",
        'ŵ' => "w",
        'Ŵ' => "W",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'þ' => "th",
        'Þ' => "Th",
        _ => return None,
    })
}

/// The text in the GSM 7-bit alphabet (see the module documentation).
fn to_gsm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut unknown = false;
    for c in s.chars() {
        // Full-width ASCII (U+FF01…U+FF5E) is ASCII.
        let c = match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or('?'),
            _ => c,
        };
        if gsm_basic(c) || gsm_extension(c) {
            out.push(c);
            unknown = false;
        } else if let Some(s) = gsm_fold(c) {
            out.push_str(s);
            if !s.is_empty() {
                unknown = false;
            }
        } else if !unknown {
            out.push('?');
            unknown = true;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The compact SMS.

/// The name that starts an SMS header.
pub const SMS_TAG: &str = "SIAGA110";
/// The version of the SMS header this module writes and reads.
pub const SMS_VERSION: u32 = 1;
/// The longest header [`sms`] writes: with its line feed it fits the first part of a
/// multipart GSM 7-bit SMS ([`GSM7_PART`]).
pub const HEADER_MAX: usize = GSM7_PART - 1;

/// The position in an SMS header.
#[derive(Debug, Clone, PartialEq)]
pub struct SmsLocation {
    /// Latitude, degrees (`lt`).
    pub lat: f64,
    /// Longitude, degrees (`lg`).
    pub lon: f64,
    /// Accuracy radius in whole metres (`rd`), for a measured position.
    pub radius_m: Option<u32>,
    /// Time of the fix, ms since the Unix epoch, whole seconds (`top`).
    pub time_ms: Option<f64>,
    /// Measured, or a place chosen by name (`pm=m`).
    pub source: LocationSource,
}

/// A compact SMS read back: the header's fields and the text after it.
#[derive(Debug, Clone, PartialEq)]
pub struct SmsReport {
    /// Header version (always [`SMS_VERSION`] once read).
    pub version: u32,
    /// First 8 hex digits of the report's id, lower case (`id`).
    pub id_prefix: String,
    /// Category (`c`).
    pub category: Category,
    /// Position (`lt`, `lg`, `rd`, `top`, `pm`).
    pub location: Option<SmsLocation>,
    /// The responsible Polres's id (`pr`).
    pub polres: Option<String>,
    /// Danger (`dg`; [`Danger::Unknown`] when absent).
    pub danger: Danger,
    /// People hurt (`in`).
    pub injured: Option<u32>,
    /// A practice report (`ex=1`).
    pub exercise: bool,
    /// Reply by text only (`to=1`).
    pub text_only: bool,
    /// Everything after the header's line feed, as it is.
    pub text: String,
}

/// Keeps only the characters a Polres id may have in a header: `a-z 0-9 . _ -`.
fn slug(s: &str) -> String {
    s.chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
        .collect()
}

impl SmsReport {
    /// The header line for these fields (no line feed), as [`sms`] writes it. Values are
    /// sanitised so that none can hold `;`, `=` or a line break: the id prefix keeps only hex
    /// digits (padded with `0` to 8), the Polres id only `a-z 0-9 . _ -`, and a position off
    /// the globe is left out. `pr` is left out when the header would be longer than
    /// [`HEADER_MAX`].
    ///
    /// ```
    /// use siaga110_core::encode::{decode_sms, SmsReport};
    /// let r = decode_sms("SIAGA110=1;c=fire;id=0F8FAD5B;xx=later;in=3\nKebakaran").unwrap();
    /// assert_eq!(r.header(), "SIAGA110=1;id=0f8fad5b;c=fire;in=3");
    /// ```
    pub fn header(&self) -> String {
        let mut id: String = self
            .id_prefix
            .chars()
            .filter(char::is_ascii_hexdigit)
            .map(|c| c.to_ascii_lowercase())
            .take(8)
            .collect();
        while id.len() < 8 {
            id.push('0');
        }
        let mut items = vec![
            format!("{SMS_TAG}={}", self.version),
            format!("id={id}"),
            format!("c={}", self.category.code()),
        ];
        if let Some(loc) = self.location.as_ref().filter(|l| on_globe(l.lat, l.lon)) {
            items.push(format!("lt={}", deg5(loc.lat, true)));
            items.push(format!("lg={}", deg5(loc.lon, true)));
            if let Some(rd) = loc.radius_m {
                items.push(format!("rd={rd}"));
            }
            if let Some((y, mo, d, h, mi, s)) = loc.time_ms.and_then(civil) {
                items.push(format!("top={y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}"));
            }
            if loc.source == LocationSource::Manual {
                items.push("pm=m".into());
            }
        }
        let polres = self.polres.as_deref().map(slug).filter(|s| !s.is_empty());
        let at = items.len();
        if self.danger != Danger::Unknown {
            items.push(format!("dg={}", self.danger.code()));
        }
        if let Some(n) = self.injured {
            items.push(format!("in={n}"));
        }
        if self.exercise {
            items.push("ex=1".into());
        }
        if self.text_only {
            items.push("to=1".into());
        }
        let without = items.join(";");
        match polres {
            Some(p) if without.len() + 4 + p.len() <= HEADER_MAX => {
                items.insert(at, format!("pr={p}"));
                items.join(";")
            }
            _ => without,
        }
    }
}

/// The header fields of a report (the text is left empty).
fn sms_fields(r: &Report) -> SmsReport {
    let location = r.location.as_ref().map(|loc| SmsLocation {
        lat: loc.lat,
        lon: loc.lon,
        radius_m: (loc.source == LocationSource::Device
            && loc.accuracy_m.is_finite()
            && loc.accuracy_m >= 0.0)
            .then(|| loc.accuracy_m.round() as u32),
        time_ms: Some(loc.fix_time_ms),
        source: loc.source,
    });
    SmsReport {
        version: SMS_VERSION,
        id_prefix: r.id.chars().take(8).collect(),
        category: r.category,
        location,
        polres: r.polres.as_ref().map(|p| p.id.clone()),
        danger: r.danger,
        injured: r.injured,
        exercise: r.exercise,
        text_only: r.text_only,
        text: String::new(),
    }
}

/// Sentences: parts joined by `. ` (or a space after `.`, `!` or `?`), empty parts skipped.
fn sentences<'s>(parts: impl IntoIterator<Item = &'s str>) -> String {
    let mut out = String::new();
    for p in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push_str(if out.ends_with(['.', '!', '?']) {
                " "
            } else {
                ". "
            });
        }
        out.push_str(p);
    }
    out
}

/// The first `n` characters of `s`, without trailing white space.
fn prefix(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or(s).trim_end()
}

/// The largest `k` in `0..=max` for which `fits(k)` holds, given that `fits` is monotone
/// (true up to some point, then false); `None` when not even `fits(0)`.
fn largest(max: usize, fits: impl Fn(usize) -> bool) -> Option<usize> {
    if !fits(0) {
        return None;
    }
    let (mut lo, mut hi) = (0, max); // fits(lo) holds; the answer is in lo..=hi.
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(lo)
}

/// The report as a compact SMS of at most `max_segments` segments (at least 1): the header
/// line (see the module documentation), a line feed, then short sentences for a person — the
/// practice notice, category, danger, people hurt, "cannot speak", landmark, description and
/// the reporter's phone — in the GSM 7-bit alphabet. When it is too long, the description is
/// shortened (ending in `...`), and if that is not enough, the text itself.
///
/// ```
/// use siaga110_core::encode::{decode_sms, segments, sms, Labels, SmsEncoding};
/// use siaga110_core::report::{Category, Danger, Draft, Report};
/// let d = Draft {
///     category: Some(Category::Violence), danger: Danger::Ongoing, injured: "1".into(),
///     landmark: "Gang Mawar 3".into(), description: "Tetangga dipukul “suaminya”…".into(),
///     phone: "0812 3456 7890".into(), ..Draft::default()
/// };
/// let r = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 0.0, None, None, false).unwrap();
/// let text = sms(&r, &Labels::KEYS, 2);
/// assert_eq!(text, "SIAGA110=1;id=0f8fad5b;c=violence;dg=ongoing;in=1\n\
///     violence. danger_ongoing. injured: 1. landmark: Gang Mawar 3. \
///     Tetangga dipukul \"suaminya\"... reporter: 081234567890");
/// assert_eq!((segments(&text).encoding, segments(&text).count), (SmsEncoding::Gsm7, 2));
/// assert_eq!(decode_sms(&text).unwrap().injured, Some(1));
/// // In one segment (160 characters) the description is shortened.
/// let short = sms(&r, &Labels::KEYS, 1);
/// assert!(short.ends_with("Tetangga dipukul \"suam... reporter: 081234567890"));
/// assert_eq!(segments(&short).count, 1);
/// ```
pub fn sms(r: &Report, l: &Labels, max_segments: usize) -> String {
    let max_segments = max_segments.max(1);
    let header = sms_fields(r).header();
    let fits = |text: &str| split(&format!("{header}\n{text}")).1.len() <= max_segments;

    let mut head: Vec<String> = Vec::new();
    if r.exercise {
        head.push(to_gsm(l.exercise));
    }
    head.push(to_gsm(l.category(r.category)));
    head.extend(l.danger(r.danger).map(to_gsm));
    if let Some(n) = r.injured {
        head.push(to_gsm(&format!("{}: {n}", l.injured)));
    }
    if r.text_only {
        head.push(to_gsm(l.text_only));
    }
    if !r.landmark.trim().is_empty() {
        head.push(to_gsm(&labelled(l.landmark, &r.landmark)));
    }
    let description = to_gsm(&clean_text(&r.description, false));
    let tail: Vec<String> = r
        .reporter
        .phone
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| to_gsm(&labelled(l.reporter, p)))
        .collect();
    let with = |desc: &str| {
        sentences(
            head.iter()
                .map(String::as_str)
                .chain([desc])
                .chain(tail.iter().map(String::as_str)),
        )
    };

    let full = with(&description);
    let text = if fits(&full) {
        full
    } else {
        let chars = description.chars().count();
        let cut = |k: usize| with(&format!("{}...", prefix(&description, k)));
        match largest(chars, |k| fits(&cut(k))) {
            Some(k) => cut(k),
            None => {
                let bare = with("");
                let n = bare.chars().count();
                let cut = |k: usize| format!("{}...", prefix(&bare, k));
                cut(largest(n, |k| fits(&cut(k))).unwrap_or(0))
            }
        }
    };
    format!("{header}\n{text}")
}

/// Why a text is not a compact SMS this module can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmsError {
    /// The first line does not start with `SIAGA110=`.
    #[error("not a Siaga110 SMS: the first line does not start with SIAGA110=")]
    NotSiaga110,
    /// A header version this reader does not know.
    #[error("Siaga110 SMS version {0} is not supported (this reader knows version 1)")]
    Version(u32),
    /// An item of the header is not `key=value`.
    #[error("header item {0:?} is not key=value")]
    Malformed(String),
    /// A required key (`id` or `c`) is missing.
    #[error("header key {0} is missing")]
    Missing(&'static str),
    /// A key appears twice.
    #[error("header key {0} appears twice")]
    Duplicate(String),
    /// A known key has a value it cannot have.
    #[error("header value {key}={value:?} is not valid")]
    BadValue {
        /// The key.
        key: String,
        /// The value (its first 40 characters).
        value: String,
    },
    /// `lt` without `lg` or the reverse, or `rd`, `top` or `pm` without a position.
    #[error("header position is incomplete: lt and lg go together, and rd, top and pm need them")]
    Location,
}

fn bad(key: &str, value: &str) -> SmsError {
    SmsError::BadValue {
        key: key.chars().take(40).collect(),
        value: value.chars().take(40).collect(),
    }
}

/// A whole number of ASCII digits (no sign), if it fits a `u32`.
fn digits(v: &str) -> Option<u32> {
    (!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .then(|| v.parse().ok())
        .flatten()
}

/// Degrees written as `[+-]digits[.digits]`, within ±`max`.
fn degrees(v: &str, max: f64) -> Option<f64> {
    let unsigned = v.strip_prefix(['+', '-']).unwrap_or(v);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !ok(int) || !ok(frac) || v.len() > 32 {
        return None;
    }
    let x: f64 = v.parse().ok()?;
    (x.abs() <= max).then_some(x)
}

/// `yyyyMMddHHmmss` UTC as ms since the epoch.
fn timestamp(v: &str) -> Option<f64> {
    if v.len() != 14 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |a: usize, b: usize| v.get(a..b).and_then(|s| s.parse::<u32>().ok());
    from_civil(
        i64::from(n(0, 4)?),
        n(4, 6)?,
        n(6, 8)?,
        n(8, 10)?,
        n(10, 12)?,
        n(12, 14)?,
    )
}

/// A flag: `1` or `0`.
fn flag(v: &str) -> Option<bool> {
    match v {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

/// Reads a compact SMS (see the module documentation): the header's fields, and the text
/// after its line feed as it is. Unknown keys are ignored; everything else that is wrong is
/// an [`SmsError`]. Never panics.
///
/// ```
/// use siaga110_core::encode::{decode_sms, SmsError};
/// use siaga110_core::report::{Category, Danger, LocationSource};
/// let r = decode_sms("SIAGA110=1;id=0f8fad5b;c=traffic;lt=-6.17540;lg=+106.82720;rd=25;top=20261128184510;dg=over;new=ok\nTabrakan").unwrap();
/// assert_eq!((r.category, r.danger, r.text.as_str()), (Category::Traffic, Danger::Over, "Tabrakan"));
/// let at = r.location.unwrap();
/// assert_eq!((at.lat, at.lon, at.radius_m, at.source), (-6.1754, 106.8272, Some(25), LocationSource::Device));
/// assert_eq!(at.time_ms, Some(1_795_891_510_000.0));
/// assert_eq!(decode_sms("hello"), Err(SmsError::NotSiaga110));
/// assert_eq!(decode_sms("SIAGA110=2;id=0f8fad5b;c=fire"), Err(SmsError::Version(2)));
/// assert_eq!(decode_sms("SIAGA110=1;c=fire"), Err(SmsError::Missing("id")));
/// assert_eq!(decode_sms("SIAGA110=1;id=0f8fad5b;c=fire;lt=+3.1").unwrap_err(), SmsError::Location);
/// ```
pub fn decode_sms(text: &str) -> Result<SmsReport, SmsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (line, rest) = text.split_once('\n').unwrap_or((text, ""));
    let line = line.strip_suffix('\r').unwrap_or(line).trim();
    let mut items = line.split(';');
    let version = match items.next().and_then(|i| i.split_once('=')) {
        Some((SMS_TAG, v)) => digits(v).ok_or_else(|| bad(SMS_TAG, v))?,
        _ => return Err(SmsError::NotSiaga110),
    };
    if version != SMS_VERSION {
        return Err(SmsError::Version(version));
    }

    #[derive(Default)]
    struct Seen {
        id: Option<String>,
        c: Option<Category>,
        lt: Option<f64>,
        lg: Option<f64>,
        rd: Option<u32>,
        top: Option<f64>,
        pm: Option<LocationSource>,
        pr: Option<String>,
        dg: Option<Danger>,
        inj: Option<u32>,
        ex: Option<bool>,
        to: Option<bool>,
    }
    fn set<T>(
        slot: &mut Option<T>,
        key: &str,
        value: Option<T>,
        raw: &str,
    ) -> Result<(), SmsError> {
        if slot.is_some() {
            return Err(SmsError::Duplicate(key.chars().take(40).collect()));
        }
        *slot = Some(value.ok_or_else(|| bad(key, raw))?);
        Ok(())
    }
    let mut s = Seen::default();
    for item in items.filter(|i| !i.is_empty()) {
        let (k, v) = item
            .split_once('=')
            .ok_or_else(|| SmsError::Malformed(item.chars().take(40).collect()))?;
        match k {
            "id" => {
                let ok = v.len() == 8 && v.bytes().all(|b| b.is_ascii_hexdigit());
                set(&mut s.id, k, ok.then(|| v.to_ascii_lowercase()), v)?;
            }
            "c" => set(&mut s.c, k, Category::from_code(v), v)?,
            "lt" => set(&mut s.lt, k, degrees(v, 90.0), v)?,
            "lg" => set(&mut s.lg, k, degrees(v, 180.0), v)?,
            "rd" => set(&mut s.rd, k, digits(v), v)?,
            "top" => set(&mut s.top, k, timestamp(v), v)?,
            "pm" => {
                let pm = match v {
                    "m" => Some(LocationSource::Manual),
                    "d" => Some(LocationSource::Device),
                    _ => None,
                };
                set(&mut s.pm, k, pm, v)?;
            }
            "pr" => {
                let ok = !v.is_empty() && slug(v) == v;
                set(&mut s.pr, k, ok.then(|| v.to_string()), v)?;
            }
            "dg" => set(&mut s.dg, k, Danger::from_code(v), v)?,
            "in" => set(&mut s.inj, k, digits(v), v)?,
            "ex" => set(&mut s.ex, k, flag(v), v)?,
            "to" => set(&mut s.to, k, flag(v), v)?,
            SMS_TAG => return Err(SmsError::Duplicate(SMS_TAG.into())),
            _ => {}
        }
    }
    let location = match (s.lt, s.lg) {
        (Some(lat), Some(lon)) => Some(SmsLocation {
            lat,
            lon,
            radius_m: s.rd,
            time_ms: s.top,
            source: s.pm.unwrap_or(LocationSource::Device),
        }),
        (None, None) if s.rd.is_none() && s.top.is_none() && s.pm.is_none() => None,
        _ => return Err(SmsError::Location),
    };
    Ok(SmsReport {
        version,
        id_prefix: s.id.ok_or(SmsError::Missing("id"))?,
        category: s.c.ok_or(SmsError::Missing("c"))?,
        location,
        polres: s.pr,
        danger: s.dg.unwrap_or_default(),
        injured: s.inj,
        exercise: s.ex.unwrap_or(false),
        text_only: s.to.unwrap_or(false),
        text: rest.to_string(),
    })
}
