use leptos::html;
use leptos::prelude::*;
use siaga110_core::calls::Notice;

use super::tr;
use crate::app::state::AppState;
use crate::browser::call_link::{set_header_text, use_call_gesture, Hold};
use crate::browser::now_ms;
use crate::i18n::*;

/// The hold-to-call ring and warning, the confirm step, the practice result and the firmer
/// notice after repeated attempts. The link itself is the static one (see `browser::call_link`).
#[component]
pub fn CallOverlay() -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::get();
    let notice = RwSignal::new(Notice::Normal);
    let practice_done = RwSignal::new(false);
    let on_attempt = Callback::new(move |_| {
        state.record_call();
        notice.set(state.calls.with_untracked(|log| log.notice(now_ms())));
    });
    let on_practice = Callback::new(move |_| {
        practice_done.set(true);
        set_timeout(
            move || practice_done.set(false),
            std::time::Duration::from_secs(8),
        );
    });
    let gesture = use_call_gesture(state.practice.into(), on_attempt, on_practice);
    // The static header speaks the current language (same box: nothing moves).
    Effect::new(move |_| {
        set_header_text(
            t_string!(i18n, call_label),
            t_string!(i18n, call_aria),
            t_string!(i18n, call_warning),
        );
    });
    let yes_ref = NodeRef::<html::Button>::new();
    let yes_link_ref = NodeRef::<html::A>::new();
    // Move focus into the confirm step when it opens, so keyboard and screen-reader users land on it.
    Effect::new(move |_| {
        if gesture.confirm.get() {
            if let Some(b) = yes_ref.get() {
                crate::browser::dom::focus(&b);
            } else if let Some(a) = yes_link_ref.get() {
                crate::browser::dom::focus(&a);
            }
        }
    });
    let close = move || gesture.confirm.set(false);
    let firm = move || {
        (notice.get() == Notice::Firm).then(|| {
            view! {
                <p class="firm" data-testid="call-firm">{tr(|l| td_string!(l, call_firm))}</p>
            }
        })
    };
    view! {
        <Show when=move || gesture.hold.get() != Hold::Idle>
            <div class="hold" role="status" data-testid="call-holding">
                <svg class="ring" viewBox="0 0 40 40" aria-hidden="true">
                    <circle cx="20" cy="20" r="17" class="ring-track"/>
                    <circle cx="20" cy="20" r="17" class="ring-fill"/>
                </svg>
                <div>
                    {move || if gesture.hold.get() == Hold::Armed {
                        view! { <p data-testid="call-armed"><strong>{tr(|l| td_string!(l, call_release))}</strong></p> }.into_any()
                    } else {
                        view! { <p><strong>{tr(|l| td_string!(l, call_holding))}</strong></p> }.into_any()
                    }}
                    <p class="small">{tr(|l| td_string!(l, warn_title))}</p>
                    {firm}
                </div>
            </div>
        </Show>
        <Show when=move || practice_done.get()>
            <p class="hold practice" role="status" data-testid="call-practice">{tr(|l| td_string!(l, call_practice_done))}</p>
        </Show>
        <Show when=move || gesture.confirm.get()>
            <div class="overlay" on:keydown=move |ev| if crate::browser::dom::is_escape(&ev) { close() }>
                <section class="dialog" role="alertdialog" aria-modal="false" aria-labelledby="confirm-title"
                    aria-describedby="confirm-hint" data-testid="call-confirm">
                    <h2 id="confirm-title">{tr(|l| td_string!(l, call_confirm_title))}</h2>
                    <p class="small" id="confirm-hint">{tr(|l| td_string!(l, call_confirm_hint))}" "{tr(|l| td_string!(l, warn_title))}</p>
                    {firm}
                    <div class="row">
                        {move || if state.practice.get() {
                            view! {
                                <button type="button" class="primary" data-testid="call-confirm-yes" node_ref=yes_ref
                                    on:click=move |_| { close(); on_practice.run(()); }>
                                    {tr(|l| td_string!(l, call_confirm_yes))}
                                </button>
                                <button type="button" class="secondary" data-testid="practice-off"
                                    on:click=move |_| state.practice.set(false)>
                                    {tr(|l| td_string!(l, practice_off))}
                                </button>
                            }.into_any()
                        } else {
                            view! {
                                <a class="primary" href="tel:110" data-testid="call-confirm-yes" node_ref=yes_link_ref
                                    on:click=move |_| close()>
                                    {tr(|l| td_string!(l, call_confirm_yes))}
                                </a>
                            }.into_any()
                        }}
                        <button type="button" class="secondary" data-testid="call-confirm-no" on:click=move |_| close()>
                            {tr(|l| td_string!(l, call_confirm_no))}
                        </button>
                    </div>
                </section>
            </div>
        </Show>
    }
}
