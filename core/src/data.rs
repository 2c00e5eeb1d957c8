//! The bundled jurisdiction data as the app ships it, and its binary files.
//!
//! - `index.bin` — national and small, in the first download: Polda, every Polres with its HQ
//!   point, every province with its bounding box, every kab/kota with its name. A Polres's id
//!   is written only where it is not its name's slug, and its area point only where it is not
//!   its HQ (2 and 5 of 508): 14,855 → 11,991 B brotli (2026-12-04).
//! - `prov-XX.bin` — one per province, fetched when a position falls in its box: its kecamatan
//!   with names, responsible Polres and polygons.
//! - `land.bin` — neighbouring countries' land, to tell a beach in Indonesia from a beach in
//!   Johor when a point lies outside every Indonesian polygon.
//!
//! Files are written by `siaga110-pack` (see `data/PROVENANCE.md`) with [`crate::pack::Writer`].

use crate::geo::LatLon;
use crate::pack::{dequantise, PackError, Reader, Writer};

const INDEX_MAGIC: &[u8] = b"S110IDX2";
const PROVINCE_MAGIC: &[u8] = b"S110PRV3";
const LAND_MAGIC: &[u8] = b"S110LND2";
const NAMES_MAGIC: &[u8] = b"S110NAM1";

/// The grid the polygons' vertices lie on, in 1e-5° units: 10 = 1e-4°, about 11 m. The boundaries
/// are simplified far more coarsely than that (a kecamatan has 36 vertices on average), and the
/// coarser numbers make the province files a quarter smaller (Sumatera Utara 47.5 → 37.5 KB
/// brotli) — the file every first answer waits for, and what a phone stores for offline use.
/// `siaga110-pack` snaps the vertices before anything else uses them ([`crate::pack::snap`]).
pub const POLYGON_GRID: i32 = 10;

/// A bounding box in quantised 1e-5° units (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bbox {
    /// Southern edge.
    pub min_lat: i32,
    /// Western edge.
    pub min_lon: i32,
    /// Northern edge.
    pub max_lat: i32,
    /// Eastern edge.
    pub max_lon: i32,
}

impl Bbox {
    /// The smallest box around `points` (quantised (lat, lon)); `None` for no points.
    ///
    /// ```
    /// use siaga110_core::data::Bbox;
    /// let b = Bbox::around(&[(1, 5), (-2, 7)]).unwrap();
    /// assert_eq!((b.min_lat, b.min_lon, b.max_lat, b.max_lon), (-2, 5, 1, 7));
    /// ```
    pub fn around(points: &[(i32, i32)]) -> Option<Bbox> {
        let (&(lat, lon), rest) = points.split_first()?;
        let mut b = Bbox {
            min_lat: lat,
            min_lon: lon,
            max_lat: lat,
            max_lon: lon,
        };
        for &(lat, lon) in rest {
            b.min_lat = b.min_lat.min(lat);
            b.max_lat = b.max_lat.max(lat);
            b.min_lon = b.min_lon.min(lon);
            b.max_lon = b.max_lon.max(lon);
        }
        Some(b)
    }

    /// The box grown to hold `other` too.
    pub fn union(self, other: Bbox) -> Bbox {
        Bbox {
            min_lat: self.min_lat.min(other.min_lat),
            min_lon: self.min_lon.min(other.min_lon),
            max_lat: self.max_lat.max(other.max_lat),
            max_lon: self.max_lon.max(other.max_lon),
        }
    }

    /// Whether the box, grown by `margin` units on every side, holds the point.
    ///
    /// ```
    /// use siaga110_core::data::Bbox;
    /// let b = Bbox { min_lat: 0, min_lon: 0, max_lat: 10, max_lon: 10 };
    /// assert!(b.contains_within(11, 5, 1));
    /// assert!(!b.contains_within(12, 5, 1));
    /// ```
    pub fn contains_within(&self, lat: i32, lon: i32, margin: i32) -> bool {
        lat >= self.min_lat.saturating_sub(margin)
            && lat <= self.max_lat.saturating_add(margin)
            && lon >= self.min_lon.saturating_sub(margin)
            && lon <= self.max_lon.saturating_add(margin)
    }

