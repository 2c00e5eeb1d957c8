//! The translations, generated at build time from `locales/*.json` by `build.rs` (leptos_i18n):
//! `td_string!(locale, key)` with an unknown key does not compile.
//!
//! The chosen language is a signal of our own ([`I18nContext`]), not leptos_i18n's context
//! provider: that one also matches the browser's languages with ICU's locale parser and
//! handles cookies, which the app does not use (it chooses the language itself, in
//! [`crate::app::settings::init_language`]), and it cost about 15 KB brotli of WebAssembly
//! (`scripts/bytes-diff 43fd5e2 1d382ef`: 260,052 → 244,315 bytes, −15,737).
#![allow(missing_docs, clippy::all)]
use leptos::prelude::*;

#[allow(unused_imports, dead_code)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n::{td_string, I18nLocaleTrait, Locale};

/// The chosen language (cheap to copy), provided by [`I18nContextProvider`].
#[derive(Clone, Copy)]
pub struct I18nContext<L: Send + Sync + 'static = Locale>(RwSignal<L>);

impl I18nContext<Locale> {
    /// The language (tracked).
    pub fn get_locale(&self) -> Locale {
        self.0.get()
    }

    /// The language, untracked.
    pub fn get_locale_untracked(&self) -> Locale {
        self.0.get_untracked()
    }

    /// Changes the language (the page's `<html lang>` follows).
    pub fn set_locale(&self, l: Locale) {
        self.0.set(l);
    }
}

/// The language context from the nearest [`I18nContextProvider`].
pub fn use_i18n() -> I18nContext<Locale> {
    expect_context()
}

/// Provides the language (Bahasa Indonesia until chosen) and keeps `<html lang>` in step.
#[component]
pub fn I18nContextProvider(children: Children) -> impl IntoView {
    let lang = RwSignal::new(Locale::id);
    provide_context(I18nContext(lang));
    Effect::new(move |_| crate::browser::dom::set_lang(lang.get().as_str()));
    children()
}

/// `t_string!(i18n, key)`: the text of `key` in the context's language.
macro_rules! t_string {
    ($i18n:expr, $key:ident) => {
        $crate::i18n::td_string!($i18n.get_locale(), $key)
    };
}
pub(crate) use t_string;
