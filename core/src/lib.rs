//! # siaga110-core
//!
//! The pure core of Siaga110: everything that decides something, with no browser and no UI.
//! It is synchronous and deterministic — clocks, randomness and I/O are the caller's business —
//! so every rule runs in a host `cargo test`.
//!
//! - [`geo`]: validated coordinates, great-circle distance and bearing.
//! - [`numbers`]: Indonesia's emergency numbers, read from a bundled data table.
//! - [`data`], [`pack`]: the bundled jurisdiction data and its compact binary files.
//! - [`jurisdiction`]: which kecamatan, kab/kota, Polres and Polda answer for a point.
//! - [`fix`]: judging a position fix (coarse, good enough, age).
//! - [`calls`]: the prank-use notice for repeated call attempts (informs, never blocks).
//! - [`place`]: that answer as owned values for the UI, and the manual name search.
//! - [`report`]: the emergency report: the form, its checks, the versioned model.
//! - [`phrase`]: the form's quick phrases and what each one fills in.
//! - [`outbox`]: reports kept until delivered; retry, cooldown, duplicates; receipts.
//! - [`progress`]: what the person is told about a report on its way (delivered is not seen).
//! - [`sender`]: what the app does next with the outbox (post, check a receipt, sleep).
//! - [`json`]: the small JSON reader and writer for reports, the outbox and `config.json`.
//! - [`config`]: the deployment's `config.json` and the URL parameters an embedding page may set.
//! - [`olc`]: Open Location Code (Plus Codes), to read a position out over the phone.
//! - [`sketch`]: the offline mini-map's drawing (outline, position, HQ) in view-box units.
//!
//! ```
//! use siaga110_core::geo::LatLon;
//! let medan = LatLon::new(3.5952, 98.6722)?;
//! let binjai = LatLon::new(3.6001, 98.4854)?;
//! let km = medan.distance_m(binjai) / 1000.0;
//! assert!((km - 20.7).abs() < 0.5);
//! # Ok::<(), siaga110_core::geo::CoordError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod calls;
pub mod config;
pub mod data;
pub mod encode;
pub mod fix;
pub mod geo;
pub mod json;
pub mod jurisdiction;
pub mod locate;
pub mod numbers;
pub mod olc;
pub mod outbox;
pub mod pack;
pub mod phrase;
pub mod place;
pub mod progress;
pub mod report;
pub mod sender;
pub mod sketch;
