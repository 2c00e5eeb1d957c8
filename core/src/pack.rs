//! The compact binary encoding of the bundled data: LEB128 varints, zigzag for signed numbers,
//! length-prefixed UTF-8 strings, and coordinates quantised to 1e-5° (about 1 m) and stored as
//! deltas. The same [`Writer`] builds the files (at build time, `siaga110-pack`) and [`Reader`]
//! reads them (on the phone), so the round trip is tested in one place.

use thiserror::Error;

/// One coordinate unit: 1e-5 degree (≈ 1.1 m at the equator).
pub const QUANTUM_DEG: f64 = 1e-5;

/// Why a data file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PackError {
    /// The file does not start with the expected magic bytes (wrong or truncated file).
    #[error("not a {expected} file")]
    Magic {
        /// What the file should have been.
        expected: &'static str,
    },
    /// The file ends in the middle of a value.
    #[error("file ends early at byte {0}")]
    Truncated(usize),
    /// A varint longer than 64 bits.
    #[error("bad number at byte {0}")]
    Varint(usize),
    /// A string that is not UTF-8.
    #[error("bad text at byte {0}")]
    Utf8(usize),
    /// A value out of its allowed range (e.g. an index past the end of a table).
    #[error("bad value at byte {0}: {1}")]
    Value(usize, &'static str),
}

/// Quantises degrees to 1e-5° units, rounding to nearest.
///
/// ```
/// use siaga110_core::pack::{quantise, dequantise};
/// assert_eq!(quantise(98.67221), 9_867_221);
/// assert_eq!(quantise(-6.208_804), -620_880);
/// assert!((dequantise(quantise(3.595_204)) - 3.595_204).abs() <= 0.5e-5);
/// ```
pub fn quantise(deg: f64) -> i32 {
    (deg / QUANTUM_DEG).round() as i32
}

/// `units` rounded to the nearest multiple of `grid` (halves away from zero; `grid` ≤ 1 leaves it
/// as it is).
///
/// ```
/// use siaga110_core::pack::snap;
/// assert_eq!(snap(359_524, 10), 359_520);
/// assert_eq!(snap(359_525, 10), 359_530);
/// assert_eq!(snap(-620_885, 10), -620_890);
/// assert_eq!(snap(7, 1), 7);
/// ```
pub fn snap(units: i32, grid: i32) -> i32 {
    if grid <= 1 {
        return units;
    }
    let g = i64::from(grid);
    let u = i64::from(units);
    let r = if u >= 0 {
        (u + g / 2) / g
    } else {
        -((-u + g / 2) / g)
    };
    i32::try_from(r * g).unwrap_or(units)
}

/// Degrees from 1e-5° units.
///
/// ```
/// assert_eq!(siaga110_core::pack::dequantise(-620_880), -6.2088);
/// ```
pub fn dequantise(units: i32) -> f64 {
    // Divide rather than multiply by 1e-5 so that whole units give the shortest decimal.
    f64::from(units) / 1e5
}

