//! Loads the shipped data files (public/data, written by siaga110-pack) for host tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use siaga110_core::data::{Index, Land, ProvinceDetail};
use siaga110_core::jurisdiction::Jurisdiction;

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../public/data")
}

pub fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(data_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The national lookup with every province and the neighbours' land loaded (built once).
pub fn national() -> &'static Jurisdiction {
    static J: OnceLock<Jurisdiction> = OnceLock::new();
    J.get_or_init(|| {
        let index = Index::decode(&read("index.bin")).unwrap();
        let codes: Vec<String> = index.provinces.iter().map(|p| p.code.clone()).collect();
        let n = index.polres.len();
        let mut j = Jurisdiction::new(index);
        for code in codes {
            j.add_province(ProvinceDetail::decode(&read(&format!("prov-{code}.bin")), n).unwrap());
        }
        j.set_land(Land::decode(&read("land.bin")).unwrap());
        j
    })
}

/// A point strictly inside a polygon's outer ring and outside its holes: the midpoint of the
/// widest interior run of a horizontal line through the polygon (in quantised units).
pub fn interior_point(poly: &siaga110_core::data::Polygon) -> (f64, f64) {
    let b = poly.bbox;
    let mut best = (f64::NEG_INFINITY, (0.0, 0.0));
    for step in 1..8 {
        let lat =
            f64::from(b.min_lat) + f64::from(b.max_lat - b.min_lat) * f64::from(step) / 8.0 + 0.37;
        let mut xs = Vec::new();
        for ring in &poly.rings {
            for w in ring.windows(2) {
                let ((y1, x1), (y2, x2)) = (
                    (f64::from(w[0].0), f64::from(w[0].1)),
                    (f64::from(w[1].0), f64::from(w[1].1)),
                );
                if (y1 > lat) != (y2 > lat) {
                    xs.push(x1 + (lat - y1) * (x2 - x1) / (y2 - y1));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks(2) {
            if let [a, b] = pair {
                if b - a > best.0 {
                    best = (b - a, (lat, (a + b) / 2.0));
                }
            }
        }
    }
    (best.1 .0 / 1e5, best.1 .1 / 1e5)
}
