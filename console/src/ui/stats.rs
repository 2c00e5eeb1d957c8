//! A supervisor's statistics: reports per day by outcome and by category, time to seen and to
//! dispatched (median, p90), the false-report share — from the last 500 reports of the scope.
use leptos::prelude::*;

use super::{text, Console};
use crate::api;
use crate::i18n::*;
use crate::model::{duration, stats, Summary};

const KEYS: [&str; 6] = [
    "open",
    "handled",
    "false_report",
    "duplicate",
    "exercise",
    "unreachable",
];

#[component]
pub fn Stats() -> impl IntoView {
    let i18n = use_i18n();
    let c = expect_context::<Console>();
    let l = move || i18n.get_locale();
    let rows = RwSignal::new(None::<Vec<Summary>>);
    leptos::task::spawn_local(async move {
        match api::call("GET", "/reports?state=all&limit=500", None).await {
            Ok(a) if a.ok() => {
                #[derive(serde::Deserialize)]
                struct List {
                    reports: Vec<Summary>,
                }
                if let Ok(x) = serde_json::from_str::<List>(&a.body) {
                    rows.set(Some(x.reports));
                }
            }
            Ok(a) if a.status == 401 => c.signed_out(true),
            _ => c.error.set(Some("network".into())),
        }
    });
    let units = move || {
        let l = l();
        [
            td_string!(l, unit_s),
            td_string!(l, unit_min),
            td_string!(l, unit_h),
        ]
    };
    let fmt = move |(m, p): (Option<f64>, Option<f64>)| match (m, p) {
        (Some(m), Some(p)) => format!("{} · p90 {}", duration(m, units()), duration(p, units())),
        _ => "—".to_string(),
    };
    view! {
        <section class="stats card" aria-labelledby="stats-title" data-testid="stats">
            <h2 id="stats-title">{move || td_string!(l(), stats_title)}</h2>
            <p class="hint">{move || td_string!(l(), stats_note)}</p>
            {move || rows.get().map(|rows| {
                let st = stats(&rows);
                let share = if st.closed > 0 { format!("{:.0}% ({}/{})", 100.0 * st.false_reports as f64 / st.closed as f64, st.false_reports, st.closed) } else { "—".into() };
                view! {
                    <dl class="facts figures">
                        <dt>{move || td_string!(l(), stats_total)}</dt><dd data-testid="stats-total">{st.total}</dd>
                        <dt>{move || td_string!(l(), stats_to_seen)}</dt><dd data-testid="stats-seen">{let v = st.to_seen; move || fmt(v)}</dd>
                        <dt>{move || td_string!(l(), stats_to_dispatched)}</dt><dd data-testid="stats-dispatched">{let v = st.to_dispatched; move || fmt(v)}</dd>
                        <dt>{move || td_string!(l(), stats_false_share)}</dt><dd data-testid="stats-false">{share}</dd>
                    </dl>
                    <table class="table" data-testid="stats-days">
                        <caption>{move || td_string!(l(), stats_per_day)}</caption>
                        <thead><tr>
                            <th scope="col">{move || td_string!(l(), stats_day)}</th>
                            {KEYS.iter().map(|k| view! { <th scope="col">{move || if *k == "open" { td_string!(l(), queue_open) } else { text::outcome(l(), k) }}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {st.days.iter().map(|(d, counts)| view! {
                                <tr><th scope="row">{d.clone()}</th>
                                {KEYS.iter().map(|k| {
                                    let n = counts.iter().find(|(x, _)| x == k).map(|(_, n)| *n).unwrap_or(0);
                                    view! { <td>{n}</td> }
                                }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <table class="table" data-testid="stats-categories">
                        <caption>{move || td_string!(l(), stats_per_category)}</caption>
                        <thead><tr><th scope="col">{move || td_string!(l(), f_category)}</th><th scope="col">{move || td_string!(l(), stats_count)}</th></tr></thead>
                        <tbody>
                            {st.categories.iter().map(|(cat, n)| view! {
                                <tr><th scope="row">{let c2 = cat.clone(); move || text::category(l(), &c2)}</th><td>{*n}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
        </section>
    }
}
