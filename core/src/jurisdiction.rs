//! Which Polres is responsible for a point: on the device, offline, with a spatial index.
//!
//! # The rule
//! 1. A point inside a kecamatan polygon belongs to that kecamatan, its kab/kota and the Polres
//!    the data assigns to it (`inside`, distance 0). In a sliver where simplified neighbours
//!    overlap, several claim the point: **the lowest kecamatan code wins** (deterministic, and the
//!    same in the indexed and the brute-force lookup). A point exactly on an edge shared by two
//!    kecamatan belongs to one of them by the half-open crossing rule (the one east of a
//!    north–south edge); a point on an outer edge (within 5 cm) counts as inside.
//! 2. Outside every polygon, a point on a neighbouring country's land (Singapore, Johor, Sarawak,
//!    Sabah, Timor-Leste, Papua New Guinea…) is **outside coverage** — never a wrong Polres.
//! 3. Otherwise, the nearest kecamatan within [`NEAR_LIMIT_M`] (12 nautical miles: Indonesia's
//!    territorial sea) answers (`inside = false`, with its distance): a beach or a pier just off
//!    the simplified coastline, or a boat in Indonesian waters — unless a neighbour's land is
//!    nearer than any Indonesian area (the equidistance line approximates the sea border:
//!    outside, that country's). Farther out at sea: outside coverage.
//!
//! Polygons are indexed by their boxes in an R-tree (`rstar`); [`Jurisdiction::locate_brute`]
//! scans every polygon and gives the same answers (tested), only slower (benchmarked).

use std::collections::BTreeSet;

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

use crate::data::{Bbox, Call112, Index, Kecamatan, Land, Names, Polres, Polygon, ProvinceDetail};
use crate::geo::{CoordError, LatLon};
use crate::pack::quantise;

/// How far off the nearest polygon a point may be and still be given to it: 12 nautical miles
/// (22,224 m), the breadth of Indonesia's territorial sea (UNCLOS art. 3; UU 6/1996). It also
/// covers what a simplified coastline cuts off (a beach, a harbour, a pier: the polygons' median
/// segment is about 2 km). Where a neighbour's coast is nearer, the point is that neighbour's.
pub const NEAR_LIMIT_M: f64 = 22_224.0;

/// Off the nearest area by more than this, the point is at sea (not just off the simplified
/// coastline): search and rescue (Basarnas 115) comes first.
pub const SHORE_M: f64 = 1_000.0;

/// Closer than this to a polygon's edge counts as on it, hence inside (well below the 1e-5°
/// quantum of the data).
const ON_EDGE_M: f64 = 0.05;

/// Metres per degree of latitude, for the local flat projection used to compare distances.
const M_PER_DEG: f64 = 111_320.0;

/// `NEAR_LIMIT_M` in quantised units with a safety factor, for box tests.
const NEAR_LIMIT_UNITS: i32 = ((NEAR_LIMIT_M / M_PER_DEG) * 1e5 * 1.2) as i32;

type Entry = GeomWithData<Rectangle<[f64; 2]>, (u32, u32)>;

/// The name [`Jurisdiction::missing_for`] gives the neighbours' land.
pub const LAND: &str = "land";

/// Why a point cannot be answered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LocateError {
    /// The coordinates are not a place on Earth (NaN, infinite, out of range).
    #[error(transparent)]
    Coord(#[from] CoordError),
    /// The detail of these provinces is needed to answer and is not loaded yet.
    #[error("province data not loaded: {0:?}")]
    Missing(Vec<String>),
}

/// Where the answer's area comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Coverage {
    /// Inside the area's polygon.
    Inside,
    /// Outside every polygon, `distance_m` from the nearest one (≤ [`NEAR_LIMIT_M`]).
    Near {
        /// Geodesic distance to the nearest point of the area, in metres.
        distance_m: f64,
    },
}

/// Why a point is outside coverage.
#[derive(Debug, Clone, PartialEq)]
pub enum Outside {
    /// On this neighbouring country's land.
    Neighbour(String),
    /// Farther than [`NEAR_LIMIT_M`] from any Indonesian area (at sea, or abroad).
    Far,
}

/// An answer inside coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct Area<'a> {
    /// The kecamatan.
    pub kecamatan: &'a Kecamatan,
    /// Its kab/kota code (e.g. `12.71`).
    pub kabkota_code: &'a str,
    /// Its kab/kota name, if the index has it.
    pub kabkota_name: Option<&'a str>,
    /// The responsible Polres, where the data settles it.
    pub polres: Option<&'a Polres>,
    /// The Polda of that Polres.
    pub polda: Option<&'a str>,
    /// Inside, or near.
    pub coverage: Coverage,
}

