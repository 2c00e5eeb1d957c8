//! The person's settings on this phone: the first-run warning, the language, and forgetting
//! everything. The keys are [`storage::key`]'s; the components in `ui` only call these.
use leptos::prelude::*;
use leptos::task::spawn_local;
use siaga110_core::outbox::Outbox;
use siaga110_core::report::Draft;

use super::report::ReportState;
use crate::browser::{dom, service_worker, storage};
use crate::i18n::*;

/// Whether the first-run warning was read on this phone.
pub fn warning_seen() -> bool {
    storage::flag(storage::key::WARNING_SEEN)
}

/// Remembers that the first-run warning was read.
pub fn mark_warning_seen() {
    storage::set_flag(storage::key::WARNING_SEEN, true);
}

/// A language the person or the embedding page chose: a valid `?lang=`, else a stored choice.
/// A `?lang=` that means nothing is ignored (config.json's loader warns about it).
fn chosen_language() -> Option<String> {
    dom::url_param("lang")
        .filter(|v| siaga110_core::config::lang_param(v).is_ok())
        .or_else(|| storage::get(storage::key::LANGUAGE))
}

/// Language: the chosen one ([`chosen_language`]), else the browser's (English if it prefers
/// English), else Bahasa. Also applies `?compact=1`.
pub fn init_language(i18n: I18nContext<Locale>) {
    dom::set_compact(dom::url_param("compact").as_deref() == Some("1"));
    let browser = dom::language();
    let locale = match chosen_language().as_deref() {
        Some("en") => Locale::en,
        Some("id") => Locale::id,
        _ if browser.to_ascii_lowercase().starts_with("en") => Locale::en,
        _ => Locale::id,
    };
    // In an effect, so it runs after the i18n provider's own start-up detection.
    Effect::new(move |_| i18n.set_locale(locale));
}

/// Switches the language and remembers the choice.
pub fn switch_language(i18n: I18nContext<Locale>) {
    let next = match i18n.get_locale() {
        Locale::id => Locale::en,
        Locale::en => Locale::id,
    };
    let _ = storage::set(storage::key::LANGUAGE, next.as_str());
    i18n.set_locale(next);
}

/// The deployment's default language (`config.json`), until the person or the embedding page
/// chooses one (`?lang=` or a stored choice).
pub fn use_default_language(i18n: I18nContext<Locale>, rs: ReportState) {
    Effect::new(move |_| {
        let lang = rs.config.with(|c| c.default_language.clone());
        let chosen = chosen_language().is_some();
        match lang.as_deref() {
            Some("en") if !chosen => i18n.set_locale(Locale::en),
            Some("id") if !chosen => i18n.set_locale(Locale::id),
            _ => {}
        }
    });
}

/// Forgets everything on this phone: the settings, the draft, every stored report and the
/// offline copy; `done` runs once the offline copy is gone too.
pub fn forget_everything(rs: ReportState, done: impl FnOnce() + 'static) {
    storage::clear_all();
    rs.outbox.set(Outbox::default());
    rs.draft.set(Draft::default());
    rs.corrupt.set(0);
    spawn_local(async move {
        service_worker::forget_offline_copy().await;
        done();
    });
}
