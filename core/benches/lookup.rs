//! Jurisdiction lookup at national scale: the R-tree index against a brute-force scan of every
//! polygon, side by side in one run (times on this machine are noisy; the ratio is what counts).
//!
//!   cargo bench -p siaga110-core --bench lookup              # times, both methods, interleaved
//!   BENCH_MODE=indexed|brute|load  target/release/deps/lookup-*   # one method, for callgrind
//!
//! `scripts/bench` runs both: the times, and instruction counts under `valgrind --tool=callgrind`
//! (exact and repeatable), reporting instructions per lookup net of loading.
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use siaga110_core::geo::LatLon;
use siaga110_core::jurisdiction::Jurisdiction;

fn load() -> Jurisdiction {
    // The checkout cargo runs in (set at run time), else the one this was compiled in.
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf())
        .join("../public/data");
    Jurisdiction::load_all(|name| std::fs::read(dir.join(name))).unwrap()
}

/// Deterministic points: half at kecamatan vertices nudged (on land and near shore), half
/// uniformly over Indonesia's box (mostly sea) — the mix a national service would see.
fn points(j: &Jurisdiction, n: usize) -> Vec<LatLon> {
    let mut state = 0x05ee_d110_u64;
    let mut rnd = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let areas = j.areas();
    (0..n)
        .map(|i| {
            if i % 2 == 0 {
                let k = &areas[(rnd() * areas.len() as f64) as usize];
                let ring = &k.polygons[0].rings[0];
                let (lat, lon) = ring[(rnd() * ring.len() as f64) as usize];
                LatLon::new(
                    f64::from(lat) / 1e5 + (rnd() - 0.5) * 0.02,
                    f64::from(lon) / 1e5 + (rnd() - 0.5) * 0.02,
                )
            } else {
                LatLon::new(-11.0 + rnd() * 17.0, 95.0 + rnd() * 46.0)
            }
            .unwrap()
        })
        .collect()
}

fn run(j: &Jurisdiction, pts: &[LatLon], brute: bool) {
    for &p in pts {
        let a = if brute {
            j.locate_brute(p)
        } else {
            j.locate(p)
        };
        black_box(a.ok());
    }
}

fn main() {
    let mode = std::env::var("BENCH_MODE").unwrap_or_default();
    let n: usize = std::env::var("BENCH_POINTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    let j = load();
    let pts = points(&j, n);
    match mode.as_str() {
        "load" => {}
        "indexed" => run(&j, &pts, false),
        "brute" => run(&j, &pts, true),
        _ => {
            let rounds = 5;
            let (mut ti, mut tb) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                let t = Instant::now();
                run(&j, &pts, false);
                ti.push(t.elapsed().as_secs_f64());
                let t = Instant::now();
                run(&j, &pts, true);
                tb.push(t.elapsed().as_secs_f64());
            }
            let median = |v: &mut Vec<f64>| {
                v.sort_by(f64::total_cmp);
                v[v.len() / 2]
            };
            let (mi, mb) = (median(&mut ti), median(&mut tb));
            let per = |t: f64| t / n as f64 * 1e6;
            println!(
                "lookup ({} kecamatan, {n} points, median of {rounds} interleaved rounds)",
                j.areas().len()
            );
            println!("  indexed (R-tree)  {:>10.2} µs/lookup", per(mi));
            println!("  brute force       {:>10.2} µs/lookup", per(mb));
            println!("  ratio             {:>10.1}×", mb / mi);
        }
    }
}