impl Area<'_> {
    /// 0 inside, else the distance to the area in metres.
    pub fn distance_m(&self) -> f64 {
        match self.coverage {
            Coverage::Inside => 0.0,
            Coverage::Near { distance_m } => distance_m,
        }
    }
}

/// The answer for a point.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer<'a> {
    /// Inside coverage.
    Area(Area<'a>),
    /// Outside coverage.
    Outside(Outside),
}

/// A Polres headquarters with its distance and bearing from a point.
#[derive(Debug, Clone, PartialEq)]
pub struct HqDistance<'a> {
    /// The Polres.
    pub polres: &'a Polres,
    /// Geodesic distance in metres.
    pub distance_m: f64,
    /// Initial bearing from the point, degrees from north.
    pub bearing_deg: f64,
}

/// The lookup: the national index, whichever provinces are loaded, and neighbours' land.
#[derive(Debug, Clone)]
pub struct Jurisdiction {
    index: Index,
    areas: Vec<Kecamatan>,
    tree: RTree<Entry>,
    land: Land,
    land_tree: RTree<Entry>,
    has_land: bool,
    loaded: BTreeSet<String>,
    names: Names,
    call112: Vec<Call112>,
}

fn rect(b: &Bbox) -> Rectangle<[f64; 2]> {
    Rectangle::from_corners(
        [f64::from(b.min_lon), f64::from(b.min_lat)],
        [f64::from(b.max_lon), f64::from(b.max_lat)],
    )
}

/// Even-odd point-in-polygon over all rings, in quantised units.
pub(crate) fn contains(poly: &Polygon, lat: f64, lon: f64) -> bool {
    let mut inside = false;
    for ring in &poly.rings {
        let Some(&last) = ring.last() else { continue };
        let (mut py, mut px) = (f64::from(last.0), f64::from(last.1));
        for &(y, x) in ring {
            let (y, x) = (f64::from(y), f64::from(x));
            if (y > lat) != (py > lat) && lon < (px - x) * (lat - y) / (py - y) + x {
                inside = !inside;
            }
            (py, px) = (y, x);
        }
    }
    inside
}

