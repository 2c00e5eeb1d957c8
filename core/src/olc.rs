//! Open Location Code ("Plus Codes"): a short code for a place, such as `6MMWHMWC+3V`, or
//! `HMWC+3V Medan` next to a town, that can be read out over the phone to 110.
//!
//! This follows the Open Location Code specification (github.com/google/open-location-code,
//! `docs/specification.md`) and its reference libraries:
//!
//! - the digits are `23456789CFGHJMPQRVWX`, the separator `+` comes after eight digits, and
//!   codes shorter than eight digits are padded with `0`;
//! - ten digits are five interleaved base-20 pairs (latitude first), down to 1/8000°; digits
//!   11 to 15 each split a cell into 5 rows × 4 columns;
//! - a position is first turned into whole units of 1/2.5e7° latitude and 1/8.192e6° longitude
//!   (the 15-digit cell) by one floored multiplication, as the specification's libraries do;
//!   every digit then comes from integer arithmetic, so floating-point error cannot build up
//!   from digit to digit (a decimal written exactly on an edge whose binary value lies just
//!   below it can still come out one unit low, which the specification's tests allow);
//! - latitude is clipped to −90…90 (90 itself is encoded in the topmost cell) and longitude is
//!   normalised to −180…180.
//!
//! ```
//! use siaga110_core::olc;
//! let code = olc::encode(3.5952, 98.6722, olc::DEFAULT_CODE_LENGTH)?;
//! assert_eq!(code, "6MMWHMWC+3V");
//! let area = olc::decode(&code)?;
//! assert!(area.south <= 3.5952 && 3.5952 < area.north);
//! assert!(area.west <= 98.6722 && 98.6722 < area.east);
//! // Near Medan's centre the first four digits can be left out.
//! assert_eq!(olc::shorten(&code, 3.6, 98.7)?, "HMWC+3V");
//! assert_eq!(olc::recover_nearest("HMWC+3V", 3.6, 98.7)?, code);
//! # Ok::<(), olc::OlcError>(())
//! ```

use thiserror::Error;

/// The code length for everyday use: ten digits, a cell of 1/8000° (about 14 m × 14 m).
/// Use 11 digits (about 3 m) to tell neighbouring doors apart.
///
/// ```
/// use siaga110_core::olc::{encode, DEFAULT_CODE_LENGTH};
/// assert_eq!(encode(-6.2088, 106.8456, DEFAULT_CODE_LENGTH).unwrap(), "6P58QRRW+F6");
/// assert_eq!(encode(-6.2088, 106.8456, 11).unwrap(), "6P58QRRW+F6Q");
/// ```
pub const DEFAULT_CODE_LENGTH: usize = 10;

/// The code length a fix's accuracy supports: 10 digits (a box of ~14 m) up to ±20 m, 8 (~280
/// m) up to ±300 m, else 6 (~5.5 km). Unknown accuracy: 10. (The spec allows the shorter,
/// padded codes: `6MMWHM00+`.)
///
/// ```
/// use siaga110_core::olc::length_for_accuracy;
/// assert_eq!(length_for_accuracy(Some(12.0)), 10);
/// assert_eq!(length_for_accuracy(Some(150.0)), 8);
/// assert_eq!(length_for_accuracy(Some(2_000.0)), 6);
/// assert_eq!(length_for_accuracy(None), 10);
/// ```
pub fn length_for_accuracy(accuracy_m: Option<f64>) -> usize {
    match accuracy_m {
        Some(a) if a > 300.0 => 6,
        Some(a) if a > 20.0 => 8,
        _ => DEFAULT_CODE_LENGTH,
    }
}

