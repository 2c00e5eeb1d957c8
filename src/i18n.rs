//! The translations, generated at build time from `locales/*.json` by `build.rs` (leptos_i18n):
//! `t!(i18n, key)` with an unknown key does not compile.
#![allow(missing_docs, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n::*;
pub use leptos_i18n::I18nContext;
