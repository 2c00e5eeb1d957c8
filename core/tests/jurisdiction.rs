//! The jurisdiction lookup on the real national data.
mod common;

use common::{interior_point, national, repo_file};
use siaga110_core::geo::{CoordError, LatLon};
use siaga110_core::jurisdiction::{Answer, Coverage, LocateError, Outside, NEAR_LIMIT_M};

fn at(lat: f64, lon: f64) -> Answer<'static> {
    national().locate_deg(lat, lon).unwrap()
}

#[track_caller]
fn polres_at(lat: f64, lon: f64) -> (String, String, String, Coverage) {
    match at(lat, lon) {
        Answer::Area(a) => (
            a.kecamatan.code.clone(),
            a.kabkota_name.unwrap_or_default().to_owned(),
            a.polres.map(|p| p.name.clone()).unwrap_or_default(),
            a.coverage,
        ),
        other => panic!("({lat}, {lon}) is {other:?}"),
    }
}

#[track_caller]
fn assert_outside(lat: f64, lon: f64, expected: Outside) {
    assert_eq!(at(lat, lon), Answer::Outside(expected), "({lat}, {lon})");
}

mod known_places {
    use super::*;

    #[test]
    fn medan_centre_is_polrestabes_medan() {
        let (kec, kab, polres, cov) = polres_at(3.5897, 98.6738);
        assert!(kec.starts_with("12.71."), "{kec}");
        assert_eq!(kab, "Kota Medan");
        assert_eq!(polres, "Polrestabes Medan");
        assert_eq!(cov, Coverage::Inside);
    }

    #[test]
    fn belawan_port_is_polres_pelabuhan_belawan() {
        let (_, _, polres, _) = polres_at(3.7755, 98.6832);
        assert_eq!(polres, "Polres Pelabuhan Belawan");
    }

    #[test]
    fn percut_sei_tuan_in_deli_serdang_is_polrestabes_medan() {
        let (kec, kab, polres, _) = polres_at(3.6369, 98.7517);
        assert!(kec.starts_with("12.07."), "{kec}");
        assert_eq!(kab, "Kabupaten Deli Serdang");
        assert_eq!(polres, "Polrestabes Medan");
    }

    #[test]
    fn lubuk_pakam_is_polresta_deli_serdang() {
        assert_eq!(polres_at(3.5533, 98.8722).2, "Polresta Deli Serdang");
    }

    #[test]
    fn monas_is_jakarta_pusat() {
        let (_, kab, polres, _) = polres_at(-6.1754, 106.8272);
        assert!(kab.contains("Jakarta Pusat"), "{kab}");
        assert_eq!(polres, "Polres Metro Jakarta Pusat");
    }

    #[test]
    fn denpasar_and_jayapura() {
        assert!(polres_at(-8.6705, 115.2126).2.contains("Denpasar"));
        assert!(polres_at(-2.5337, 140.7181).2.contains("Jayapura"));
    }
}

mod outside {
    use super::*;

    #[test]
    fn neighbours_land_is_outside_coverage() {
        assert_outside(1.3521, 103.8198, Outside::Neighbour("Singapore".into()));
        assert_outside(1.4927, 103.7414, Outside::Neighbour("Malaysia".into())); // Johor Bahru
        assert_outside(1.5535, 110.3593, Outside::Neighbour("Malaysia".into())); // Kuching
        assert_outside(-8.5569, 125.5603, Outside::Neighbour("Timor-Leste".into())); // Dili
        assert_outside(
            -2.6817,
            141.3028,
            Outside::Neighbour("Papua New Guinea".into()),
        ); // Vanimo
    }

    #[test]
    fn in_the_territorial_sea_the_nearest_area_answers() {
        // About 11 km off Nusa Dua: Indonesian waters, Kab. Badung, at sea (not just off the
        // simplified coastline).
        let (kec, kab, _, cov) = polres_at(-8.90, 115.22);
        assert!(kec.starts_with("51.03."), "{kec}");
        assert_eq!(kab, "Kabupaten Badung");
        let Coverage::Near { distance_m } = cov else {
            panic!("{cov:?}")
        };
        assert!(
            distance_m > siaga110_core::jurisdiction::SHORE_M && distance_m < NEAR_LIMIT_M,
            "{distance_m}"
        );
        // Beyond 12 nautical miles of any Indonesian coast: outside.
        assert_outside(-9.3, 115.22, Outside::Far);
    }

