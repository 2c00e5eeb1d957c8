//! Loads the shipped data files (public/data, written by siaga110-pack) for host tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use siaga110_core::jurisdiction::Jurisdiction;

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../public/data")
}

pub fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

/// The national lookup with every province, the land and the names loaded (built once).
pub fn national() -> &'static Jurisdiction {
    static J: OnceLock<Jurisdiction> = OnceLock::new();
    J.get_or_init(|| Jurisdiction::load_all(|name| std::fs::read(data_dir().join(name))).unwrap())
}

/// A point strictly inside a polygon (see `Polygon::interior_point`), as (lat, lon) degrees.
pub fn interior_point(poly: &siaga110_core::data::Polygon) -> (f64, f64) {
    let p = poly.interior_point().expect("a non-degenerate polygon");
    (p.lat(), p.lon())
}
