//! Thin adapters over browser APIs. Nothing else in the app touches `web-sys`.
pub mod dom;
