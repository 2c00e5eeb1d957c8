//! The deliberate call gesture on the static `tel:110` link from `index.html`.
//!
//! The link stays where it is and stays a link. Once the app runs, a tap no longer dials at
//! once: holding it for [`HOLD_MS`] follows it; releasing early cancels; a quick tap, or Enter
//! from a keyboard or screen reader, opens a confirm step instead (whose "call" is itself a
//! plain `tel:110` link). Before the app runs, or without JavaScript, the link dials as usual.
use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, MouseEvent};

/// How long to hold, ms.
pub const HOLD_MS: u64 = 1_500;
/// The id of the static link.
pub const LINK_ID: &str = "call-110";

/// What the gesture tells the UI.
#[derive(Clone, Copy)]
pub struct CallGesture {
    /// A hold is in progress (show the ring and the warning).
    pub holding: ReadSignal<bool>,
    /// The confirm step is open (after a quick tap or a keyboard activation).
    pub confirm: RwSignal<bool>,
}

/// Enhances the static link. `practice` true: a completed hold calls `on_practice` instead of
/// dialling. `on_attempt` runs when a hold starts or the confirm step opens (for the prank
/// notice). Does nothing if the page has no such link.
pub fn use_call_gesture(
    practice: Signal<bool>,
    on_attempt: Callback<()>,
    on_practice: Callback<()>,
) -> CallGesture {
    let (holding, set_holding) = signal(false);
    let confirm = RwSignal::new(false);
    let gesture = CallGesture { holding, confirm };
    let Some(link) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(LINK_ID))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        return gesture;
    };
    let _ = link.class_list().add_1("enhanced");
    // Shared between the listeners: the hold's generation (to cancel its timer), and whether the
    // next click is the completed hold (allowed through).
    let generation = Rc::new(Cell::new(0u32));
    let allow_next = Rc::new(Cell::new(false));
    let pressed = Rc::new(Cell::new(false));

    let listen = |name: &str, f: Box<dyn FnMut(Event)>| {
        let cb = Closure::<dyn FnMut(Event)>::new(f);
        let _ = link.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
        cb.forget(); // the link lives as long as the page
    };

    {
        let (generation, allow_next, pressed, link) = (
            generation.clone(),
            allow_next.clone(),
            pressed.clone(),
            link.clone(),
        );
        listen(
            "pointerdown",
            Box::new(move |e: Event| {
                if e.dyn_ref::<MouseEvent>().is_some_and(|m| m.button() != 0) {
                    return;
                }
                pressed.set(true);
                let this = generation.get().wrapping_add(1);
                generation.set(this);
                set_holding.set(true);
                on_attempt.run(());
                let (generation, allow_next, pressed, link) = (
                    generation.clone(),
                    allow_next.clone(),
                    pressed.clone(),
                    link.clone(),
                );
                set_timeout(
                    move || {
                        if generation.get() != this {
                            return; // released or cancelled meanwhile
                        }
                        generation.set(this.wrapping_add(1));
                        // The release that follows is not a quick tap.
                        pressed.set(false);
                        set_holding.set(false);
                        if practice.get_untracked() {
                            on_practice.run(());
                        } else {
                            allow_next.set(true);
                            link.click();
                        }
                    },
                    std::time::Duration::from_millis(HOLD_MS),
                );
            }),
        );
    }
    for name in ["pointerup", "pointercancel", "pointerleave"] {
        let generation = generation.clone();
        listen(
            name,
            Box::new(move |_| {
                generation.set(generation.get().wrapping_add(1));
                set_holding.set(false);
            }),
        );
    }
    // A long press must not open the browser's link menu.
    listen("contextmenu", Box::new(|e: Event| e.prevent_default()));
    listen(
        "click",
        Box::new(move |e: Event| {
            if allow_next.replace(false) {
                return; // the completed hold: let the browser follow tel:110
            }
            e.prevent_default();
            let from_pointer = pressed.replace(false);
            let keyboard = e.dyn_ref::<MouseEvent>().is_some_and(|m| m.detail() == 0);
            if keyboard || from_pointer {
                // A quick tap (released before the hold completed) or Enter: the confirm step.
                if keyboard {
                    on_attempt.run(());
                }
                confirm.set(true);
            }
        }),
    );
    gesture
}
