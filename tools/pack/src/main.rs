//! Packs the jurisdiction data for the app.
//!
//!   cargo run --release -p siaga110-pack            # writes public/data/*.bin
//!   cargo run --release -p siaga110-pack -- --check # fails if public/data differs from a fresh pack
//!   cargo run --release -p siaga110-pack -- config dist/config.json   # or `config -` (stdin)
//!
//! `config` runs the app's own validator (`siaga110_core::config`) over a config.json and prints
//! the result as one JSON object: the settings it accepted, the CSP sources they allow
//! (`connect_src`, `frame_ancestors`: origins besides the app's own) and the warnings, exactly
//! as the app would log them. `tools/headers.mjs` writes the security headers from it and from
//! nothing else, so the headers cannot allow what the app refuses.
//!
//! Inputs (all in the repository): data/sources/boundaries/{kecamatan_all.geojson,
//! provinces.csv}, data/sources/world/countries_region_10m.geojson, data/derived/{polres.csv,
//! kecamatan_polres.csv, kabkota_seats.csv} (the latter two from `python3 tools/data/derive_polres.py`).
//! Output is deterministic: the same inputs give byte-identical files.
#![forbid(unsafe_code)]

use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use siaga110_core::data::{
    Basis, Bbox, Call112, Index, KabKota, Kecamatan, Land, Names, Polres, Polygon, Province,
    ProvinceDetail, POLYGON_GRID,
};
use siaga110_core::geo::LatLon;
use siaga110_core::pack::{quantise, snap};

type Res<T> = Result<T, Box<dyn Error>>;

/// The checkout to pack: the one `cargo run` runs in (it sets `CARGO_MANIFEST_DIR` at run time
/// too), else the one this binary was compiled in. Cargo reuses a target directory copied from
/// another checkout without recompiling, so the compile-time path alone would read and write that
/// other checkout (seen on 2026-12-02).
fn root() -> PathBuf {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    dir.join("../..")
}

fn read_json(path: &Path) -> Res<Value> {
    Ok(serde_json::from_slice(
        &fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?,
    )?)
}

/// GeoJSON Polygon/MultiPolygon → our polygons ([lon, lat] → quantised (lat, lon), snapped to
/// [`POLYGON_GRID`] as the files store them, so that every point computed from a polygon here
/// — an area's point, a name's point — lies inside the polygon the phone reads); rings keep their
/// closing point so every edge is present; repeated points are dropped.
fn polygons(geometry: &Value) -> Res<Vec<Polygon>> {
    let coords = &geometry["coordinates"];
    let polys: Vec<&Value> = match geometry["type"].as_str() {
        Some("Polygon") => vec![coords],
        Some("MultiPolygon") => coords
            .as_array()
            .ok_or("bad MultiPolygon")?
            .iter()
            .collect(),
        other => return Err(format!("unsupported geometry {other:?}").into()),
    };
    let mut out = Vec::new();
    for poly in polys {
        let mut rings = Vec::new();
        for ring in poly.as_array().ok_or("bad polygon")? {
            let mut pts: Vec<(i32, i32)> = Vec::new();
            for p in ring.as_array().ok_or("bad ring")? {
                let lon = p[0].as_f64().ok_or("bad lon")?;
                let lat = p[1].as_f64().ok_or("bad lat")?;
                let q = (
                    snap(quantise(lat), POLYGON_GRID),
                    snap(quantise(lon), POLYGON_GRID),
                );
                if pts.last() != Some(&q) {
                    pts.push(q);
                }
            }
            if pts.len() >= 4 {
                rings.push(pts);
            }
        }
        // A sliver narrower than the grid can collapse to a line on it: no area left, dropped.
        if let Some(p) = Polygon::new(rings).filter(|p| p.interior_point().is_some()) {
            out.push(p);
        }
    }
    Ok(out)
}

fn csv_rows(path: &Path) -> Res<Vec<HashMap<String, String>>> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        rows.push(
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect(),
        );
    }
    Ok(rows)
}

struct Packed {
    files: BTreeMap<String, Vec<u8>>,
}