/// The nearest point of a polygon's boundary to (lat, lon), in a flat projection around the
/// point: (squared projected distance in m², nearest (lat, lon) in units).
fn nearest_on(poly: &Polygon, lat: f64, lon: f64, cos: f64) -> (f64, (f64, f64)) {
    let k = M_PER_DEG / 1e5;
    let proj = |y: f64, x: f64| ((x - lon) * cos * k, (y - lat) * k);
    let mut best = (f64::INFINITY, (lat, lon));
    for ring in &poly.rings {
        for w in ring.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (ax, ay) = proj(f64::from(a.0), f64::from(a.1));
            let (bx, by) = proj(f64::from(b.0), f64::from(b.1));
            let (dx, dy) = (bx - ax, by - ay);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                ((-ax * dx - ay * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (nx, ny) = (ax + t * dx, ay + t * dy);
            let d2 = nx * nx + ny * ny;
            if d2 < best.0 {
                best = (d2, (lat + ny / k, lon + nx / (cos * k)));
            }
        }
    }
    best
}

impl Jurisdiction {
    /// A lookup with the national index and no province loaded yet.
    pub fn new(index: Index) -> Self {
        Jurisdiction {
            index,
            areas: Vec::new(),
            tree: RTree::new(),
            land: Land::default(),
            land_tree: RTree::new(),
            has_land: false,
            loaded: BTreeSet::new(),
            names: Names::default(),
            call112: Vec::new(),
        }
    }

    /// The national index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Whether a dated source says 112 is in service in this kab/kota (of a loaded province).
    pub fn call112(&self, kabkota_code: &str) -> Option<&Call112> {
        self.call112.iter().find(|c| c.kabkota == kabkota_code)
    }

    /// Adds (or replaces) a province's detail and rebuilds the spatial index.
    pub fn add_province(&mut self, detail: ProvinceDetail) {
        self.areas
            .retain(|k| !k.code.starts_with(&format!("{}.", detail.code)));
        self.areas.extend(detail.kecamatan);
        self.areas.sort_unstable_by(|a, b| a.code.cmp(&b.code));
        self.call112
            .retain(|c| !c.kabkota.starts_with(&format!("{}.", detail.code)));
        self.call112.extend(detail.call112);
        self.loaded.insert(detail.code);
        let entries = self
            .areas
            .iter()
            .enumerate()
            .flat_map(|(i, k)| {
                k.polygons
                    .iter()
                    .enumerate()
                    .map(move |(j, p)| Entry::new(rect(&p.bbox), (i as u32, j as u32)))
            })
            .collect();
        self.tree = RTree::bulk_load(entries);
    }

    /// Sets the neighbouring countries' land.
    pub fn set_land(&mut self, land: Land) {
        let entries = land
            .parts
            .iter()
            .enumerate()
            .map(|(i, (_, p))| Entry::new(rect(&p.bbox), (i as u32, 0)))
            .collect();
        self.land_tree = RTree::bulk_load(entries);
        self.land = land;
        self.has_land = true;
    }

    /// Sets every kecamatan's name and point, for the manual search.
    pub fn set_names(&mut self, names: Names) {
        self.names = names;
    }

    /// The national kecamatan names, if set.
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// Whether the neighbours' land is loaded.
    pub fn has_land(&self) -> bool {
        self.has_land
    }

    /// Whether a province's detail is loaded.
    pub fn is_loaded(&self, province: &str) -> bool {
        self.loaded.contains(province)
    }

    /// The loaded kecamatan, sorted by code.
    pub fn areas(&self) -> &[Kecamatan] {
        &self.areas
    }

    /// What is needed to answer for this point and not loaded yet: first the codes of the
    /// provinces whose box (grown by the near-shore limit) holds it; once they are loaded,
    /// `"land"` (the neighbours' land) only if the point lies in no kecamatan — the only case
    /// whose answer depends on it (rules 2 and 3). Empty = ready to answer. So an answer on
    /// land never waits for the neighbours' land; one off the coast waits for one more file.
    ///
    /// ```
    /// # use siaga110_core::{geo::LatLon, jurisdiction::Jurisdiction, data::Index};
    /// let j = Jurisdiction::new(Index::default());
    /// // No province's box holds a point in the Atlantic: only the land could still matter.
    /// assert_eq!(j.missing_for(LatLon::new(40.0, -30.0).unwrap()), vec!["land".to_string()]);
    /// ```
    pub fn missing_for(&self, at: LatLon) -> Vec<String> {
        let mut missing = self.missing_provinces(at);
        if missing.is_empty() && !self.has_land && self.inside_at(at, false).is_none() {
            missing.push(LAND.to_owned());
        }
        missing
    }

    /// The provinces' boxes for the static page's early fetch (`data/provinces.json`, written by
    /// `siaga110-pack`): `[["12",min_lat,min_lon,max_lat,max_lon],…]` in quantised units (1e-5°),
    /// each box already grown by the near-shore margin. A point (its degrees × 1e5, rounded) in a
    /// box names a province that [`Jurisdiction::missing_for`] asks for first on a fresh lookup,
    /// and every province it asks for has a box holding the point — so the page, knowing the
    /// position before the WebAssembly is in, can start the same downloads the app will make.
    ///
    /// ```
    /// # use siaga110_core::{data::{Bbox, Index, Province}, jurisdiction::Jurisdiction};
    /// let bbox = Bbox { min_lat: 0, min_lon: 100, max_lat: 10, max_lon: 110 };
    /// let index = Index {
    ///     provinces: vec![Province { code: "12".into(), name: "Sumatera Utara".into(), bbox }],
    ///     ..Index::default()
    /// };
    /// let json = Jurisdiction::early_boxes_json(&index);
    /// assert!(json.starts_with(r#"[["12",-"#) && json.ends_with("]]"));
    /// ```
    pub fn early_boxes_json(index: &Index) -> String {
        use crate::json::Value;
        let m = NEAR_LIMIT_UNITS;
        let num = |v: i32| Value::Num(f64::from(v));
        let rows = index.provinces.iter().map(|p| {
            let b = &p.bbox;
            Value::Arr(vec![
                Value::Str(p.code.clone()),
                num(b.min_lat.saturating_sub(m)),
                num(b.min_lon.saturating_sub(m)),
                num(b.max_lat.saturating_add(m)),
                num(b.max_lon.saturating_add(m)),
            ])
        });
        Value::Arr(rows.collect()).to_string()
    }

    fn missing_provinces(&self, at: LatLon) -> Vec<String> {
        let (lat, lon) = (quantise(at.lat()), quantise(at.lon()));
        self.index
            .provinces
            .iter()
            .filter(|p| p.bbox.contains_within(lat, lon, NEAR_LIMIT_UNITS))
            .filter(|p| !self.loaded.contains(&p.code))
            .map(|p| p.code.clone())
            .collect()
    }

    /// The kecamatan (by position in [`Jurisdiction::areas`]) whose polygon holds `at`: the
    /// lowest code where simplified neighbours overlap (rule 1).
    fn inside_at(&self, at: LatLon, brute: bool) -> Option<u32> {
        let (lat, lon) = (at.lat() * 1e5, at.lon() * 1e5);
        let hits: Vec<(u32, u32)> = if brute {
            self.all_parts()
                .filter(|&(i, j)| {
                    let b = &self.areas[i as usize].polygons[j as usize].bbox;
                    b.contains_within(lat.round() as i32, lon.round() as i32, 1)
                })
                .collect()
        } else {
            self.tree
                .locate_all_at_point(&[lon, lat])
                .map(|e| e.data)
                .collect()
        };
        hits.into_iter()
            .filter(|&(i, j)| contains(&self.areas[i as usize].polygons[j as usize], lat, lon))
            .map(|(i, _)| i)
            .min()
    }

    /// The answer for a point given in degrees: a typed error for NaN, infinities and
    /// out-of-range values.
    pub fn locate_deg(&self, lat: f64, lon: f64) -> Result<Answer<'_>, LocateError> {
        self.locate(LatLon::new(lat, lon)?)
    }

    /// The answer for a point, using the spatial index.
    pub fn locate(&self, at: LatLon) -> Result<Answer<'_>, LocateError> {
        self.answer(at, false)
    }

    /// The same answer as [`Jurisdiction::locate`], by scanning every polygon (for tests and
    /// benchmarks).
    pub fn locate_brute(&self, at: LatLon) -> Result<Answer<'_>, LocateError> {
        self.answer(at, true)
    }

    fn answer(&self, at: LatLon, brute: bool) -> Result<Answer<'_>, LocateError> {
        let provinces = self.missing_provinces(at);
        if !provinces.is_empty() {
            return Err(LocateError::Missing(provinces));
        }
        if let Some(i) = self.inside_at(at, brute) {
            return Ok(Answer::Area(self.area(i as usize, Coverage::Inside)));
        }
        if !self.has_land {
            return Err(LocateError::Missing(vec![LAND.to_owned()]));
        }
        let (lat, lon) = (at.lat() * 1e5, at.lon() * 1e5);
        if let Some(country) = self.neighbour_at(lat, lon, brute) {
            return Ok(Answer::Outside(Outside::Neighbour(country.to_owned())));
        }
        Ok(match self.nearest(at, brute) {
            // On an edge (the crossing test may say out for either side): inside.
            Some((i, d)) if d < ON_EDGE_M => Answer::Area(self.area(i, Coverage::Inside)),
            Some((i, distance_m)) => match self.nearer_neighbour(at, distance_m, brute) {
                // Nearer to a neighbour's coast: its waters, not ours.
                Some(country) => Answer::Outside(Outside::Neighbour(country.to_owned())),
                None => Answer::Area(self.area(i, Coverage::Near { distance_m })),
            },
            None => Answer::Outside(Outside::Far),
        })
    }

    fn all_parts(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.areas
            .iter()
            .enumerate()
            .flat_map(|(i, k)| (0..k.polygons.len()).map(move |j| (i as u32, j as u32)))
    }

    fn neighbour_at(&self, lat: f64, lon: f64, brute: bool) -> Option<&str> {
        let hit = |i: usize| {
            let (country, poly) = &self.land.parts[i];
            contains(poly, lat, lon).then_some(country.as_str())
        };
        if brute {
            (0..self.land.parts.len()).find_map(hit)
        } else {
            let mut ids: Vec<usize> = self
                .land_tree
                .locate_all_at_point(&[lon, lat])
                .map(|e| e.data.0 as usize)
                .collect();
            ids.sort_unstable();
            ids.into_iter().find_map(hit)
        }
    }

    /// A neighbour whose land is nearer to `at` than `than_m` (the nearest Indonesian area), if
    /// any: the nearest such country (ties: the lowest part index).
    fn nearer_neighbour(&self, at: LatLon, than_m: f64, brute: bool) -> Option<&str> {
        let (lat, lon) = (at.lat() * 1e5, at.lon() * 1e5);
        let cos = at.lat().to_radians().cos();
        let limit2 = (than_m * 1.01).powi(2);
        let mut best: Option<(f64, usize, (f64, f64))> = None;
        let consider = |best: &mut Option<(f64, usize, (f64, f64))>, i: usize| {
            let (d2, p) = nearest_on(&self.land.parts[i].1, lat, lon, cos);
            let better = match *best {
                None => d2 <= limit2,
                Some((bd2, bi, _)) => d2 < bd2 || (d2 == bd2 && i < bi),
            };
            if better {
                *best = Some((d2, i, p));
            }
        };
        if brute {
            for i in 0..self.land.parts.len() {
                consider(&mut best, i);
            }
        } else {
            let k = M_PER_DEG / 1e5;
            for (e, box_d2) in self
                .land_tree
                .nearest_neighbor_iter_with_distance_2(&[lon, lat])
            {
                let lower2 = box_d2 * (cos * k).powi(2);
                if lower2 > best.map_or(limit2, |b| b.0) {
                    break;
                }
                consider(&mut best, e.data.0 as usize);
            }
        }
        let (_, i, (nlat, nlon)) = best?;
        let near = LatLon::new(nlat / 1e5, nlon / 1e5).ok()?;
        (at.distance_m(near) < than_m).then(|| self.land.parts[i].0.as_str())
    }

    /// The other kecamatan a circle of `radius_m` around `at` reaches (not `except`, the one the
    /// point is in), nearest first, at most `n`: (kecamatan, its Polres). A coarse fix whose
    /// circle crosses a border may be in any of them.
    ///
    /// ```
    /// use siaga110_core::data::{Basis, Index, Kecamatan, Polygon, ProvinceDetail};
    /// use siaga110_core::geo::LatLon;
    /// use siaga110_core::jurisdiction::Jurisdiction;
    /// // Two squares side by side, 0.01° (~1.1 km) wide, meeting at lon 0.01.
    /// let sq = |lon0: i32| Polygon::new(vec![vec![(0, lon0), (0, lon0 + 1000), (1000, lon0 + 1000), (1000, lon0), (0, lon0)]]).unwrap();
    /// let kec = |code: &str, lon0| Kecamatan { code: code.into(), name: code.into(), polres: None, basis: Basis::NameMatch, polygons: vec![sq(lon0)] };
    /// let mut j = Jurisdiction::new(Index::default());
    /// j.add_province(ProvinceDetail { code: "11".into(), kecamatan: vec![kec("11.01.01", 0), kec("11.01.02", 1000)], call112: vec![] });
    /// let at = LatLon::new(0.005, 0.009).unwrap(); // ~110 m from the border
    /// assert!(j.reaches(at, 50.0, "11.01.01", 3).is_empty());
    /// let near: Vec<_> = j.reaches(at, 500.0, "11.01.01", 3).iter().map(|(k, _)| k.code.clone()).collect();
    /// assert_eq!(near, ["11.01.02"]);
    /// ```
    pub fn reaches(
        &self,
        at: LatLon,
        radius_m: f64,
        except: &str,
        n: usize,
    ) -> Vec<(&Kecamatan, Option<&Polres>)> {
        let (lat, lon) = (at.lat() * 1e5, at.lon() * 1e5);
        let cos = at.lat().to_radians().cos();
        let k = M_PER_DEG / 1e5;
        let limit2 = radius_m.powi(2);
        let mut found: Vec<(f64, usize)> = Vec::new();
        for (e, box_d2) in self.tree.nearest_neighbor_iter_with_distance_2(&[lon, lat]) {
            if box_d2 * (cos * k).powi(2) > limit2 {
                break;
            }
            let (i, j) = (e.data.0 as usize, e.data.1 as usize);
            if self.areas[i].code == except {
                continue;
            }
            let poly = &self.areas[i].polygons[j];
            let d2 = if contains(poly, lat, lon) {
                0.0
            } else {
                nearest_on(poly, lat, lon, cos).0
            };
            if d2 <= limit2 {
                match found.iter_mut().find(|f| f.1 == i) {
                    Some(f) => f.0 = f.0.min(d2),
                    None => found.push((d2, i)),
                }
            }
        }
        found.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        found
            .into_iter()
            .take(n)
            .map(|(_, i)| {
                let kec = &self.areas[i];
                (kec, kec.polres.and_then(|p| self.index.polres.get(p)))
            })
            .collect()
    }

    /// The nearest area within the limit: (area index, geodesic distance in m).
    fn nearest(&self, at: LatLon, brute: bool) -> Option<(usize, f64)> {
        let (lat, lon) = (at.lat() * 1e5, at.lon() * 1e5);
        let cos = at.lat().to_radians().cos();
        let limit2 = (NEAR_LIMIT_M * 1.01).powi(2);
        // (projected d², area index, nearest point) — ties go to the lowest area index (code).
        let mut best: Option<(f64, usize, (f64, f64))> = None;
        let consider = |best: &mut Option<(f64, usize, (f64, f64))>, i: u32, j: u32| {
            let (d2, p) = nearest_on(&self.areas[i as usize].polygons[j as usize], lat, lon, cos);
            let better = match *best {
                None => d2 <= limit2,
                Some((bd2, bi, _)) => d2 < bd2 || (d2 == bd2 && (i as usize) < bi),
            };
            if better {
                *best = Some((d2, i as usize, p));
            }
        };
        if brute {
            for (i, j) in self.all_parts() {
                consider(&mut best, i, j);
            }
        } else {
            // Box distance (in units) is a lower bound of the projected distance / cos.
            let k = M_PER_DEG / 1e5;
            for (e, box_d2) in self.tree.nearest_neighbor_iter_with_distance_2(&[lon, lat]) {
                let lower2 = box_d2 * (cos * k).powi(2);
                let bound = best.map_or(limit2, |b| b.0);
                if lower2 > bound {
                    break;
                }
                consider(&mut best, e.data.0, e.data.1);
            }
        }
        let (_, i, (nlat, nlon)) = best?;
        let near = LatLon::new(nlat / 1e5, nlon / 1e5).ok()?;
        let d = at.distance_m(near);
        (d <= NEAR_LIMIT_M).then_some((i, d))
    }

    fn area(&self, i: usize, coverage: Coverage) -> Area<'_> {
        let kecamatan = &self.areas[i];
        let kabkota_code = kecamatan.kabkota_code();
        let polres = kecamatan.polres.and_then(|p| self.index.polres.get(p));
        Area {
            kecamatan,
            kabkota_code,
            kabkota_name: self.index.kabkota(kabkota_code).map(|k| k.name.as_str()),
            polres,
            polda: polres
                .and_then(|p| self.index.poldas.get(p.polda))
                .map(String::as_str),
            coverage,
        }
    }

    /// The `n` Polres headquarters nearest to a point, nearest first.
    pub fn nearest_hqs(&self, at: LatLon, n: usize) -> Vec<HqDistance<'_>> {
        let mut all: Vec<HqDistance<'_>> = self
            .index
            .polres
            .iter()
            .filter_map(|p| {
                let hq = p.hq?;
                Some(HqDistance {
                    polres: p,
                    distance_m: at.distance_m(hq),
                    bearing_deg: at.bearing_deg(hq),
                })
            })
            .collect();
        all.sort_unstable_by(|a, b| {
            (a.distance_m.total_cmp(&b.distance_m)).then_with(|| a.polres.id.cmp(&b.polres.id))
        });
        all.truncate(n);
        all
    }
}

