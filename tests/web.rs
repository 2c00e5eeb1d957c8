//! In-browser tests: run by wasm-bindgen-test-runner in headless Chromium (see scripts/test).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use siaga110::i18n::I18nContextProvider;
use siaga110::{ui::WhichNumber, App};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element appended to `<body>`, with the given id.
fn container(id: &str) -> HtmlElement {
    let el: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    el.set_id(id);
    document().body().unwrap().append_child(&el).unwrap();
    el
}

/// Lets pending work run: tasks queued by a zero timeout (the app mounts, and renders what is
/// below the fold, in tasks of their own), then the reactive effects they started.
async fn tick() {
    for _ in 0..3 {
        let wait = js_sys::Promise::new(&mut |done, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback(&done)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
        leptos::task::tick().await;
    }
}

#[wasm_bindgen_test]
async fn start_mounts_into_app_and_keeps_the_static_call_link() {
    // The page as index.html gives it: the static header with the call link, then #app.
    let body = document().body().unwrap();
    body.insert_adjacent_html(
        "afterbegin",
        r#"<header id="sos"><a id="call-110" href="tel:110">Panggil 110</a></header>
           <main id="app"><p class="loading">Memuat…</p></main>"#,
    )
    .unwrap();

    let before = document().get_element_by_id("call-110").unwrap();
    siaga110::start();
    // The screen starts in stages, a task each: wait (boundedly) for the last of them.
    let enhanced = || {
        document()
            .get_element_by_id("call-110")
            .is_some_and(|c| c.class_list().contains("enhanced"))
    };
    for _ in 0..50 {
        if enhanced() {
            break;
        }
        tick().await;
    }

    let app = document().get_element_by_id("app").unwrap();
    assert_eq!(app.get_attribute("data-mounted").as_deref(), Some("true"));
    assert!(app
        .query_selector("[data-testid=app-ready]")
        .unwrap()
        .is_some());
    assert!(
        app.query_selector(".loading").unwrap().is_none(),
        "placeholder replaced"
    );

    let call = document()
        .get_element_by_id("call-110")
        .expect("call link still there");
    assert!(
        call.is_same_node(Some(&before)),
        "the same link, enhanced in place"
    );
    assert_eq!(call.get_attribute("href").as_deref(), Some("tel:110"));
    // Its words follow the language (this browser's, here), never empty.
    let text = call.text_content().unwrap_or_default();
    assert!(text == "Panggil 110" || text == "Call 110", "{text}");
    assert!(call.class_list().contains("enhanced"));
}

#[wasm_bindgen_test]
async fn app_renders_its_panels() {
    let host = container("app-test");
    let _handle = mount_to(host.clone(), App);
    tick().await;
    assert!(host
        .query_selector("[data-testid=which-number]")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn which_number_opens_and_closes_on_click() {
    let host = container("numbers-test");
    let _handle = mount_to(host.clone(), || {
        view! { <I18nContextProvider><WhichNumber/></I18nContextProvider> }
    });
    tick().await;

    let toggle: HtmlElement = host
        .query_selector("[data-testid=which-number-toggle]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(host
        .query_selector("[data-testid=numbers-list]")
        .unwrap()
        .is_none());

    toggle.click();
    tick().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let list = host
        .query_selector("[data-testid=numbers-list]")
        .unwrap()
        .expect("list shown after a click");
    let first = list.query_selector("a").unwrap().unwrap();
    assert_eq!(first.get_attribute("href").as_deref(), Some("tel:110"));
    assert_eq!(
        list.query_selector_all("li").unwrap().length() as usize,
        siaga110_core::numbers::all().len()
    );

    toggle.click();
    tick().await;
    assert!(host
        .query_selector("[data-testid=numbers-list]")
        .unwrap()
        .is_none());
}
