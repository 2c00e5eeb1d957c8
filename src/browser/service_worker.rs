//! Registers the service worker (release builds only) and tells when a new version is waiting,
//! so the user chooses when to reload. Typed web-sys throughout; only the presence of
//! `navigator.serviceWorker` and `window.caches` is read by name (absent in some engines and
//! contexts, where the typed getters would hand back `undefined` as an object).
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

use super::get;

/// Calls `f` on each `event` of `target` for the page's lifetime.
fn on(target: &web_sys::EventTarget, event: &'static str, mut f: impl FnMut() + 'static) {
    super::events::listen(target, event, move |_| f());
}

/// The page's service worker container, where the browser has one.
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    (!get(&navigator, "serviceWorker").is_undefined()).then(|| navigator.service_worker())
}

/// What the page knows about updates.
#[derive(Clone, Copy)]
pub struct UseServiceWorkerReturn {
    /// A new version is installed and waiting.
    pub update_ready: ReadSignal<bool>,
    /// Activates the waiting version and reloads the page.
    pub apply_update: Callback<()>,
}

/// At the latest this long after start, the service worker is registered, ms.
pub const REGISTER_LATEST_MS: u64 = 10_000;

/// Registers `sw.js` next to the page (skipped in debug builds and where unsupported) once
/// `settled` is true — the first answer is on screen — or after [`REGISTER_LATEST_MS`]: on a slow
/// first visit, precaching every file must not compete with the data that answer needs.
pub fn use_service_worker(settled: Signal<bool>) -> UseServiceWorkerReturn {
    let (update_ready, set_update_ready) = signal(false);
    let waiting = StoredValue::new_local(None::<ServiceWorker>);
    let chosen = StoredValue::new(false);
    let apply_update = Callback::new(move |_| {
        chosen.set_value(true);
        if let Some(w) = waiting.get_value() {
            // The worker's own message shape ({type: "SKIP_WAITING"}): a plain object, which
            // web-sys has no binding to build.
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"type".into(), &"SKIP_WAITING".into());
            let _ = w.post_message(&msg);
        }
    });
    let ret = UseServiceWorkerReturn {
        update_ready,
        apply_update,
    };
    if cfg!(debug_assertions) {
        return ret;
    }
    let Some(container) = container() else {
        return ret;
    };
    // When the new version takes over after the user chose it, reload once. (The first install
    // also changes the controller, by clients.claim(); that must not reload the page.)
    on(&container, "controllerchange", move || {
        if chosen.get_value() {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    let container = StoredValue::new_local(container);
    let started = StoredValue::new(false);
    let register = move || {
        if started.get_value() {
            return;
        }
        started.set_value(true);
        register_now(container.get_value(), waiting, set_update_ready);
    };
    Effect::new(move |_| {
        if settled.get() {
            register();
        }
    });
    set_timeout(
        register,
        std::time::Duration::from_millis(REGISTER_LATEST_MS),
    );
    ret
}

fn register_now(
    container: ServiceWorkerContainer,
    waiting: StoredValue<Option<ServiceWorker>, LocalStorage>,
    set_update_ready: WriteSignal<bool>,
) {
    let promise = container.register("sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        let Some(reg) = JsFuture::from(promise)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
        else {
            leptos::logging::warn!("service worker registration failed");
            return;
        };
        if let (Some(w), Some(_)) = (reg.waiting(), container.controller()) {
            waiting.set_value(Some(w));
            set_update_ready.set(true);
        }
        let reg2 = reg.clone();
        on(&reg, "updatefound", move || {
            let Some(worker) = reg2.installing() else {
                return;
            };
            let (w, container) = (worker.clone(), container.clone());
            on(&worker, "statechange", move || {
                if w.state() == ServiceWorkerState::Installed && container.controller().is_some() {
                    waiting.set_value(Some(w.clone()));
                    set_update_ready.set(true);
                }
            });
        });
    });
}

async fn wait(p: js_sys::Promise) -> Option<JsValue> {
    JsFuture::from(p).await.ok()
}

/// Forgets the offline copy: deletes this app's caches and unregisters its service worker.
pub async fn forget_offline_copy() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let caches = (!get(&window, "caches").is_undefined())
        .then(|| window.caches().ok())
        .flatten();
    if let Some(caches) = caches {
        if let Some(keys) = wait(caches.keys()).await {
            for key in js_sys::Array::from(&keys)
                .iter()
                .filter_map(|k| k.as_string())
            {
                if key.starts_with("siaga110-") {
                    let _ = wait(caches.delete(&key)).await;
                }
            }
        }
    }
    if let Some(container) = container() {
        if let Some(regs) = wait(container.get_registrations()).await {
            for reg in js_sys::Array::from(&regs).iter() {
                if let Ok(p) = reg
                    .unchecked_into::<ServiceWorkerRegistration>()
                    .unregister()
                {
                    let _ = wait(p).await;
                }
            }
        }
    }
}
