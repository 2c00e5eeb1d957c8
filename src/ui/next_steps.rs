//! When 110 does not answer: the next steps after a call, in order, each with its basis —
//! 110 again first, 112 only where a dated source says the kab/kota runs it, then the written
//! report. No source, no number.
use leptos::prelude::*;
use siaga110_core::place::Place;

use super::{tr, trf};
use crate::app::report::ReportState;
use crate::app::state::{AppState, PlaceState};
use crate::i18n::*;

/// How long after a call attempt the steps stay on screen (ms).
const SHOWN_MS: f64 = 30.0 * 60_000.0;

/// The ladder, shown for half an hour after the person started a call.
#[component]
pub fn NextSteps() -> impl IntoView {
    let state = AppState::get();
    let rs = ReportState::get();
    let shown = move || {
        state
            .last_call()
            .is_some_and(|t| state.now.get() - t < SHOWN_MS)
    };
    // 112 for the place on the card, when sourced: (kab/kota, source, date).
    let call112 = Memo::new(move |_| {
        state.place.with(|p| match p {
            PlaceState::Ready(Place::Covered(c)) => {
                let kab = c.kabkota.1.clone();
                c.call112.clone().map(|(src, date)| (kab, src, date))
            }
            _ => None,
        })
    });
    let practice = state.practice;
    let tel = move |n: &'static str| (!practice.get()).then(|| format!("tel:{n}"));
    move || {
        shown().then(|| {
            view! {
                <section class="panel next-steps" data-testid="next-steps" aria-labelledby="next-title">
                    <h2 id="next-title" class="panel-title">{tr(|l| td_string!(l, next_title))}</h2>
                    <ol>
                        <li data-testid="next-110">
                            <a class="button" href=move || tel("110")>{tr(|l| td_string!(l, next_110))}</a>
                        </li>
                        {move || call112.get().map(|(kab, src, date)| view! {
                            <li data-testid="next-112">
                                <a class="button" href=move || tel("112")>{tr(|l| td_string!(l, next_112))}</a>
                                <span class="small">{trf(|l| td_string!(l, next_112_basis), move || vec![
                                    ("kab", kab.clone()), ("source", src.clone()), ("date", date.clone())])}</span>
                            </li>
                        })}
                        <li data-testid="next-report">
                            <button type="button" class="secondary"
                                on:click=move |_| { rs.open.set(true); crate::browser::dom::scroll_to("report-form"); }>
                                {tr(|l| td_string!(l, next_report))}
                            </button>
                        </li>
                    </ol>
                    <p class="small" data-testid="next-no-hotline">{tr(|l| td_string!(l, next_no_hotline))}</p>
                </section>
            }
        })
    }
}
