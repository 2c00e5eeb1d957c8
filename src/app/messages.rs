//! What each channel sends for a report (plain text, WhatsApp, SMS): the core's encoders
//! ([`encode`]) with their words from the translation files — always Bahasa Indonesia, the
//! language the police read, whatever the screen's — and the phone's time zone.
use siaga110_core::encode::{self, Labels};
use siaga110_core::report::Report;

use crate::i18n::*;

/// The most SMS segments a report's SMS may take (the text is shortened to fit).
const SMS_SEGMENTS: usize = 4;

/// The operator-facing words of a message: always Bahasa Indonesia (the police read them),
/// whatever the person's language; their own text stays as typed.
struct MessageWords {
    words: [String; 17],
    category: [String; 8],
}

impl MessageWords {
    fn new() -> MessageWords {
        let l = Locale::id;
        let s = |x: &str| x.replace("[m]", "{m}");
        MessageWords {
            words: [
                s(td_string!(l, msg_title)),
                s(td_string!(l, msg_exercise)),
                s(td_string!(l, msg_danger_ongoing)),
                s(td_string!(l, msg_danger_over)),
                s(td_string!(l, msg_injured)),
                s(td_string!(l, msg_when_now)),
                s(td_string!(l, msg_when_ago)),
                s(td_string!(l, msg_subject_other)),
                s(td_string!(l, msg_text_only)),
                s(td_string!(l, msg_landmark)),
                s(td_string!(l, msg_location)),
                s(td_string!(l, msg_accuracy)),
                s(td_string!(l, msg_manual)),
                s(td_string!(l, msg_polres)),
                s(td_string!(l, msg_reporter)),
                s(td_string!(l, msg_time)),
                s(td_string!(l, msg_footer)),
            ],
            category: [
                s(td_string!(l, cat_theft)),
                s(td_string!(l, cat_violence)),
                s(td_string!(l, cat_traffic)),
                s(td_string!(l, cat_fire)),
                s(td_string!(l, cat_missing)),
                s(td_string!(l, cat_disorder)),
                s(td_string!(l, cat_disaster)),
                s(td_string!(l, cat_other)),
            ],
        }
    }

    fn labels(&self) -> Labels<'_> {
        let w = &self.words;
        Labels {
            title: &w[0],
            exercise: &w[1],
            category: std::array::from_fn(|i| self.category[i].as_str()),
            danger_ongoing: &w[2],
            danger_over: &w[3],
            injured: &w[4],
            when_now: &w[5],
            when_ago: &w[6],
            subject_other: &w[7],
            text_only: &w[8],
            landmark: &w[9],
            location: &w[10],
            accuracy: &w[11],
            manual: &w[12],
            polres: &w[13],
            reporter: &w[14],
            time: &w[15],
            footer: &w[16],
        }
    }
}

/// The phone's offset from UTC now, minutes east.
fn tz_offset_min() -> i32 {
    crate::browser::clock::tz_offset_min_at(crate::browser::now_ms())
}

/// The texts each channel sends for a report.
pub struct Texts {
    /// For copy and share.
    pub plain: String,
    /// For WhatsApp (its bold markers).
    pub whatsapp: String,
    /// The compact SMS, shortened to fit [`SMS_SEGMENTS`].
    pub sms: String,
    /// How many SMS segments it takes.
    pub sms_parts: usize,
}

/// The texts for `r`.
pub fn texts(r: &Report) -> Texts {
    let words = MessageWords::new();
    let l = words.labels();
    let tz = tz_offset_min();
    let sms = encode::sms(r, &l, SMS_SEGMENTS);
    Texts {
        plain: encode::plain(r, &l, tz),
        whatsapp: encode::whatsapp(r, &l, tz),
        sms_parts: encode::segments(&sms).count,
        sms,
    }
}
