//! Asking a caller for their location: the operator makes a one-time link (optionally with a
//! note, optionally about a report), copies it into an SMS or reads it out, and watches the
//! caller's answer arrive live (`event: location`): the newest position with its Plus Code,
//! accuracy and age, the kecamatan and Polres the center found, and the map.
use leptos::prelude::*;

use super::SetLate;
use super::{map::ReportMap, report::Copy, text, Console};
use crate::api;
use crate::i18n::*;
use crate::model::{clock, ms, Loc, LocationRequest, MapData, TrailFix};

/// `HH:MM` of an RFC 3339 time, on this computer's clock.
fn hm(iso: &str) -> String {
    let (_, _, _, h, mi, _) = api::local(ms(iso));
    format!("{h:02}:{mi:02}")
}

#[component]
pub fn LocatePanel(report_id: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let c = expect_context::<Console>();
    let l = move || i18n.get_locale();
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let made = RwSignal::new(None::<String>);
    let from_report = report_id.is_some();
    let report_label = report_id.as_ref().map(|id| {
        c.rows
            .with_untracked(|rows| rows.iter().find(|r| &r.id == id).cloned())
            .map(|r| (Some(r.category.clone()), r.kecamatan.clone()))
            .unwrap_or((None, None))
    });
    let rid = StoredValue::new(report_id);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set_late(true);
        error.set_late(None);
        let body = serde_json::json!({
            "note": Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
            "report_id": rid.get_value(),
        })
        .to_string();
        leptos::task::spawn_local(async move {
            match api::call("POST", "/location-requests", Some(body)).await {
                Ok(a) if a.ok() => match serde_json::from_str::<LocationRequest>(&a.body) {
                    Ok(req) => {
                        made.set_late(Some(req.id.clone()));
                        c.upsert_locate(req);
                        note.set_late(String::new());
                    }
                    Err(e) => error.set_late(Some(e.to_string())),
                },
                Ok(a) if a.status == 401 => c.signed_out(true),
                Ok(a) => error.set_late(Some(a.message())),
                Err(()) => error.set_late(Some(td_string!(l(), error_network).to_string())),
            }
            busy.set_late(false);
        });
    };
    let close = move |_| c.locate.set(None);
    // Keyboard and screen-reader users land on the panel they opened.
    let title: NodeRef<leptos::html::H2> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(h) = title.get() {
            let _ = h.focus();
        }
    });
    let made_req = move || {
        made.get()
            .and_then(|id| c.locates.with(|v| v.iter().find(|r| r.id == id).cloned()))
    };
    view! {
        <section class="locate" data-testid="locate-panel" aria-labelledby="locate-title">
            <div class="locate-head">
                <h2 id="locate-title" tabindex="-1" node_ref=title>{move || td_string!(l(), locate_title)}</h2>
                <button type="button" class="secondary" data-testid="locate-close" on:click=close>
                    {move || if from_report { td_string!(l(), locate_back_report) } else { td_string!(l(), locate_close) }}
                </button>
            </div>
            <p class="hint">{move || td_string!(l(), locate_intro)}</p>
            {report_label.map(|(cat, kec)| view! {
                <p class="locate-for" data-testid="locate-for-report">{move || {
                    let what = match (&cat, &kec) {
                        (Some(cat), Some(k)) => format!("{} · {k}", text::category(l(), cat)),
                        (Some(cat), None) => text::category(l(), cat).to_string(),
                        _ => String::new(),
                    };
                    text::fill(td_string!(l(), locate_for_report), &[("what", what)])
                }}</p>
            })}
            <form class="card locate-form" on:submit=create>
                <label for="locate-note">{move || td_string!(l(), locate_note_label)}</label>
                <input id="locate-note" type="text" data-testid="locate-note" maxlength="200" autocomplete="off"
                    aria-describedby="locate-note-hint"
                    prop:value=move || note.get() on:input=move |ev| note.set_late(event_target_value(&ev))/>
                <p class="hint" id="locate-note-hint">{move || td_string!(l(), locate_note_hint)}" ("{move || note.with(|t| t.chars().count())}"/200)"</p>
                <button type="submit" class="primary" data-testid="locate-create" disabled=move || busy.get()>
                    {move || if busy.get() { td_string!(l(), locate_creating) } else { td_string!(l(), locate_create) }}
                </button>
                {move || error.get().map(|e| view! {
                    <p class="error" role="alert" data-testid="locate-error">{text::fill(td_string!(l(), locate_error), &[("msg", e)])}</p>
                })}
            </form>
            <div aria-live="polite">
                {move || made_req().map(|r| {
                    let link = r.link.clone();
                    let until = hm(&r.expires_at);
                    view! {
                        <div class="card locate-made" data-testid="locate-made">
                            <h3>{move || td_string!(l(), locate_link_title)}</h3>
                            <p class="link-line"><span class="mono locate-url" data-testid="locate-link">{link.clone()}</span>" "<Copy text=link testid="locate-copy"/></p>
                            <p>{move || td_string!(l(), locate_send_hint)}</p>
                            <p class="hint" data-testid="locate-expires">{move || text::fill(td_string!(l(), locate_valid_until), &[("time", until.clone())])}</p>
                        </div>
                    }
                })}
            </div>
            <h3 class="locate-list-title">{move || td_string!(l(), locate_recent)}</h3>
            <Show when=move || !c.locates.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{move || td_string!(l(), locate_none)}</p> }>
                <ol class="locate-list" data-testid="locate-list">
                    <For each=move || c.locates.with(|v| v.iter().map(|r| r.id.clone()).collect::<Vec<_>>()) key=|id| id.clone()
                        children=move |id| view! { <Item id=id/> }/>
                </ol>
            </Show>
        </section>
    }
}

