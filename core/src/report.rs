//! The emergency report as data: what the person fills in ([`Draft`]), the rules that check it
//! ([`Draft::validate`]), and the versioned [`Report`] that every channel encodes.
//!
//! Pure: the id, the clock and the location are passed in. Text is data — it is trimmed and
//! stripped of control characters, never interpreted as markup.
//!
//! ```
//! use siaga110_core::report::{Draft, Category, Danger, Subject, Report, Location, LocationSource};
//! let mut d = Draft::default();
//! d.category = Some(Category::Theft);
//! d.description = "Motor saya dicuri, plat BK 1234 XY".into();
//! let at = Location { lat: 3.5952, lon: 98.6722, accuracy_m: 12.0, fix_time_ms: 1.79e12, source: LocationSource::Device, label: None };
//! let r = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 1.79e12, Some(at), None, false)?;
//! assert_eq!(r.version, 1);
//! assert_eq!(r.created_at, "2026-09-21T14:13:20Z");
//! # Ok::<(), siaga110_core::report::Problems>(())
//! ```

use crate::json::{self, Obj, Value};

/// The model's version, written into every report.
pub const VERSION: u32 = 1;
/// Longest "what happened" text, in characters.
pub const DESCRIPTION_MAX: usize = 2000;
/// Longest landmark text, in characters.
pub const LANDMARK_MAX: usize = 200;
/// Longest reporter name, in characters.
pub const NAME_MAX: usize = 80;
/// Most people hurt that the form accepts (a larger number is a typo).
pub const INJURED_MAX: u32 = 9999;

/// What kind of emergency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Kejahatan / pencurian (crime, theft, robbery, break-in).
    Theft,
    /// Kekerasan / KDRT (violence, domestic violence).
    Violence,
    /// Kecelakaan lalu lintas (traffic accident).
    Traffic,
    /// Kebakaran (fire; 113 is the fire brigade).
    Fire,
    /// Orang hilang (missing person).
    Missing,
    /// Gangguan ketertiban (public disorder, brawl, noise).
    Disorder,
    /// Bencana (disaster: flood, landslide, earthquake).
    Disaster,
    /// Lainnya (anything else).
    Other,
}

impl Category {
    /// Every category, in the order the form shows them.
    pub const ALL: [Category; 8] = [
        Category::Theft,
        Category::Violence,
        Category::Traffic,
        Category::Fire,
        Category::Missing,
        Category::Disorder,
        Category::Disaster,
        Category::Other,
    ];

    /// The stable code used in JSON and SMS (`theft`, `violence`, …).
    ///
    /// ```
    /// use siaga110_core::report::Category;
    /// assert_eq!(Category::Traffic.code(), "traffic");
    /// assert_eq!(Category::from_code("traffic"), Some(Category::Traffic));
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Category::Theft => "theft",
            Category::Violence => "violence",
            Category::Traffic => "traffic",
            Category::Fire => "fire",
            Category::Missing => "missing",
            Category::Disorder => "disorder",
            Category::Disaster => "disaster",
            Category::Other => "other",
        }
    }

    /// The category for a code, if any.
    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Is the danger still happening?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Danger {
    /// Not said.
    #[default]
    Unknown,
    /// Still happening now.
    Ongoing,
    /// It is over.
    Over,
}

impl Danger {
    /// The stable code used in JSON and SMS.
    pub fn code(self) -> &'static str {
        match self {
            Danger::Unknown => "unknown",
            Danger::Ongoing => "ongoing",
            Danger::Over => "over",
        }
    }

    /// The value for a code, if any.
    pub fn from_code(code: &str) -> Option<Danger> {
        [Danger::Unknown, Danger::Ongoing, Danger::Over]
            .into_iter()
            .find(|d| d.code() == code)
    }
}

/// Who needs help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Subject {
    /// The person reporting.
    #[default]
    Me,
    /// Someone else (the reporter is a witness or helping from afar).
    Other,
}