/// Why the whole national data set could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("{0}: {1}")]
    Read(String, String),
    /// A file is not valid data.
    #[error("{0}: {1}")]
    Corrupt(String, crate::pack::PackError),
}

impl Jurisdiction {
    /// The lookup with everything loaded (index, every province, the land, the names), from a
    /// function that reads a data file by name (`index.bin`, `prov-12.bin`…). For tools, tests
    /// and benchmarks on the host; the app loads provinces one at a time.
    ///
    /// ```
    /// use siaga110_core::jurisdiction::Jurisdiction;
    /// let err = Jurisdiction::load_all(|_| Err::<Vec<u8>, _>("offline")).unwrap_err();
    /// assert_eq!(err.to_string(), "index.bin: offline");
    /// ```
    pub fn load_all<E: std::fmt::Display>(
        mut read: impl FnMut(&str) -> Result<Vec<u8>, E>,
    ) -> Result<Jurisdiction, LoadError> {
        let mut get =
            |name: &str| read(name).map_err(|e| LoadError::Read(name.to_owned(), e.to_string()));
        fn corrupt(name: &str) -> impl FnOnce(crate::pack::PackError) -> LoadError + '_ {
            move |e| LoadError::Corrupt(name.to_owned(), e)
        }
        let index = Index::decode(&get("index.bin")?).map_err(corrupt("index.bin"))?;
        let codes: Vec<String> = index.provinces.iter().map(|p| p.code.clone()).collect();
        let n = index.polres.len();
        let mut j = Jurisdiction::new(index);
        for code in codes {
            let name = format!("prov-{code}.bin");
            j.add_province(ProvinceDetail::decode(&get(&name)?, n).map_err(corrupt(&name))?);
        }
        j.set_land(Land::decode(&get("land.bin")?).map_err(corrupt("land.bin"))?);
        j.set_names(Names::decode(&get("names.bin")?).map_err(corrupt("names.bin"))?);
        Ok(j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{KabKota, Province};

    /// A box ring in degrees (lat0, lon0)–(lat1, lon1), closed.
    fn square(lat0: f64, lon0: f64, lat1: f64, lon1: f64) -> Vec<(i32, i32)> {
        let q = |lat: f64, lon: f64| (quantise(lat), quantise(lon));
        vec![
            q(lat0, lon0),
            q(lat0, lon1),
            q(lat1, lon1),
            q(lat1, lon0),
            q(lat0, lon0),
        ]
    }

    fn kec(code: &str, polres: usize, polys: Vec<Vec<Vec<(i32, i32)>>>) -> Kecamatan {
        Kecamatan {
            code: code.into(),
            name: format!("Kec {code}"),
            polres: Some(polres),
            basis: Default::default(),
            polygons: polys.into_iter().filter_map(Polygon::new).collect(),
        }
    }

    /// The fixture's one province: A, B, C, D.
    fn detail_99() -> ProvinceDetail {
        ProvinceDetail {
            call112: vec![],
            code: "99".into(),
            kecamatan: vec![
                kec(
                    "99.01.01",
                    0,
                    vec![vec![square(0.0, 0.0, 1.0, 1.0), square(0.4, 0.4, 0.6, 0.6)]],
                ),
                kec("99.01.02", 1, vec![vec![square(0.0, 1.0, 1.0, 2.0)]]),
                kec(
                    "99.01.03",
                    1,
                    vec![
                        vec![square(2.0, 0.0, 2.1, 0.1)],
                        vec![square(2.0, 0.5, 2.1, 0.6)],
                    ],
                ),
                kec("99.01.04", 1, vec![vec![square(0.4, 0.4, 0.6, 0.6)]]),
            ],
        }
    }

    /// Province 99: A (with a hole), D (the enclave in A's hole), B (shares A's east edge),
    /// C (two islands); a neighbour's land far to the north-east, and one touching A's south.
    fn fixture() -> Jurisdiction {
        let polres = |id: &str| Polres {
            id: id.into(),
            name: id.into(),
            polda: 0,
            hq: LatLon::new(0.5, 0.5).ok(),
            hq_precision: "town".into(),
            phone: String::new(),
            area_point: None,
        };
        let detail = detail_99();
        let bbox = detail
            .kecamatan
            .iter()
            .flat_map(|k| k.polygons.iter().map(|p| p.bbox))
            .reduce(Bbox::union)
            .unwrap();
        let index = Index {
            poldas: vec!["Polda Test".into()],
            polres: vec![polres("polres-a"), polres("polres-b")],
            provinces: vec![Province {
                code: "99".into(),
                name: "Test".into(),
                bbox,
            }],
            kabkota: vec![KabKota {
                code: "99.01".into(),
                name: "Kab Test".into(),
                seat: None,
            }],
        };
        let mut j = Jurisdiction::new(index);
        j.add_province(detail);
        j.set_land(Land {
            parts: vec![
                (
                    "Testland".into(),
                    Polygon::new(vec![square(5.0, 5.0, 6.0, 6.0)]).unwrap(),
                ),
                (
                    "Southland".into(),
                    Polygon::new(vec![square(-1.0, 0.0, -0.0001, 1.0)]).unwrap(),
                ),
            ],
        });
        j
    }

    fn code(a: Result<Answer<'_>, LocateError>) -> (String, Coverage) {
        match a.unwrap() {
            Answer::Area(a) => (a.kecamatan.code.clone(), a.coverage),
            other => panic!("{other:?}"),
        }
    }

    fn both(j: &Jurisdiction, lat: f64, lon: f64) -> Result<Answer<'_>, LocateError> {
        let p = LatLon::new(lat, lon).unwrap();
        let a = j.locate(p);
        assert_eq!(
            a,
            j.locate_brute(p),
            "indexed and brute force differ at ({lat}, {lon})"
        );
        a
    }