    fn write(&self, w: &mut Writer) {
        for v in [self.min_lat, self.min_lon, self.max_lat, self.max_lon] {
            w.int(i64::from(v));
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<Bbox, PackError> {
        Ok(Bbox {
            min_lat: r.int32()?,
            min_lon: r.int32()?,
            max_lat: r.int32()?,
            max_lon: r.int32()?,
        })
    }
}

/// A police unit at Polres level (Polres, Polresta, Polrestabes, Polres Metro, port and airport Polres).
#[derive(Debug, Clone, PartialEq)]
pub struct Polres {
    /// Stable slug, e.g. `polrestabes-medan`.
    pub id: String,
    /// Proper name, e.g. `Polrestabes Medan`.
    pub name: String,
    /// Index into [`Index::poldas`].
    pub polda: usize,
    /// Approximate headquarters point, if any source places it.
    pub hq: Option<LatLon>,
    /// How precise `hq` is: `address`, `town`, `kecamatan-centroid`, `kabkota-centroid`. (Where
    /// each point came from is in `data/derived/polres.csv`; the app ships only its precision.)
    pub hq_precision: String,
    /// The unit's own phone line; empty unless a source gives it (never invented).
    pub phone: String,
    /// Where a manual choice of this Polres points: its HQ town where that lies in its own area,
    /// else a point inside the largest kecamatan it covers;
    /// `None` for units below kecamatan level (some port and airport Polres).
    pub area_point: Option<LatLon>,
}

/// A province: its two-digit Kemendagri code, name and the box around its kecamatan.
#[derive(Debug, Clone, PartialEq)]
pub struct Province {
    /// Kemendagri code, e.g. `12`.
    pub code: String,
    /// Name, e.g. `Sumatera Utara`.
    pub name: String,
    /// Box around all its polygons.
    pub bbox: Bbox,
}

/// A kabupaten or kota.
#[derive(Debug, Clone, PartialEq)]
pub struct KabKota {
    /// Kemendagri code, e.g. `12.71`.
    pub code: String,
    /// Name, e.g. `Kota Medan`.
    pub name: String,
    /// The seat (ibukota) town's point, for a manual choice of this kab/kota.
    pub seat: Option<LatLon>,
}

/// The national index (first download).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Index {
    /// Polda names, e.g. `Polda Sumatera Utara`.
    pub poldas: Vec<String>,
    /// Every Polres.
    pub polres: Vec<Polres>,
    /// Every province, by code.
    pub provinces: Vec<Province>,
    /// Every kab/kota, sorted by code.
    pub kabkota: Vec<KabKota>,
}

impl Index {
    /// Encodes the index as `index.bin`.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(INDEX_MAGIC);
        w.uint(self.poldas.len() as u64);
        for p in &self.poldas {
            w.str(p);
        }
        w.uint(self.polres.len() as u64);
        for p in &self.polres {
            // The id only where it is not the name's slug (2 of 508: two units share a name).
            w.str(if p.id == polres_slug(&p.name) {
                ""
            } else {
                &p.id
            });
            w.str(&p.name);
            w.uint(p.polda as u64);
            write_point(&mut w, p.hq);
            w.str(&p.hq_precision);
            w.str(&p.phone);
            // Most area points are the HQ itself (503 of 508): a tag instead of the point again.
            if p.area_point.is_some() && p.area_point == p.hq {
                w.uint(SAME_AS_HQ as u64);
            } else {
                write_point(&mut w, p.area_point);
            }
        }
        w.uint(self.provinces.len() as u64);
        for p in &self.provinces {
            w.str(&p.code);
            w.str(&p.name);
            p.bbox.write(&mut w);
        }
        w.uint(self.kabkota.len() as u64);
        for k in &self.kabkota {
            w.str(&k.code);
            w.str(&k.name);
            write_point(&mut w, k.seat);
        }
        w.finish()
    }