impl Subject {
    /// The stable code used in JSON and SMS.
    pub fn code(self) -> &'static str {
        match self {
            Subject::Me => "me",
            Subject::Other => "other",
        }
    }

    /// The value for a code, if any.
    pub fn from_code(code: &str) -> Option<Subject> {
        [Subject::Me, Subject::Other]
            .into_iter()
            .find(|d| d.code() == code)
    }
}

/// Where a report's position came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LocationSource {
    /// The phone's position (GNSS, Wi-Fi or cell).
    Device,
    /// A place the person chose by name.
    Manual,
}

/// The report's position.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// Latitude, degrees (WGS 84).
    pub lat: f64,
    /// Longitude, degrees (WGS 84).
    pub lon: f64,
    /// 95% radius in metres (0 for a place chosen by name); unknown when not a finite,
    /// non-negative number (`f64::INFINITY` from [`Location::from_fix`]), written to JSON as
    /// `null`. See [`Location::accuracy`].
    pub accuracy_m: f64,
    /// When the position was measured (or chosen), ms since the Unix epoch (whole ms: written
    /// to JSON as an integer).
    pub fix_time_ms: f64,
    /// Where it came from.
    pub source: LocationSource,
    /// For a place chosen by name: its name.
    pub label: Option<String>,
}

impl LocationSource {
    /// The stable code used in JSON (`device`, `manual`).
    pub fn code(self) -> &'static str {
        match self {
            LocationSource::Device => "device",
            LocationSource::Manual => "manual",
        }
    }

    /// The value for a code, if any.
    pub fn from_code(code: &str) -> Option<LocationSource> {
        [LocationSource::Device, LocationSource::Manual]
            .into_iter()
            .find(|d| d.code() == code)
    }
}

impl Location {
    /// A report's location from a position fix; `label` names a place chosen by name.
    ///
    /// ```
    /// use siaga110_core::{fix::{Fix, Source}, geo::LatLon, report::{Location, LocationSource}};
    /// let f = Fix { at: LatLon::new(3.5, 98.6).unwrap(), accuracy_m: 12.4, time_ms: 5.0, source: Source::Device };
    /// let l = Location::from_fix(&f, None);
    /// assert_eq!((l.lat, l.lon, l.accuracy_m, l.source), (3.5, 98.6, 12.4, LocationSource::Device));
    /// // A nonsense radius from the browser is unknown in the report: `"accuracy_m": null`.
    /// let bad = Fix { accuracy_m: -50.0, ..f };
    /// assert_eq!(Location::from_fix(&bad, None).accuracy(), None);
    /// ```
    pub fn from_fix(fix: &crate::fix::Fix, label: Option<String>) -> Location {
        Location {
            lat: fix.at.lat(),
            lon: fix.at.lon(),
            accuracy_m: fix.accuracy().unwrap_or(f64::INFINITY),
            fix_time_ms: fix.time_ms.round(),
            source: match fix.source {
                crate::fix::Source::Device => LocationSource::Device,
                crate::fix::Source::Manual => LocationSource::Manual,
            },
            label,
        }
    }

    /// The radius in metres, or `None` when unknown (not a finite, non-negative number).
    pub fn accuracy(&self) -> Option<f64> {
        (self.accuracy_m.is_finite() && self.accuracy_m >= 0.0).then_some(self.accuracy_m)
    }
}

/// The responsible Polres, as the on-device lookup named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolresRef {
    /// Stable slug, e.g. `polrestabes-medan`.
    pub id: String,
    /// Proper name, e.g. `Polrestabes Medan`.
    pub name: String,
    /// Its Polda, e.g. `Polda Sumatera Utara`.
    pub polda: String,
    /// Kab/kota of the position.
    pub kabkota: String,
    /// Kecamatan of the position.
    pub kecamatan: String,
    /// False when the position is outside every covered area and this is the nearest.
    pub inside: bool,
}

