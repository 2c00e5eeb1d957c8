//! A position fix from the browser, and the rules for judging it: when it is coarse, when it is
//! good enough to stop watching, how old it is.

use crate::geo::LatLon;

/// Worse than this (95% radius, metres) is a coarse fix: say so, keep watching.
pub const COARSE_M: f64 = 100.0;
/// At or better than this, stop watching (saves battery; more precision would not help 110).
pub const GOOD_ENOUGH_M: f64 = 25.0;
/// Older than this (ms) is a stale fix: say so.
pub const STALE_MS: f64 = 120_000.0;

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
    /// 95% radius in metres (0 for a manual place).
    pub accuracy_m: f64,
    /// When it was measured, ms since the Unix epoch.
    pub time_ms: f64,
    /// Where it came from.
    pub source: Source,
}

impl Fix {
    /// Coarse: a radius over [`COARSE_M`].
    ///
    /// ```
    /// use siaga110_core::{fix::{Fix, Source}, geo::LatLon};
    /// let f = |acc| Fix { at: LatLon::new(0.0, 0.0).unwrap(), accuracy_m: acc, time_ms: 0.0, source: Source::Device };
    /// assert!(f(1500.0).is_coarse());
    /// assert!(!f(20.0).is_coarse());
    /// ```
    pub fn is_coarse(&self) -> bool {
        self.source == Source::Device && self.accuracy_m > COARSE_M
    }

    /// Good enough to stop watching.
    ///
    /// ```
    /// use siaga110_core::{fix::{Fix, Source}, geo::LatLon};
    /// let f = Fix { at: LatLon::new(0.0, 0.0).unwrap(), accuracy_m: 12.0, time_ms: 0.0, source: Source::Device };
    /// assert!(f.is_good_enough());
    /// ```
    pub fn is_good_enough(&self) -> bool {
        self.source == Source::Manual || self.accuracy_m <= GOOD_ENOUGH_M
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
    /// ```
    pub fn improved_by(&self, new: &Fix) -> bool {
        let newer = new.time_ms > self.time_ms;
        new.accuracy_m < self.accuracy_m
            || (newer && new.accuracy_m <= self.accuracy_m * 1.1)
            || (newer && self.at.distance_m(new.at) > self.accuracy_m + new.accuracy_m)
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
