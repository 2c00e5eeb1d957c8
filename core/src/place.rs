//! What the app shows for a point or a manual choice: owned values derived from a lookup, so
//! the UI can hold them in a signal; and the search behind the manual fallback.

use crate::data::{Kecamatan, Polygon};
use crate::geo::LatLon;
use crate::jurisdiction::{Answer, Coverage, Jurisdiction, LocateError, Outside};
use crate::pack::dequantise;

/// The responsible unit and area for a point inside coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct Covered {
    /// Kecamatan code and name.
    pub kecamatan: (String, String),
    /// Kab/kota code and name.
    pub kabkota: (String, String),
    /// The kab/kota's seat town point (a reference for short Plus Codes).
    pub seat: Option<LatLon>,
    /// The responsible Polres's name, where the data settles it.
    pub polres: Option<String>,
    /// Its stable id (slug).
    pub polres_id: Option<String>,
    /// Its Polda.
    pub polda: Option<String>,
    /// How the Polres is known: sourced, or assumed from the kab/kota's name.
    pub basis: crate::data::Basis,
    /// 112 in this kab/kota, when a dated source says it is in service: (source, date).
    pub call112: Option<(String, String)>,
    /// The Polres's own line; empty unless sourced.
    pub phone: String,
    /// Its HQ point and how precise it is.
    pub hq: Option<(LatLon, String)>,
    /// True inside the kecamatan polygon; false when it is the nearest area off the coast.
    pub inside: bool,
    /// 0 inside, else metres to the area.
    pub distance_m: f64,
    /// Farther than [`crate::jurisdiction::SHORE_M`] off the area: at sea, in Indonesian waters
    /// (search and rescue, Basarnas 115, first).
    pub at_sea: bool,
    /// The kecamatan's outline, rings of (lat, lon) degrees, for the mini-map; shared, so an
    /// answer is cheap to copy (a reactive reader gets its own copy of the answer).
    pub outline: std::sync::Arc<[Vec<(f64, f64)>]>,
    /// Other kecamatan the fix's accuracy circle reaches, nearest first: (kecamatan, its Polres).
    /// Empty for [`Jurisdiction::place`] and for a circle inside one kecamatan.
    pub also: Vec<(String, Option<String>)>,
}

impl Covered {
    /// The Polres as a report names it, when the data settles it.
    pub fn polres_ref(&self) -> Option<crate::report::PolresRef> {
        Some(crate::report::PolresRef {
            id: self.polres_id.clone()?,
            name: self.polres.clone()?,
            polda: self.polda.clone().unwrap_or_default(),
            kabkota: self.kabkota.1.clone(),
            kecamatan: self.kecamatan.1.clone(),
            inside: self.inside,
        })
    }

    /// How far the kecamatan reaches from its middle: half the diagonal of the box around its
    /// outline, in metres (what a place chosen by name says instead of an accuracy).
    ///
    /// ```
    /// # use siaga110_core::place::Covered;
    /// # fn with(outline: Vec<Vec<(f64, f64)>>) -> f64 { siaga110_core::place::extent_m(&outline) }
    /// // 0.1° × 0.1° at the equator: about 7.9 km from the middle to a corner.
    /// let m = with(vec![vec![(0.0, 0.0), (0.0, 0.1), (0.1, 0.1), (0.1, 0.0)]]);
    /// assert!((m - 7_860.0).abs() < 50.0, "{m}");
    /// ```
    pub fn extent_m(&self) -> f64 {
        extent_m(&self.outline)
    }
}

/// Half the diagonal of the box around `outline` ((lat, lon) rings), in metres; 0 when empty.
pub fn extent_m(outline: &[Vec<(f64, f64)>]) -> f64 {
    let pts = || outline.iter().flatten();
    let (Some(lat0), Some(lat1)) = (
        pts().map(|p| p.0).reduce(f64::min),
        pts().map(|p| p.0).reduce(f64::max),
    ) else {
        return 0.0;
    };
    let lon0 = pts().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let lon1 = pts().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let k = 111_195.0;
    let dy = (lat1 - lat0) * k;
    let dx = (lon1 - lon0) * k * ((lat0 + lat1) / 2.0).to_radians().cos();
    dx.hypot(dy) / 2.0
}

