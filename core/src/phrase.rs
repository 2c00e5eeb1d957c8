//! Quick phrases for the written report, for people who cannot speak or type much: one tap adds
//! a sentence (in Bahasa Indonesia — what the police read, whatever the screen's language) and
//! sets the fields it implies, never overriding a choice the person made.
//!
//! ```
//! use siaga110_core::phrase::{phrase, PHRASES};
//! use siaga110_core::report::{Category, Danger, Draft};
//! let mut d = Draft::default();
//! d.add_phrase(phrase("intruder").unwrap(), "Ada penyusup di rumah saya.");
//! assert_eq!(d.category, Some(Category::Theft));
//! assert_eq!(d.danger, Danger::Ongoing);
//! d.add_phrase(phrase("cannot_speak").unwrap(), "Saya tidak bisa berbicara.");
//! assert_eq!(d.description, "Ada penyusup di rumah saya. Saya tidak bisa berbicara.");
//! assert!(d.text_only);
//! assert_eq!(PHRASES.len(), 8);
//! ```

use crate::report::{Category, Danger, Draft};

/// A quick phrase: its id (the translation key is `phrase_<id>`) and the fields it sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    /// Stable id, used in the translation key and the test id (`phrase-<id>`).
    pub id: &'static str,
    /// The category it implies, set only when none is chosen yet.
    pub category: Option<Category>,
    /// The danger it implies (the phrase says it is still happening).
    pub danger: Option<Danger>,
    /// The person cannot speak: contact them by text only (set, never cleared by a phrase).
    pub text_only: bool,
}

const fn p(
    id: &'static str,
    category: Option<Category>,
    danger: Option<Danger>,
    text_only: bool,
) -> Phrase {
    Phrase {
        id,
        category,
        danger,
        text_only,
    }
}

/// The phrases, in the order the form shows them.
pub const PHRASES: [Phrase; 8] = [
    p("cannot_speak", None, None, true),
    p("deaf", None, None, true),
    p(
        "intruder",
        Some(Category::Theft),
        Some(Danger::Ongoing),
        false,
    ),
    p(
        "followed",
        Some(Category::Violence),
        Some(Danger::Ongoing),
        false,
    ),
    p(
        "violence",
        Some(Category::Violence),
        Some(Danger::Ongoing),
        false,
    ),
    p("accident", Some(Category::Traffic), None, false),
    p("hurt", None, None, false),
    p("come", None, None, false),
];

/// The phrase with this id.
///
/// ```
/// assert!(siaga110_core::phrase::phrase("deaf").is_some());
/// assert!(siaga110_core::phrase::phrase("nope").is_none());
/// ```
pub fn phrase(id: &str) -> Option<&'static Phrase> {
    PHRASES.iter().find(|p| p.id == id)
}

impl Draft {
    /// Adds a phrase: its `text` at the end of the description (after a space; not again when
    /// the description already holds it; instead of a description of only spaces), its category when none is chosen, its danger, and
    /// "text only" when it says the person cannot speak.
    ///
    /// ```
    /// use siaga110_core::{phrase::phrase, report::{Category, Draft}};
    /// let mut d = Draft { category: Some(Category::Fire), ..Draft::default() };
    /// let accident = phrase("accident").unwrap();
    /// d.add_phrase(accident, "Ada kecelakaan.");
    /// d.add_phrase(accident, "Ada kecelakaan.");
    /// assert_eq!(d.description, "Ada kecelakaan.");
    /// assert_eq!(d.category, Some(Category::Fire)); // the person's choice stays
    /// ```
    pub fn add_phrase(&mut self, phrase: &Phrase, text: &str) {
        if self.description.trim().is_empty() {
            self.description = text.to_owned();
        } else if !self.description.contains(text) {
            self.description.push(' ');
            self.description.push_str(text);
        }
        if let (None, Some(c)) = (self.category, phrase.category) {
            self.category = Some(c);
        }
        if let Some(g) = phrase.danger {
            self.danger = g;
        }
        self.text_only |= phrase.text_only;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        for (i, a) in PHRASES.iter().enumerate() {
            assert!(PHRASES[i + 1..].iter().all(|b| b.id != a.id), "{}", a.id);
        }
    }

    #[test]
    fn text_is_appended_once_after_what_is_typed() {
        let mut d = Draft {
            description: "Tolong  ".into(),
            ..Draft::default()
        };
        d.add_phrase(phrase("come").unwrap(), "Tolong segera datang.");
        assert_eq!(d.description, "Tolong   Tolong segera datang.");
        d.add_phrase(phrase("come").unwrap(), "Tolong segera datang.");
        assert_eq!(d.description, "Tolong   Tolong segera datang.");
        let mut blank = Draft {
            description: "   ".into(),
            ..Draft::default()
        };
        blank.add_phrase(phrase("hurt").unwrap(), "Ada yang terluka.");
        assert_eq!(blank.description, "Ada yang terluka.");
    }

    #[test]
    fn fields_follow_the_phrase_without_undoing_choices() {
        let mut d = Draft::default();
        d.add_phrase(phrase("deaf").unwrap(), "Saya Tuli.");
        assert!(d.text_only);
        assert_eq!(d.category, None);
        assert_eq!(d.danger, Danger::default());
        d.add_phrase(phrase("followed").unwrap(), "Saya diikuti.");
        assert_eq!(d.category, Some(Category::Violence));
        assert_eq!(d.danger, Danger::Ongoing);
        // A later phrase with another category does not replace the first.
        d.add_phrase(phrase("accident").unwrap(), "Ada kecelakaan.");
        assert_eq!(d.category, Some(Category::Violence));
        // Nor does a phrase without "text only" clear it.
        assert!(d.text_only);
    }
}
