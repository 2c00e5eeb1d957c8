//! What the center sends, and the pure rules of the queue: its order, the ages, the
//! "similar report" flag.
use serde::Deserialize;
use serde_json::Value;
use siaga110_core::geo::LatLon;

/// `/api/me`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Me {
    pub user: String,
    pub role: String,
    pub polres: Option<PolresRef>,
    pub polda: Option<String>,
    pub expires_at: Option<String>,
}

/// A Polres `{id, name}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PolresRef {
    pub id: String,
    pub name: Option<String>,
}

impl PolresRef {
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.id.clone())
    }
}

/// A report's position as the phone sent it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Loc {
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: Option<f64>,
    pub fix_time_ms: Option<f64>,
    pub source: Option<String>,
    pub label: Option<String>,
}

/// A queue row (`GET /api/reports`, the feed's `new` and `changed`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Summary {
    pub id: String,
    pub state: String,
    pub outcome: Option<String>,
    #[serde(default)]
    pub exercise: bool,
    pub category: String,
    pub danger: String,
    pub injured: Option<u32>,
    pub subject: Option<String>,
    #[serde(default)]
    pub text_only: bool,
    #[serde(default)]
    pub description_preview: String,
    pub landmark: Option<String>,
    pub kecamatan: Option<String>,
    pub kabkota: Option<String>,
    pub location: Option<Loc>,
    pub polres: Option<PolresRef>,
    pub polda: Option<String>,
    pub route: Option<String>,
    pub phone_polres: Option<String>,
    pub server_polres: Option<String>,
    #[serde(default)]
    pub polres_mismatch: bool,
    /// How the data knows the area's Polres: `polsek-list`, `decision`, `name-match` (assumed), or
    /// none (not routed by position).
    #[serde(default)]
    pub area_basis: Option<String>,
    pub created_at: Option<String>,
    pub received_at: String,
    pub seen_at: Option<String>,
    pub dispatched_at: Option<String>,
    pub closed_at: Option<String>,
    pub reply: Option<String>,
    pub replied_at: Option<String>,
    pub updated_at: String,
}

/// A later position (`trail`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TrailFix {
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: Option<f64>,
    pub fix_time_ms: f64,
}

/// `GET /api/reports/{id}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Detail {
    #[serde(flatten)]
    pub s: Summary,
    pub report: Value,
    pub plus_code: Option<String>,
    #[serde(default)]
    pub trail: Vec<TrailFix>,
}

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub operator: String,
    pub action: String,
    pub detail: Option<String>,
}

/// `GET /api/reports/{id}/map`: `[lat, lon]` rings.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub struct MapData {
    pub kecamatan: Option<Vec<Vec<[f64; 2]>>>,
    #[serde(default)]
    pub kabkota: Vec<Vec<[f64; 2]>>,
    pub hq: Option<Hq>,
}

/// A Polres HQ.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Hq {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

/// A position sent by the caller's phone for a location request.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LocFix {
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: Option<f64>,
    pub fix_time: String,
    pub received_at: Option<String>,
}

/// The center's own lookup of a position.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FoundPlace {
    pub kecamatan: Option<String>,
    pub kabkota: Option<String>,
    pub polres: Option<PolresRef>,
}

/// A location request (`GET /api/location-requests`, the feed's `location`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LocationRequest {
    pub id: String,
    pub link: String,
    pub note: Option<String>,
    pub report_id: Option<String>,
    pub polres: Option<PolresRef>,
    pub polda: Option<String>,
    #[serde(default)]
    pub operator: String,
    pub created_at: String,
    pub expires_at: String,
    pub state: String,
    pub answered_at: Option<String>,
    #[serde(default)]
    pub fixes: Vec<LocFix>,
    pub place: Option<FoundPlace>,
}

impl LocationRequest {
    /// The state to show: `expired` once 30 minutes passed with no answer (the console's clock
    /// may get there before the center says so).
    pub fn shown_state(&self, now: f64) -> &str {
        if self.state == "waiting" && now >= ms(&self.expires_at) {
            "expired"
        } else {
            &self.state
        }
    }

    /// The newest position.
    pub fn newest(&self) -> Option<&LocFix> {
        self.fixes.last()
    }
}

/// Newest first.
pub fn order_requests(rows: &mut [LocationRequest]) {
    rows.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
}

/// Milliseconds of an RFC 3339 time (NaN when it is not one).
pub fn ms(iso: &str) -> f64 {
    crate::api::parse_ms(iso)
}

impl Summary {
    pub fn received_ms(&self) -> f64 {
        ms(&self.received_at)
    }
    pub fn is_open(&self) -> bool {
        self.state != "closed"
    }
}

/// The queue's order: open reports first; then danger ongoing; then text-only; then newest.
pub fn order(rows: &mut [Summary]) {
    rows.sort_by(|a, b| {
        let key = |r: &Summary| (!r.is_open(), r.danger != "ongoing", !r.text_only);
        key(a).cmp(&key(b)).then(
            b.received_ms()
                .partial_cmp(&a.received_ms())
                .unwrap_or(std::cmp::Ordering::Equal),
        )
    })
}