/// The answer for a point, owned.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// Inside coverage (or near it).
    Covered(Box<Covered>),
    /// Outside coverage: on a neighbour's land (`Some(country)`) or far from any area.
    Outside(Option<String>),
}

fn outline(k: &Kecamatan) -> Vec<Vec<(f64, f64)>> {
    k.polygons
        .iter()
        .flat_map(|p| p.rings.first())
        .map(|r| {
            r.iter()
                .map(|&(la, lo)| (dequantise(la), dequantise(lo)))
                .collect()
        })
        .collect()
}

impl Jurisdiction {
    /// The owned [`Place`] for a point (see [`Jurisdiction::locate`]).
    pub fn place(&self, at: LatLon) -> Result<Place, LocateError> {
        Ok(match self.locate(at)? {
            Answer::Outside(Outside::Neighbour(c)) => Place::Outside(Some(c)),
            Answer::Outside(Outside::Far) => Place::Outside(None),
            Answer::Area(a) => Place::Covered(Box::new(Covered {
                kecamatan: (a.kecamatan.code.clone(), a.kecamatan.name.clone()),
                kabkota: (
                    a.kabkota_code.to_owned(),
                    a.kabkota_name.unwrap_or_default().to_owned(),
                ),
                seat: self.index().kabkota(a.kabkota_code).and_then(|k| k.seat),
                polres: a.polres.map(|p| p.name.clone()),
                polres_id: a.polres.map(|p| p.id.clone()),
                polda: a.polda.map(str::to_owned),
                basis: a.kecamatan.basis,
                call112: self
                    .call112(a.kabkota_code)
                    .map(|c| (c.source.clone(), c.date.clone())),
                phone: a.polres.map(|p| p.phone.clone()).unwrap_or_default(),
                hq: a
                    .polres
                    .and_then(|p| p.hq.map(|hq| (hq, p.hq_precision.clone()))),
                inside: matches!(a.coverage, Coverage::Inside),
                distance_m: a.distance_m(),
                at_sea: a.distance_m() > crate::jurisdiction::SHORE_M,
                outline: outline(a.kecamatan).into(),
                also: Vec::new(),
            })),
        })
    }

    /// [`Jurisdiction::place`] for a fix `accuracy_m` wide: also names the other kecamatan (at
    /// most three) its circle reaches — a coarse fix near a border may be in any of them. The
    /// circle counts up to 10 km.
    pub fn place_within(&self, at: LatLon, accuracy_m: Option<f64>) -> Result<Place, LocateError> {
        let mut place = self.place(at)?;
        if let (Place::Covered(c), Some(r)) = (&mut place, accuracy_m) {
            if c.inside && r > 0.0 {
                c.also = self
                    .reaches(at, r.min(10_000.0), &c.kecamatan.0, 3)
                    .into_iter()
                    .map(|(k, p)| (k.name.clone(), p.map(|p| p.name.clone())))
                    .collect();
            }
        }
        Ok(place)
    }

    /// Manual search: kab/kota, Polres and kecamatan (all, once [`Jurisdiction::set_names`]
    /// gave the national list; else those of the loaded provinces) whose name contains every word of
    /// `query`, accent- and case-insensitively; each with a point to look up. Best first: the
    /// name itself (without "Kota", "Kabupaten", "Polres"…), then names that start with the
    /// query, then the rest; kab/kota before Polres before kecamatan; shorter names first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let words: Vec<String> = normalise(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        if words.is_empty() {
            return Vec::new();
        }
        let q = words.join(" ");
        let mut hits: Vec<(u8, usize, SearchHit)> = Vec::new();
        let mut consider = |name: &str, kind: HitKind, point: Option<LatLon>, context: String| {
            let n = normalise(name);
            let bare = strip_prefix(&n);
            if let Some(point) = point.filter(|_| words.iter().all(|w| n.contains(w.as_str()))) {
                let closeness: u8 = if n == q || bare == q {
                    0
                } else if n.starts_with(&q) || bare.starts_with(&q) {
                    3
                } else {
                    6
                };
                let rank = closeness + kind as u8;
                hits.push((
                    rank,
                    n.len(),
                    SearchHit {
                        name: name.to_owned(),
                        kind,
                        point,
                        context,
                    },
                ));
            }
        };
        let index = self.index();
        for k in &index.kabkota {
            consider(&k.name, HitKind::KabKota, k.seat, String::new());
        }
        for p in &index.polres {
            let polda = index.poldas.get(p.polda).cloned().unwrap_or_default();
            consider(&p.name, HitKind::Polres, p.area_point.or(p.hq), polda);
        }
        // Kecamatan: the national name list when loaded, else those of the loaded provinces.
        let kab_of = |code: &str| {
            index
                .kabkota(crate::data::kabkota_code_of(code))
                .map(|x| x.name.clone())
                .unwrap_or_default()
        };
        if self.names().kecamatan.is_empty() {
            for k in self.areas() {
                let point = k.polygons.first().and_then(|p| p.interior_point());
                consider(&k.name, HitKind::Kecamatan, point, kab_of(&k.code));
            }
        } else {
            for (code, name, p) in &self.names().kecamatan {
                consider(name, HitKind::Kecamatan, Some(*p), kab_of(code));
            }
        }
        hits.sort_unstable_by(|a, b| {
            (a.0, a.1, &a.2.name, &a.2.context).cmp(&(b.0, b.1, &b.2.name, &b.2.context))
        });
        hits.truncate(limit);
        hits.into_iter().map(|h| h.2).collect()
    }
}

