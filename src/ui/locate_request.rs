//! The consent screen of an operator's location request (`?lokasi=`): who asks, what is sent
//! where and for how long, Share / Don't share, and then plainly what happened.
use leptos::prelude::*;
use siaga110_core::locate::Answered;

use super::{fill, tr};
use crate::app::locate::{LocateRequest, Phase};
use crate::browser::clock::local_hm;
use crate::i18n::*;

/// The request's panel, at the top of the screen while the page was opened from its link.
#[component]
pub fn LocateRequestPanel() -> impl IntoView {
    let r = LocateRequest::provide();
    let i18n = use_i18n();
    let phase = move || r.map(|r| r.phase.get());
    // One line says where the request stands (`data-phase` names it for tests).
    let line = move || {
        let l = i18n.get_locale();
        let who =
            |from: Option<String>| from.unwrap_or_else(|| td_string!(l, lokasi_someone).into());
        let (name, text): (&str, String) = match phase()? {
            Phase::Checking => ("checking", td_string!(l, lokasi_checking).into()),
            Phase::Unreachable => ("unreachable", td_string!(l, lokasi_unreachable).into()),
            Phase::NoCenter => ("no-center", td_string!(l, lokasi_no_center).into()),
            Phase::Ask { from, .. } => (
                "ask",
                fill(td_string!(l, lokasi_ask), &[("from", who(from))]),
            ),
            Phase::Sharing(from) => match r?.sent.get() {
                None => (
                    "sharing",
                    fill(td_string!(l, lokasi_waiting), &[("from", who(from))]),
                ),
                Some(f) => (
                    "sent",
                    fill(
                        td_string!(l, lokasi_sent),
                        &[
                            ("from", who(from)),
                            ("time", local_hm(f.time_ms)),
                            ("acc", format!("{:.0}", f.accuracy_m)),
                        ],
                    ),
                ),
            },
            Phase::Declined => ("declined", td_string!(l, lokasi_declined).into()),
            Phase::Ended(Answered::Expired) => ("expired", td_string!(l, lokasi_expired).into()),
            Phase::Ended(Answered::Used) => ("used", td_string!(l, lokasi_used).into()),
            Phase::Ended(_) => ("unknown", td_string!(l, lokasi_unknown).into()),
        };
        Some((name, text))
    };
    let is = move |f: fn(&Phase) -> bool| move || phase().as_ref().is_some_and(f);
    let note = move || match phase() {
        Some(Phase::Ask { note, .. }) => note,
        _ => None,
    };
    let act = move |f: fn(LocateRequest)| move |_| r.into_iter().for_each(f);
    move || {
        line().map(|(name, text)| view! {
            <section class="panel lokasi" data-testid="lokasi" aria-labelledby="lokasi-title">
                <h2 id="lokasi-title" class="panel-title">{tr(|l| td_string!(l, lokasi_title))}</h2>
                <p data-testid="lokasi-line" data-phase=name role="status"><strong>{text}</strong></p>
                {note().map(|n| view! { <p>{tr(|l| td_string!(l, lokasi_note))}" "<q>{n}</q></p> })}
                <Show when=is(|p| matches!(p, Phase::Ask { .. }))>
                    <p class="small">{tr(|l| td_string!(l, lokasi_why))}</p>
                    <div class="row">
                        <button type="button" class="primary" data-testid="lokasi-share" on:click=act(LocateRequest::share)>{tr(|l| td_string!(l, lokasi_share))}</button>
                        <button type="button" class="secondary" data-testid="lokasi-decline" on:click=act(LocateRequest::decline)>{tr(|l| td_string!(l, lokasi_decline))}</button>
                    </div>
                </Show>
                <Show when=is(|p| matches!(p, Phase::Sharing(_)))>
                    <button type="button" class="secondary" data-testid="lokasi-stop" on:click=act(LocateRequest::decline)>{tr(|l| td_string!(l, lokasi_stop))}</button>
                </Show>
                <Show when=is(|p| *p == Phase::Unreachable)>
                    <button type="button" class="secondary" on:click=act(LocateRequest::check)>{tr(|l| td_string!(l, loc_retry))}</button>
                </Show>
            </section>
        })
    }
}
