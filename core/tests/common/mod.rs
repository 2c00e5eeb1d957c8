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

/// A point strictly inside a polygon (see `Polygon::interior_point`), as (lat, lon) degrees.
pub fn interior_point(poly: &siaga110_core::data::Polygon) -> (f64, f64) {
    let p = poly.interior_point().expect("a non-degenerate polygon");
    (p.lat(), p.lon())
}
