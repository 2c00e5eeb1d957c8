//! Distances and bearings against reference WGS 84 geodesics (geographiclib, committed vectors).
//! The core measures on a sphere (`geo`'s haversine): a sphere is at most 0.56% off the
//! ellipsoid's distance (the flattening, 1/298), and its bearing a fraction of a degree; the
//! tolerances allow that, no more.
use siaga110_core::geo::LatLon;

#[test]
fn distances_within_the_spheres_error_and_bearings_within_a_quarter_of_a_degree() {
    let text = include_str!("data/geodesic_wgs84.csv");
    let (mut n, mut worst_d, mut worst_b) = (0, 0.0_f64, 0.0_f64);
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let v: Vec<f64> = line.split(',').map(|x| x.parse().unwrap()).collect();
        let (a, b) = (
            LatLon::new(v[0], v[1]).unwrap(),
            LatLon::new(v[2], v[3]).unwrap(),
        );
        let d = a.distance_m(b);
        let rel = if v[4] == 0.0 {
            d
        } else {
            (d - v[4]).abs() / v[4]
        };
        assert!(rel <= 0.0056, "{line}: {d} ({:.3}% off)", rel * 100.0);
        worst_d = worst_d.max(rel);
        if v[4] > 1.0 {
            let diff = (a.bearing_deg(b) - v[5]).rem_euclid(360.0);
            let diff = diff.min(360.0 - diff);
            assert!(diff < 0.25, "{line}: {}", a.bearing_deg(b));
            worst_b = worst_b.max(diff);
        }
        n += 1;
    }
    assert_eq!(n, 200);
    println!(
        "worst: distance {:.3}%, bearing {worst_b:.3}°",
        worst_d * 100.0
    );
}
