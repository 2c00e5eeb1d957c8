//! A small, strict JSON (RFC 8259) reader and writer for the few documents the app handles: the
//! report it sends, the outbox and the draft it stores, and `config.json`.
//!
//! Why not serde_json: bytes and one rule. Its reader and writer linked into the app instead of
//! this module's cost wasm bytes that `scripts/bytes-diff --features json-via-serde` measures
//! (the feature swaps [`parse`] and the writer for serde_json's, for that measurement only;
//! the README has the figure); and serde_json's `Value` keeps the last of two equal keys where
//! this reader refuses the document ([`JsonError::DuplicateKey`]: a `config.json` with two
//! `report_endpoint`s must not mean one thing to the app and another to the header writer).
//! The tests check this module against serde_json on random documents.
//!
//! ```
//! use siaga110_core::json::{parse, Value};
//! let v = parse(r#"{"a": [1, 2.5, "x\n"], "b": null}"#)?;
//! assert_eq!(v.get("a").and_then(|a| a.as_array()).map(|a| a.len()), Some(3));
//! assert!(v.get("b").is_some_and(Value::is_null));
//! assert_eq!(v.to_string(), r#"{"a":[1,2.5,"x\n"],"b":null}"#);
//! # Ok::<(), siaga110_core::json::JsonError>(())
//! ```

// The bytes measurement's variant (feature `json-via-serde`) leaves the own reader unused.
#![cfg_attr(feature = "json-via-serde", allow(dead_code, unused_imports))]
use std::collections::BTreeSet;
use std::fmt::{self, Write};

/// A JSON value. Objects keep their members in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Value>),
    /// An object.
    Obj(Vec<(String, Value)>),
}

/// Why text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// Something unexpected at a byte offset.
    #[error("invalid JSON at byte {0}")]
    Syntax(usize),
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("JSON nested too deep")]
    TooDeep,
    /// An object names the same key twice. RFC 8259 leaves the meaning open (readers keep the
    /// first, the last, or both), so two readers of one document could disagree: refused.
    #[error("duplicate key {key:?} at byte {at}")]
    DuplicateKey {
        /// The key.
        key: String,
        /// Where its second occurrence starts.
        at: usize,
    },
}

/// Deepest nesting [`parse`] accepts (the app's documents need 4).
pub const MAX_DEPTH: usize = 32;

impl Value {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// The number, if it is a whole number in `u32`.
    ///
    /// ```
    /// use siaga110_core::json::Value;
    /// assert_eq!(Value::Num(3.0).as_u32(), Some(3));
    /// assert_eq!(Value::Num(3.5).as_u32(), None);
    /// assert_eq!(Value::Num(-1.0).as_u32(), None);
    /// ```
    pub fn as_u32(&self) -> Option<u32> {
        let n = self.as_f64()?;
        (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
    }

    /// The boolean, if it is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items, if it is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Arr(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if it is an object.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Obj(m) => Some(m),
            _ => None,
        }
    }
}

/// Writes `s` as a JSON string (quotes, escapes; everything else verbatim UTF-8).
///
/// ```
/// let mut out = String::new();
/// siaga110_core::json::write_str(&mut out, "a\"b\\c\u{1}</script>");
/// assert_eq!(out, r#""a\"b\\c\u0001</script>""#);
/// ```
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes a number: whole numbers without a fraction, others in Rust's shortest round-trip
/// form (with an exponent when very small or large); a non-finite number (which JSON cannot hold) as `null`.
///
/// ```
/// let mut out = String::new();
/// siaga110_core::json::write_num(&mut out, 1795891510000.0);
/// out.push(' ');
/// siaga110_core::json::write_num(&mut out, 3.5952);
/// assert_eq!(out, "1795891510000 3.5952");
/// ```
pub fn write_num(out: &mut String, n: f64) {
    if !n.is_finite() {
        out.push_str("null");
    } else if n.fract() == 0.0 && n.abs() < 9.0e15 {
        let _ = write!(out, "{}", n as i64);
    } else if (1e-6..1e15).contains(&n.abs()) {
        let _ = write!(out, "{n}");
    } else {
        let _ = write!(out, "{n:e}");
    }
}