/// The form as the person fills it in; saved as they type, so nothing is lost.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// What kind of emergency (required).
    pub category: Option<Category>,
    /// What happened, in the person's words.
    pub description: String,
    /// Is the danger still happening.
    pub danger: Danger,
    /// How many people are hurt, as typed (empty = unknown).
    pub injured: String,
    /// A landmark or address to help find the place.
    pub landmark: String,
    /// How long ago it happened, in minutes (0 = now).
    pub minutes_ago: u32,
    /// For me or for someone else.
    pub subject: Subject,
    /// The person cannot speak (Deaf, hiding, hurt): contact them by text only.
    pub text_only: bool,
    /// Reporter's name (optional).
    pub name: String,
    /// Reporter's phone (optional).
    pub phone: String,
}

/// A form field, for messages next to the right input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// [`Draft::category`].
    Category,
    /// [`Draft::description`].
    Description,
    /// [`Draft::injured`].
    Injured,
    /// Where: the location and the landmark together.
    Where,
    /// [`Draft::landmark`].
    Landmark,
    /// [`Draft::name`].
    Name,
    /// [`Draft::phone`].
    Phone,
    /// [`Draft::minutes_ago`].
    When,
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// Required and empty.
    #[error("{0:?}: required")]
    Missing(Field),
    /// Longer than allowed.
    #[error("{field:?}: longer than {max} characters")]
    TooLong {
        /// Which field.
        field: Field,
        /// The limit, in characters.
        max: usize,
    },
    /// Not a whole number in range.
    #[error("{0:?}: not a number in range")]
    NotANumber(Field),
    /// Not a phone number (6–15 digits, an optional leading `+`, spaces or dashes).
    #[error("{0:?}: not a phone number")]
    BadPhone(Field),
    /// Neither a position nor a landmark: nobody could find the place.
    #[error("no position and no landmark")]
    NoWhere,
    /// The id or the clock given to [`Report::from_draft`] is not valid (a bug, not the user).
    #[error("invalid id or time")]
    Internal,
}

impl Problem {
    /// The field this problem belongs to.
    pub fn field(&self) -> Option<Field> {
        match *self {
            Problem::Missing(f) | Problem::NotANumber(f) | Problem::BadPhone(f) => Some(f),
            Problem::TooLong { field, .. } => Some(field),
            Problem::NoWhere => Some(Field::Where),
            Problem::Internal => None,
        }
    }
}

/// Every problem with a draft (never empty).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the report has {} problem(s)", .0.len())]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// The problem for `field`, if any.
    pub fn for_field(&self, field: Field) -> Option<Problem> {
        self.0.iter().copied().find(|p| p.field() == Some(field))
    }
}

/// Reporter details, when given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reporter {
    /// Name, if given.
    pub name: Option<String>,
    /// Phone, normalised to digits with an optional leading `+`, if given.
    pub phone: Option<String>,
}

/// A checked, versioned report: what every channel sends. See `public/report.schema.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Always [`VERSION`].
    pub version: u32,
    /// UUID (lower-case, hyphenated); also the `Idempotency-Key` over HTTPS.
    pub id: String,
    /// When the report was made, RFC 3339 UTC (`2026-11-28T18:45:10Z`).
    pub created_at: String,
    /// A practice report: never sent to a real endpoint.
    pub exercise: bool,
    /// What kind of emergency.
    pub category: Category,
    /// What happened (may be empty).
    pub description: String,
    /// Is the danger still happening.
    pub danger: Danger,
    /// People hurt, if known.
    pub injured: Option<u32>,
    /// How long ago it happened, in minutes (0 = now).
    pub minutes_ago: u32,
    /// For me or for someone else.
    pub subject: Subject,
    /// The reporter cannot speak: contact by text only.
    pub text_only: bool,
    /// A landmark or address (may be empty).
    pub landmark: String,
    /// The position, if there is one.
    pub location: Option<Location>,
    /// The responsible Polres from the on-device lookup, if known.
    pub polres: Option<PolresRef>,
    /// Reporter details.
    pub reporter: Reporter,
}