/// The 20 digits, in order of value.
const ALPHABET: &[u8; 20] = b"23456789CFGHJMPQRVWX";
/// Separates the first eight digits from the rest.
const SEPARATOR: u8 = b'+';
/// How many digits come before the separator.
const SEPARATOR_POSITION: usize = 8;
/// Fills the place of missing digits before the separator.
const PADDING: u8 = b'0';
/// Digits encoded as latitude/longitude pairs.
const PAIR_CODE_LENGTH: usize = 10;
/// The most significant digits a code can carry; more are ignored.
const MAX_DIGITS: usize = 15;
/// The fewest digits a code can carry.
const MIN_DIGITS: usize = 2;
/// Rows and columns of the grid each digit after the tenth splits a cell into.
const GRID_ROWS: i64 = 5;
const GRID_COLUMNS: i64 = 4;
/// Whole units per degree of the 15-digit cell: 8000 × 5⁵ for latitude, 8000 × 4⁵ for longitude.
const LAT_UNITS_PER_DEG: i64 = 25_000_000;
const LON_UNITS_PER_DEG: i64 = 8_192_000;
/// The number of units from the south pole to the north pole and once round the equator.
const LAT_SPAN: i64 = 180 * LAT_UNITS_PER_DEG;
const LON_SPAN: i64 = 360 * LON_UNITS_PER_DEG;
/// Cell size in degrees once 2, 4, 6 or 8 digits are known (index = digits / 2 − 1).
const PAIR_RESOLUTIONS: [f64; 4] = [20.0, 1.0, 0.05, 0.0025];
/// A code is only shortened by a number of digits if the reference is within this fraction of
/// the cell left: half would just do, the specification's libraries keep 0.3 for safety.
const SHORTEN_SAFETY: f64 = 0.3;

/// Why a position or a string cannot be turned into what was asked.
///
/// ```
/// use siaga110_core::olc::{decode, encode, OlcError};
/// assert_eq!(encode(3.6, 98.7, 9), Err(OlcError::Length(9)));
/// assert_eq!(decode("HMWC+3V"), Err(OlcError::NotFull("HMWC+3V".into())));
/// assert_eq!(OlcError::Length(9).to_string(), "code length 9 is not 2, 4, 6, 8 or 10 to 15");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OlcError {
    /// The requested code length is 0, 1 or an odd number below 10. (Lengths above 15 give a
    /// 15-digit code, as in the specification's libraries.)
    #[error("code length {0} is not 2, 4, 6, 8 or 10 to 15")]
    Length(usize),
    /// A latitude or longitude is NaN or infinite.
    #[error("latitude or longitude is not a finite number")]
    NotFinite,
    /// Integer coordinates outside 0 ≤ lat < 180 × 2.5e7 and 0 ≤ lon < 360 × 8.192e6.
    #[error("integer position ({lat}, {lon}) is outside the grid")]
    IntegersOutOfRange {
        /// Latitude units (1/2.5e7°) north of the south pole.
        lat: i64,
        /// Longitude units (1/8.192e6°) east of the antimeridian.
        lon: i64,
    },
    /// Not a valid full code (it is invalid, or a short code).
    #[error("{0:?} is not a valid full Open Location Code")]
    NotFull(String),
    /// Neither a valid short code nor a valid full code.
    #[error("{0:?} is not a valid Open Location Code")]
    Invalid(String),
    /// A padded code (fewer than eight digits) cannot be shortened.
    #[error("{0:?} is padded and cannot be shortened")]
    Padded(String),
}

/// The cell a code stands for: a box in degrees, south-west corner included, north and east
/// edges excluded (except at 90° north).
///
/// ```
/// use siaga110_core::olc::decode;
/// let area = decode("6MMWHMWC+3V").unwrap();
/// assert_eq!(area.code_length, 10);
/// assert!((area.north - area.south - 0.000125).abs() < 1e-12);
/// assert!((area.east - area.west - 0.000125).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CodeArea {
    /// Southern edge, degrees.
    pub south: f64,
    /// Western edge, degrees.
    pub west: f64,
    /// Northern edge, degrees.
    pub north: f64,
    /// Eastern edge, degrees.
    pub east: f64,
    /// Significant digits in the code (2…15, padding and separator not counted).
    pub code_length: usize,
}

impl CodeArea {
    /// The centre of the cell as (latitude, longitude), kept within 90 and 180 as in the
    /// specification's libraries.
    ///
    /// ```
    /// use siaga110_core::olc::decode;
    /// assert_eq!(decode("7FG40000+").unwrap().center(), (20.5, 2.5));
    /// assert_eq!(decode("CFX30000+").unwrap().center(), (89.5, 1.5));
    /// ```
    pub fn center(&self) -> (f64, f64) {
        (
            (self.south + (self.north - self.south) / 2.0).min(90.0),
            (self.west + (self.east - self.west) / 2.0).min(180.0),
        )
    }
}

/// The value (0…19) of a code digit, either case.
fn digit_value(c: u8) -> Option<usize> {
    let c = c.to_ascii_uppercase();
    ALPHABET.iter().position(|&d| d == c)
}