/// One request of the list, following its changes.
#[component]
fn Item(id: String) -> impl IntoView {
    let c = expect_context::<Console>();
    let req = {
        let id = id.clone();
        Memo::new(move |_| c.locates.with(|v| v.iter().find(|r| r.id == id).cloned()))
    };
    let map = RwSignal::new(None::<MapData>);
    // The map's outlines: again whenever the newest position moved.
    Effect::new(move |prev: Option<Option<(f64, f64)>>| {
        let newest = req.with(|r| r.as_ref().and_then(|r| r.newest().map(|f| (f.lat, f.lon))));
        if newest.is_some() && prev.as_ref() != Some(&newest) {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                if let Ok(a) = api::call("GET", &format!("/location-requests/{id}/map"), None).await
                {
                    if let Ok(m) = serde_json::from_str::<MapData>(&a.body) {
                        map.set_late(Some(m));
                    }
                }
            });
        }
        newest
    });
    move || req.get().map(|r| view! { <ItemBody r=r map=map/> })
}

#[component]
fn ItemBody(r: LocationRequest, map: RwSignal<Option<MapData>>) -> impl IntoView {
    let i18n = use_i18n();
    let c = expect_context::<Console>();
    let l = move || i18n.get_locale();
    let state = {
        let r = r.clone();
        Memo::new(move |_| r.shown_state(c.now.get()).to_string())
    };
    let supervisor =
        c.me.with_untracked(|m| m.as_ref().is_some_and(|m| m.role == "supervisor"));
    let unit = r
        .polres
        .as_ref()
        .map(|p| p.label())
        .or(r.polda.clone())
        .filter(|_| supervisor);
    let made = clock(ms(&r.created_at));
    let until = hm(&r.expires_at);
    let until2 = until.clone();
    let link = r.link.clone();
    let newest = r.newest().cloned();
    let count = r.fixes.len();
    let place = r.place.clone();
    let trail: Vec<TrailFix> = r
        .fixes
        .iter()
        .rev()
        .skip(1)
        .map(|f| TrailFix {
            lat: f.lat,
            lon: f.lon,
            accuracy_m: f.accuracy_m,
            fix_time_ms: ms(&f.fix_time),
        })
        .collect();
    view! {
        <li class=move || format!("locate-item {}", state.get()) data-testid="locate-request" data-id=r.id.clone()
            data-state=move || state.get()>
            <div class="locate-item-head">
                <span class=move || format!("state-pill loc-{}", state.get()) data-testid="locate-state">{move || text::locate_state(l(), &state.get())}</span>
                <span class="hint">{move || text::fill(td_string!(l(), locate_made), &[("time", made.clone())])}" "<bdi>{r.operator.clone()}</bdi>{unit.map(|u| format!(" · {u}"))}</span>
                {r.report_id.clone().map(|rid| view! { <a class="locate-report" href=format!("#r={rid}")>{move || td_string!(l(), open_report)}</a> })}
            </div>
            {r.note.clone().map(|n| view! { <p class="locate-note"><span>{move || td_string!(l(), locate_note)}": "</span><bdi>{n}</bdi></p> })}
            {move || match state.get().as_str() {
                "waiting" => view! {
                    <p class="hint">{text::fill(td_string!(l(), locate_waiting_hint), &[("time", until.clone())])}</p>
                    <p class="link-line"><span class="sr-only">{td_string!(l(), locate_link)}": "</span><span class="mono locate-url">{link.clone()}</span>" "<Copy text=link.clone() testid="locate-request-copy"/></p>
                }.into_any(),
                "declined" => view! { <p class="hint">{td_string!(l(), locate_declined_hint)}</p> }.into_any(),
                "expired" => view! { <p class="hint">{td_string!(l(), locate_expired_hint)}</p> }.into_any(),
                _ => ().into_any(),
            }}
            {newest.map(|f| {
                let latlon = format!("{:.6}, {:.6}", f.lat, f.lon);
                let plus = siaga110_core::olc::encode(f.lat, f.lon, 10).ok();
                let fix_ms = ms(&f.fix_time);
                let acc = f.accuracy_m;
                let loc = Loc {
                    lat: f.lat,
                    lon: f.lon,
                    accuracy_m: f.accuracy_m,
                    fix_time_ms: Some(fix_ms),
                    source: Some("device".into()),
                    label: None,
                };
                let (area, area_polres) = match &place {
                    Some(p) => (
                        Some(format!("{}{}", p.kecamatan.clone().unwrap_or_default(), p.kabkota.clone().map(|k| format!(", {k}")).unwrap_or_default())),
                        p.polres.as_ref().map(|p| p.label()),
                    ),
                    None => (None, None),
                };
                view! {
                    <dl class="facts">
                        <dt>{move || td_string!(l(), loc_latlon)}</dt>
                        <dd><span class="mono" data-testid="locate-latlon">{latlon.clone()}</span>" "<Copy text=latlon testid="locate-copy-latlon"/></dd>
                        <dt>{move || td_string!(l(), loc_plus)}</dt>
                        <dd>{plus.map(|pc| view! { <span class="mono" data-testid="locate-plus">{pc.clone()}</span>" "<Copy text=pc testid="locate-copy-plus"/> })}</dd>
                        <dt>{move || td_string!(l(), loc_acc_label)}</dt>
                        <dd data-testid="locate-accuracy">{move || match acc {
                            Some(a) => text::fill(td_string!(l(), loc_accuracy), &[("n", format!("{a:.0}"))]),
                            None => td_string!(l(), loc_accuracy_unknown).to_string(),
                        }}</dd>
                        <dt>{move || td_string!(l(), loc_age)}</dt>
                        <dd data-testid="locate-age">{move || text::fill(td_string!(l(), loc_measured), &[("age", text::age(l(), c.now.get(), fix_ms))])}</dd>
                        <dt>{move || td_string!(l(), locate_area)}</dt>
                        <dd data-testid="locate-area">{let a = area.clone(); move || a.clone().unwrap_or_else(|| td_string!(l(), locate_outside).to_string())}</dd>
                        <dt>{move || td_string!(l(), locate_area_polres)}</dt>
                        <dd data-testid="locate-area-polres">{area_polres.unwrap_or_else(|| "—".into())}</dd>
                        <dt>{move || td_string!(l(), locate_positions)}</dt>
                        <dd>{count}</dd>
                    </dl>
                    <p class="hint">{move || text::fill(td_string!(l(), locate_updates_until), &[("time", until2.clone())])}</p>
                    <ReportMap loc=Some(loc) data=map trail=trail caller=true/>
                }
            })}
        </li>
    }
}
