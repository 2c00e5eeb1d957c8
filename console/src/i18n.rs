//! The translations, generated at build time from `locales/*.json` by `build.rs` (leptos_i18n),
//! as in the app: `td_string!(l, key)` with an unknown key does not compile.
#![allow(missing_docs, unused, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n::*;