/// Turns degrees into whole units of the 15-digit cell, counted from the south pole and the
/// antimeridian: `floor(lat × 2.5e7)` and `floor(lon × 8.192e6)` as the specification's
/// libraries compute them, then latitude clipped and longitude wrapped round the globe.
///
/// Because the products are floating-point, a value may come out one unit below the exact
/// decimal product (the specification's tests allow this).
///
/// ```
/// use siaga110_core::olc::{degrees_to_integers, OlcError};
/// assert_eq!(degrees_to_integers(20.375, 2.775), Ok((2_759_375_000, 1_497_292_800)));
/// assert_eq!(degrees_to_integers(92.0, 1.0), Ok((4_499_999_999, 1_482_752_000)));
/// assert_eq!(degrees_to_integers(1.0, 181.0), degrees_to_integers(1.0, -179.0));
/// assert_eq!(degrees_to_integers(f64::NAN, 1.0), Err(OlcError::NotFinite));
/// ```
pub fn degrees_to_integers(lat: f64, lon: f64) -> Result<(i64, i64), OlcError> {
    if !lat.is_finite() || !lon.is_finite() {
        return Err(OlcError::NotFinite);
    }
    let lat_units = (lat * LAT_UNITS_PER_DEG as f64).floor();
    let lat_int = if lat_units < -(LAT_SPAN as f64) / 2.0 {
        0
    } else if lat_units >= LAT_SPAN as f64 / 2.0 {
        LAT_SPAN - 1
    } else {
        lat_units as i64 + LAT_SPAN / 2
    };
    // Far outside any real input, first take whole turns off (`%` is exact) so that the
    // product below stays well inside i64; nearer, follow the reference arithmetic exactly.
    let lon = if lon.abs() >= 1e9 { lon % 360.0 } else { lon };
    let lon_units = (lon * LON_UNITS_PER_DEG as f64).floor() as i64;
    let lon_int = (lon_units + LON_SPAN / 2).rem_euclid(LON_SPAN);
    Ok((lat_int, lon_int))
}

/// Encodes a position given in whole units (as from [`degrees_to_integers`]) with
/// `code_length` digits: 2, 4, 6, 8, or 10 and over (more than 15 gives 15).
///
/// ```
/// use siaga110_core::olc::{encode_integers, OlcError};
/// assert_eq!(encode_integers(2_759_375_000, 1_497_292_800, 6), Ok("7FG49Q00+".to_string()));
/// assert_eq!(encode_integers(0, 0, 10), Ok("22222222+22".to_string()));
/// assert_eq!(encode_integers(0, 0, 7), Err(OlcError::Length(7)));
/// assert_eq!(
///     encode_integers(-1, 0, 10),
///     Err(OlcError::IntegersOutOfRange { lat: -1, lon: 0 })
/// );
/// ```
pub fn encode_integers(lat: i64, lon: i64, code_length: usize) -> Result<String, OlcError> {
    if code_length < MIN_DIGITS || (code_length < PAIR_CODE_LENGTH && code_length % 2 == 1) {
        return Err(OlcError::Length(code_length));
    }
    if !(0..LAT_SPAN).contains(&lat) || !(0..LON_SPAN).contains(&lon) {
        return Err(OlcError::IntegersOutOfRange { lat, lon });
    }
    let length = code_length.min(MAX_DIGITS);
    let (mut lat, mut lon) = (lat, lon);
    let mut digits = [0u8; MAX_DIGITS];
    // Least significant first: five grid digits, each a row (latitude, base 5) and a column
    // (longitude, base 4)…
    for d in digits[PAIR_CODE_LENGTH..].iter_mut().rev() {
        *d = ALPHABET[((lat % GRID_ROWS) * GRID_COLUMNS + lon % GRID_COLUMNS) as usize];
        lat /= GRID_ROWS;
        lon /= GRID_COLUMNS;
    }
    // …then five base-20 pairs, latitude first in each pair.
    for pair in digits[..PAIR_CODE_LENGTH].chunks_exact_mut(2).rev() {
        pair[0] = ALPHABET[(lat % 20) as usize];
        pair[1] = ALPHABET[(lon % 20) as usize];
        lat /= 20;
        lon /= 20;
    }
    let mut code = String::with_capacity(MAX_DIGITS + 1);
    for (i, &d) in digits
        .iter()
        .enumerate()
        .take(length.max(SEPARATOR_POSITION))
    {
        if i == SEPARATOR_POSITION {
            code.push(char::from(SEPARATOR));
        }
        code.push(char::from(if i < length { d } else { PADDING }));
    }
    if length <= SEPARATOR_POSITION {
        code.push(char::from(SEPARATOR));
    }
    Ok(code)
}

