//! Registers the service worker (release builds only) and tells when a new version is waiting,
//! so the user chooses when to reload.
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::get;

fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f = get(obj, method).dyn_into::<js_sys::Function>().ok()?;
    let args: js_sys::Array = args.iter().cloned().collect();
    f.apply(obj, &args).ok()
}

fn on(target: &JsValue, event: &str, f: impl FnMut(JsValue) + 'static) {
    let cb = Closure::<dyn FnMut(JsValue)>::new(f);
    call(
        target,
        "addEventListener",
        &[event.into(), cb.as_ref().clone()],
    );
    cb.forget();
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
    let waiting = StoredValue::new_local(None::<JsValue>);
    let chosen = StoredValue::new(false);
    let apply_update = Callback::new(move |_| {
        chosen.set_value(true);
        if let Some(w) = waiting.get_value() {
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"type".into(), &"SKIP_WAITING".into());
            call(&w, "postMessage", &[msg.into()]);
        }
    });
    let ret = UseServiceWorkerReturn {
        update_ready,
        apply_update,
    };
    if cfg!(debug_assertions) {
        return ret;
    }
    let Some(window) = web_sys::window() else {
        return ret;
    };
    let container = get(&window.navigator(), "serviceWorker");
    if container.is_undefined() {
        return ret;
    }
    // When the new version takes over after the user chose it, reload once. (The first install
    // also changes the controller, by clients.claim(); that must not reload the page.)
    on(&container, "controllerchange", move |_| {
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
    container: JsValue,
    waiting: StoredValue<Option<JsValue>, LocalStorage>,
    set_update_ready: WriteSignal<bool>,
) {
    let Some(promise) = call(&container, "register", &["sw.js".into()]) else {
        return;
    };
    let container_for_check = container.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await
        else {
            leptos::logging::warn!("service worker registration failed");
            return;
        };
        let has_controller = || !get(&container_for_check, "controller").is_null();
        let waiting_now = get(&reg, "waiting");
        if !waiting_now.is_null() && !waiting_now.is_undefined() && has_controller() {
            waiting.set_value(Some(waiting_now));
            set_update_ready.set(true);
        }
        let reg2 = reg.clone();
        on(&reg, "updatefound", move |_| {
            let installing = get(&reg2, "installing");
            let worker = installing.clone();
            let container = container_for_check.clone();
            on(&installing, "statechange", move |_| {
                let installed = get(&worker, "state").as_string().as_deref() == Some("installed");
                if installed && !get(&container, "controller").is_null() {
                    waiting.set_value(Some(worker.clone()));
                    set_update_ready.set(true);
                }
            });
        });
    });
}

async fn wait(p: Option<JsValue>) -> Option<JsValue> {
    let p = p?.dyn_into::<js_sys::Promise>().ok()?;
    wasm_bindgen_futures::JsFuture::from(p).await.ok()
}

/// Forgets the offline copy: deletes this app's caches and unregisters its service worker.
pub async fn forget_offline_copy() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let caches = get(&window, "caches");
    if !caches.is_undefined() {
        if let Some(keys) = wait(call(&caches, "keys", &[])).await {
            for key in js_sys::Array::from(&keys).iter() {
                if key.as_string().is_some_and(|k| k.starts_with("siaga110-")) {
                    let _ = wait(call(&caches, "delete", &[key])).await;
                }
            }
        }
    }
    let container = get(&window.navigator(), "serviceWorker");
    if !container.is_undefined() {
        if let Some(regs) = wait(call(&container, "getRegistrations", &[])).await {
            for reg in js_sys::Array::from(&regs).iter() {
                let _ = wait(call(&reg, "unregister", &[])).await;
            }
        }
    }
}