/// Appends values to a byte buffer.
#[derive(Debug, Default, Clone)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// A writer that starts with `magic`.
    ///
    /// ```
    /// use siaga110_core::pack::Writer;
    /// assert_eq!(Writer::new(b"AB").finish(), b"AB".to_vec());
    /// ```
    pub fn new(magic: &[u8]) -> Self {
        Self {
            buf: magic.to_vec(),
        }
    }

    /// An unsigned LEB128 varint.
    ///
    /// ```
    /// use siaga110_core::pack::Writer;
    /// let mut w = Writer::new(b"");
    /// w.uint(300);
    /// assert_eq!(w.finish(), vec![0xAC, 0x02]);
    /// ```
    pub fn uint(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(byte);
                return;
            }
            self.buf.push(byte | 0x80);
        }
    }

    /// A signed integer, zigzag-encoded then varint.
    ///
    /// ```
    /// use siaga110_core::pack::Writer;
    /// let mut w = Writer::new(b"");
    /// w.int(-1);
    /// w.int(1);
    /// assert_eq!(w.finish(), vec![1, 2]);
    /// ```
    pub fn int(&mut self, v: i64) {
        self.uint(((v << 1) ^ (v >> 63)) as u64);
    }

    /// A length-prefixed UTF-8 string.
    ///
    /// ```
    /// use siaga110_core::pack::Writer;
    /// let mut w = Writer::new(b"");
    /// w.str("Medan");
    /// assert_eq!(w.finish(), b"\x05Medan".to_vec());
    /// ```
    pub fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// A ring of quantised points: its length, then (lat, lon) deltas from the previous point
    /// (the first from (0, 0)).
    ///
    /// ```
    /// use siaga110_core::pack::{Reader, Writer};
    /// let ring = [(359_520, 9_867_220), (359_530, 9_867_200)];
    /// let mut w = Writer::new(b"");
    /// w.ring(&ring);
    /// let bytes = w.finish();
    /// assert_eq!(Reader::new(&bytes).ring().unwrap(), ring.to_vec());
    /// ```
    pub fn ring(&mut self, points: &[(i32, i32)]) {
        self.ring_on_grid(points, 1);
    }

    /// Like [`Writer::ring`] for points on a grid of `grid` units (each coordinate rounded to the
    /// nearest multiple, see [`snap`]), in grid steps: coarser points, shorter numbers.
    ///
    /// ```
    /// use siaga110_core::pack::{Reader, Writer};
    /// let ring = [(359_520, 9_867_220), (359_530, 9_867_200)];
    /// let mut w = Writer::new(b"");
    /// w.ring_on_grid(&ring, 10);
    /// let bytes = w.finish();
    /// assert_eq!(Reader::new(&bytes).ring_on_grid(10).unwrap(), ring.to_vec());
    /// ```
    pub fn ring_on_grid(&mut self, points: &[(i32, i32)], grid: i32) {
        let g = grid.max(1);
        self.uint(points.len() as u64);
        let (mut lat0, mut lon0) = (0i64, 0i64);
        for &(lat, lon) in points {
            let (lat, lon) = (i64::from(snap(lat, g) / g), i64::from(snap(lon, g) / g));
            self.int(lat - lat0);
            self.int(lon - lon0);
            (lat0, lon0) = (lat, lon);
        }
    }

    /// The bytes written.
    pub fn finish(self) -> Vec<u8> {
        self.buf
    }
}

