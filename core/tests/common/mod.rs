//! Loads the shipped data files (public/data, written by siaga110-pack) for host tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use siaga110_core::jurisdiction::Jurisdiction;

/// The core's directory in the checkout `cargo test` runs in: it sets `CARGO_MANIFEST_DIR` at run
/// time. The compile-time path names another checkout when the target directory was copied from
/// it (cargo then reuses the test binaries without recompiling).
pub fn core_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

pub fn data_dir() -> PathBuf {
    core_dir().join("../public/data")
}

pub fn repo_file(path: &str) -> PathBuf {
    core_dir().join("..").join(path)
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