    #[test]
    fn in_the_strait_the_nearer_coast_decides() {
        // Singapore Strait, just off Sentosa: nearer Singapore than Batam — Singapore's waters.
        assert_outside(1.235, 103.83, Outside::Neighbour("Singapore".into()));
        // Just off Batam's north coast: Indonesia.
        let (kec, _, _, _) = polres_at(1.195, 104.02);
        assert!(kec.starts_with("21.71."), "{kec}");
    }

    #[test]
    fn far_at_sea_is_outside_coverage() {
        assert_outside(-10.0, 100.0, Outside::Far); // Indian Ocean
        assert_outside(6.0, 106.0, Outside::Far); // South China Sea, between Anambas and Vietnam
        assert_outside(51.5, -0.12, Outside::Far); // London
    }

    #[test]
    fn bad_numbers_are_typed_errors() {
        let j = national();
        assert_eq!(
            j.locate_deg(f64::NAN, 98.0),
            Err(LocateError::Coord(CoordError::LatNotFinite))
        );
        assert_eq!(
            j.locate_deg(3.0, f64::INFINITY),
            Err(LocateError::Coord(CoordError::LonNotFinite))
        );
        assert_eq!(
            j.locate_deg(90.5, 98.0),
            Err(LocateError::Coord(CoordError::LatOutOfRange(90.5)))
        );
        assert_eq!(
            j.locate_deg(3.0, -181.0),
            Err(LocateError::Coord(CoordError::LonOutOfRange(-181.0)))
        );
    }
}

mod near_shore {
    use super::*;

    /// Walk from each sampled polygon vertex away from its polygon until outside: every such point
    /// within the limit resolves to an area (never a wrong country), at a distance ≤ the limit.
    #[test]
    fn points_just_off_the_coast_resolve_to_the_nearest_area() {
        let j = national();
        let mut near = 0;
        for k in j.areas().iter().step_by(97) {
            let poly = &k.polygons[0];
            let v = poly.rings[0][0];
            let (clat, clon) = interior_point(poly);
            let (vlat, vlon) = (f64::from(v.0) / 1e5, f64::from(v.1) / 1e5);
            // 300 m beyond the vertex, on the line from an interior point through the vertex.
            let (dlat, dlon) = (vlat - clat, vlon - clon);
            let len = (dlat * dlat + dlon * dlon).sqrt();
            if len == 0.0 {
                continue;
            }
            let p = LatLon::new(vlat + dlat / len * 0.0027, vlon + dlon / len * 0.0027).unwrap();
            match j.locate(p).unwrap() {
                Answer::Area(a) => {
                    if let Coverage::Near { distance_m } = a.coverage {
                        near += 1;
                        assert!(
                            distance_m <= NEAR_LIMIT_M && distance_m > 0.0,
                            "{distance_m}"
                        );
                        assert!(distance_m < 400.0, "{} at {distance_m} m", a.kecamatan.code);
                    }
                }
                Answer::Outside(Outside::Neighbour(c)) => {
                    assert!(
                        ["Malaysia", "Timor-Leste", "Papua New Guinea"].contains(&c.as_str()),
                        "{c}"
                    )
                }
                Answer::Outside(Outside::Far) => panic!("{p:?} 300 m off {} is far", k.code),
            }
        }
        assert!(
            near > 10,
            "only {near} coastal samples were outside their polygon"
        );
    }
}

mod data_coverage {
    use super::*;

