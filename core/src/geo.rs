//! Validated WGS 84 coordinates, great-circle distance and initial bearing.
//!
//! [`LatLon`] cannot hold a coordinate that is not a real place on Earth. Distances and bearings
//! are on the WGS 84 ellipsoid (Vincenty's inverse formula, checked against geographiclib).

use thiserror::Error;

/// Why a pair of numbers is not a coordinate.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum CoordError {
    /// The latitude is NaN or infinite.
    #[error("latitude is not a finite number")]
    LatNotFinite,
    /// The longitude is NaN or infinite.
    #[error("longitude is not a finite number")]
    LonNotFinite,
    /// |latitude| > 90.
    #[error("latitude {0} is outside −90…90")]
    LatOutOfRange(f64),
    /// |longitude| > 180.
    #[error("longitude {0} is outside −180…180")]
    LonOutOfRange(f64),
}

/// A point on Earth in decimal degrees (WGS 84), always valid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    lat: f64,
    lon: f64,
}

impl LatLon {
    /// A checked coordinate.
    ///
    /// ```
    /// use siaga110_core::geo::{CoordError, LatLon};
    /// assert!(LatLon::new(3.59, 98.67).is_ok());
    /// assert_eq!(LatLon::new(f64::NAN, 98.0), Err(CoordError::LatNotFinite));
    /// assert_eq!(LatLon::new(91.0, 98.0), Err(CoordError::LatOutOfRange(91.0)));
    /// assert_eq!(LatLon::new(0.0, -180.5), Err(CoordError::LonOutOfRange(-180.5)));
    /// ```
    pub fn new(lat: f64, lon: f64) -> Result<Self, CoordError> {
        if !lat.is_finite() {
            return Err(CoordError::LatNotFinite);
        }
        if !lon.is_finite() {
            return Err(CoordError::LonNotFinite);
        }
        if !(-90.0..=90.0).contains(&lat) {
            return Err(CoordError::LatOutOfRange(lat));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(CoordError::LonOutOfRange(lon));
        }
        Ok(Self { lat, lon })
    }

    /// Latitude in degrees, −90…90.
    ///
    /// ```
    /// # use siaga110_core::geo::LatLon;
    /// assert_eq!(LatLon::new(-6.2, 106.8).unwrap().lat(), -6.2);
    /// ```
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Longitude in degrees, −180…180.
    ///
    /// ```
    /// # use siaga110_core::geo::LatLon;
    /// assert_eq!(LatLon::new(-6.2, 106.8).unwrap().lon(), 106.8);
    /// ```
    pub fn lon(self) -> f64 {
        self.lon
    }

    /// Distance in metres along the WGS 84 geodesic (Vincenty's inverse formula, accurate to
    /// a millimetre; a sphere would be up to 0.56% off near the equator, where Indonesia lies).
    ///
    /// ```
    /// # use siaga110_core::geo::LatLon;
    /// let a = LatLon::new(0.0, 0.0).unwrap();
    /// let b = LatLon::new(0.0, 1.0).unwrap();
    /// assert!((a.distance_m(b) - 111_319.49).abs() < 0.01);
    /// assert_eq!(a.distance_m(a), 0.0);
    /// ```
    pub fn distance_m(self, to: LatLon) -> f64 {
        vincenty(self, to).0
    }

    /// Initial bearing (forward azimuth on the WGS 84 geodesic) from `self` towards `to`, in
    /// degrees clockwise from true north, 0…360.
    ///
    /// ```
    /// # use siaga110_core::geo::LatLon;
    /// let a = LatLon::new(0.0, 0.0).unwrap();
    /// assert!((a.bearing_deg(LatLon::new(1.0, 0.0).unwrap()) - 0.0).abs() < 1e-9);
    /// assert!((a.bearing_deg(LatLon::new(0.0, 1.0).unwrap()) - 90.0).abs() < 1e-9);
    /// assert!((a.bearing_deg(LatLon::new(0.0, -1.0).unwrap()) - 270.0).abs() < 1e-9);
    /// ```
    pub fn bearing_deg(self, to: LatLon) -> f64 {
        vincenty(self, to).1.rem_euclid(360.0)
    }
}

/// WGS 84 semi-major axis (m) and flattening.
const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_223_563;

