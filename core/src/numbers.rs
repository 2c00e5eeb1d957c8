//! Indonesia's emergency numbers, from the bundled table `data/emergency_numbers.tsv`.
//!
//! The numbers live in data, not in code: correcting one is an edit to the table, which the
//! tests below keep well-formed.

/// One emergency number and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyNumber {
    /// The digits to dial, e.g. `"110"`.
    pub number: String,
    /// A stable key for the service, used to look up its name in the translation files.
    pub key: String,
}

const TABLE: &str = include_str!("../data/emergency_numbers.tsv");

/// Every bundled emergency number, in the table's order (police first).
///
/// ```
/// let all = siaga110_core::numbers::all();
/// assert_eq!(all[0].number, "110");
/// assert!(all.iter().any(|n| n.number == "112"));
/// ```
pub fn all() -> Vec<EmergencyNumber> {
    parse(TABLE).expect("the bundled emergency number table is checked by tests")
}

/// Why a number table is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// A data line without exactly two tab-separated fields.
    #[error("line {0}: expected 2 tab-separated fields")]
    Fields(usize),
    /// A number that is not only ASCII digits, or is empty.
    #[error("line {0}: the number must be digits only")]
    Digits(usize),
}

/// Parses a table of `number<TAB>key` lines; `#` starts a comment line.
///
/// ```
/// use siaga110_core::numbers::{parse, TableError};
/// let t = parse("# comment\n110\tpolice\n113\tfire\n").unwrap();
/// assert_eq!(t.len(), 2);
/// assert_eq!(parse("11O\tpolice\n"), Err(TableError::Digits(1)));
/// ```
pub fn parse(text: &str) -> Result<Vec<EmergencyNumber>, TableError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(number), Some(key), None) = (fields.next(), fields.next(), fields.next()) else {
            return Err(TableError::Fields(i + 1));
        };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TableError::Digits(i + 1));
        }
        out.push(EmergencyNumber {
            number: number.to_owned(),
            key: key.to_owned(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_parses_and_is_unique() {
        let all = parse(TABLE).unwrap();
        assert!(all.len() >= 6);
        let mut numbers: Vec<_> = all.iter().map(|n| n.number.as_str()).collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), all.len(), "a number appears twice");
    }

    #[test]
    fn wrong_field_count_is_reported_with_its_line() {
        assert_eq!(parse("110\n"), Err(TableError::Fields(1)));
        assert_eq!(parse("110\tpolice\textra\n"), Err(TableError::Fields(1)));
    }
}