fn pack() -> Res<Packed> {
    let root = root();
    let data = root.join("data");

    // Polres and Polda.
    let mut poldas: Vec<String> = Vec::new();
    let mut polres = Vec::new();
    let mut polres_ix = HashMap::new();
    let mut rows = csv_rows(&data.join("derived/polres.csv"))?;
    rows.sort_by(|a, b| a["id"].cmp(&b["id"]));
    for row in &rows {
        let polda = match poldas.iter().position(|p| p == &row["polda"]) {
            Some(i) => i,
            None => {
                poldas.push(row["polda"].clone());
                poldas.len() - 1
            }
        };
        let hq = match (row["hq_lat"].parse::<f64>(), row["hq_lon"].parse::<f64>()) {
            (Ok(lat), Ok(lon)) => {
                Some(LatLon::new(lat, lon).map_err(|e| format!("{}: {e}", row["id"]))?)
            }
            _ => None,
        };
        polres_ix.insert(row["id"].clone(), polres.len());
        polres.push(Polres {
            id: row["id"].clone(),
            name: row["name"].clone(),
            polda,
            hq,
            hq_precision: row["hq_precision"].clone(),
            phone: row["phone"].clone(),
            area_point: None,
        });
    }

    // Kecamatan → Polres.
    let mut kec_polres: HashMap<String, (Option<usize>, Basis)> = HashMap::new();
    for row in csv_rows(&data.join("derived/kecamatan_polres.csv"))? {
        let id = &row["polres_id"];
        let ix = if id.is_empty() {
            None
        } else {
            Some(
                *polres_ix
                    .get(id)
                    .ok_or_else(|| format!("unknown polres_id {id}"))?,
            )
        };
        // `polsek-list:33.csv`, `decision:national.csv:32.01`, `name-match`.
        let kind = row["basis"].split(':').next().unwrap_or_default();
        let basis = match kind {
            "unassigned" => Basis::NameMatch,
            k => Basis::from_code(k).ok_or_else(|| format!("unknown basis {:?}", row["basis"]))?,
        };
        kec_polres.insert(row["kecamatan_code"].clone(), (ix, basis));
    }

    // Kecamatan polygons, grouped by province.
    let kec = read_json(&data.join("sources/boundaries/kecamatan_all.geojson"))?;
    let mut by_prov: BTreeMap<String, Vec<Kecamatan>> = BTreeMap::new();
    for f in kec["features"].as_array().ok_or("no features")? {
        let code = f["properties"]["kode"]
            .as_str()
            .ok_or("no kode")?
            .to_owned();
        let name = f["properties"]["nama"]
            .as_str()
            .ok_or("no nama")?
            .to_owned();
        let (polres, basis) = *kec_polres
            .get(&code)
            .ok_or_else(|| format!("{code} missing in kecamatan_polres.csv"))?;
        let prov = code[..2].to_owned();
        let polygons = polygons(&f["geometry"])?;
        if polygons.is_empty() {
            return Err(format!("{code} {name}: no polygon left on the grid").into());
        }
        by_prov.entry(prov).or_default().push(Kecamatan {
            code,
            name,
            polres,
            basis,
            polygons,
        });
    }

    // Each Polres's point for a manual choice: its HQ town where that lies in its own area (a
    // person choosing "Polres Binjai" means the town, not its largest kecamatan), else a point
    // inside its largest kecamatan polygon.
    let mut best: HashMap<usize, (i64, LatLon)> = HashMap::new();
    for k in by_prov.values().flatten() {
        let Some(p) = k.polres else { continue };
        for poly in &k.polygons {
            if let Some(hq) = polres[p].hq.filter(|&hq| poly.contains(hq)) {
                best.insert(p, (i64::MAX, hq));
            }
            let b = poly.bbox;
            let size = i64::from(b.max_lat - b.min_lat) * i64::from(b.max_lon - b.min_lon);
            if best.get(&p).is_none_or(|(s, _)| size > *s) {
                if let Some(pt) = poly.interior_point() {
                    best.insert(p, (size, pt));
                }
            }
        }
    }
    for (p, (_, pt)) in best {
        polres[p].area_point = Some(pt);
    }

    // Every kecamatan's name and a point inside its largest polygon, for the manual search.
    let mut kec_names = Names::default();
    for k in by_prov.values().flatten() {
        let largest = k.polygons.iter().max_by_key(|p| {
            i64::from(p.bbox.max_lat - p.bbox.min_lat) * i64::from(p.bbox.max_lon - p.bbox.min_lon)
        });
        if let Some(pt) = largest.and_then(|p| p.interior_point()) {
            kec_names
                .kecamatan
                .push((k.code.clone(), k.name.clone(), pt));
        }
    }
    kec_names.kecamatan.sort_by(|a, b| a.0.cmp(&b.0));

    // Provinces and kab/kota.
    let names: HashMap<String, String> = csv_rows(&data.join("sources/boundaries/provinces.csv"))?
        .into_iter()
        .map(|r| (r["code"].clone(), r["name"].clone()))
        .collect();
    let mut provinces = Vec::new();
    let mut files = BTreeMap::new();
    for (code, mut kecamatan) in by_prov {
        kecamatan.sort_by(|a, b| a.code.cmp(&b.code));
        let bbox = kecamatan
            .iter()
            .flat_map(|k| k.polygons.iter().map(|p| p.bbox))
            .reduce(Bbox::union)
            .ok_or_else(|| format!("province {code} has no polygons"))?;
        provinces.push(Province {
            name: names.get(&code).cloned().unwrap_or_default(),
            code: code.clone(),
            bbox,
        });
        let call112 = csv_rows(&data.join("derived/call112.csv"))?
            .into_iter()
            .filter(|r| r["kabkota_code"].starts_with(&format!("{code}.")))
            .map(|r| Call112 {
                kabkota: r["kabkota_code"].clone(),
                source: r["source"].clone(),
                date: r["source_date"].clone(),
            })
            .collect();
        let detail = ProvinceDetail {
            code: code.clone(),
            kecamatan,
            call112,
        };
        files.insert(format!("prov-{code}.bin"), detail.encode());
    }
    let mut kabkota = Vec::new();
    for row in csv_rows(&data.join("derived/kabkota_seats.csv"))? {
        let seat = LatLon::new(row["lat"].parse()?, row["lon"].parse()?)
            .map_err(|e| format!("seat of {}: {e}", row["kode"]))?;
        kabkota.push(KabKota {
            code: row["kode"].clone(),
            name: row["nama"].clone(),
            seat: Some(seat),
        });
    }
    kabkota.sort_by(|a, b| a.code.cmp(&b.code));
    let index = Index {
        poldas,
        polres,
        provinces,
        kabkota,
    };
    files.insert("index.bin".into(), index.encode());
    // The provinces' boxes for the static page's early fetch (index.html), by the core's rule.
    files.insert(
        "provinces.json".into(),
        siaga110_core::jurisdiction::Jurisdiction::early_boxes_json(&index).into_bytes(),
    );
    files.insert("names.bin".into(), kec_names.encode());

    // Neighbours' land (every country in the clip except Indonesia).
    let world = read_json(&data.join("sources/world/countries_region_10m.geojson"))?;
    let mut land = Land::default();
    for f in world["features"].as_array().ok_or("no features")? {
        let country = f["properties"]["name"].as_str().unwrap_or_default();
        if country == "Indonesia" {
            continue;
        }
        for p in polygons(&f["geometry"])? {
            land.parts.push((country.to_owned(), p));
        }
    }
    files.insert("land.bin".into(), land.encode());
    Ok(Packed { files })
}