/// How far two reports may be apart and still be "from the same place".
pub const SIMILAR_M: f64 = 300.0;
/// How close in time, ms.
pub const SIMILAR_MS: f64 = 15.0 * 60_000.0;

fn same_place(a: &Summary, b: &Summary) -> bool {
    let pos = |r: &Summary| {
        r.location
            .as_ref()
            .and_then(|l| LatLon::new(l.lat, l.lon).ok())
    };
    if let (Some(p), Some(q)) = (pos(a), pos(b)) {
        return p.distance_m(q) <= SIMILAR_M;
    }
    let mark = |r: &Summary| {
        r.landmark
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
    };
    matches!((mark(a), mark(b)), (Some(x), Some(y)) if x == y)
}

/// The ids of reports with another report from the same place within 15 minutes.
pub fn similar(rows: &[Summary]) -> Vec<String> {
    let mut out = Vec::new();
    for a in rows {
        let ta = a.received_ms();
        if rows
            .iter()
            .any(|b| b.id != a.id && (b.received_ms() - ta).abs() <= SIMILAR_MS && same_place(a, b))
        {
            out.push(a.id.clone());
        }
    }
    out
}

/// An age: (unit, n) with unit 0 = just now, 1 = minutes, 2 = hours, 3 = days.
pub fn age(now_ms: f64, then_ms: f64) -> (u8, u64) {
    let s = ((now_ms - then_ms) / 1000.0).max(0.0);
    if !s.is_finite() || s < 60.0 {
        (0, 0)
    } else if s < 3600.0 {
        (1, (s / 60.0) as u64)
    } else if s < 86_400.0 {
        (2, (s / 3600.0) as u64)
    } else {
        (3, (s / 86_400.0) as u64)
    }
}

/// The first `n` words of a text (the queue's preview), with "…" when cut.
pub fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{}…", words[..n].join(" "))
    }
}

/// A local date and time, `21/09 14:13:20`.
pub fn clock(ms: f64) -> String {
    if !ms.is_finite() {
        return String::new();
    }
    let (y, mo, d, h, mi, sec) = crate::api::local(ms);
    format!("{d:02}/{mo:02}/{y} {h:02}:{mi:02}:{sec:02}")
}

/// The `p`-quantile (0..=1, nearest rank) of `values`, or None when empty.
pub fn quantile(values: &[f64], p: f64) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
    Some(v[rank - 1])
}

/// The figures of a set of reports (the supervisor's statistics).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    /// (local day `YYYY-MM-DD`, count per outcome key: `open` or an outcome), newest day first.
    pub days: Vec<(String, Vec<(String, usize)>)>,
    /// (category, count), most first.
    pub categories: Vec<(String, usize)>,
    /// Seconds from received to seen: median, p90.
    pub to_seen: (Option<f64>, Option<f64>),
    /// Seconds from received to dispatched: median, p90.
    pub to_dispatched: (Option<f64>, Option<f64>),
    /// Closed reports, and how many were false reports.
    pub closed: usize,
    pub false_reports: usize,
    pub total: usize,
}

fn day(ms: f64) -> String {
    let (y, mo, d, ..) = crate::api::local(ms);
    format!("{y}-{mo:02}-{d:02}")
}

/// The statistics of `rows`.
pub fn stats(rows: &[Summary]) -> Stats {
    use std::collections::BTreeMap;
    let mut days: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut cats: BTreeMap<String, usize> = BTreeMap::new();
    let (mut seen, mut dispatched) = (Vec::new(), Vec::new());
    let mut st = Stats {
        total: rows.len(),
        ..Stats::default()
    };
    for r in rows {
        let rec = r.received_ms();
        let key = r.outcome.clone().unwrap_or_else(|| "open".into());
        *days.entry(day(rec)).or_default().entry(key).or_default() += 1;
        *cats.entry(r.category.clone()).or_default() += 1;
        if let Some(t) = r.seen_at.as_deref() {
            seen.push((ms(t) - rec) / 1000.0);
        }
        if let Some(t) = r.dispatched_at.as_deref() {
            dispatched.push((ms(t) - rec) / 1000.0);
        }
        if r.state == "closed" {
            st.closed += 1;
            if r.outcome.as_deref() == Some("false_report") {
                st.false_reports += 1;
            }
        }
    }
    st.days = days
        .into_iter()
        .rev()
        .map(|(d, m)| (d, m.into_iter().collect()))
        .collect();
    let mut cats: Vec<(String, usize)> = cats.into_iter().collect();
    cats.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    st.categories = cats;
    st.to_seen = (quantile(&seen, 0.5), quantile(&seen, 0.9));
    st.to_dispatched = (quantile(&dispatched, 0.5), quantile(&dispatched, 0.9));
    st
}

/// A duration for people: `45 dtk`, `3 mnt 20 dtk`, `1 j 05 mnt` (units given).
pub fn duration(secs: f64, units: [&str; 3]) -> String {
    let s = secs.max(0.0).round() as u64;
    if s < 60 {
        format!("{s} {}", units[0])
    } else if s < 3600 {
        format!("{} {} {:02} {}", s / 60, units[1], s % 60, units[0])
    } else {
        format!(
            "{} {} {:02} {}",
            s / 3600,
            units[2],
            (s % 3600) / 60,
            units[1]
        )
    }
}
