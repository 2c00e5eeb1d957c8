//! Loads the bundled jurisdiction data: `data/index.bin` at start, a province's detail and the
//! neighbours' land when a position needs them. Data paths are relative to the page.
use std::cell::RefCell;

use siaga110_core::data::{Index, Land, Names, ProvinceDetail};
use siaga110_core::geo::LatLon;
use siaga110_core::jurisdiction::{Jurisdiction, LAND};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why data could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DataError {
    /// The network request failed (offline and not cached, say).
    #[error("network error loading {0}")]
    Network(String),
    /// The server answered with an error status.
    #[error("HTTP {1} loading {0}")]
    Status(String, u16),
    /// The file is not valid data.
    #[error("bad data in {0}: {1}")]
    Corrupt(String, String),
}

thread_local! {
    static STORE: RefCell<Option<Jurisdiction>> = const { RefCell::new(None) };
    static IN_FLIGHT: RefCell<bool> = const { RefCell::new(false) };
}

/// Whether the index is loaded, no load is running, and `at` still needs provinces or the land.
pub fn needs_more(at: LatLon) -> bool {
    with(|j| !j.missing_for(at).is_empty()) == Some(true) && !IN_FLIGHT.with(|f| *f.borrow())
}

/// A request that has not finished after this long is given up (and can be retried), ms.
const FETCH_TIMEOUT_MS: u64 = 30_000;

pub(crate) async fn fetch_bytes(path: &str) -> Result<Vec<u8>, DataError> {
    let net = || DataError::Network(path.to_owned());
    let window = web_sys::window().ok_or_else(net)?;
    let init = web_sys::RequestInit::new();
    let abort = web_sys::AbortController::new().ok();
    if let Some(a) = &abort {
        init.set_signal(Some(&a.signal()));
        let a = a.clone();
        leptos::prelude::set_timeout(
            move || a.abort(),
            std::time::Duration::from_millis(FETCH_TIMEOUT_MS),
        );
    }
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|_| net())?
        .dyn_into()
        .map_err(|_| net())?;
    if !resp.ok() {
        return Err(DataError::Status(path.to_owned(), resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|_| net())?)
        .await
        .map_err(|_| net())?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Runs `f` with the lookup, if the index is loaded.
pub fn with<R>(f: impl FnOnce(&Jurisdiction) -> R) -> Option<R> {
    STORE.with(|s| s.borrow().as_ref().map(f))
}

/// Loads the national index (once).
pub async fn load_index() -> Result<(), DataError> {
    if with(|_| ()).is_some() {
        return Ok(());
    }
    let path = "data/index.bin";
    let bytes = fetch_bytes(path).await?;
    let index =
        Index::decode(&bytes).map_err(|e| DataError::Corrupt(path.into(), e.to_string()))?;
    STORE.with(|s| *s.borrow_mut() = Some(Jurisdiction::new(index)));
    Ok(())
}

/// Loads every kecamatan's name for the manual search (once; after the index). Returns whether
/// anything new was loaded.
pub async fn load_names() -> Result<bool, DataError> {
    if with(|j| j.names().kecamatan.is_empty()) != Some(true) {
        return Ok(false);
    }
    let path = "data/names.bin";
    let names = Names::decode(&fetch_bytes(path).await?)
        .map_err(|e| DataError::Corrupt(path.into(), e.to_string()))?;
    STORE.with(|s| s.borrow_mut().as_mut().map(|j| j.set_names(names)));
    Ok(true)
}

/// Loads whatever the lookup needs to answer for `at` (its provinces and the neighbours'
/// land). Returns whether anything new was loaded.
pub async fn ensure_for(at: LatLon) -> Result<bool, DataError> {
    IN_FLIGHT.with(|f| *f.borrow_mut() = true);
    let result = load_for(at).await;
    IN_FLIGHT.with(|f| *f.borrow_mut() = false);
    result
}

/// Loads one province's detail (a deployment's `region_focus`), if the index knows it and it is
/// not loaded. Returns whether anything new was loaded.
pub async fn ensure_province(code: &str) -> Result<bool, DataError> {
    let known = with(|j| j.index().provinces.iter().any(|p| p.code == code) && !j.is_loaded(code));
    if known != Some(true) {
        return Ok(false);
    }
    load_province(code).await?;
    Ok(true)
}

async fn load_province(name: &str) -> Result<(), DataError> {
    let path = format!("data/prov-{name}.bin");
    let bytes = fetch_bytes(&path).await?;
    let n = with(|j| j.index().polres.len()).unwrap_or(0);
    let detail = ProvinceDetail::decode(&bytes, n)
        .map_err(|e| DataError::Corrupt(path.clone(), e.to_string()))?;
    STORE.with(|s| s.borrow_mut().as_mut().map(|j| j.add_province(detail)));
    Ok(())
}

async fn load_for(at: LatLon) -> Result<bool, DataError> {
    let missing = with(|j| j.missing_for(at)).unwrap_or_default();
    let changed = !missing.is_empty();
    for name in missing {
        if name == LAND {
            let path = "data/land.bin";
            let land = Land::decode(&fetch_bytes(path).await?)
                .map_err(|e| DataError::Corrupt(path.into(), e.to_string()))?;
            STORE.with(|s| s.borrow_mut().as_mut().map(|j| j.set_land(land)));
            continue;
        }
        load_province(&name).await?;
    }
    Ok(changed)
}
