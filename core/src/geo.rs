//! Validated WGS 84 coordinates, great-circle distance and initial bearing.
//!
//! [`LatLon`] cannot hold a coordinate that is not a real place on Earth. Distances and bearings
//! are great-circle ones on a sphere of the Earth's mean radius, by the `geo` crate's
//! [`Haversine`]: within 0.56% of the WGS 84 geodesic (checked against geographiclib's), which is
//! far finer than what they measure — a town-level Polres HQ, a phone's accuracy, 12 nautical
//! miles of sea.

use geo::{Bearing, Distance, Haversine, Point};
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

    /// Great-circle distance in metres (`geo`'s haversine on the mean-radius sphere; within
    /// 0.56% of the WGS 84 geodesic).
    ///
    /// ```
    /// # use siaga110_core::geo::LatLon;
    /// let a = LatLon::new(0.0, 0.0).unwrap();
    /// let b = LatLon::new(0.0, 1.0).unwrap();
    /// assert!((a.distance_m(b) - 111_195.08).abs() < 0.01); // the geodesic: 111,319.49 m
    /// assert_eq!(a.distance_m(a), 0.0);
    /// ```
    pub fn distance_m(self, to: LatLon) -> f64 {
        Haversine.distance(self.point(), to.point())
    }

    /// Initial bearing (great circle) from `self` towards `to`, in degrees clockwise from true
    /// north, 0…360.
    ///
    /// ```
    /// # use siaga110_core::geo::LatLon;
    /// let a = LatLon::new(0.0, 0.0).unwrap();
    /// assert!((a.bearing_deg(LatLon::new(1.0, 0.0).unwrap()) - 0.0).abs() < 1e-9);
    /// assert!((a.bearing_deg(LatLon::new(0.0, 1.0).unwrap()) - 90.0).abs() < 1e-9);
    /// assert!((a.bearing_deg(LatLon::new(0.0, -1.0).unwrap()) - 270.0).abs() < 1e-9);
    /// ```
    pub fn bearing_deg(self, to: LatLon) -> f64 {
        Haversine
            .bearing(self.point(), to.point())
            .rem_euclid(360.0)
    }

    /// The point as `geo` has it (x = longitude, y = latitude).
    pub fn point(self) -> Point {
        Point::new(self.lon, self.lat)
    }
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
            // Reference: WGS 84 geodesic (geographiclib, Python) between the same points:
            // 1 414 454.7 m; the sphere says 0.28% more.
            let a = LatLon::new(3.5952, 98.6722).unwrap();
            let b = LatLon::new(-6.2088, 106.8456).unwrap();
            assert_relative_eq!(a.distance_m(b), 1_414_454.7, max_relative = 0.0056);
            assert_relative_eq!(a.distance_m(b), 1_418_444.7, max_relative = 1e-6);
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
