//! The deliberate call gesture on the static `tel:110` link from `index.html`.
//!
//! The link stays where it is and stays a link. Once the app runs, a tap no longer dials at
//! once: holding it for [`HOLD_MS`] arms the call, and releasing then dials — from the release
//! itself, which browsers count as a user gesture. Releasing early cancels. A quick tap, a click
//! from a keyboard, a screen reader or voice control, or a hold that slides off the button opens a
//! confirm step instead (whose "call" is itself a plain `tel:110` link). So every activation leads
//! to a call, directly or through one more tap. Before the app runs, or without JavaScript, the
//! link dials as usual.
use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, MouseEvent, PointerEvent};

/// How long to hold, ms.
pub const HOLD_MS: u64 = 1_500;
/// The id of the static link.
pub const LINK_ID: &str = "call-110";

/// Where a hold is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// No hold.
    Idle,
    /// Pressed, not yet long enough (show the ring and the warning).
    Holding,
    /// Long enough: releasing now dials.
    Armed,
}

/// What the gesture tells the UI.
#[derive(Clone, Copy)]
pub struct CallGesture {
    /// The hold's state.
    pub hold: ReadSignal<Hold>,
    /// The confirm step is open.
    pub confirm: RwSignal<bool>,
}

fn link() -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(LINK_ID)?
        .dyn_into()
        .ok()
}

/// Puts the current language's words on the static header, in place (same box, no jump).
pub fn set_header_text(call: &str, aria: &str, warning: &str) {
    if let Some(link) = link() {
        link.set_text_content(Some(call));
        let _ = link.set_attribute("aria-label", aria);
        if let Some(w) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".sos-warn").ok().flatten())
        {
            w.set_text_content(Some(warning));
        }
    }
}

/// Enhances the static link. `practice` true: an armed release calls `on_practice` instead of
/// dialling. `on_attempt` runs when a hold starts or the confirm step opens (for the prank
/// notice). Does nothing if the page has no such link.
pub fn use_call_gesture(
    practice: Signal<bool>,
    on_attempt: Callback<()>,
    on_practice: Callback<()>,
) -> CallGesture {
    let (hold, set_hold) = signal(Hold::Idle);
    let confirm = RwSignal::new(false);
    let gesture = CallGesture { hold, confirm };
    let Some(link) = link() else { return gesture };
    let _ = link.class_list().add_1("enhanced");
    // The hold's generation (to cancel its timer); the next click is ours to let through; the
    // next click is the one a release produces after we already dialled or cancelled.
    let generation = Rc::new(Cell::new(0u32));
    let allow_next = Rc::new(Cell::new(false));
    let swallow_next = Rc::new(Cell::new(false));

    // The link lives as long as the page.
    let listen = |name: &'static str, mut f: Box<dyn FnMut(Event)>| {
        super::events::listen(&link, name, move |e| f(e.clone()));
    };
    let primary = |e: &Event| e.dyn_ref::<PointerEvent>().is_none_or(|p| p.is_primary());

    {
        let (generation, swallow_next) = (generation.clone(), swallow_next.clone());
        listen(
            "pointerdown",
            Box::new(move |e: Event| {
                if !primary(&e) || e.dyn_ref::<MouseEvent>().is_some_and(|m| m.button() != 0) {
                    return;
                }
                swallow_next.set(true); // this press is a hold; its click is not a tap to confirm
                let this = generation.get().wrapping_add(1);
                generation.set(this);
                set_hold.set(Hold::Holding);
                if !practice.get_untracked() {
                    on_attempt.run(());
                }
                let generation = generation.clone();
                set_timeout(
                    move || {
                        if generation.get() == this {
                            set_hold.set(Hold::Armed);
                        }
                    },
                    std::time::Duration::from_millis(HOLD_MS),
                );
            }),
        );
    }
    {
        let (generation, allow_next, swallow_next, link) = (
            generation.clone(),
            allow_next.clone(),
            swallow_next.clone(),
            link.clone(),
        );
        listen(
            "pointerup",
            Box::new(move |e: Event| {
                if !primary(&e) {
                    return;
                }
                generation.set(generation.get().wrapping_add(1));
                let was = hold.get_untracked();
                set_hold.set(Hold::Idle);
                match was {
                    Hold::Armed if practice.get_untracked() => on_practice.run(()),
                    Hold::Armed => {
                        // Dial from the release: a user gesture in every browser.
                        allow_next.set(true);
                        link.click();
                    }
                    // Released early: a quick tap. Its click opens the confirm step.
                    Hold::Holding => swallow_next.set(false),
                    Hold::Idle => {}
                }
            }),
        );
    }
    for name in ["pointercancel", "pointerleave"] {
        let (generation, swallow_next) = (generation.clone(), swallow_next.clone());
        listen(
            name,
            Box::new(move |e: Event| {
                let was = hold.get_untracked();
                if !primary(&e) || was == Hold::Idle {
                    return; // e.g. a touch pointer leaving after its release
                }
                generation.set(generation.get().wrapping_add(1));
                set_hold.set(Hold::Idle);
                swallow_next.set(false); // no click follows a press that left the button
                                         // Slid off (early or armed): never a gesture that ends in nothing — the confirm
                                         // step asks, and its "yes" calls.
                confirm.set(true);
            }),
        );
    }
    // A long press must not open the browser's link menu.
    listen("contextmenu", Box::new(|e: Event| e.prevent_default()));
    listen(
        "click",
        Box::new(move |e: Event| {
            if allow_next.replace(false) {
                return; // the armed release: let the browser follow tel:110
            }
            e.prevent_default();
            if swallow_next.replace(false) {
                return; // the click that follows a hold we already handled
            }
            // A quick tap, a keyboard, a screen reader or voice control: the confirm step.
            if e.dyn_ref::<MouseEvent>().is_some_and(|m| m.detail() == 0)
                && !practice.get_untracked()
            {
                on_attempt.run(());
            }
            confirm.set(true);
        }),
    );
    gesture
}