    /// Decodes `index.bin`.
    pub fn decode(bytes: &[u8]) -> Result<Index, PackError> {
        let mut r = Reader::with_magic(bytes, INDEX_MAGIC, "Siaga110 index")?;
        let n = r.count()?;
        let poldas = (0..n)
            .map(|_| r.str().map(str::to_owned))
            .collect::<Result<Vec<_>, _>>()?;
        let n = r.count()?;
        let mut polres = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.str()?.to_owned();
            let name = r.str()?.to_owned();
            let id = if id.is_empty() {
                polres_slug(&name)
            } else {
                id
            };
            let polda = r.index(poldas.len())?;
            let hq = read_point(&mut r)?;
            let hq_precision = r.str()?.to_owned();
            let phone = r.str()?.to_owned();
            let at = r.pos();
            let area_point = match r.index(3)? {
                SAME_AS_HQ if hq.is_some() => hq,
                SAME_AS_HQ => return Err(PackError::Value(at, "area point: the HQ, but none")),
                tag => read_point_after(&mut r, tag)?,
            };
            polres.push(Polres {
                id,
                name,
                polda,
                hq,
                hq_precision,
                phone,
                area_point,
            });
        }
        let n = r.count()?;
        let mut provinces = Vec::with_capacity(n);
        for _ in 0..n {
            provinces.push(Province {
                code: r.str()?.to_owned(),
                name: r.str()?.to_owned(),
                bbox: Bbox::read(&mut r)?,
            });
        }
        let n = r.count()?;
        let mut kabkota = Vec::with_capacity(n);
        for _ in 0..n {
            kabkota.push(KabKota {
                code: r.str()?.to_owned(),
                name: r.str()?.to_owned(),
                seat: read_point(&mut r)?,
            });
        }
        if !r.at_end() {
            return Err(PackError::Value(r.pos(), "trailing bytes"));
        }
        Ok(Index {
            poldas,
            polres,
            provinces,
            kabkota,
        })
    }

    /// The kab/kota with this code.
    pub fn kabkota(&self, code: &str) -> Option<&KabKota> {
        self.kabkota
            .binary_search_by(|k| k.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.kabkota[i])
    }
}

fn write_point(w: &mut Writer, p: Option<LatLon>) {
    match p {
        Some(p) => {
            w.uint(1);
            w.int(i64::from(crate::pack::quantise(p.lat())));
            w.int(i64::from(crate::pack::quantise(p.lon())));
        }
        None => w.uint(0),
    }
}

/// The tag of a Polres's area point that is its HQ point (after 0 = none, 1 = a point).
const SAME_AS_HQ: usize = 2;

/// A Polres id from its name, as the pipeline makes it (`tools/data/derive_polres.py`): lower
/// case, each run of other characters one `-`, none at either end.
///
/// ```text
/// "Polres Pelabuhan Tanjung Perak" → "polres-pelabuhan-tanjung-perak"
/// ```
fn polres_slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    slug
}

fn read_point(r: &mut Reader<'_>) -> Result<Option<LatLon>, PackError> {
    let tag = r.index(2)?;
    read_point_after(r, tag)
}

/// The point after its tag (0 = none, 1 = a point follows).
fn read_point_after(r: &mut Reader<'_>, tag: usize) -> Result<Option<LatLon>, PackError> {
    if tag == 0 {
        return Ok(None);
    }
    let at = r.pos();
    let (lat, lon) = (r.int32()?, r.int32()?);
    LatLon::new(dequantise(lat), dequantise(lon))
        .map(Some)
        .map_err(|_| PackError::Value(at, "point out of range"))
}

/// A polygon: an outer ring and its holes, quantised (lat, lon), with its box.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    /// Rings; the first is the outer boundary. Inside = inside an odd number of rings.
    pub rings: Vec<Vec<(i32, i32)>>,
    /// Box around the outer ring.
    pub bbox: Bbox,
}

impl Polygon {
    /// Whether `at` lies inside (even-odd over all rings).
    ///
    /// ```
    /// use siaga110_core::data::Polygon;
    /// use siaga110_core::geo::LatLon;
    /// let square = Polygon::new(vec![vec![(0, 0), (0, 100), (100, 100), (100, 0)]]).unwrap();
    /// assert!(square.contains(LatLon::new(0.0005, 0.0005).unwrap()));
    /// assert!(!square.contains(LatLon::new(0.002, 0.0005).unwrap()));
    /// ```
    pub fn contains(&self, at: crate::geo::LatLon) -> bool {
        crate::jurisdiction::contains(self, at.lat() * 1e5, at.lon() * 1e5)
    }

    /// A polygon from rings (the first the outer one); `None` if the outer ring is empty.
    pub fn new(rings: Vec<Vec<(i32, i32)>>) -> Option<Polygon> {
        let bbox = Bbox::around(rings.first()?)?;
        Some(Polygon { rings, bbox })
    }

