//! Fetches and decodes the bundled jurisdiction data files (paths relative to the page). Which
//! file is needed when, and the lookup they fill, are the app's data store's
//! ([`crate::app::data::DataStore`]).
use siaga110_core::data::{Index, Land, Names, ProvinceDetail};
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

/// A request that has not finished after this long is given up (and can be retried), ms.
const FETCH_TIMEOUT_MS: u64 = 30_000;

pub(crate) async fn fetch_bytes(path: &str) -> Result<Vec<u8>, DataError> {
    // The static page preloads files the app will ask for (index.html). Chromium hands a preload
    // that failed to the first fetch of its URL, and only to the first: one more attempt at once
    // goes to the network (e2e "a province file that fails to load …"). Not after our timeout.
    match fetch_once(path).await {
        Err((DataError::Network(_), false)) => fetch_once(path).await.map_err(|(e, _)| e),
        other => other.map_err(|(e, _)| e),
    }
}

/// One request; a failure says too whether it was given up after [`FETCH_TIMEOUT_MS`].
async fn fetch_once(path: &str) -> Result<Vec<u8>, (DataError, bool)> {
    let net = || DataError::Network(path.to_owned());
    let window = web_sys::window().ok_or_else(|| (net(), false))?;
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
    let result = async {
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
    .await;
    result.map_err(|e| (e, abort.is_some_and(|a| a.signal().aborted())))
}

/// Fetches and decodes the national index (`data/index.bin`).
pub async fn fetch_index() -> Result<Index, DataError> {
    let path = "data/index.bin";
    Index::decode(&fetch_bytes(path).await?)
        .map_err(|e| DataError::Corrupt(path.into(), e.to_string()))
}

/// Fetches and decodes every kecamatan's name for the manual search (`data/names.bin`).
pub async fn fetch_names() -> Result<Names, DataError> {
    let path = "data/names.bin";
    Names::decode(&fetch_bytes(path).await?)
        .map_err(|e| DataError::Corrupt(path.into(), e.to_string()))
}

/// Fetches and decodes the neighbouring countries' land (`data/land.bin`).
pub async fn fetch_land() -> Result<Land, DataError> {
    let path = "data/land.bin";
    Land::decode(&fetch_bytes(path).await?)
        .map_err(|e| DataError::Corrupt(path.into(), e.to_string()))
}

/// Fetches and decodes one province's detail (`data/prov-<code>.bin`); `polres` is the number
/// of Polres in the index (the detail refers to them by position).
pub async fn fetch_province(code: &str, polres: usize) -> Result<ProvinceDetail, DataError> {
    let path = format!("data/prov-{code}.bin");
    let bytes = fetch_bytes(&path).await?;
    ProvinceDetail::decode(&bytes, polres).map_err(|e| DataError::Corrupt(path, e.to_string()))
}