#[cfg(not(feature = "json-via-serde"))]
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self);
        f.write_str(&out)
    }
}

/// The bytes measurement's variant (`--features json-via-serde`, never shipped): serde_json
/// reads and writes, converted from and to [`Value`].
#[cfg(feature = "json-via-serde")]
mod via_serde {
    use super::{JsonError, Value};
    use std::fmt;

    fn from(v: serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Num(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::Str(s),
            serde_json::Value::Array(a) => Value::Arr(a.into_iter().map(from).collect()),
            serde_json::Value::Object(o) => {
                Value::Obj(o.into_iter().map(|(k, v)| (k, from(v))).collect())
            }
        }
    }

    fn to(v: &Value) -> serde_json::Value {
        match v {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Num(n) => serde_json::Number::from_f64(*n)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Str(s) => serde_json::Value::String(s.clone()),
            Value::Arr(a) => serde_json::Value::Array(a.iter().map(to).collect()),
            Value::Obj(m) => {
                serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), to(v))).collect())
            }
        }
    }

    pub fn parse(text: &str) -> Result<Value, JsonError> {
        serde_json::from_str(text)
            .map(from)
            .map_err(|e| JsonError::Syntax(e.column()))
    }

    impl fmt::Display for Value {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&serde_json::to_string(&to(self)).map_err(|_| fmt::Error)?)
        }
    }
}

fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Num(n) => write_num(out, *n),
        Value::Str(s) => write_str(out, s),
        Value::Arr(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, x);
            }
            out.push(']');
        }
        Value::Obj(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_value(out, x);
            }
            out.push('}');
        }
    }
}

/// Builds an object member by member, leaving out absent optional members.
///
/// ```
/// use siaga110_core::json::{Obj, Value};
/// let v = Obj::new().str("a", "x").opt("b", None::<Value>).num("c", 2.0).done();
/// assert_eq!(v.to_string(), r#"{"a":"x","c":2}"#);
/// ```
#[derive(Debug, Default)]
pub struct Obj(Vec<(String, Value)>);

impl Obj {
    /// An empty object.
    pub fn new() -> Obj {
        Obj(Vec::new())
    }

    /// Adds a member.
    #[allow(clippy::should_implement_trait)]
    pub fn add(mut self, key: &str, v: Value) -> Obj {
        self.0.push((key.to_string(), v));
        self
    }

    /// Adds a string member.
    pub fn str(self, key: &str, s: &str) -> Obj {
        self.add(key, Value::Str(s.to_string()))
    }

    /// Adds a number member.
    pub fn num(self, key: &str, n: f64) -> Obj {
        self.add(key, Value::Num(n))
    }

    /// Adds a boolean member.
    pub fn bool(self, key: &str, b: bool) -> Obj {
        self.add(key, Value::Bool(b))
    }

    /// Adds a member when there is one.
    pub fn opt(self, key: &str, v: Option<impl Into<Value>>) -> Obj {
        match v {
            Some(v) => self.add(key, v.into()),
            None => self,
        }
    }

    /// The object.
    pub fn done(self) -> Value {
        Value::Obj(self.0)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s)
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Num(n)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Num(f64::from(n))
    }
}

