//! Which Polres answers for a point — for people who check the data, and for tests.
//!
//!   cargo run --release --example locate -- LAT LON     # one JSON object
//!   printf '3.59,98.67\n-6.17,106.83\n' | cargo run --release --example locate   # JSON Lines
//!
//! Reads the shipped files in public/data (written by `cargo run --release -p siaga110-pack`).
//! Fields: lat, lon, inside, kabkota_code, kabkota_name, kecamatan_code, kecamatan_name, polres,
//! polda, distance_km (to the area; 0 inside), hq_km (to the responsible Polres HQ), outside
//! (why it is outside coverage) — null where they do not apply — or error for bad input.
use std::io::{self, BufRead, Write};
use std::path::Path;

use serde_json::{json, Value};
use siaga110_core::jurisdiction::{Answer, Jurisdiction, Outside};

fn load() -> Result<Jurisdiction, String> {
    // The checkout cargo runs in (set at run time), else the one this was compiled in.
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf())
        .join("../public/data");
    Jurisdiction::load_all(|name| std::fs::read(dir.join(name))).map_err(|e| e.to_string())
}

fn parse(lat: &str, lon: &str) -> Result<(f64, f64), String> {
    let num = |s: &str| {
        s.trim()
            .parse::<f64>()
            .map_err(|_| format!("not a number: {:?}", s.trim()))
    };
    Ok((num(lat)?, num(lon)?))
}

fn answer(j: &Jurisdiction, lat: &str, lon: &str) -> Value {
    let (la, lo) = match parse(lat, lon) {
        Ok(p) => p,
        Err(e) => return json!({ "lat": lat.trim(), "lon": lon.trim(), "error": e }),
    };
    let km = |m: f64| (m / 10.0).round() / 100.0;
    match j.locate_deg(la, lo) {
        Err(e) => json!({ "lat": la, "lon": lo, "error": e.to_string() }),
        Ok(Answer::Outside(why)) => json!({
            "lat": la, "lon": lo, "inside": false,
            "kabkota_code": null, "kabkota_name": null, "kecamatan_code": null, "kecamatan_name": null,
            "polres": null, "polda": null, "distance_km": null, "hq_km": null,
            "outside": match why { Outside::Neighbour(c) => c, Outside::Far => "far from any Indonesian area".into() },
        }),
        Ok(Answer::Area(a)) => {
            let here = siaga110_core::geo::LatLon::new(la, lo).expect("validated by locate");
            json!({
                "lat": la, "lon": lo,
                "inside": a.distance_m() == 0.0,
                "kabkota_code": a.kabkota_code, "kabkota_name": a.kabkota_name,
                "kecamatan_code": a.kecamatan.code, "kecamatan_name": a.kecamatan.name,
                "polres": a.polres.map(|p| p.name.as_str()), "polda": a.polda,
                "distance_km": km(a.distance_m()),
                "hq_km": a.polres.and_then(|p| p.hq).map(|hq| km(here.distance_m(hq))),
                "outside": null,
            })
        }
    }
}

fn main() {
    let j = match load() {
        Ok(j) => j,
        Err(e) => {
            eprintln!("cannot load public/data: {e}");
            std::process::exit(2);
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = io::stdout();
    let mut out = out.lock();
    match args.as_slice() {
        [lat, lon] => writeln!(out, "{}", answer(&j, lat, lon)).unwrap(),
        [] => {
            for line in io::stdin().lock().lines() {
                let line = line.unwrap_or_default();
                if line.trim().is_empty() {
                    continue;
                }
                let v = match line.split_once(',') {
                    Some((lat, lon)) => answer(&j, lat, lon),
                    None => json!({ "input": line, "error": "expected a line `lat,lon`" }),
                };
                writeln!(out, "{v}").unwrap();
            }
        }
        _ => {
            eprintln!("usage: locate LAT LON   (or lat,lon lines on stdin)");
            std::process::exit(2);
        }
    }
}