/// Vincenty's inverse problem: (distance m, initial azimuth degrees). Near-antipodal points,
/// where the iteration may not converge (never in Indonesia), fall back to the sphere.
fn vincenty(p: LatLon, q: LatLon) -> (f64, f64) {
    let b = A * (1.0 - F);
    let l = (q.lon - p.lon).to_radians();
    let u1 = ((1.0 - F) * p.lat.to_radians().tan()).atan();
    let u2 = ((1.0 - F) * q.lat.to_radians().tan()).atan();
    let (su1, cu1, su2, cu2) = (u1.sin(), u1.cos(), u2.sin(), u2.cos());
    let mut lambda = l;
    for _ in 0..200 {
        let (sl, cl) = lambda.sin_cos();
        let sin_sigma = ((cu2 * sl).powi(2) + (cu1 * su2 - su1 * cu2 * cl).powi(2)).sqrt();
        if sin_sigma == 0.0 {
            return (0.0, 0.0); // the same point
        }
        let cos_sigma = su1 * su2 + cu1 * cu2 * cl;
        let sigma = sin_sigma.atan2(cos_sigma);
        let sin_alpha = cu1 * cu2 * sl / sin_sigma;
        let cos2_alpha = 1.0 - sin_alpha * sin_alpha;
        let cos_2sm = if cos2_alpha == 0.0 {
            0.0 // both on the equator
        } else {
            cos_sigma - 2.0 * su1 * su2 / cos2_alpha
        };
        let c = F / 16.0 * cos2_alpha * (4.0 + F * (4.0 - 3.0 * cos2_alpha));
        let prev = lambda;
        lambda = l
            + (1.0 - c)
                * F
                * sin_alpha
                * (sigma
                    + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1.0 + 2.0 * cos_2sm * cos_2sm)));
        if (lambda - prev).abs() < 1e-12 {
            let u_sq = cos2_alpha * (A * A - b * b) / (b * b);
            let big_a =
                1.0 + u_sq / 16384.0 * (4096.0 + u_sq * (-768.0 + u_sq * (320.0 - 175.0 * u_sq)));
            let big_b = u_sq / 1024.0 * (256.0 + u_sq * (-128.0 + u_sq * (74.0 - 47.0 * u_sq)));
            let delta_sigma = big_b
                * sin_sigma
                * (cos_2sm
                    + big_b / 4.0
                        * (cos_sigma * (-1.0 + 2.0 * cos_2sm * cos_2sm)
                            - big_b / 6.0
                                * cos_2sm
                                * (-3.0 + 4.0 * sin_sigma * sin_sigma)
                                * (-3.0 + 4.0 * cos_2sm * cos_2sm)));
            let (sl, cl) = lambda.sin_cos();
            let azimuth = (cu2 * sl).atan2(cu1 * su2 - su1 * cu2 * cl).to_degrees();
            return (b * big_a * (sigma - delta_sigma), azimuth);
        }
    }
    spherical(p, q)
}

/// Great-circle distance and initial bearing on a sphere of the mean radius.
fn spherical(p: LatLon, q: LatLon) -> (f64, f64) {
    let (f1, f2) = (p.lat.to_radians(), q.lat.to_radians());
    let dl = (q.lon - p.lon).to_radians();
    let h = ((f2 - f1) / 2.0).sin().powi(2) + f1.cos() * f2.cos() * (dl / 2.0).sin().powi(2);
    let d = 2.0 * 6_371_008.8 * h.sqrt().min(1.0).asin();
    let y = dl.sin() * f2.cos();
    let x = f1.cos() * f2.sin() - f1.sin() * f2.cos() * dl.cos();
    (d, y.atan2(x).to_degrees())
}

/// The eight-point compass sector of a bearing: 0 = north, 1 = north-east, … 7 = north-west.
/// The words for each sector live in the translation files (`dir_0` … `dir_7`).
///
/// ```
/// use siaga110_core::geo::compass_sector;
/// assert_eq!(compass_sector(0.0), 0);
/// assert_eq!(compass_sector(44.0), 1);
/// assert_eq!(compass_sector(350.0), 0);
/// assert_eq!(compass_sector(200.0), 4);
/// assert_eq!(compass_sector(-90.0), 6);
/// ```
pub fn compass_sector(bearing_deg: f64) -> usize {
    ((bearing_deg.rem_euclid(360.0) + 22.5) / 45.0) as usize % 8
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    mod distance {
        use super::*;

        #[test]
        fn is_symmetric() {
            let a = LatLon::new(3.5952, 98.6722).unwrap();
            let b = LatLon::new(-6.2088, 106.8456).unwrap();
            assert_relative_eq!(a.distance_m(b), b.distance_m(a), max_relative = 1e-12);
        }

        #[test]
        fn medan_to_jakarta_is_about_1414_km() {
            // Reference: WGS 84 geodesic (geographiclib, Python) between the same points: 1 414 454.7 m.
            let a = LatLon::new(3.5952, 98.6722).unwrap();
            let b = LatLon::new(-6.2088, 106.8456).unwrap();
            assert_relative_eq!(a.distance_m(b), 1_414_454.7, max_relative = 1e-6);
        }

        #[test]
        fn zero_to_self() {
            let a = LatLon::new(-8.65, 115.2167).unwrap();
            assert_eq!(a.distance_m(a), 0.0);
        }
    }

    mod bearing {
        use super::*;

        #[test]
        fn south() {
            let a = LatLon::new(1.0, 100.0).unwrap();
            let b = LatLon::new(0.0, 100.0).unwrap();
            assert_relative_eq!(a.bearing_deg(b), 180.0, epsilon = 1e-9);
        }

        #[test]
        fn always_in_range() {
            for (lat, lon) in [(0.0, -0.1), (-5.0, -0.0001), (10.0, 179.9)] {
                let b = LatLon::new(0.0, 0.0)
                    .unwrap()
                    .bearing_deg(LatLon::new(lat, lon).unwrap());
                assert!((0.0..360.0).contains(&b), "{b}");
            }
        }
    }

    mod validation {
        use super::*;

        #[test]
        fn edges_are_valid() {
            for (lat, lon) in [(90.0, 180.0), (-90.0, -180.0), (0.0, 0.0)] {
                assert!(LatLon::new(lat, lon).is_ok());
            }
        }

        #[test]
        fn infinities_are_rejected() {
            assert_eq!(
                LatLon::new(f64::INFINITY, 0.0),
                Err(CoordError::LatNotFinite)
            );
            assert_eq!(
                LatLon::new(0.0, f64::NEG_INFINITY),
                Err(CoordError::LonNotFinite)
            );
            assert_eq!(LatLon::new(0.0, f64::NAN), Err(CoordError::LonNotFinite));
        }
    }
}
