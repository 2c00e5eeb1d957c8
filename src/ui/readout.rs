use leptos::prelude::*;
use siaga110_core::olc;
use siaga110_core::place::Place;

use super::{tr, trf};
use crate::app::state::{AppState, PlaceState};
use crate::i18n::*;

/// The time of day of a fix, HH:MM:SS local time.
fn clock(ms: f64) -> String {
    crate::browser::clock::local_hms(ms)
}

/// What to read to the operator: Plus Code (with locality where it can be shortened),
/// coordinates, accuracy, time, and a one-line call script.
#[component]
pub fn Readout() -> impl IntoView {
    let state = AppState::get();
    let text = move || {
        let fix = state.target.get()?;
        let (lat, lon) = (fix.at.lat(), fix.at.lon());
        // As long as the accuracy supports: a coarse fix gets a shorter code, said to be approximate.
        let len = olc::length_for_accuracy(fix.accuracy());
        let full = olc::encode(lat, lon, len).ok()?;
        // "6QXJ+7C Medan": shortened against the kab/kota seat when it is close enough (per the
        // spec); otherwise the full code alone.
        let short = state
            .place
            .with(|p| match p {
                PlaceState::Ready(Place::Covered(c)) => c.seat.map(|seat| {
                    let town = c
                        .kabkota
                        .1
                        .trim_start_matches("Kabupaten ")
                        .trim_start_matches("Kota ");
                    olc::short_with_locality(lat, lon, seat.lat(), seat.lon(), town)
                }),
                _ => None,
            })
            .filter(|s| s.contains(' ') && len == olc::DEFAULT_CODE_LENGTH);
        Some((full, short, fix, len < olc::DEFAULT_CODE_LENGTH))
    };
    // A place chosen by name is an area, not a measurement: its name and how far it reaches,
    // no Plus Code, accuracy or time that would read like a position.
    let chosen = move || {
        let (_, label) = state.manual.get()?;
        let extent = state.place.with(|p| match p {
            PlaceState::Ready(Place::Covered(c)) => Some((c.kecamatan.1.clone(), c.extent_m())),
            _ => None,
        });
        Some((label, extent))
    };
    view! {
        <Show when=move || state.target.get().is_some()>
            <section class="panel" data-testid="readout">
                <h2 class="panel-title">{tr(|l| td_string!(l, readout_title))}</h2>
                {move || match chosen() {
                    Some((label, extent)) => view! {
                        <dl class="facts">
                            <dt>{tr(|l| td_string!(l, readout_chosen))}</dt>
                            <dd data-testid="readout-chosen">{label}</dd>
                            {extent.map(|(kec, m)| view! {
                                <dt>{tr(|l| td_string!(l, readout_extent))}</dt>
                                <dd data-testid="readout-extent">{trf(|l| td_string!(l, readout_extent_value), move || vec![
                                    ("kecamatan", kec.clone()), ("km", format!("{:.0}", (m / 1000.0).max(1.0)))])}</dd>
                            })}
                        </dl>
                        <p class="note" data-testid="readout-manual">{tr(|l| td_string!(l, readout_manual))}</p>
                        <p class="script" data-testid="readout-script">{tr(|l| td_string!(l, readout_script_manual))}</p>
                    }.into_any(),
                    None => view! {
                        {text().map(|(full, short, fix, coarse)| view! {
                            <dl class="facts">
                                <dt>{tr(|l| td_string!(l, readout_pluscode))}</dt>
                                <dd>
                                    <span class="big" data-testid="readout-pluscode">{full.clone()}</span>
                                    {short.map(|s| view! { <br/><span class="code" data-testid="readout-pluscode-short">{s}</span> })}
                                    {coarse.then(|| view! { <br/><span class="small" data-testid="readout-pluscode-coarse">{tr(|l| td_string!(l, readout_pluscode_coarse))}</span> })}
                                </dd>
                                <dt>{tr(|l| td_string!(l, readout_latlon))}</dt>
                                <dd data-testid="readout-latlon">{format!("{:.5}, {:.5}", fix.at.lat(), fix.at.lon())}</dd>
                                <dt>{tr(|l| td_string!(l, readout_accuracy))}</dt>
                                <dd data-testid="readout-accuracy">{match fix.accuracy() {
                                    Some(m) => format!("± {m:.0} m").into_any(),
                                    None => tr(|l| td_string!(l, loc_accuracy_unknown)).into_any(),
                                }}</dd>
                                <dt>{tr(|l| td_string!(l, readout_time))}</dt>
                                <dd>{clock(fix.time_ms)}</dd>
                            </dl>
                        })}
                        <p class="script" data-testid="readout-script">{tr(|l| td_string!(l, readout_script))}</p>
                    }.into_any(),
                }}
            </section>
        </Show>
    }
}