    #[test]
    fn a_hole_belongs_to_the_enclave_not_the_surrounding_area() {
        let j = fixture();
        assert_eq!(code(both(&j, 0.5, 0.5)).0, "99.01.04");
        assert_eq!(code(both(&j, 0.2, 0.45)).0, "99.01.01");
    }

    #[test]
    fn a_shared_edge_goes_to_one_side_and_an_outer_edge_counts_as_inside() {
        let j = fixture();
        assert_eq!(
            code(both(&j, 0.5, 1.0)),
            ("99.01.02".into(), Coverage::Inside)
        );
        assert_eq!(
            code(both(&j, 0.5, 2.0)),
            ("99.01.02".into(), Coverage::Inside)
        );
        assert_eq!(
            code(both(&j, 1.0, 0.2)),
            ("99.01.01".into(), Coverage::Inside)
        );
        assert_eq!(code(both(&j, 0.5, 1.000_02)).0, "99.01.02");
    }

    #[test]
    fn every_island_of_a_kecamatan_is_its_own() {
        let j = fixture();
        assert_eq!(code(both(&j, 2.05, 0.05)).0, "99.01.03");
        assert_eq!(code(both(&j, 2.05, 0.55)).0, "99.01.03");
    }

    #[test]
    fn near_shore_resolves_within_the_limit_and_far_does_not() {
        let j = fixture();
        // 0.02° ≈ 2.2 km north of island C.
        match code(both(&j, 2.12, 0.55)) {
            (c, Coverage::Near { distance_m }) => {
                assert_eq!(c, "99.01.03");
                assert!((distance_m - 2_211.0).abs() < 30.0, "{distance_m}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(both(&j, 3.0, 0.55).unwrap(), Answer::Outside(Outside::Far));
    }

    #[test]
    fn neighbours_land_beats_the_near_shore_rule() {
        let j = fixture();
        assert_eq!(
            both(&j, 5.5, 5.5).unwrap(),
            Answer::Outside(Outside::Neighbour("Testland".into()))
        );
        // 500 m south of A, but on Southland: outside coverage, not A.
        assert_eq!(
            both(&j, -0.0045, 0.5).unwrap(),
            Answer::Outside(Outside::Neighbour("Southland".into()))
        );
    }

    #[test]
    fn a_province_not_loaded_is_reported_not_guessed() {
        let loaded = fixture();
        let mut j = Jurisdiction::new(loaded.index().clone());
        assert_eq!(
            j.locate_deg(0.5, 0.5),
            Err(LocateError::Missing(vec!["99".to_owned()]))
        );
        assert_eq!(
            j.missing_for(LatLon::new(40.0, 40.0).unwrap()),
            vec![LAND.to_owned()]
        );
        j.set_land(Land::default());
        assert!(j.missing_for(LatLon::new(40.0, 40.0).unwrap()).is_empty());
    }

    #[test]
    fn an_answer_inside_a_kecamatan_does_not_wait_for_the_neighbours_land() {
        let loaded = fixture();
        let mut j = Jurisdiction::new(loaded.index().clone());
        j.add_province(detail_99());
        let inland = LatLon::new(0.5, 0.5).unwrap();
        assert!(j.missing_for(inland).is_empty());
        assert_eq!(j.locate(inland), loaded.locate(inland));
        // Off every coast the answer depends on the land (rule 2): asked for, not guessed.
        let at_sea = LatLon::new(-0.0045, 0.5).unwrap();
        assert_eq!(j.missing_for(at_sea), vec![LAND.to_owned()]);
        assert_eq!(
            j.locate(at_sea),
            Err(LocateError::Missing(vec![LAND.to_owned()]))
        );
        assert_eq!(j.locate_brute(at_sea), j.locate(at_sea));
    }

    #[test]
    fn the_answer_names_kabkota_polres_polda_and_hqs() {
        let j = fixture();
        match both(&j, 0.2, 1.5).unwrap() {
            Answer::Area(a) => {
                assert_eq!(a.kabkota_name, Some("Kab Test"));
                assert_eq!(a.polres.map(|p| p.id.as_str()), Some("polres-b"));
                assert_eq!(a.polda, Some("Polda Test"));
                assert_eq!(a.distance_m(), 0.0);
            }
            other => panic!("{other:?}"),
        }
        let hqs = j.nearest_hqs(LatLon::new(0.5, 1.5).unwrap(), 5);
        assert_eq!(hqs.len(), 2);
        assert!((hqs[0].bearing_deg - 270.0).abs() < 0.1);
    }
}
