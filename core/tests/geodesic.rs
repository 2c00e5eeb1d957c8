//! Distances and bearings against reference WGS 84 geodesics (geographiclib, committed vectors).
//! The vectors' inputs are printed to 1e-6 degrees (about 0.1 m), so a distance may differ by
//! up to ~0.2 m from one recomputed from the printed inputs; the tolerance allows that, no more.
use siaga110_core::geo::LatLon;

#[test]
fn distances_within_the_vectors_rounding_and_bearings_within_a_thousandth_of_a_degree() {
    let text = include_str!("data/geodesic_wgs84.csv");
    let mut n = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let v: Vec<f64> = line.split(',').map(|x| x.parse().unwrap()).collect();
        let (a, b) = (
            LatLon::new(v[0], v[1]).unwrap(),
            LatLon::new(v[2], v[3]).unwrap(),
        );
        let d = a.distance_m(b);
        assert!((d - v[4]).abs() <= 0.25, "{line}: {d}");
        let diff = (a.bearing_deg(b) - v[5]).rem_euclid(360.0);
        assert!(
            diff.min(360.0 - diff) < 1e-3,
            "{line}: {}",
            a.bearing_deg(b)
        );
        n += 1;
    }
    assert_eq!(n, 200);
}
