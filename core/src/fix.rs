//! A position fix from the browser, and the rules for judging it: when it is coarse, when it is
//! good enough to stop watching, how old it is.
//!
//! The browser's numbers are not trusted: [`Fix::from_reading`] refuses impossible coordinates
//! (NaN, infinite, off the globe) with a [`FixError`], and an accuracy that is not a radius
//! (NaN, infinite, negative, or over [`MAX_ACCURACY_M`]) becomes *unknown*: stored as
//! `f64::INFINITY`, read with [`Fix::accuracy`] (`None`), coarse, never good enough.
//!
//! ```
//! use siaga110_core::fix::{Fix, FixError};
//! let f = Fix::from_reading(3.5952, 98.6722, -50.0, 1.0e12).unwrap();
//! assert_eq!(f.accuracy(), None); // shown as "unknown", not "± -50 m"
//! assert!(f.is_coarse() && !f.is_good_enough());
//! assert!(matches!(Fix::from_reading(f64::NAN, 98.6, 10.0, 1.0e12), Err(FixError::Coordinates(_))));
//! ```

use crate::geo::{CoordError, LatLon};

/// Worse than this (95% radius, metres) is a coarse fix: say so, keep watching.
pub const COARSE_M: f64 = 100.0;
/// At or better than this, stop watching (saves battery; more precision would not help 110).
pub const GOOD_ENOUGH_M: f64 = 25.0;
/// Older than this (ms) is a stale fix: say so.
pub const STALE_MS: f64 = 120_000.0;
/// A reported radius over this (metres) says nothing about where the phone is: unknown.
pub const MAX_ACCURACY_M: f64 = 100_000.0;

/// Why the browser's numbers are not a position fix.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum FixError {
    /// The coordinates are NaN, infinite or off the globe.
    #[error("the position is impossible: {0}")]
    Coordinates(CoordError),
    /// The time is NaN, infinite or negative.
    #[error("the position's time is not a time")]
    Time,
}

/// A radius in metres if `m` is one (finite, 0 ≤ m ≤ [`MAX_ACCURACY_M`]), else `None`.
///
/// ```
/// use siaga110_core::fix::accuracy_known;
/// assert_eq!(accuracy_known(12.5), Some(12.5));
/// assert_eq!(accuracy_known(-50.0), None);
/// assert_eq!(accuracy_known(f64::NAN), None);
/// assert_eq!(accuracy_known(f64::INFINITY), None);
/// assert_eq!(accuracy_known(5.0e6), None);
/// ```
pub fn accuracy_known(m: f64) -> Option<f64> {
    (m.is_finite() && (0.0..=MAX_ACCURACY_M).contains(&m)).then_some(m)
}

/// Where a position came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The browser's Geolocation API (GNSS, Wi-Fi or cell: the browser does not say which).
    Device,
    /// The user chose a place by name.
    Manual,
}

/// One position fix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    /// The position.
    pub at: LatLon,
    /// 95% radius in metres (0 for a manual place); `f64::INFINITY` when unknown. Read it with
    /// [`Fix::accuracy`], which also treats any other non-radius as unknown.
    pub accuracy_m: f64,
    /// When it was measured, ms since the Unix epoch.
    pub time_ms: f64,
    /// Where it came from.
    pub source: Source,
}

impl Fix {
    /// A fix from the browser's numbers (`coords.latitude`, `coords.longitude`,
    /// `coords.accuracy`, the position's `timestamp`; pass `f64::NAN` for one that is missing).
    /// Impossible coordinates or time are an error; an accuracy that is not a radius is kept as
    /// unknown (`f64::INFINITY`).
    ///
    /// ```
    /// use siaga110_core::fix::{Fix, FixError, Source};
    /// let f = Fix::from_reading(-6.1754, 106.8272, 12.0, 1.0e12).unwrap();
    /// assert_eq!((f.accuracy(), f.source), (Some(12.0), Source::Device));
    /// assert_eq!(Fix::from_reading(-6.1754, 106.8272, f64::NAN, 1.0e12).unwrap().accuracy(), None);
    /// assert_eq!(Fix::from_reading(-6.1754, 106.8272, 1.0e9, 1.0e12).unwrap().accuracy(), None);
    /// assert!(matches!(Fix::from_reading(91.0, 0.0, 5.0, 1.0e12), Err(FixError::Coordinates(_))));
    /// assert!(matches!(Fix::from_reading(0.0, f64::INFINITY, 5.0, 1.0e12), Err(FixError::Coordinates(_))));
    /// assert_eq!(Fix::from_reading(0.0, 0.0, 5.0, f64::NAN), Err(FixError::Time));
    /// ```
    pub fn from_reading(
        lat: f64,
        lon: f64,
        accuracy_m: f64,
        time_ms: f64,
    ) -> Result<Fix, FixError> {
        let at = LatLon::new(lat, lon).map_err(FixError::Coordinates)?;
        if !(time_ms.is_finite() && time_ms >= 0.0) {
            return Err(FixError::Time);
        }
        Ok(Fix {
            at,
            accuracy_m: accuracy_known(accuracy_m).unwrap_or(f64::INFINITY),
            time_ms,
            source: Source::Device,
        })
    }