    /// Writes the rings on [`POLYGON_GRID`] (a vertex off the grid is rounded to it).
    fn write(&self, w: &mut Writer) {
        w.uint(self.rings.len() as u64);
        for ring in &self.rings {
            w.ring_on_grid(ring, POLYGON_GRID);
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<Polygon, PackError> {
        let at = r.pos();
        let n = r.count()?;
        let rings = (0..n)
            .map(|_| r.ring_on_grid(POLYGON_GRID))
            .collect::<Result<Vec<_>, _>>()?;
        Polygon::new(rings).ok_or(PackError::Value(at, "empty polygon"))
    }
}

/// How a kecamatan's Polres is known — shown to the person, so that an assumed answer says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    /// A dated source lists this kecamatan under one of the Polres's Polsek.
    PolsekList,
    /// A sourced decision (a split of a kab/kota between Polres, or a whole kab/kota).
    Decision,
    /// Assumed from the kab/kota's name: no source checked yet.
    #[default]
    NameMatch,
}

impl Basis {
    const ALL: [Basis; 3] = [Basis::PolsekList, Basis::Decision, Basis::NameMatch];

    /// The code in `data/derived/kecamatan_polres.csv` (`polsek-list`, `decision`, `name-match`).
    ///
    /// ```
    /// use siaga110_core::data::Basis;
    /// assert_eq!(Basis::from_code("decision"), Some(Basis::Decision));
    /// assert_eq!(Basis::NameMatch.code(), "name-match");
    /// assert!(Basis::PolsekList.is_sourced() && !Basis::NameMatch.is_sourced());
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Basis::PolsekList => "polsek-list",
            Basis::Decision => "decision",
            Basis::NameMatch => "name-match",
        }
    }

    /// The value for a code, if any.
    pub fn from_code(code: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.code() == code)
    }

    /// Whether a source backs it (not assumed).
    pub fn is_sourced(self) -> bool {
        self != Basis::NameMatch
    }
}

/// A kecamatan: the unit of jurisdiction (a Polres covers whole kecamatan).
#[derive(Debug, Clone, PartialEq)]
pub struct Kecamatan {
    /// Kemendagri code, e.g. `12.71.08`; its first five characters are the kab/kota code.
    pub code: String,
    /// Name, e.g. `Medan Belawan`.
    pub name: String,
    /// Index into [`Index::polres`] of the responsible Polres; `None` where no source settles it.
    pub polres: Option<usize>,
    /// How that Polres is known.
    pub basis: Basis,
    /// Its land, one or more polygons.
    pub polygons: Vec<Polygon>,
}

impl Kecamatan {
    /// The kab/kota code: the kecamatan code without its last part.
    ///
    /// ```
    /// use siaga110_core::data::Kecamatan;
    /// let k = Kecamatan { code: "12.71.08".into(), name: "Medan Belawan".into(), polres: None, basis: Default::default(), polygons: vec![] };
    /// assert_eq!(k.kabkota_code(), "12.71");
    /// ```
    pub fn kabkota_code(&self) -> &str {
        kabkota_code_of(&self.code)
    }
}

/// The kab/kota code of a kecamatan code: without its last part.
///
/// ```
/// assert_eq!(siaga110_core::data::kabkota_code_of("12.71.08"), "12.71");
/// ```
pub fn kabkota_code_of(kecamatan_code: &str) -> &str {
    kecamatan_code
        .rsplit_once('.')
        .map_or(kecamatan_code, |(k, _)| k)
}

/// A kab/kota where a dated source says the general emergency number 112 is in service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call112 {
    /// The kab/kota code.
    pub kabkota: String,
    /// Where that was said (the source's host name, e.g. `djppi.kominfo.go.id`).
    pub source: String,
    /// The source's date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub date: String,
}

/// The detail of one province (`prov-XX.bin`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceDetail {
    /// The province code.
    pub code: String,
    /// Its kecamatan, sorted by code.
    pub kecamatan: Vec<Kecamatan>,
    /// Its kab/kota with 112 in service (sourced), sorted by code.
    pub call112: Vec<Call112>,
}