/// Encodes a position (degrees, WGS 84) as a full code of `code_length` digits: 2, 4, 6, 8, or
/// 10 and over (more than 15 gives 15); [`DEFAULT_CODE_LENGTH`] is the usual choice. Latitude
/// is clipped to −90…90 and longitude normalised to −180…180.
///
/// ```
/// use siaga110_core::olc::{encode, OlcError};
/// assert_eq!(encode(47.0000625, 8.0000625, 10).unwrap(), "8FVC2222+22");
/// assert_eq!(encode(20.375, 2.775, 6).unwrap(), "7FG49Q00+");
/// assert_eq!(encode(-41.2730625, 1254.7859375, 10).unwrap(), "4VCPPQGP+Q9");
/// assert_eq!(encode(90.0, 1.0, 4).unwrap(), "CFX30000+");
/// assert_eq!(encode(3.6, 98.7, 3), Err(OlcError::Length(3)));
/// assert_eq!(encode(3.6, f64::INFINITY, 10), Err(OlcError::NotFinite));
/// ```
pub fn encode(lat: f64, lon: f64, code_length: usize) -> Result<String, OlcError> {
    let (lat, lon) = degrees_to_integers(lat, lon)?;
    encode_integers(lat, lon, code_length)
}

/// Decodes a full code (either case; digits past the 15th are ignored) into its cell.
///
/// ```
/// use siaga110_core::olc::{decode, OlcError};
/// let area = decode("7fg49q00+").unwrap();
/// assert_eq!(area.code_length, 6);
/// assert!((area.south - 20.35).abs() < 1e-10 && (area.north - 20.4).abs() < 1e-10);
/// assert!((area.west - 2.75).abs() < 1e-10 && (area.east - 2.8).abs() < 1e-10);
/// assert_eq!(decode("9QCJ+2VX"), Err(OlcError::NotFull("9QCJ+2VX".into())));
/// ```
pub fn decode(code: &str) -> Result<CodeArea, OlcError> {
    if !is_full(code) {
        return Err(OlcError::NotFull(code.to_owned()));
    }
    // Place values in whole units, starting one step above the first digit's.
    let (mut lat_pv, mut lon_pv) = (400 * LAT_UNITS_PER_DEG, 400 * LON_UNITS_PER_DEG);
    let (mut lat, mut lon) = (0i64, 0i64);
    let values = code
        .bytes()
        .filter_map(digit_value)
        .map(|v| v as i64)
        .take(MAX_DIGITS);
    let mut code_length = 0;
    for (i, v) in values.enumerate() {
        if i < PAIR_CODE_LENGTH {
            if i % 2 == 0 {
                lat_pv /= 20;
                lon_pv /= 20;
                lat += v * lat_pv;
            } else {
                lon += v * lon_pv;
            }
        } else {
            lat_pv /= GRID_ROWS;
            lon_pv /= GRID_COLUMNS;
            lat += (v / GRID_COLUMNS) * lat_pv;
            lon += (v % GRID_COLUMNS) * lon_pv;
        }
        code_length = i + 1;
    }
    // One correctly rounded division per edge.
    let lat_deg = |units: i64| (units - LAT_SPAN / 2) as f64 / LAT_UNITS_PER_DEG as f64;
    let lon_deg = |units: i64| (units - LON_SPAN / 2) as f64 / LON_UNITS_PER_DEG as f64;
    Ok(CodeArea {
        south: lat_deg(lat),
        west: lon_deg(lon),
        north: lat_deg(lat + lat_pv),
        east: lon_deg(lon + lon_pv),
        code_length,
    })
}