    /// The radius in metres, or `None` when unknown (see [`accuracy_known`]). Show `None` as
    /// "unknown", never as a number.
    ///
    /// ```
    /// use siaga110_core::{fix::{Fix, Source}, geo::LatLon};
    /// let f = |acc| Fix { at: LatLon::new(0.0, 0.0).unwrap(), accuracy_m: acc, time_ms: 0.0, source: Source::Device };
    /// assert_eq!(f(8.0).accuracy(), Some(8.0));
    /// assert_eq!(f(-50.0).accuracy(), None);
    /// ```
    pub fn accuracy(&self) -> Option<f64> {
        accuracy_known(self.accuracy_m)
    }

    /// The radius for comparisons: unknown as infinite.
    fn radius(&self) -> f64 {
        self.accuracy().unwrap_or(f64::INFINITY)
    }

    /// Coarse: a radius over [`COARSE_M`], or unknown.
    ///
    /// ```
    /// use siaga110_core::{fix::{Fix, Source}, geo::LatLon};
    /// let f = |acc| Fix { at: LatLon::new(0.0, 0.0).unwrap(), accuracy_m: acc, time_ms: 0.0, source: Source::Device };
    /// assert!(f(1500.0).is_coarse());
    /// assert!(!f(20.0).is_coarse());
    /// assert!(f(-50.0).is_coarse() && f(f64::NAN).is_coarse());
    /// ```
    pub fn is_coarse(&self) -> bool {
        self.source == Source::Device && self.radius() > COARSE_M
    }

    /// Good enough to stop watching (never with an unknown accuracy).
    ///
    /// ```
    /// use siaga110_core::{fix::{Fix, Source}, geo::LatLon};
    /// let f = |acc| Fix { at: LatLon::new(0.0, 0.0).unwrap(), accuracy_m: acc, time_ms: 0.0, source: Source::Device };
    /// assert!(f(12.0).is_good_enough());
    /// assert!(!f(-50.0).is_good_enough());
    /// ```
    pub fn is_good_enough(&self) -> bool {
        self.source == Source::Manual || self.radius() <= GOOD_ENOUGH_M
    }

    /// Whether `new` should replace `self` while watching: a better radius; or newer with a
    /// same-ish radius (within 10%); or newer and farther away than both radii allow (the person
    /// has moved: an old precise fix must not hide where they are now).
    ///
    /// ```
    /// use siaga110_core::{fix::{Fix, Source}, geo::LatLon};
    /// let f = |acc, t, lat| Fix { at: LatLon::new(lat, 0.0).unwrap(), accuracy_m: acc, time_ms: t, source: Source::Device };
    /// assert!(f(500.0, 0.0, 0.0).improved_by(&f(30.0, 1.0, 0.0)));
    /// assert!(!f(30.0, 0.0, 0.0).improved_by(&f(500.0, 1.0, 0.0)));
    /// assert!(f(30.0, 0.0, 0.0).improved_by(&f(32.0, 1.0, 0.0)));
    /// // 10 km further on, even if less precise:
    /// assert!(f(10.0, 0.0, 0.0).improved_by(&f(200.0, 1.0, 0.09)));
    /// // An unknown accuracy never replaces a known one; any known one replaces it.
    /// assert!(!f(30.0, 0.0, 0.0).improved_by(&f(-5.0, 1.0, 0.0)));
    /// assert!(f(-5.0, 0.0, 0.0).improved_by(&f(3000.0, 1.0, 0.0)));
    /// ```
    pub fn improved_by(&self, new: &Fix) -> bool {
        let newer = new.time_ms > self.time_ms;
        let (old_r, new_r) = (self.radius(), new.radius());
        new_r < old_r
            || (newer && new_r <= old_r * 1.1)
            || (newer && self.at.distance_m(new.at) > old_r + new_r)
    }

    /// Age at `now_ms`, in whole seconds (never negative).
    ///
    /// ```
    /// use siaga110_core::{fix::{Fix, Source}, geo::LatLon};
    /// let f = Fix { at: LatLon::new(0.0, 0.0).unwrap(), accuracy_m: 5.0, time_ms: 1_000.0, source: Source::Device };
    /// assert_eq!(f.age_s(31_400.0), 30);
    /// assert_eq!(f.age_s(0.0), 0);
    /// ```
    pub fn age_s(&self, now_ms: f64) -> u64 {
        ((now_ms - self.time_ms) / 1000.0).max(0.0) as u64
    }

    /// Stale at `now_ms`: older than [`STALE_MS`].
    pub fn is_stale(&self, now_ms: f64) -> bool {
        now_ms - self.time_ms > STALE_MS
    }
}