    /// Every kab/kota's seat town lies in that kab/kota (data/derived/kabkota_seats.csv).
    #[test]
    fn every_seat_town_resolves_to_its_own_kabkota() {
        let text = std::fs::read_to_string(repo_file("data/derived/kabkota_seats.csv")).unwrap();
        let mut rdr_lines = text.lines();
        let header: Vec<&str> = rdr_lines.next().unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (kode, lat, lon) = (col("kode"), col("lat"), col("lon"));
        let mut wrong = Vec::new();
        let mut n = 0;
        for line in rdr_lines {
            let f: Vec<&str> = line.split(',').collect();
            let (code, la, lo) = (f[kode], f[lat].parse().unwrap(), f[lon].parse().unwrap());
            n += 1;
            match at(la, lo) {
                Answer::Area(a) if a.kabkota_code == code => {}
                other => wrong.push(format!("{code} ({la}, {lo}) → {other:?}")),
            }
        }
        assert_eq!(n, 514);
        assert!(
            wrong.is_empty(),
            "{} seats resolve elsewhere:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    /// Every Polres that owns a kecamatan is the answer at a point inside one of its kecamatan.
    #[test]
    fn every_polres_with_an_area_is_reachable() {
        let j = national();
        let mut unreachable = Vec::new();
        for (ix, p) in j.index().polres.iter().enumerate() {
            let owned: Vec<_> = j.areas().iter().filter(|k| k.polres == Some(ix)).collect();
            if owned.is_empty() {
                continue; // port/airport units below kecamatan level: see data/derived/summary.txt
            }
            let reached = owned.iter().any(|k| {
                k.polygons.iter().any(|poly| {
                    let (lat, lon) = interior_point(poly);
                    matches!(j.locate_deg(lat, lon), Ok(Answer::Area(a)) if a.polres.map(|r| &r.id) == Some(&p.id))
                })
            });
            if !reached {
                unreachable.push(p.name.clone());
            }
        }
        assert!(unreachable.is_empty(), "unreachable: {unreachable:?}");
        let owning = j.index().polres.len() - 3;
        assert!(
            j.areas()
                .iter()
                .filter_map(|k| k.polres)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                >= owning
        );
    }

    #[test]
    fn every_kecamatan_has_a_polres_and_a_polda() {
        let j = national();
        assert_eq!(j.areas().len(), 7284);
        assert!(j.areas().iter().all(|k| k.polres.is_some()));
        assert_eq!(j.index().kabkota.len(), 514);
    }
}

mod hq {
    use super::*;

    #[test]
    fn nearest_hqs_are_sorted_and_bearing_is_a_compass_angle() {
        let p = LatLon::new(3.5897, 98.6738).unwrap();
        let hqs = national().nearest_hqs(p, 3);
        assert_eq!(hqs.len(), 3);
        assert!(hqs.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
        assert_eq!(hqs[0].polres.name, "Polrestabes Medan");
        assert!(hqs.iter().all(|h| (0.0..360.0).contains(&h.bearing_deg)));
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

        /// Anywhere over Indonesia and its seas, the R-tree gives exactly the brute-force answer.
        #[test]
        fn indexed_lookup_equals_brute_force(lat in -11.5f64..6.5, lon in 94.5f64..141.5) {
            let j = national();
            let p = LatLon::new(lat, lon).unwrap();
            prop_assert_eq!(j.locate(p).unwrap(), j.locate_brute(p).unwrap());
        }

        /// Near kecamatan vertices (borders, coasts), where the rules are hardest.
        #[test]
        fn indexed_equals_brute_near_edges(k in 0usize..7284, v in 0usize..10_000, dlat in -0.03f64..0.03, dlon in -0.03f64..0.03) {
            let j = national();
            let ring = &j.areas()[k].polygons[0].rings[0];
            let (lat, lon) = ring[v % ring.len()];
            let p = LatLon::new(f64::from(lat) / 1e5 + dlat, f64::from(lon) / 1e5 + dlon).unwrap();
            prop_assert_eq!(j.locate(p).unwrap(), j.locate_brute(p).unwrap());
        }
    }
}

mod manual {
    use super::*;
    use siaga110_core::place::{HitKind, Place};

    #[test]
    fn search_is_accent_and_case_insensitive_and_ranks_prefixes_first() {
        let j = national();
        let hits = j.search("MÉDAN", 30);
        assert_eq!(hits[0].name, "Kota Medan", "{hits:?}");
        assert!(hits
            .iter()
            .any(|h| h.kind == HitKind::Polres && h.name == "Polrestabes Medan"));
        assert!(hits
            .iter()
            .any(|h| h.kind == HitKind::Kecamatan && h.name == "Medan Belawan"));
        assert!(j.search("  ", 10).is_empty());
        assert!(j.search("zzzz", 10).is_empty());
    }

    /// With location denied no province is loaded: the national name list still finds kecamatan.
    #[test]
    fn names_find_kecamatan_before_any_province_is_loaded() {
        use siaga110_core::data::{Index, Names};
        use siaga110_core::jurisdiction::Jurisdiction;
        let dir = common::data_dir();
        let index = Index::decode(&std::fs::read(dir.join("index.bin")).unwrap()).unwrap();
        let names = Names::decode(&std::fs::read(dir.join("names.bin")).unwrap()).unwrap();
        assert_eq!(names.kecamatan.len(), 7284);
        let mut j = Jurisdiction::new(index);
        assert!(j
            .search("belawan", 5)
            .iter()
            .all(|h| h.kind != HitKind::Kecamatan));
        j.set_names(names);
        let hit = j
            .search("medan belawan", 5)
            .into_iter()
            .find(|h| h.kind == HitKind::Kecamatan)
            .unwrap();
        assert_eq!(hit.name, "Medan Belawan");
        assert_eq!(hit.context, "Kota Medan");
        // Its point lies in that kecamatan.
        match national().place(hit.point).unwrap() {
            Place::Covered(c) => assert_eq!(c.kecamatan.1, "Medan Belawan"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_hit_point_resolves_to_what_was_chosen() {
        let j = national();
        for hit in j.search("binjai", 20) {
            match j.place(hit.point).unwrap() {
                Place::Covered(c) => match hit.kind {
                    HitKind::KabKota => assert_eq!(c.kabkota.1, hit.name),
                    HitKind::Kecamatan => assert_eq!(c.kecamatan.1, hit.name),
                    HitKind::Polres => assert!(c.polres.is_some()),
                },
                Place::Outside(o) => panic!("{hit:?} is outside: {o:?}"),
            }
        }
    }

    #[test]
    fn place_carries_what_the_card_shows() {
        let j = national();
        match j.place(LatLon::new(3.7755, 98.6832).unwrap()).unwrap() {
            Place::Covered(c) => {
                assert_eq!(c.polres.as_deref(), Some("Polres Pelabuhan Belawan"));
                assert_eq!(c.polda.as_deref(), Some("Polda Sumatera Utara"));
                assert_eq!(c.kabkota.1, "Kota Medan");
                assert!(c.inside && c.distance_m == 0.0);
                assert!(c.phone.is_empty(), "no source gives a phone number");
                assert!(!c.outline.is_empty());
                assert!(c.hq.is_some());
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            j.place(LatLon::new(1.3521, 103.8198).unwrap()).unwrap(),
            Place::Outside(Some("Singapore".into()))
        );
    }
}

mod polres_choice {
    use super::*;
    use siaga110_core::place::Place;

    /// Choosing a Polres by name must show that Polres, not the one whose area holds its HQ.
    #[test]
    fn every_polres_area_point_resolves_to_that_polres() {
        let j = national();
        let mut with_point = 0;
        for p in &j.index().polres {
            let Some(pt) = p.area_point else { continue };
            with_point += 1;
            match j.place(pt).unwrap() {
                Place::Covered(c) => {
                    assert_eq!(c.polres.as_deref(), Some(p.name.as_str()), "{}", p.id)
                }
                other => panic!("{}: {other:?}", p.id),
            }
        }
        assert_eq!(
            with_point,
            j.index().polres.len() - 3,
            "all but the 3 units below kecamatan level"
        );
    }
}

mod early_boxes {
    use super::*;
    use common::data_dir;
    use siaga110_core::data::Index;
    use siaga110_core::jurisdiction::{Jurisdiction, LAND};

    /// The shipped `provinces.json` is what the core writes from the shipped index, and the static
    /// page's rule on it (a box holds the point) names exactly the provinces a fresh lookup asks
    /// for first — on a grid over Indonesia and its seas, and on every Polres HQ.
    #[test]
    fn the_pages_rule_asks_for_what_the_app_asks_for() {
        let index = Index::decode(&std::fs::read(data_dir().join("index.bin")).unwrap()).unwrap();
        let shipped = std::fs::read_to_string(data_dir().join("provinces.json")).unwrap();
        assert_eq!(shipped, Jurisdiction::early_boxes_json(&index));
        let boxes: Vec<(String, i64, i64, i64, i64)> = serde_json::from_str(&shipped).unwrap();
        assert_eq!(boxes.len(), 38);
        // The page's script: Math.round(deg * 1e5), then min ≤ v ≤ max on both axes.
        let page = |lat: f64, lon: f64| -> Vec<String> {
            let (la, lo) = ((lat * 1e5).round() as i64, (lon * 1e5).round() as i64);
            boxes
                .iter()
                .filter(|b| b.1 <= la && la <= b.3 && b.2 <= lo && lo <= b.4)
                .map(|b| b.0.clone())
                .collect()
        };
        let fresh = Jurisdiction::new(index.clone());
        let app = |lat: f64, lon: f64| -> Vec<String> {
            let mut v = fresh.missing_for(LatLon::new(lat, lon).unwrap());
            v.retain(|c| c != LAND);
            v
        };
        let mut points: Vec<(f64, f64)> = Vec::new();
        for i in 0..=200 {
            for k in 0..=500 {
                points.push((
                    -12.0 + 19.0 * f64::from(i) / 200.0,
                    94.0 + 48.0 * f64::from(k) / 500.0,
                ));
            }
        }
        points.extend(
            index
                .polres
                .iter()
                .filter_map(|p| p.hq)
                .map(|h| (h.lat(), h.lon())),
        );
        let (mut one, mut several) = (0, 0);
        for (lat, lon) in points {
            let (p, a) = (page(lat, lon), app(lat, lon));
            assert_eq!(p, a, "at {lat},{lon}");
            match a.len() {
                1 => one += 1,
                n if n > 1 => several += 1,
                _ => {}
            }
        }
        assert!(one > 10_000 && several > 1_000, "{one} {several}");
    }
}

/// `index.bin`'s format: the ids and area points it leaves out come back exactly.
mod index_format {
    use super::*;
    use common::data_dir;
    use siaga110_core::data::{Index, Polres};

    fn unit(id: &str, name: &str, hq: Option<LatLon>, area_point: Option<LatLon>) -> Polres {
        Polres {
            id: id.into(),
            name: name.into(),
            polda: 0,
            hq,
            hq_precision: "town".into(),
            phone: String::new(),
            area_point,
        }
    }

    /// The shipped index decodes and encodes back to the same bytes, and its ids are exactly the
    /// pipeline's (`data/derived/polres.csv`; the packer orders them by id).
    #[test]
    fn the_shipped_index_round_trips_with_the_pipelines_ids() {
        let bytes = std::fs::read(data_dir().join("index.bin")).unwrap();
        let index = Index::decode(&bytes).unwrap();
        assert_eq!(index.encode(), bytes);
        let csv = std::fs::read_to_string(repo_file("data/derived/polres.csv")).unwrap();
        let mut ids: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap())
            .collect();
        let mut decoded: Vec<&str> = index.polres.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(decoded.len(), 508);
        ids.sort_unstable();
        decoded.sort_unstable();
        assert_eq!(ids, decoded);
        // The two units that share a name keep their Polda in the id (written out in full).
        assert!(decoded.contains(&"polres-banjar-jawa-barat"));
        assert!(decoded.contains(&"polres-banjar-kalimantan-selatan"));
    }

    #[test]
    fn ids_and_area_points_left_out_come_back() {
        let (a, b) = (
            LatLon::new(3.5, 98.6).unwrap(),
            LatLon::new(3.6, 98.7).unwrap(),
        );
        let index = Index {
            poldas: vec!["Polda Sumatera Utara".into()],
            polres: vec![
                unit("polrestabes-medan", "Polrestabes Medan", Some(a), Some(a)),
                unit("polres-banjar-x", "Polres Banjar", Some(a), Some(b)),
                unit("polres-kp3-belawan", "Polres KP3 Belawan", Some(a), None),
                unit("polres-no-hq", "Polres  No--HQ ", None, Some(b)),
                unit("polres-nothing", "Polres (Nothing)", None, None),
                unit("", "", None, None),
            ],
            ..Index::default()
        };
        assert_eq!(Index::decode(&index.encode()).unwrap(), index);
    }

    /// An area point "the same as the HQ" for a unit with no HQ is refused, not guessed.
    #[test]
    fn an_area_point_of_a_missing_hq_is_refused() {
        let index = Index {
            poldas: vec!["Polda X".into()],
            polres: vec![unit("polres-x", "Polres X", None, None)],
            ..Index::default()
        };
        let mut bytes = index.encode();
        // poldas, polres: the last byte of the unit is its area tag (0 = none); 2 = "the HQ".
        let tag = bytes.len() - 3; // then 0 provinces, 0 kab/kota
        assert_eq!(bytes[tag], 0);
        bytes[tag] = 2;
        let err = Index::decode(&bytes).unwrap_err().to_string();
        assert!(err.contains("area point"), "{err}");
        bytes[tag] = 3;
        assert!(Index::decode(&bytes).is_err());
    }
}