impl ProvinceDetail {
    /// Encodes as `prov-XX.bin`.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(PROVINCE_MAGIC);
        w.str(&self.code);
        w.uint(self.kecamatan.len() as u64);
        for k in &self.kecamatan {
            w.str(&k.code);
            w.str(&k.name);
            w.uint(k.polres.map_or(0, |p| p as u64 + 1));
            w.uint(Basis::ALL.iter().position(|b| *b == k.basis).unwrap_or(2) as u64);
            w.uint(k.polygons.len() as u64);
            for p in &k.polygons {
                p.write(&mut w);
            }
        }
        w.uint(self.call112.len() as u64);
        for c in &self.call112 {
            w.str(&c.kabkota);
            w.str(&c.source);
            w.str(&c.date);
        }
        w.finish()
    }

    /// Decodes `prov-XX.bin`; `polres_count` bounds the Polres indices (from the index).
    pub fn decode(bytes: &[u8], polres_count: usize) -> Result<ProvinceDetail, PackError> {
        let mut r = Reader::with_magic(bytes, PROVINCE_MAGIC, "Siaga110 province")?;
        let code = r.str()?.to_owned();
        let n = r.count()?;
        let mut kecamatan = Vec::with_capacity(n);
        for _ in 0..n {
            let code = r.str()?.to_owned();
            let name = r.str()?.to_owned();
            let polres = r.index(polres_count + 1)?.checked_sub(1);
            let basis = Basis::ALL[r.index(Basis::ALL.len())?];
            let np = r.count()?;
            let polygons = (0..np)
                .map(|_| Polygon::read(&mut r))
                .collect::<Result<Vec<_>, _>>()?;
            kecamatan.push(Kecamatan {
                code,
                name,
                polres,
                basis,
                polygons,
            });
        }
        let n = r.count()?;
        let mut call112 = Vec::with_capacity(n);
        for _ in 0..n {
            call112.push(Call112 {
                kabkota: r.str()?.to_owned(),
                source: r.str()?.to_owned(),
                date: r.str()?.to_owned(),
            });
        }
        if !r.at_end() {
            return Err(PackError::Value(r.pos(), "trailing bytes"));
        }
        Ok(ProvinceDetail {
            code,
            kecamatan,
            call112,
        })
    }
}

/// Neighbouring countries' land (`land.bin`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Land {
    /// (country name, polygon) pairs.
    pub parts: Vec<(String, Polygon)>,
}

impl Land {
    /// Encodes as `land.bin`.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(LAND_MAGIC);
        w.uint(self.parts.len() as u64);
        for (country, p) in &self.parts {
            w.str(country);
            p.write(&mut w);
        }
        w.finish()
    }

    /// Decodes `land.bin`.
    pub fn decode(bytes: &[u8]) -> Result<Land, PackError> {
        let mut r = Reader::with_magic(bytes, LAND_MAGIC, "Siaga110 land")?;
        let n = r.count()?;
        let mut parts = Vec::with_capacity(n);
        for _ in 0..n {
            parts.push((r.str()?.to_owned(), Polygon::read(&mut r)?));
        }
        if !r.at_end() {
            return Err(PackError::Value(r.pos(), "trailing bytes"));
        }
        Ok(Land { parts })
    }
}

/// Every kecamatan's name with a point inside it (`names.bin`): what the manual search needs
/// before any province is loaded (e.g. when location is denied).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Names {
    /// (kecamatan code, name, a point inside it), sorted by code.
    pub kecamatan: Vec<(String, String, LatLon)>,
}

impl Names {
    /// Encodes as `names.bin`: the names, then all points as one delta-encoded ring (neighbours
    /// in code order are close, so the deltas are small).
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(NAMES_MAGIC);
        w.uint(self.kecamatan.len() as u64);
        for (code, name, _) in &self.kecamatan {
            w.str(code);
            w.str(name);
        }
        let points: Vec<(i32, i32)> = self
            .kecamatan
            .iter()
            .map(|(_, _, p)| {
                (
                    crate::pack::quantise(p.lat()),
                    crate::pack::quantise(p.lon()),
                )
            })
            .collect();
        w.ring(&points);
        w.finish()
    }

    /// Decodes `names.bin`.
    ///
    /// ```
    /// use siaga110_core::{data::Names, geo::LatLon};
    /// let n = Names { kecamatan: vec![("12.71.08".into(), "Medan Belawan".into(), LatLon::new(3.77, 98.68).unwrap())] };
    /// assert_eq!(Names::decode(&n.encode()).unwrap(), n);
    /// ```
    pub fn decode(bytes: &[u8]) -> Result<Names, PackError> {
        let mut r = Reader::with_magic(bytes, NAMES_MAGIC, "Siaga110 names")?;
        let n = r.count()?;
        let mut names = Vec::with_capacity(n);
        for _ in 0..n {
            names.push((r.str()?.to_owned(), r.str()?.to_owned()));
        }
        let at = r.pos();
        let points = r.ring()?;
        if points.len() != n || !r.at_end() {
            return Err(PackError::Value(at, "points do not match names"));
        }
        let mut kecamatan = Vec::with_capacity(n);
        for ((code, name), (lat, lon)) in names.into_iter().zip(points) {
            let p = LatLon::new(dequantise(lat), dequantise(lon))
                .map_err(|_| PackError::Value(at, "point out of range"))?;
            kecamatan.push((code, name, p));
        }
        Ok(Names { kecamatan })
    }
}
