//! The offline mini-map as numbers: the kecamatan outline, the position with its accuracy circle
//! and the Polres HQ, projected into a small view box (no tiles, nothing fetched). An
//! equirectangular projection at the position's latitude (x = lon · cos φ, y = −lat) is true
//! enough at the scale of one kecamatan.
//!
//! ```
//! use siaga110_core::sketch::Sketch;
//! let square = vec![vec![(0.0, 0.0), (0.0, 0.01), (0.01, 0.01), (0.01, 0.0)]];
//! let s = Sketch::new((0.005, 0.005), Some(50.0), &square, None, 320.0, 200.0, 12.0);
//! assert!(s.area_path.starts_with('M') && s.area_path.ends_with('Z'));
//! let (x, y) = s.you;
//! assert!((x - 160.0).abs() < 0.01 && (y - 100.0).abs() < 0.01); // in the middle
//! ```

/// Metres per degree of latitude (and of longitude at the equator), for the accuracy circle.
const M_PER_DEG: f64 = 111_320.0;
/// The smallest drawn radius of the accuracy circle, in view units (so it is always seen).
pub const MIN_RADIUS: f64 = 3.0;

/// What the mini-map draws, in view-box units (origin top left).
#[derive(Debug, Clone, PartialEq)]
pub struct Sketch {
    /// The outline's SVG path (`M x,y L … Z` per ring), one decimal.
    pub area_path: String,
    /// The position.
    pub you: (f64, f64),
    /// The accuracy circle's radius (at least [`MIN_RADIUS`]; that for an unknown accuracy).
    pub radius: f64,
    /// The Polres HQ, if known.
    pub hq: Option<(f64, f64)>,
}

impl Sketch {
    /// Fits the outline (rings of (lat, lon) degrees), the position with its circle (accuracy in
    /// metres; `None` = unknown: a point only, never an infinite circle) and the HQ into a
    /// `w × h` box with `pad` around it, centred, north up.
    pub fn new(
        at: (f64, f64),
        accuracy_m: Option<f64>,
        outline: &[Vec<(f64, f64)>],
        hq: Option<(f64, f64)>,
        w: f64,
        h: f64,
        pad: f64,
    ) -> Sketch {
        let (lat0, lon0) = at;
        let cos = lat0.to_radians().cos();
        let r_deg = accuracy_m
            .filter(|m| m.is_finite() && *m >= 0.0)
            .unwrap_or(0.0)
            / M_PER_DEG;
        let circle = [
            (lat0 + r_deg, lon0 + r_deg / cos),
            (lat0 - r_deg, lon0 - r_deg / cos),
        ];
        let points = outline.iter().flatten().copied().chain(circle).chain(hq);
        let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for (la, lo) in points {
            let (x, y) = (lo * cos, la);
            (min_x, max_x, min_y, max_y) = (min_x.min(x), max_x.max(x), min_y.min(y), max_y.max(y));
        }
        let scale = ((w - 2.0 * pad) / (max_x - min_x).max(1e-6))
            .min((h - 2.0 * pad) / (max_y - min_y).max(1e-6));
        let ox = pad + ((w - 2.0 * pad) - (max_x - min_x) * scale) / 2.0;
        let oy = pad + ((h - 2.0 * pad) - (max_y - min_y) * scale) / 2.0;
        let project =
            |la: f64, lo: f64| (ox + (lo * cos - min_x) * scale, oy + (max_y - la) * scale);
        let mut area_path = String::new();
        for ring in outline.iter().filter(|r| !r.is_empty()) {
            for (i, &(la, lo)) in ring.iter().enumerate() {
                let (x, y) = project(la, lo);
                area_path.push_str(&format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" }));
            }
            area_path.push('Z');
        }
        Sketch {
            area_path,
            you: project(lat0, lon0),
            radius: (r_deg * scale).max(MIN_RADIUS),
            hq: hq.map(|(la, lo)| project(la, lo)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(p: (f64, f64), w: f64, h: f64, pad: f64) -> bool {
        let e = 1e-9;
        p.0 >= pad - e && p.0 <= w - pad + e && p.1 >= pad - e && p.1 <= h - pad + e
    }

    #[test]
    fn everything_fits_the_box_and_north_is_up() {
        // A long thin kecamatan at 3.6° N, the HQ to its north-east, a 500 m circle.
        let ring = vec![(3.50, 98.60), (3.50, 98.62), (3.70, 98.62), (3.70, 98.60)];
        let s = Sketch::new(
            (3.6, 98.61),
            Some(500.0),
            &[ring],
            Some((3.75, 98.70)),
            320.0,
            200.0,
            12.0,
        );
        assert!(inside(s.you, 320.0, 200.0, 12.0));
        let hq = s.hq.unwrap();
        assert!(inside(hq, 320.0, 200.0, 12.0));
        assert!(hq.1 < s.you.1, "north is up");
        assert!(hq.0 > s.you.0, "east is right");
        for pair in s
            .area_path
            .trim_end_matches('Z')
            .trim_start_matches('M')
            .split('L')
        {
            let (x, y) = pair.split_once(',').unwrap();
            let p = (x.parse::<f64>().unwrap(), y.parse::<f64>().unwrap());
            assert!(inside(p, 320.0, 200.0, 11.95), "{p:?}"); // one decimal: ±0.05
        }
        assert!(s.radius > MIN_RADIUS);
    }

    #[test]
    fn the_same_distance_is_the_same_length_both_ways() {
        // 0.01° of latitude vs 0.01° / cos φ of longitude: equal on the map.
        let lat: f64 = 60.0;
        let ring = vec![
            (lat, 10.0),
            (lat + 0.01, 10.0),
            (lat, 10.0 + 0.01 / lat.to_radians().cos()),
        ];
        let s = Sketch::new((lat, 10.0), None, &[ring], None, 300.0, 300.0, 0.0);
        let pts: Vec<(f64, f64)> = s
            .area_path
            .trim_end_matches('Z')
            .trim_start_matches('M')
            .split('L')
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        let d = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        assert!((d(pts[0], pts[1]) - d(pts[0], pts[2])).abs() < 0.2);
    }

    #[test]
    fn unknown_accuracy_a_lone_point_and_no_outline_stay_finite() {
        for acc in [None, Some(f64::INFINITY), Some(f64::NAN), Some(-1.0)] {
            let s = Sketch::new((-6.2, 106.8), acc, &[], None, 320.0, 200.0, 12.0);
            assert_eq!(s.radius, MIN_RADIUS);
            assert!(s.you.0.is_finite() && s.you.1.is_finite());
            assert_eq!(s.area_path, "");
        }
    }
}