/// True for a valid code, full or short, in either case: only code digits, one `+` at an
/// even position no later than the eighth, never a single digit after it, and padding (`0`) only
/// in a full code, in whole pairs, running up to a final `+`.
///
/// ```
/// use siaga110_core::olc::is_valid;
/// assert!(is_valid("6MMWHMWC+3V"));
/// assert!(is_valid("6mmw0000+"));
/// assert!(is_valid("HMWC+3V"));
/// assert!(!is_valid("6MMWHMWC+3"));
/// assert!(!is_valid("6MMW00WC+"));
/// assert!(!is_valid("HM00+"));
/// assert!(!is_valid("6MMWHMWC3V"));
/// ```
pub fn is_valid(code: &str) -> bool {
    let b = code.as_bytes();
    if !b
        .iter()
        .all(|&c| c == SEPARATOR || c == PADDING || digit_value(c).is_some())
    {
        return false;
    }
    let mut seps = b.iter().enumerate().filter(|&(_, &c)| c == SEPARATOR);
    let sep = match (seps.next(), seps.next()) {
        (Some((i, _)), None) => i,
        _ => return false,
    };
    if b.len() == 1 || sep > SEPARATOR_POSITION || sep % 2 == 1 {
        return false;
    }
    if let Some(pad) = b.iter().position(|&c| c == PADDING) {
        // Only full codes are padded, from an even position > 0 up to a final separator.
        if sep < SEPARATOR_POSITION
            || pad == 0
            || pad % 2 == 1
            || b.len() != sep + 1
            || b[pad..sep].iter().any(|&c| c != PADDING)
        {
            return false;
        }
    }
    b.len() - sep - 1 != 1
}

/// True for a valid short code: one with fewer than eight digits before the `+`, which needs a
/// reference location (see [`recover_nearest`]).
///
/// ```
/// use siaga110_core::olc::is_short;
/// assert!(is_short("HMWC+3V"));
/// assert!(is_short("+3V2"));
/// assert!(!is_short("6MMWHMWC+3V"));
/// assert!(!is_short("HMWC+3"));
/// ```
pub fn is_short(code: &str) -> bool {
    is_valid(code) && code.find(char::from(SEPARATOR)) < Some(SEPARATOR_POSITION)
}

/// True for a valid full code: eight digits (or padding) before the `+`, with a first digit
/// below 90° north and a second below 180° east.
///
/// ```
/// use siaga110_core::olc::is_full;
/// assert!(is_full("6MMWHMWC+3V"));
/// assert!(is_full("CFX30000+"));
/// assert!(!is_full("HMWC+3V"));
/// assert!(!is_full("FFX30000+")); // first digit: latitude 90 and over
/// assert!(!is_full("6XMWHMWC+3V")); // second digit: longitude 180 and over
/// ```
pub fn is_full(code: &str) -> bool {
    if !is_valid(code) || is_short(code) {
        return false;
    }
    let b = code.as_bytes();
    let first = |i: usize, limit: usize| digit_value(b[i]).is_some_and(|v| v * 20 < limit);
    first(0, 180) && first(1, 360)
}

/// Clips a latitude to −90…90.
fn clip_latitude(lat: f64) -> f64 {
    lat.clamp(-90.0, 90.0)
}

/// Normalises a longitude to −180 ≤ lon < 180.
fn normalize_longitude(lon: f64) -> f64 {
    if (-180.0..180.0).contains(&lon) {
        lon
    } else {
        (lon + 180.0).rem_euclid(360.0) - 180.0
    }
}

/// Shortens a full, unpadded code relative to a reference location, as the specification's
/// libraries do: the first 8, 6 or 4 digits are dropped when the reference lies closer to the
/// code's centre, in both latitude and longitude, than 0.3 × the size of the cell those digits
/// name (0.0025°, 0.05° or 1°; 0.3 rather than the bare 0.5 leaves a margin for recovery).
/// Otherwise the code comes back whole (upper case). At least one digit is always kept.
///
/// ```
/// use siaga110_core::olc::{shorten, OlcError};
/// assert_eq!(shorten("9C3W9QCJ+2VX", 51.3701125, -1.217765625).unwrap(), "+2VX");
/// assert_eq!(shorten("9C3W9QCJ+2VX", 51.3708675, -1.217765625).unwrap(), "CJ+2VX");
/// assert_eq!(shorten("6mmwhmwc+3v", 3.6, 98.7).unwrap(), "HMWC+3V");
/// assert_eq!(shorten("6MMWHMWC+3V", -6.2, 106.8).unwrap(), "6MMWHMWC+3V");
/// assert_eq!(shorten("6MMW0000+", 3.6, 98.7), Err(OlcError::Padded("6MMW0000+".into())));
/// ```
pub fn shorten(code: &str, ref_lat: f64, ref_lon: f64) -> Result<String, OlcError> {
    if !is_full(code) {
        return Err(OlcError::NotFull(code.to_owned()));
    }
    if code.as_bytes().contains(&PADDING) {
        return Err(OlcError::Padded(code.to_owned()));
    }
    if !ref_lat.is_finite() || !ref_lon.is_finite() {
        return Err(OlcError::NotFinite);
    }
    let area = decode(code)?;
    let code = code.to_ascii_uppercase();
    let (lat, lon) = area.center();
    let range = (lat - clip_latitude(ref_lat))
        .abs()
        .max((lon - normalize_longitude(ref_lon)).abs());
    for pairs in (1..PAIR_RESOLUTIONS.len()).rev() {
        let dropped = (pairs + 1) * 2;
        if range < PAIR_RESOLUTIONS[pairs] * SHORTEN_SAFETY && area.code_length > dropped {
            return Ok(code[dropped..].to_owned());
        }
    }
    Ok(code)
}