/// Invisible characters that change how the text around them is shown or compared: the bidi
/// embeddings, overrides and isolates (U+202A–202E, U+2066–2069), the direction marks (U+200E,
/// U+200F, U+061C), zero-width characters (U+200B–200D, U+2060–2064, U+FEFF) and the
/// deprecated format characters U+206A–206F. With them a plate number typed as `B 1234 XYZ`
/// can show reversed on an operator's screen. Every text field drops them ([`clean_text`]; the
/// SMS encoder uses the same list).
///
/// ```
/// use siaga110_core::report::is_invisible_control;
/// assert!(is_invisible_control('\u{202e}') && is_invisible_control('\u{2066}') && is_invisible_control('\u{feff}'));
/// assert!(!is_invisible_control('a') && !is_invisible_control('\n') && !is_invisible_control('é'));
/// ```
pub fn is_invisible_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
    )
}

/// `s` without [`is_invisible_control`] characters and other control characters (line breaks
/// kept), nothing else changed: for names that come from the data (Polres, place labels).
///
/// ```
/// use siaga110_core::report::strip_invisible;
/// assert_eq!(strip_invisible("Polres\u{202e} Medan "), "Polres Medan ");
/// ```
pub fn strip_invisible(s: &str) -> String {
    s.chars()
        .filter(|&c| c == '\n' || !(c.is_control() || is_invisible_control(c)))
        .collect()
}

/// Whether a zero-width joiner between `prev` and `next` joins two emoji into one
/// (👮🏽‍♀️, 👨‍👩‍👧): the one place a zero-width character is kept — it cannot reorder or hide
/// letters or digits.
///
/// ```
/// use siaga110_core::report::joins_emoji;
/// assert!(joins_emoji(Some('👨'), Some('👩')));
/// assert!(joins_emoji(Some('\u{fe0f}'), Some('♀')));
/// assert!(!joins_emoji(Some('B'), Some('1')));
/// assert!(!joins_emoji(None, Some('👩')));
/// ```
pub fn joins_emoji(prev: Option<char>, next: Option<char>) -> bool {
    let pictograph = |c: char| {
        let c = c as u32;
        (0x2300..=0x23ff).contains(&c)
            || (0x2600..=0x27bf).contains(&c)
            || (0x2b00..=0x2bff).contains(&c)
            || (0x1f000..=0x1faff).contains(&c)
    };
    prev.is_some_and(|p| pictograph(p) || p == '\u{fe0f}') && next.is_some_and(pictograph)
}

/// Trims, removes control characters (keeping line breaks in `multiline` text) and the
/// invisible bidi and zero-width characters ([`is_invisible_control`]; a zero-width joiner
/// only where it does not join two emoji, see [`joins_emoji`]), collapses runs of blank lines.
/// Markup stays literal text.
///
/// ```
/// use siaga110_core::report::clean_text;
/// assert_eq!(clean_text("🚨👮🏽\u{200d}♀\u{fe0f} B\u{200d}1234", false), "🚨👮🏽\u{200d}♀\u{fe0f} B1234");
/// assert_eq!(clean_text("  a\u{0}b <i>c</i>\r\n\r\n\r\nd ", true), "ab <i>c</i>\n\nd");
/// assert_eq!(clean_text("a\nb", false), "a b");
/// assert_eq!(clean_text("B 1234 \u{202e}ZYX\u{202c}\u{200b}", false), "B 1234 ZYX");
/// ```
pub fn clean_text(s: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut newlines = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{200d}' && joins_emoji(out.chars().last(), chars.peek().copied()) {
            out.push(c);
            continue;
        }
        if c == '\n' {
            if multiline {
                newlines += 1;
                if newlines <= 2 {
                    out.push('\n');
                }
            } else {
                out.push(' ');
            }
            continue;
        }
        if c.is_control() || is_invisible_control(c) {
            if c == '\t' {
                out.push(' ');
            }
            continue;
        }
        newlines = 0;
        out.push(c);
    }
    out.trim().to_string()
}

