use leptos::prelude::*;
use siaga110_core::place::Place;

use crate::app::state::{AppState, PlaceState};
use crate::i18n::*;

const W: f64 = 320.0;
const H: f64 = 200.0;
const PAD: f64 = 12.0;

/// An offline mini-map, drawn as SVG from the data (no tiles, nothing fetched): the kecamatan
/// outline, the position with its accuracy circle, and the Polres HQ with a line to it.
#[component]
pub fn MiniMap() -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::get();
    let drawing = move || {
        let fix = state.target.get()?;
        let PlaceState::Ready(Place::Covered(c)) = state.place.get() else {
            return None;
        };
        let (lat0, lon0) = (fix.at.lat(), fix.at.lon());
        let cos = lat0.to_radians().cos();
        // Fit the outline, the position (with its circle) and the HQ into the view.
        let mut pts: Vec<(f64, f64)> = c.outline.iter().flatten().copied().collect();
        // Unknown accuracy: no circle (a point only), never an infinite one.
        let r_deg = fix.accuracy().unwrap_or(0.0) / 111_320.0;
        pts.push((lat0 + r_deg, lon0 + r_deg / cos));
        pts.push((lat0 - r_deg, lon0 - r_deg / cos));
        let hq = c.hq.as_ref().map(|(p, _)| (p.lat(), p.lon()));
        pts.extend(hq);
        let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(la, lo) in &pts {
            let (x, y) = (lo * cos, la);
            (min_x, max_x, min_y, max_y) = (min_x.min(x), max_x.max(x), min_y.min(y), max_y.max(y));
        }
        let scale = ((W - 2.0 * PAD) / (max_x - min_x).max(1e-6))
            .min((H - 2.0 * PAD) / (max_y - min_y).max(1e-6));
        let ox = PAD + ((W - 2.0 * PAD) - (max_x - min_x) * scale) / 2.0;
        let oy = PAD + ((H - 2.0 * PAD) - (max_y - min_y) * scale) / 2.0;
        let project =
            move |la: f64, lo: f64| (ox + (lo * cos - min_x) * scale, oy + (max_y - la) * scale);
        let path: String = c
            .outline
            .iter()
            .map(|ring| {
                let mut d = String::new();
                for (i, &(la, lo)) in ring.iter().enumerate() {
                    let (x, y) = project(la, lo);
                    d.push_str(&format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" }));
                }
                d + "Z"
            })
            .collect();
        let (px, py) = project(lat0, lon0);
        let radius = (r_deg * scale).max(3.0);
        let hq_view = hq.map(|(la, lo)| {
            let (hx, hy) = project(la, lo);
            view! {
                <line x1=format!("{px:.1}") y1=format!("{py:.1}") x2=format!("{hx:.1}") y2=format!("{hy:.1}") class="map-line"/>
                <rect x=format!("{:.1}", hx - 6.0) y=format!("{:.1}", hy - 6.0) width="12" height="12" class="map-hq" data-testid="map-hq"/>
            }
        });
        Some(view! {
            <path d=path class="map-area"/>
            <circle cx=format!("{px:.1}") cy=format!("{py:.1}") r=format!("{radius:.1}") class="map-accuracy"/>
            <circle cx=format!("{px:.1}") cy=format!("{py:.1}") r="4" class="map-you" data-testid="map-you"/>
            {hq_view}
        })
    };
    view! {
        <Show when=move || matches!(state.place.get(), PlaceState::Ready(Place::Covered(_)))>
            <section class="panel map" data-testid="mini-map">
                <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=move || t_string!(i18n, map_label).to_string()>
                    {drawing}
                </svg>
            </section>
        </Show>
    }
}