/// Recovers the full code nearest a reference location from a short code (either case): the
/// missing leading digits are taken from the reference, then moved one cell if that puts the
/// code's centre closer to the reference (never past a pole). A full code comes back upper-cased.
///
/// ```
/// use siaga110_core::olc::{recover_nearest, OlcError};
/// assert_eq!(recover_nearest("CJ+2VX", 51.3708675, -1.217765625).unwrap(), "9C3W9QCJ+2VX");
/// // A reference just across a 1° cell boundary still finds the code.
/// assert_eq!(recover_nearest("XGGG+GG", 47.026, 8.526).unwrap(), "8FRCXGGG+GG");
/// assert_eq!(recover_nearest("8frCG2GG+gG", 46.5, 7.9).unwrap(), "8FRCG2GG+GG");
/// assert_eq!(recover_nearest("XGGG+G", 47.0, 8.5), Err(OlcError::Invalid("XGGG+G".into())));
/// ```
pub fn recover_nearest(short_code: &str, ref_lat: f64, ref_lon: f64) -> Result<String, OlcError> {
    if is_full(short_code) {
        return Ok(short_code.to_ascii_uppercase());
    }
    if !is_short(short_code) {
        return Err(OlcError::Invalid(short_code.to_owned()));
    }
    if !ref_lat.is_finite() || !ref_lon.is_finite() {
        return Err(OlcError::NotFinite);
    }
    let (ref_lat, ref_lon) = (clip_latitude(ref_lat), normalize_longitude(ref_lon));
    let code = short_code.to_ascii_uppercase();
    // `is_short` guarantees a separator at 0, 2, 4 or 6.
    let missing = SEPARATOR_POSITION - code.find(char::from(SEPARATOR)).unwrap_or(0);
    let resolution = PAIR_RESOLUTIONS[missing / 2 - 1];
    let half = resolution / 2.0;
    let prefix = encode(ref_lat, ref_lon, DEFAULT_CODE_LENGTH)?;
    let area = decode(&format!("{}{code}", &prefix[..missing]))?;
    let (mut lat, mut lon) = area.center();
    if ref_lat + half < lat && lat - resolution >= -90.0 {
        lat -= resolution;
    } else if ref_lat - half > lat && lat + resolution <= 90.0 {
        lat += resolution;
    }
    if ref_lon + half < lon {
        lon -= resolution;
    } else if ref_lon - half > lon {
        lon += resolution;
    }
    encode(lat, lon, area.code_length)
}