/// Normalises a phone number (digits and a leading `+`), or says why it is not one.
///
/// ```
/// use siaga110_core::report::normalise_phone;
/// assert_eq!(normalise_phone("0812-3456 7890"), Some("081234567890".into()));
/// assert_eq!(normalise_phone("+62 812 345"), Some("+62812345".into()));
/// assert_eq!(normalise_phone("12ab"), None);
/// ```
pub fn normalise_phone(s: &str) -> Option<String> {
    let s = s.trim();
    let (plus, rest) = match s.strip_prefix('+') {
        Some(r) => ("+", r),
        None => ("", s),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
    {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    (6..=15)
        .contains(&digits.len())
        .then(|| format!("{plus}{digits}"))
}

impl Draft {
    /// Checks the draft; every problem at once, so the form can mark each field.
    /// `has_location`: whether a position will be attached.
    ///
    /// ```
    /// use siaga110_core::report::{Draft, Problem, Field};
    /// let d = Draft { phone: "abc".into(), ..Draft::default() };
    /// let p = d.validate(false).unwrap_err();
    /// assert_eq!(p.for_field(Field::Category), Some(Problem::Missing(Field::Category)));
    /// assert_eq!(p.for_field(Field::Where), Some(Problem::NoWhere));
    /// assert_eq!(p.for_field(Field::Phone), Some(Problem::BadPhone(Field::Phone)));
    /// ```
    pub fn validate(&self, has_location: bool) -> Result<(), Problems> {
        let mut problems = Vec::new();
        if self.category.is_none() {
            problems.push(Problem::Missing(Field::Category));
        }
        let too_long = |field, text: &str, max| {
            (clean_text(text, true).chars().count() > max)
                .then_some(Problem::TooLong { field, max })
        };
        problems.extend(too_long(
            Field::Description,
            &self.description,
            DESCRIPTION_MAX,
        ));
        problems.extend(too_long(Field::Landmark, &self.landmark, LANDMARK_MAX));
        problems.extend(too_long(Field::Name, &self.name, NAME_MAX));
        if parse_injured(&self.injured).is_err() {
            problems.push(Problem::NotANumber(Field::Injured));
        }
        if self.minutes_ago > 60 * 24 * 31 {
            problems.push(Problem::NotANumber(Field::When));
        }
        if !self.phone.trim().is_empty() && normalise_phone(&self.phone).is_none() {
            problems.push(Problem::BadPhone(Field::Phone));
        }
        if !has_location && clean_text(&self.landmark, false).is_empty() {
            problems.push(Problem::NoWhere);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Problems(problems))
        }
    }

    /// The draft as stored (JSON).
    ///
    /// ```
    /// use siaga110_core::report::{Draft, Category};
    /// let d = Draft { category: Some(Category::Fire), description: "asap".into(), ..Draft::default() };
    /// assert_eq!(Draft::from_json(&d.to_json()), d);
    /// assert_eq!(Draft::from_json("garbage"), Draft::default());
    /// ```
    pub fn to_json(&self) -> String {
        Obj::new()
            .opt("category", self.category.map(Category::code))
            .str("description", &self.description)
            .str("danger", self.danger.code())
            .str("injured", &self.injured)
            .str("landmark", &self.landmark)
            .num("minutes_ago", f64::from(self.minutes_ago))
            .str("subject", self.subject.code())
            .bool("text_only", self.text_only)
            .str("name", &self.name)
            .str("phone", &self.phone)
            .done()
            .to_string()
    }

    /// A stored draft; whatever cannot be read is left empty (a draft is never an error).
    pub fn from_json(text: &str) -> Draft {
        let Ok(v) = json::parse(text) else {
            return Draft::default();
        };
        let s = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        Draft {
            category: v
                .get("category")
                .and_then(Value::as_str)
                .and_then(Category::from_code),
            description: s("description"),
            danger: Danger::from_code(&s("danger")).unwrap_or_default(),
            injured: s("injured"),
            landmark: s("landmark"),
            minutes_ago: v.get("minutes_ago").and_then(Value::as_u32).unwrap_or(0),
            subject: Subject::from_code(&s("subject")).unwrap_or_default(),
            text_only: v.get("text_only").and_then(Value::as_bool).unwrap_or(false),
            name: s("name"),
            phone: s("phone"),
        }
    }

    /// Whether nothing has been filled in (an empty draft need not be kept).
    pub fn is_empty(&self) -> bool {
        *self == Draft::default()
    }
}

fn parse_injured(s: &str) -> Result<Option<u32>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<u32>() {
        Ok(n) if n <= INJURED_MAX => Ok(Some(n)),
        _ => Err(()),
    }
}

