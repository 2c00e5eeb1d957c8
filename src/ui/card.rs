use leptos::prelude::*;
use siaga110_core::geo::LatLon;
use siaga110_core::place::{Covered, Place};

use super::{tr, trf};
use crate::app::state::{AppState, PlaceState};
use crate::browser::geolocation::GeoStatus;
use crate::i18n::*;

/// The compass direction in the current language (8 points).
pub fn direction(i18n: I18nContext<Locale>, bearing_deg: f64) -> String {
    match siaga110_core::geo::compass_sector(bearing_deg) {
        0 => t_string!(i18n, dir_0),
        1 => t_string!(i18n, dir_1),
        2 => t_string!(i18n, dir_2),
        3 => t_string!(i18n, dir_3),
        4 => t_string!(i18n, dir_4),
        5 => t_string!(i18n, dir_5),
        6 => t_string!(i18n, dir_6),
        _ => t_string!(i18n, dir_7),
    }
    .to_string()
}

fn km(m: f64) -> String {
    if m < 10_000.0 {
        format!("{:.1}", m / 1000.0)
    } else {
        format!("{:.0}", m / 1000.0)
    }
}

/// The responsible Polres for the current position or choice.
#[component]
pub fn PolresCard() -> impl IntoView {
    let state = AppState::get();
    let i18n = use_i18n();
    view! {
        <section class="panel card" data-testid="polres-card" aria-live="polite">
            <h2 class="panel-title">{tr(|l| td_string!(l, card_title))}</h2>
            {move || match state.place.get() {
                // Two lines' room either way: the text changes when locating fails, nothing moves.
                PlaceState::NoTarget => view! {
                    <p class="small wait" data-testid="card-wait">{move || {
                        let l = i18n.get_locale();
                        if matches!(state.geo.status.get(), GeoStatus::Failed(_)) {
                            td_string!(l, loc_err_fallback)
                        } else {
                            td_string!(l, card_wait)
                        }
                    }}</p>
                }.into_any(),
                PlaceState::Loading => view! { <p class="small" data-testid="card-loading">{tr(|l| td_string!(l, card_loading))}</p> }.into_any(),
                PlaceState::DataError => view! {
                    <div class="error" data-testid="card-error">
                        <p>{tr(|l| td_string!(l, card_data_error))}</p>
                        <button type="button" class="secondary" data-testid="card-retry"
                            on:click=move |_| state.retry_data()>{tr(|l| td_string!(l, card_retry))}</button>
                    </div>
                }.into_any(),
                PlaceState::Ready(Place::Outside(country)) => view! { <Outside country=country/> }.into_any(),
                PlaceState::Ready(Place::Covered(c)) => {
                    let fix = state.target.get();
                    let manual = state.manual.get().is_some();
                    view! { <CoveredView c=*c at=fix.map(|f| f.at) accuracy=fix.and_then(|f| f.accuracy()) manual=manual/> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Outside(country: Option<String>) -> impl IntoView {
    view! {
        <div data-testid="card-outside">
            <p><strong>{tr(|l| td_string!(l, card_outside_title))}</strong></p>
            {match country {
                Some(c) => view! { <p>{trf(|l| td_string!(l, card_outside_neighbour), move || vec![("country", c.clone())])}</p> }.into_any(),
                None => view! { <p>{tr(|l| td_string!(l, card_outside_far))}</p> }.into_any(),
            }}
            <p class="note">{tr(|l| td_string!(l, card_outside_110))}</p>
        </div>
    }
}

#[component]
fn CoveredView(
    c: Covered,
    at: Option<LatLon>,
    accuracy: Option<f64>,
    manual: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let practice = AppState::get().practice.get_untracked();
    let hq = c.hq.as_ref().map(|(hq, _)| *hq);
    let hq_line = at.zip(hq).map(|(at, hq)| {
        let (d, b) = (at.distance_m(hq), at.bearing_deg(hq));
        let dir = move || direction(i18n, b);
        let href = format!(
            "https://www.google.com/maps/dir/?api=1&destination={:.5},{:.5}",
            hq.lat(),
            hq.lon()
        );
        view! {
            <p data-testid="card-hq">{trf(|l| td_string!(l, card_hq), move || vec![("km", km(d)), ("dir", dir())])}</p>
            <p><a href=href target="_blank" rel="noopener noreferrer" data-testid="card-directions">{tr(|l| td_string!(l, card_directions))}</a></p>
        }
    });
    // In Indonesian waters: search and rescue first, then the Polres of the nearest area.
    let sea = c.at_sea.then(|| {
        let d = c.distance_m;
        let href = (!practice).then_some("tel:115");
        view! {
            <div class="warning" data-testid="card-sea">
                <p><strong>{trf(|l| td_string!(l, card_sea), move || vec![("km", km(d))])}</strong></p>
                <p><a class="button" href=href data-testid="card-sea-115">{tr(|l| td_string!(l, card_sea_115))}</a></p>
            </div>
        }
    });
    let how = if c.inside && manual {
        view! { <p class="small" data-testid="card-how">{tr(|l| td_string!(l, card_inside_manual))}</p> }
            .into_any()
    } else if c.inside && !c.also.is_empty() {
        // A coarse fix whose circle crosses a border: say so, and name the other possible Polres.
        let mine = c.polres.clone();
        let others: Vec<String> = c
            .also
            .iter()
            .filter_map(|(_, p)| p.clone())
            .filter(|p| Some(p) != mine.as_ref())
            .fold(Vec::new(), |mut v, p| {
                if !v.contains(&p) {
                    v.push(p);
                }
                v
            });
        let places = c
            .also
            .iter()
            .map(|(k, _)| format!("Kec. {k}"))
            .collect::<Vec<_>>()
            .join(", ");
        let m = format!("{:.0}", accuracy.unwrap_or_default());
        let other = (!others.is_empty()).then(|| {
            let list = others.join(", ");
            view! { <p class="note" data-testid="card-other-polres"><strong>{trf(|l| td_string!(l, card_other_polres), move || vec![("polres", list.clone())])}</strong></p> }
        });
        view! {
            <p class="note" data-testid="card-how" data-also="true">{trf(|l| td_string!(l, card_inside_maybe), move || vec![("m", m.clone()), ("places", places.clone())])}</p>
            {other}
        }
        .into_any()
    } else if c.inside {
        view! { <p class="small" data-testid="card-how">{tr(|l| td_string!(l, card_inside))}</p> }
            .into_any()
    } else {
        let d = c.distance_m;
        view! { <p class="note" data-testid="card-how">{trf(|l| td_string!(l, card_near), move || vec![("km", km(d))])}</p> }.into_any()
    };
    let phone = (!c.phone.is_empty()).then(|| {
        let href = format!("tel:{}", c.phone);
        view! { <p><a href=href data-testid="card-phone">{tr(|l| td_string!(l, card_phone))}": "{c.phone.clone()}</a></p> }
    });
    // Never more certain than the data: an assumed Polres says so, right under its name, where a
    // 360 px screen shows it without scrolling.
    let basis = c.polres.is_some().then(|| {
        if c.basis.is_sourced() {
            view! { <p class="small" data-testid="card-basis" data-basis=c.basis.code()>{tr(|l| td_string!(l, card_basis_sourced))}</p> }.into_any()
        } else {
            view! { <p class="note" data-testid="card-basis" data-basis=c.basis.code()>{tr(|l| td_string!(l, card_basis_assumed))}</p> }.into_any()
        }
    });
    view! {
        <div data-testid="card-covered">
            {sea}
            {match c.polres.clone() {
                Some(name) => view! { <p class="polres" data-testid="card-polres">{name}</p> }.into_any(),
                None => view! { <p data-testid="card-polres">{tr(|l| td_string!(l, card_no_polres))}</p> }.into_any(),
            }}
            {basis}
            <dl class="facts">
                <dt>{tr(|l| td_string!(l, card_polda))}</dt><dd data-testid="card-polda">{c.polda.clone().unwrap_or_default()}</dd>
                <dt>{tr(|l| td_string!(l, card_kabkota))}</dt><dd data-testid="card-kabkota">{c.kabkota.1.clone()}</dd>
                <dt>{tr(|l| td_string!(l, card_kecamatan))}</dt><dd data-testid="card-kecamatan">{c.kecamatan.1.clone()}</dd>
            </dl>
            {how}
            {hq_line}
            {phone}
        </div>
    }
}