/// Parses one JSON document (whitespace around it allowed, nothing else after it). An object
/// that names a key twice is an error ([`JsonError::DuplicateKey`]), for every document the app
/// reads: `config.json`, reports, the outbox, the draft, receipts.
///
/// ```
/// use siaga110_core::json::{parse, Value, JsonError};
/// assert_eq!(parse(r#"{"a": 1, "b": {"a": 2}, "a": 3}"#), Err(JsonError::DuplicateKey { key: "a".into(), at: 24 }));
/// assert_eq!(parse(" \"\\u00e9\\ud83d\\udea8\" "), Ok(Value::Str("é🚨".into())));
/// assert_eq!(parse("[1,]"), Err(JsonError::Syntax(3)));
/// assert!(parse("01").is_err());
/// assert!(parse(&"[".repeat(100)).is_err());
/// ```
pub fn parse(text: &str) -> Result<Value, JsonError> {
    #[cfg(feature = "json-via-serde")]
    {
        via_serde::parse(text)
    }
    #[cfg(not(feature = "json-via-serde"))]
    {
        let mut p = Parser {
            b: text.as_bytes(),
            s: text,
            i: 0,
        };
        let v = p.value(0)?;
        p.ws();
        if p.i != p.b.len() {
            return Err(JsonError::Syntax(p.i));
        }
        Ok(v)
    }
}

/// Keys of one object seen so far: a linear scan over the members for the small objects the
/// app has, a set once an object is large (a hostile document must not cost quadratic time).
#[derive(Default)]
struct Keys(Option<BTreeSet<String>>);

impl Keys {
    const SCAN: usize = 32;

    /// Whether `key` is new; remembers it.
    fn fresh(&mut self, members: &[(String, Value)], key: &str) -> bool {
        match &mut self.0 {
            Some(set) => set.insert(key.to_string()),
            None if members.iter().any(|(k, _)| k == key) => false,
            None => {
                if members.len() >= Self::SCAN {
                    let mut set: BTreeSet<String> =
                        members.iter().map(|(k, _)| k.clone()).collect();
                    set.insert(key.to_string());
                    self.0 = Some(set);
                }
                true
            }
        }
    }
}

struct Parser<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn err<T>(&self) -> Result<T, JsonError> {
        Err(JsonError::Syntax(self.i))
    }

    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> Result<(), JsonError> {
        if self.b[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            Ok(())
        } else {
            self.err()
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::TooDeep);
        }
        self.ws();
        match self.b.get(self.i) {
            Some(b'n') => self.eat("null").map(|_| Value::Null),
            Some(b't') => self.eat("true").map(|_| Value::Bool(true)),
            Some(b'f') => self.eat("false").map(|_| Value::Bool(false)),
            Some(b'"') => self.string().map(Value::Str),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Value::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Value::Arr(items));
                        }
                        _ => return self.err(),
                    }
                    self.ws();
                    if self.b.get(self.i) == Some(&b']') {
                        return self.err();
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut members = Vec::new();
                let mut keys = Keys::default();
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Value::Obj(members));
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return self.err();
                    }
                    let at = self.i;
                    let k = self.string()?;
                    if !keys.fresh(&members, &k) {
                        return Err(JsonError::DuplicateKey { key: k, at });
                    }
                    self.ws();
                    self.eat(":")?;
                    let v = self.value(depth + 1)?;
                    members.push((k, v));
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Value::Obj(members));
                        }
                        _ => return self.err(),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => self.err(),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.b.get(self.i), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        let int_start = self.i;
        let n = self.digits();
        if n == 0 || (n > 1 && self.b[int_start] == b'0') {
            return self.err();
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return self.err();
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return self.err();
            }
        }
        match self.s[start..self.i].parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::Num(n)),
            _ => Err(JsonError::Syntax(start)),
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let h = self
            .s
            .get(self.i..self.i + 4)
            .ok_or(JsonError::Syntax(self.i))?;
        if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return self.err();
        }
        self.i += 4;
        u32::from_str_radix(h, 16).map_err(|_| JsonError::Syntax(self.i))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&c) = self.b.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(&self.s[start..self.i]);
            match self.b.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = *self.b.get(self.i).ok_or(JsonError::Syntax(self.i))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                self.eat("\\u")?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return self.err();
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).ok_or(JsonError::Syntax(self.i))?);
                        }
                        _ => return self.err(),
                    }
                }
                _ => return self.err(),
            }
        }
    }
}