/// `config FILE|-`: see the module documentation.
fn config(path: &str) -> Res<()> {
    use siaga110_core::config::Config;
    use std::io::Read;
    let text = if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        // A missing file is the defaults, as for the app (it falls back when the fetch fails).
        match fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => "{}".into(),
            Err(e) => return Err(format!("{path}: {e}").into()),
        }
    };
    let (c, warnings) = Config::parse(&text);
    let out = serde_json::json!({
        "config": {
            "report_endpoint": c.report_endpoint,
            "sms_number": c.sms_number,
            "whatsapp_number": c.whatsapp_number,
            "default_language": c.default_language,
            "region_focus": c.region_focus,
            "embed_origins": c.embed_origins,
            "endpoint_origins": c.endpoint_origins,
        },
        "connect_src": c.connect_src(),
        "frame_ancestors": c.frame_ancestors(),
        "warnings": warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
    });
    println!("{out}");
    Ok(())
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("config") {
        let [_, path] = args.as_slice() else {
            return Err("usage: siaga110-pack config <config.json | ->".into());
        };
        return config(path);
    }
    let check = args.iter().any(|a| a == "--check");
    let out = root().join("public/data");
    let packed = pack()?;
    let mut stale = Vec::new();
    if !check {
        fs::create_dir_all(&out)?;
    }
    for (name, bytes) in &packed.files {
        let path = out.join(name);
        if check {
            if fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
                stale.push(name.clone());
            }
        } else {
            fs::write(&path, bytes)?;
        }
    }
    let total: usize = packed.files.values().map(Vec::len).sum();
    println!("{} files, {total} bytes in public/data", packed.files.len());
    if !stale.is_empty() {
        return Err(format!(
            "public/data is out of date ({}): run `cargo run --release -p siaga110-pack`",
            stale.join(", ")
        )
        .into());
    }
    Ok(())
}