/// The code to read out for a position near a named place: `"HMWC+3V Medan"` (ten digits with
/// the first four left to the place name) when [`shorten`] would drop at least four digits
/// relative to the place's reference point, otherwise the full ten-digit code. Only four digits
/// are ever dropped with a place name, as the specification's guidance for localities advises.
///
/// A blank `locality` or a non-finite reference gives the full code; a non-finite position
/// gives an empty string.
///
/// ```
/// use siaga110_core::olc::short_with_locality;
/// // A point in Medan, with the city's reference point about 3 km away.
/// assert_eq!(short_with_locality(3.5952, 98.6722, 3.6, 98.7, "Medan"), "HMWC+3V Medan");
/// // Jakarta is far from that point: the full code.
/// assert_eq!(short_with_locality(3.5952, 98.6722, -6.2, 106.8, "Jakarta"), "6MMWHMWC+3V");
/// assert_eq!(short_with_locality(3.5952, 98.6722, 3.6, 98.7, " "), "6MMWHMWC+3V");
/// assert_eq!(short_with_locality(f64::NAN, 98.6722, 3.6, 98.7, "Medan"), "");
/// ```
pub fn short_with_locality(
    lat: f64,
    lon: f64,
    ref_lat: f64,
    ref_lon: f64,
    locality: &str,
) -> String {
    const DROPPED: usize = 4;
    let Ok(full) = encode(lat, lon, DEFAULT_CODE_LENGTH) else {
        return String::new();
    };
    let locality = locality.trim();
    if locality.is_empty() {
        return full;
    }
    match shorten(&full, ref_lat, ref_lon) {
        Ok(short) if short.len() + DROPPED <= full.len() => {
            format!("{} {locality}", &full[DROPPED..])
        }
        _ => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        for n in [0, 1, 3, 5, 7, 9] {
            assert_eq!(encode(1.0, 1.0, n), Err(OlcError::Length(n)));
        }
        for n in [2, 4, 6, 8, 10, 11, 12, 13, 14, 15] {
            let code = encode(1.0, 1.0, n).unwrap();
            assert_eq!(decode(&code).unwrap().code_length, n, "{code}");
        }
        assert_eq!(encode(1.0, 1.0, 99).unwrap().len(), 16);
    }

    #[test]
    fn latitude_90_is_in_the_top_cell() {
        for n in [2, 4, 10, 15] {
            let area = decode(&encode(90.0, 0.0, n).unwrap()).unwrap();
            assert_eq!(area.north, 90.0, "{n}");
            assert!(area.south < 90.0);
        }
    }

    #[test]
    fn decimal_cell_edges_are_at_most_one_unit_low() {
        // 0.05° steps are not exact in binary: a double written as an edge may lie just below
        // it, and then its floored product is one unit (1/2.5e7°, 1/8.192e6°) low, as the
        // specification's tests allow. Never more.
        for k in -1800..1800i64 {
            let deg: f64 = format!("{:.2}", k as f64 * 0.05).parse().unwrap();
            let (lat, lon) = degrees_to_integers(deg / 2.0, deg).unwrap();
            let (want_lat, want_lon) = (k * 625_000, k * 409_600);
            assert!(
                (0..=1).contains(&(want_lat - (lat - LAT_SPAN / 2))),
                "{deg}"
            );
            assert!(
                (0..=1).contains(&(want_lon - (lon - LON_SPAN / 2))),
                "{deg}"
            );
        }
    }

    #[test]
    fn huge_and_edge_longitudes() {
        assert_eq!(encode(0.0, 180.0, 4), encode(0.0, -180.0, 4));
        assert_eq!(encode(0.0, 360.0 * 1e12 + 10.0, 4), encode(0.0, 10.0, 4));
        assert_eq!(encode(0.0, -1e300, 4).map(|c| c.len()), Ok(9));
        assert_eq!(encode(-1e300, 0.0, 4), encode(-90.0, 0.0, 4));
    }

    #[test]
    fn eight_digit_codes_keep_a_digit_when_shortened() {
        let code = encode(3.5952, 98.6722, 8).unwrap();
        let (lat, lon) = decode(&code).unwrap().center();
        let short = shorten(&code, lat, lon).unwrap();
        assert_eq!(short, format!("{}+", &code[6..8]));
        assert_eq!(recover_nearest(&short, lat, lon).unwrap(), code);
    }

    #[test]
    fn padding_must_start_on_a_pair() {
        assert!(!is_valid("8FV0000C+"));
        assert!(!is_valid("8FV00000+"));
        assert!(is_valid("8FVC0000+"));
        assert!(!is_valid("8FVC0000+22"));
    }

    #[test]
    fn non_finite_references() {
        assert_eq!(
            shorten("6MMWHMWC+3V", f64::NAN, 0.0),
            Err(OlcError::NotFinite)
        );
        assert_eq!(
            recover_nearest("HMWC+3V", 0.0, f64::INFINITY),
            Err(OlcError::NotFinite)
        );
        assert_eq!(
            short_with_locality(3.5952, 98.6722, f64::NAN, 98.67, "Medan"),
            "6MMWHMWC+3V"
        );
    }
}