/// What a search hit names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    /// A kabupaten or kota (its point: the seat town).
    KabKota,
    /// A Polres (its point: inside its largest kecamatan; the HQ for a unit with no kecamatan).
    Polres,
    /// A kecamatan (its point: inside it).
    Kecamatan,
}

/// One result of [`Jurisdiction::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The name as the data spells it.
    pub name: String,
    /// What it is.
    pub kind: HitKind,
    /// The point to look up for it.
    pub point: LatLon,
    /// Where it is (the kab/kota of a kecamatan, the Polda of a Polres), for telling names apart.
    pub context: String,
}

/// Lower case, accents removed, every run of other characters one space — for matching
/// names as people type them.
///
/// ```
/// use siaga110_core::place::normalise;
/// assert_eq!(normalise("  Kabupaten  Pidië (Aceh)"), "kabupaten pidie aceh");
/// assert_eq!(normalise("Lhokseumawe–KOTA"), "lhokseumawe kota");
/// ```
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        };
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The name without a leading administrative word, so "medan" ranks "Kota Medan" first.
fn strip_prefix(n: &str) -> &str {
    for p in [
        "kabupaten ",
        "kota ",
        "polrestabes ",
        "polresta ",
        "polres metro ",
        "polres ",
    ] {
        if let Some(rest) = n.strip_prefix(p) {
            return rest;
        }
    }
    n
}

impl Polygon {
    /// A point strictly inside the polygon (outer ring, outside holes): the middle of the
    /// widest inside run of a few horizontal lines. `None` for a degenerate polygon.
    ///
    /// ```
    /// use siaga110_core::data::Polygon;
    /// let sq = vec![(0, 0), (0, 100), (100, 100), (100, 0), (0, 0)];
    /// let p = Polygon::new(vec![sq]).unwrap().interior_point().unwrap();
    /// assert!(p.lat() > 0.0 && p.lat() < 0.001 && p.lon() > 0.0 && p.lon() < 0.001);
    /// ```
    pub fn interior_point(&self) -> Option<LatLon> {
        let b = self.bbox;
        let mut best: Option<(f64, f64, f64)> = None;
        for step in 1..8 {
            let lat = f64::from(b.min_lat)
                + f64::from(b.max_lat - b.min_lat) * f64::from(step) / 8.0
                + 0.37;
            let mut xs = Vec::new();
            for ring in &self.rings {
                for w in ring.windows(2) {
                    let (y1, x1) = (f64::from(w[0].0), f64::from(w[0].1));
                    let (y2, x2) = (f64::from(w[1].0), f64::from(w[1].1));
                    if (y1 > lat) != (y2 > lat) {
                        xs.push(x1 + (lat - y1) * (x2 - x1) / (y2 - y1));
                    }
                }
            }
            xs.sort_unstable_by(f64::total_cmp);
            for pair in xs.chunks_exact(2) {
                let width = pair[1] - pair[0];
                if best.is_none_or(|b| width > b.0) {
                    best = Some((width, lat, (pair[0] + pair[1]) / 2.0));
                }
            }
        }
        let (_, lat, lon) = best?;
        LatLon::new(lat / 1e5, lon / 1e5).ok()
    }
}