/// Reads values back in the order a [`Writer`] wrote them.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    ///
    /// ```
    /// use siaga110_core::pack::Reader;
    /// assert!(Reader::new(b"").at_end());
    /// ```
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    /// A reader after checking the magic bytes.
    ///
    /// ```
    /// use siaga110_core::pack::{PackError, Reader};
    /// assert!(Reader::with_magic(b"S1rest", b"S1", "test").is_ok());
    /// assert_eq!(Reader::with_magic(b"XX", b"S1", "test").err(), Some(PackError::Magic { expected: "test" }));
    /// ```
    pub fn with_magic(
        bytes: &'a [u8],
        magic: &[u8],
        what: &'static str,
    ) -> Result<Self, PackError> {
        if !bytes.starts_with(magic) {
            return Err(PackError::Magic { expected: what });
        }
        Ok(Self {
            bytes,
            pos: magic.len(),
        })
    }

    /// True when every byte has been read.
    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// The current byte offset (for error messages).
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// An unsigned varint.
    ///
    /// ```
    /// use siaga110_core::pack::{PackError, Reader};
    /// assert_eq!(Reader::new(&[0xAC, 0x02]).uint(), Ok(300));
    /// assert_eq!(Reader::new(&[0x80]).uint(), Err(PackError::Truncated(1)));
    /// ```
    pub fn uint(&mut self) -> Result<u64, PackError> {
        let start = self.pos;
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self
                .bytes
                .get(self.pos)
                .ok_or(PackError::Truncated(self.pos))?;
            self.pos += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(PackError::Varint(start))
    }

    /// A varint that must fit `usize` and be below `limit` (a table length, say).
    pub fn index(&mut self, limit: usize) -> Result<usize, PackError> {
        let at = self.pos;
        let v = self.uint()?;
        usize::try_from(v)
            .ok()
            .filter(|&v| v < limit)
            .ok_or(PackError::Value(at, "index out of range"))
    }

    /// A count of items that each take at least one byte (guards against absurd lengths).
    pub fn count(&mut self) -> Result<usize, PackError> {
        let at = self.pos;
        let v = self.uint()?;
        let remaining = self.bytes.len() - self.pos;
        usize::try_from(v)
            .ok()
            .filter(|&v| v <= remaining)
            .ok_or(PackError::Truncated(at))
    }

    /// A zigzag signed varint.
    ///
    /// ```
    /// use siaga110_core::pack::Reader;
    /// let mut r = Reader::new(&[1, 2]);
    /// assert_eq!((r.int().unwrap(), r.int().unwrap()), (-1, 1));
    /// ```
    pub fn int(&mut self) -> Result<i64, PackError> {
        let v = self.uint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    /// A signed varint that must fit `i32`.
    pub fn int32(&mut self) -> Result<i32, PackError> {
        let at = self.pos;
        i32::try_from(self.int()?).map_err(|_| PackError::Value(at, "number too large"))
    }

    /// A length-prefixed UTF-8 string.
    ///
    /// ```
    /// use siaga110_core::pack::Reader;
    /// assert_eq!(Reader::new(b"\x05Medan").str().unwrap(), "Medan");
    /// ```
    pub fn str(&mut self) -> Result<&'a str, PackError> {
        let len = self.count()?;
        let at = self.pos;
        let end = at + len;
        let bytes = self.bytes.get(at..end).ok_or(PackError::Truncated(at))?;
        self.pos = end;
        std::str::from_utf8(bytes).map_err(|_| PackError::Utf8(at))
    }

    /// A ring written by [`Writer::ring`].
    pub fn ring(&mut self) -> Result<Vec<(i32, i32)>, PackError> {
        self.ring_on_grid(1)
    }

    /// A ring written by [`Writer::ring_on_grid`] with the same `grid`, back in units.
    pub fn ring_on_grid(&mut self, grid: i32) -> Result<Vec<(i32, i32)>, PackError> {
        let grid = grid.max(1);
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        let (mut lat, mut lon) = (0i32, 0i32);
        let overflow = |at| PackError::Value(at, "coordinate overflow");
        for _ in 0..n {
            let at = self.pos;
            lat = lat.checked_add(self.int32()?).ok_or(overflow(at))?;
            lon = lon.checked_add(self.int32()?).ok_or(overflow(at))?;
            let scaled = (lat.checked_mul(grid), lon.checked_mul(grid));
            let (Some(y), Some(x)) = scaled else {
                return Err(overflow(at));
            };
            out.push((y, x));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_at_the_edges() {
        let values = [
            0i64,
            1,
            -1,
            63,
            -64,
            64,
            i64::from(i32::MAX),
            i64::from(i32::MIN),
            i64::MAX,
            i64::MIN,
        ];
        let mut w = Writer::new(b"M");
        for v in values {
            w.int(v);
        }
        w.uint(u64::MAX);
        let bytes = w.finish();
        let mut r = Reader::with_magic(&bytes, b"M", "test").unwrap();
        for v in values {
            assert_eq!(r.int().unwrap(), v);
        }
        assert_eq!(r.uint().unwrap(), u64::MAX);
        assert!(r.at_end());
    }

    #[test]
    fn truncated_and_oversized_input_is_an_error_not_a_panic() {
        assert_eq!(Reader::new(b"\x09abc").str(), Err(PackError::Truncated(0)));
        assert_eq!(Reader::new(&[0xff; 11]).uint(), Err(PackError::Varint(0)));
        assert_eq!(Reader::new(b"\x02\xff\xfe").str(), Err(PackError::Utf8(1)));
        assert!(Reader::new(&[0xff, 0xff, 0xff, 0xff, 0x0f]).ring().is_err());
    }

    #[test]
    fn a_ring_on_a_grid_rounds_to_it_and_an_overflowing_file_is_an_error() {
        // Off-grid points are rounded to the nearest grid point, south and west too.
        let mut w = Writer::new(b"");
        w.ring_on_grid(&[(359_524, 9_867_226), (-620_885, -1)], 10);
        let bytes = w.finish();
        let back = Reader::new(&bytes).ring_on_grid(10).unwrap();
        assert_eq!(back, vec![(359_520, 9_867_230), (-620_890, 0)]);
        // Steps that fit an i32 but not once multiplied by the grid: refused, not wrapped.
        let mut w = Writer::new(b"");
        w.uint(1);
        w.int(i64::from(i32::MAX / 5));
        w.int(0);
        let bytes = w.finish();
        assert_eq!(
            Reader::new(&bytes).ring_on_grid(10),
            Err(PackError::Value(1, "coordinate overflow"))
        );
    }
}
