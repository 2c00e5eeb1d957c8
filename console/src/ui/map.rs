//! A small map drawn from the center's boundary data (no tiles, nothing from elsewhere): the
//! kecamatan outline, the other kecamatan of the kab/kota, the position with its accuracy
//! circle, the trail of later fixes and the Polres HQ.
use leptos::prelude::*;
use siaga110_core::geo::LatLon;

use crate::i18n::*;
use crate::model::{Loc, MapData, TrailFix};

const W: f64 = 600.0;
const H: f64 = 420.0;
/// Metres per degree of latitude.
const M_PER_DEG: f64 = 111_320.0;

struct Proj {
    lat0: f64,
    lon0: f64,
    cos: f64,
    scale: f64,
    cx: f64,
    cy: f64,
}

impl Proj {
    fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        let x = (lon - self.lon0) * self.cos * M_PER_DEG;
        let y = (lat - self.lat0) * M_PER_DEG;
        (
            W / 2.0 + (x - self.cx) * self.scale,
            H / 2.0 - (y - self.cy) * self.scale,
        )
    }
}

fn path(p: &Proj, rings: &[Vec<[f64; 2]>]) -> String {
    let mut d = String::new();
    for ring in rings {
        for (i, [lat, lon]) in ring.iter().enumerate() {
            let (x, y) = p.xy(*lat, *lon);
            d.push_str(&format!("{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" }));
        }
        d.push('Z');
    }
    d
}

#[component]
pub fn ReportMap(
    loc: Option<Loc>,
    data: RwSignal<Option<MapData>>,
    trail: Vec<TrailFix>,
    /// A location request's map (the caller's position) rather than a report's.
    #[prop(optional)]
    caller: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = move || i18n.get_locale();
    let Some(loc) = loc else {
        return ().into_any();
    };
    view! {
        <figure class="map" data-testid="map">
            {move || data.get().map(|m| {
                let Some(kec) = m.kecamatan.clone() else {
                    return view! { <p class="hint">{td_string!(l(), map_none)}</p> }.into_any();
                };
                let lat0 = loc.lat;
                let lon0 = loc.lon;
                let cos = lat0.to_radians().cos().max(0.01);
                let acc = loc.accuracy_m.unwrap_or(0.0).min(20_000.0);
                // Extent, in metres around the position.
                let to_m = |lat: f64, lon: f64| ((lon - lon0) * cos * M_PER_DEG, (lat - lat0) * M_PER_DEG);
                let (mut x0, mut x1, mut y0, mut y1) = (-acc.max(150.0), acc.max(150.0), -acc.max(150.0), acc.max(150.0));
                let mut grow = |(x, y): (f64, f64)| {
                    x0 = x0.min(x);
                    x1 = x1.max(x);
                    y0 = y0.min(y);
                    y1 = y1.max(y);
                };
                for ring in &kec {
                    for [lat, lon] in ring {
                        grow(to_m(*lat, *lon));
                    }
                }
                for f in &trail {
                    grow(to_m(f.lat, f.lon));
                }
                let hq_near = m.hq.clone().filter(|h| {
                    match (LatLon::new(h.lat, h.lon), LatLon::new(lat0, lon0)) {
                        (Ok(a), Ok(b)) => a.distance_m(b) < 15_000.0,
                        _ => false,
                    }
                });
                if let Some(h) = &hq_near {
                    grow(to_m(h.lat, h.lon));
                }
                let (w, h) = ((x1 - x0).max(1.0) * 1.12, (y1 - y0).max(1.0) * 1.12);
                let scale = (W / w).min(H / h);
                let p = Proj { lat0, lon0, cos, scale, cx: (x0 + x1) / 2.0, cy: (y0 + y1) / 2.0 };
                let (px, py) = p.xy(lat0, lon0);
                let r = (acc * scale).max(0.0);
                let others = path(&p, &m.kabkota);
                let outline = path(&p, &kec);
                let trail_pts: Vec<(f64, f64)> = trail.iter().map(|f| p.xy(f.lat, f.lon)).collect();
                let trail_line = if trail_pts.is_empty() {
                    String::new()
                } else {
                    std::iter::once((px, py)).chain(trail_pts.iter().copied()).enumerate()
                        .map(|(i, (x, y))| format!("{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" }))
                        .collect()
                };
                let hq = hq_near.map(|h| (p.xy(h.lat, h.lon), h.name));
                // A scale bar of a round length, about a fifth of the width.
                let want = W / 5.0 / scale;
                let bar_m = [20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10_000.0, 20_000.0, 50_000.0]
                    .into_iter()
                    .rev()
                    .find(|m| *m <= want)
                    .unwrap_or(20.0);
                let bar_px = bar_m * scale;
                let bar_label = if bar_m >= 1000.0 { format!("{} km", bar_m / 1000.0) } else { format!("{bar_m} m") };
                view! {
                    <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=move || if caller { td_string!(l(), locate_map_label) } else { td_string!(l(), map_label) } class="map-svg">
                        <rect class="sea" x="0" y="0" width=W.to_string() height=H.to_string()/>
                        <path class="kab" d=others/>
                        <path class="kec" d=outline fill-rule="evenodd"/>
                        {(r > 1.0).then(|| view! { <circle class="acc" cx=format!("{px:.1}") cy=format!("{py:.1}") r=format!("{r:.1}")/> })}
                        <path class="trail-line" d=trail_line/>
                        {trail_pts.into_iter().map(|(x, y)| view! { <circle class="trail-pt" cx=format!("{x:.1}") cy=format!("{y:.1}") r="6"/> }).collect_view()}
                        {hq.map(|((x, y), name)| view! {
                            <g class="hq"><rect x=format!("{:.1}", x - 9.0) y=format!("{:.1}", y - 9.0) width="18" height="18"/><title>{name}</title></g>
                        })}
                        <circle class="pos" cx=format!("{px:.1}") cy=format!("{py:.1}") r="10"/>
                        <g class="scale">
                            <rect class="scale-bg" x="8" y=format!("{:.1}", H - 46.0) width=format!("{:.1}", (bar_px + 16.0).max(90.0)) height="40" rx="4"/>
                            <path class="scale-bar" d=format!("M16 {:.1}v8h{bar_px:.1}v-8", H - 20.0)/>
                            <text x="16" y=format!("{:.1}", H - 24.0) class="scale-text">{bar_label}</text>
                        </g>
                    </svg>
                    <figcaption class="hint">{td_string!(l(), map_legend)}</figcaption>
                }.into_any()
            })}
        </figure>
    }
    .into_any()
}
