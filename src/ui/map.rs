use leptos::prelude::*;
use siaga110_core::place::Place;
use siaga110_core::sketch::Sketch;

use crate::app::state::{AppState, PlaceState};
use crate::i18n::*;

const W: f64 = 320.0;
const H: f64 = 200.0;
const PAD: f64 = 12.0;

/// An offline mini-map, drawn as SVG from the data (no tiles, nothing fetched): the kecamatan
/// outline, the position with its accuracy circle, and the Polres HQ with a line to it. The
/// drawing is the core's ([`Sketch`]); the place is read in place, its outline not copied.
#[component]
pub fn MiniMap() -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::get();
    let sketch = Memo::new(move |_| {
        let fix = state.target.get()?;
        state.place.with(|p| match p {
            PlaceState::Ready(Place::Covered(c)) => Some(Sketch::new(
                (fix.at.lat(), fix.at.lon()),
                fix.accuracy(),
                &c.outline,
                c.hq.as_ref().map(|(p, _)| (p.lat(), p.lon())),
                W,
                H,
                PAD,
            )),
            _ => None,
        })
    });
    let drawing = move || {
        let s = sketch.get()?;
        let (px, py) = s.you;
        let hq_view = s.hq.map(|(hx, hy)| {
            view! {
                <line x1=format!("{px:.1}") y1=format!("{py:.1}") x2=format!("{hx:.1}") y2=format!("{hy:.1}") class="map-line"/>
                <rect x=format!("{:.1}", hx - 6.0) y=format!("{:.1}", hy - 6.0) width="12" height="12" class="map-hq" data-testid="map-hq"/>
            }
        });
        Some(view! {
            <path d=s.area_path class="map-area"/>
            <circle cx=format!("{px:.1}") cy=format!("{py:.1}") r=format!("{:.1}", s.radius) class="map-accuracy"/>
            <circle cx=format!("{px:.1}") cy=format!("{py:.1}") r="4" class="map-you" data-testid="map-you"/>
            {hq_view}
        })
    };
    let covered = move || {
        state
            .place
            .with(|p| matches!(p, PlaceState::Ready(Place::Covered(_))))
    };
    view! {
        <Show when=covered>
            <section class="panel map" data-testid="mini-map">
                <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=move || t_string!(i18n, map_label).to_string()>
                    {drawing}
                </svg>
            </section>
        </Show>
    }
}