/// Whether `id` is a lower-case hyphenated UUID.
///
/// ```
/// use siaga110_core::report::is_uuid;
/// assert!(is_uuid("0f8fad5b-d9cb-469f-a165-70867728950e"));
/// assert!(!is_uuid("0F8FAD5B-D9CB-469F-A165-70867728950E"));
/// assert!(!is_uuid("not-a-uuid"));
/// ```
pub fn is_uuid(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        })
}

/// A version-4 UUID from 16 random bytes (the browser supplies the randomness).
///
/// ```
/// use siaga110_core::report::{uuid_v4, is_uuid};
/// let id = uuid_v4([0xff; 16]);
/// assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
/// assert!(is_uuid(&id));
/// ```
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Civil UTC date and time of `ms` since the epoch: (year, month, day, hour, minute, second).
/// `None` outside the years 1970–9999 or for a non-finite time.
///
/// ```
/// use siaga110_core::report::civil;
/// assert_eq!(civil(0.0), Some((1970, 1, 1, 0, 0, 0)));
/// assert_eq!(civil(1_795_891_510_000.0), Some((2026, 11, 28, 18, 45, 10)));
/// assert_eq!(civil(f64::NAN), None);
/// ```
pub fn civil(ms: f64) -> Option<(i64, u32, u32, u32, u32, u32)> {
    if !ms.is_finite() || !(0.0..253_402_300_800_000.0).contains(&ms) {
        return None;
    }
    let secs = (ms / 1000.0).floor() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some((
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    ))
}

/// Milliseconds since the epoch of a civil UTC date and time (the inverse of [`civil`]).
///
/// ```
/// use siaga110_core::report::{civil, from_civil};
/// assert_eq!(from_civil(2026, 11, 28, 18, 45, 10), Some(1_795_891_510_000.0));
/// assert_eq!(from_civil(2026, 2, 30, 0, 0, 0), None);
/// ```
pub fn from_civil(y: i64, m: u32, d: u32, hh: u32, mm: u32, ss: u32) -> Option<f64> {
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if d == 0 || d > days_in[m as usize - 1] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + i64::from(hh * 3600 + mm * 60 + ss)) as f64 * 1000.0)
}

/// RFC 3339 UTC text of `ms` since the epoch, to the second (`2026-11-28T18:45:10Z`).
///
/// ```
/// use siaga110_core::report::rfc3339;
/// assert_eq!(rfc3339(1_795_891_510_999.0).as_deref(), Some("2026-11-28T18:45:10Z"));
/// ```
pub fn rfc3339(ms: f64) -> Option<String> {
    let (y, mo, d, h, mi, s) = civil(ms)?;
    Some(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"))
}

/// Parses the RFC 3339 UTC text that [`rfc3339`] writes.
///
/// ```
/// use siaga110_core::report::parse_rfc3339;
/// assert_eq!(parse_rfc3339("2026-11-28T18:45:10Z"), Some(1_795_891_510_000.0));
/// assert_eq!(parse_rfc3339("2026-11-28 18:45"), None);
/// ```
pub fn parse_rfc3339(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    from_civil(
        i64::from(n(0..4)?),
        n(5..7)?,
        n(8..10)?,
        n(11..13)?,
        n(14..16)?,
        n(17..19)?,
    )
}

impl Report {
    /// Builds a report from a valid draft. `id` is a UUID from [`uuid_v4`]; `now_ms` the clock;
    /// `location` and `polres` what the app knows; `exercise` true in practice mode.
    ///
    /// ```
    /// use siaga110_core::report::{Draft, Category, Report, Problem};
    /// let d = Draft { category: Some(Category::Fire), landmark: "Pasar Petisah".into(), ..Draft::default() };
    /// let r = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 0.0, None, None, true).unwrap();
    /// assert!(r.exercise && r.location.is_none());
    /// assert_eq!(Report::from_draft(&d, "x", 0.0, None, None, false).unwrap_err().0, vec![Problem::Internal]);
    /// ```
    pub fn from_draft(
        draft: &Draft,
        id: &str,
        now_ms: f64,
        location: Option<Location>,
        polres: Option<PolresRef>,
        exercise: bool,
    ) -> Result<Report, Problems> {
        draft.validate(location.is_some())?;
        let (Some(created_at), true, Some(category)) =
            (rfc3339(now_ms), is_uuid(id), draft.category)
        else {
            return Err(Problems(vec![Problem::Internal]));
        };
        let opt = |s: &str| Some(clean_text(s, false)).filter(|s| !s.is_empty());
        Ok(Report {
            version: VERSION,
            id: id.to_string(),
            created_at,
            exercise,
            category,
            description: clean_text(&draft.description, true),
            danger: draft.danger,
            injured: parse_injured(&draft.injured).ok().flatten(),
            minutes_ago: draft.minutes_ago,
            subject: draft.subject,
            text_only: draft.text_only,
            landmark: clean_text(&draft.landmark, false),
            location,
            polres,
            reporter: Reporter {
                name: opt(&draft.name),
                phone: normalise_phone(&draft.phone),
            },
        })
    }

    /// The report as JSON, as it is POSTed to an endpoint (see `public/report.schema.json`).
    ///
    /// ```
    /// use siaga110_core::report::{Draft, Category, Report};
    /// let d = Draft { category: Some(Category::Other), landmark: "<b>Tugu</b> \"A\"".into(), ..Draft::default() };
    /// let r = Report::from_draft(&d, "0f8fad5b-d9cb-469f-a165-70867728950e", 0.0, None, None, false).unwrap();
    /// let json = r.to_json();
    /// assert!(json.starts_with(r#"{"version":1,"#));
    /// assert_eq!(Report::from_json(&json).unwrap(), r);
    /// ```
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }

    /// The report as a JSON value.
    pub fn to_value(&self) -> Value {
        let location = self.location.as_ref().map(|l| {
            Obj::new()
                .num("lat", l.lat)
                .num("lon", l.lon)
                .add("accuracy_m", l.accuracy().map_or(Value::Null, Value::Num))
                .num("fix_time_ms", l.fix_time_ms.round())
                .str("source", l.source.code())
                .opt("label", l.label.as_deref())
                .done()
        });
        let polres = self.polres.as_ref().map(|p| {
            Obj::new()
                .str("id", &p.id)
                .str("name", &p.name)
                .str("polda", &p.polda)
                .str("kabkota", &p.kabkota)
                .str("kecamatan", &p.kecamatan)
                .bool("inside", p.inside)
                .done()
        });
        let reporter = Obj::new()
            .opt("name", self.reporter.name.as_deref())
            .opt("phone", self.reporter.phone.as_deref())
            .done();
        Obj::new()
            .num("version", f64::from(self.version))
            .str("id", &self.id)
            .str("created_at", &self.created_at)
            .bool("exercise", self.exercise)
            .str("category", self.category.code())
            .str("description", &self.description)
            .str("danger", self.danger.code())
            .opt("injured", self.injured)
            .num("minutes_ago", f64::from(self.minutes_ago))
            .str("subject", self.subject.code())
            .bool("text_only", self.text_only)
            .str("landmark", &self.landmark)
            .opt("location", location)
            .opt("polres", polres)
            .add("reporter", reporter)
            .done()
    }

    /// Reads a report back from JSON, checking its version and id.
    pub fn from_json(text: &str) -> Result<Report, ReadError> {
        let v = json::parse(text).map_err(|e| ReadError::Json(e.to_string()))?;
        Report::from_value(&v)
    }

    /// Reads a report from a JSON value (members this version does not know are ignored).
    pub fn from_value(v: &Value) -> Result<Report, ReadError> {
        let bad = |what: &str| ReadError::Json(format!("bad or missing {what}"));
        let str_of = |o: &Value, k: &str| {
            o.get(k)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| bad(k))
        };
        let bool_of = |o: &Value, k: &str| o.get(k).and_then(Value::as_bool).ok_or_else(|| bad(k));
        let num_of = |o: &Value, k: &str| o.get(k).and_then(Value::as_f64).ok_or_else(|| bad(k));
        let u32_of = |o: &Value, k: &str| o.get(k).and_then(Value::as_u32).ok_or_else(|| bad(k));
        let present = |o: &Value, k: &str| o.get(k).filter(|x| !x.is_null()).cloned();
        let version = u32_of(v, "version")?;
        if version != VERSION {
            return Err(ReadError::Version(version));
        }
        let code = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let location = match present(v, "location") {
            None => None,
            Some(l) => Some(Location {
                lat: num_of(&l, "lat")?,
                lon: num_of(&l, "lon")?,
                accuracy_m: match l.get("accuracy_m") {
                    Some(Value::Null) => f64::INFINITY, // unknown
                    _ => num_of(&l, "accuracy_m")?,
                },
                fix_time_ms: num_of(&l, "fix_time_ms")?,
                source: LocationSource::from_code(&str_of(&l, "source")?)
                    .ok_or_else(|| bad("source"))?,
                label: present(&l, "label").and_then(|x| x.as_str().map(strip_invisible)),
            }),
        };
        let polres = match present(v, "polres") {
            None => None,
            Some(p) => Some(PolresRef {
                id: str_of(&p, "id")?,
                name: strip_invisible(&str_of(&p, "name")?),
                polda: strip_invisible(&str_of(&p, "polda")?),
                kabkota: strip_invisible(&str_of(&p, "kabkota")?),
                kecamatan: strip_invisible(&str_of(&p, "kecamatan")?),
                inside: bool_of(&p, "inside")?,
            }),
        };
        let reporter = v.get("reporter").ok_or_else(|| bad("reporter"))?;
        let opt_str = |k: &str| present(reporter, k).and_then(|x| x.as_str().map(str::to_string));
        let r = Report {
            version,
            id: str_of(v, "id")?,
            created_at: str_of(v, "created_at")?,
            exercise: bool_of(v, "exercise")?,
            category: Category::from_code(&code("category")).ok_or_else(|| bad("category"))?,
            // Text is cleaned again on the way in (bidi and zero-width characters, controls):
            // a report from storage or from the network is shown like a typed one.
            description: clean_text(&str_of(v, "description")?, true),
            danger: Danger::from_code(&code("danger")).ok_or_else(|| bad("danger"))?,
            injured: match present(v, "injured") {
                None => None,
                Some(n) => Some(n.as_u32().ok_or_else(|| bad("injured"))?),
            },
            minutes_ago: u32_of(v, "minutes_ago")?,
            subject: Subject::from_code(&code("subject")).ok_or_else(|| bad("subject"))?,
            text_only: bool_of(v, "text_only")?,
            landmark: clean_text(&str_of(v, "landmark")?, false),
            location,
            polres,
            reporter: Reporter {
                name: opt_str("name")
                    .map(|n| clean_text(&n, false))
                    .filter(|n| !n.is_empty()),
                phone: opt_str("phone").map(|p| strip_invisible(&p)),
            },
        };
        if !is_uuid(&r.id) || parse_rfc3339(&r.created_at).is_none() {
            return Err(ReadError::Invalid);
        }
        Ok(r)
    }

    /// `created_at` in ms since the epoch.
    pub fn created_ms(&self) -> f64 {
        parse_rfc3339(&self.created_at).unwrap_or(0.0)
    }
}

/// Why stored or received JSON is not a report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Not JSON of the right shape.
    #[error("not a report: {0}")]
    Json(String),
    /// A version this app does not know.
    #[error("unknown report version {0}")]
    Version(u32),
    /// A bad id or time.
    #[error("invalid id or time")]
    Invalid,
}
