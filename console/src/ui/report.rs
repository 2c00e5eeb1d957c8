//! One report: every field, the person's text as text, the position, the map, the actions.
use leptos::prelude::*;
use serde_json::Value;

use super::SetLate;
use super::{map::ReportMap, text, Console};
use crate::api;
use crate::i18n::*;
use crate::model::{ms, AuditEntry, Detail, MapData, Summary};

/// A copy button with its feedback.
#[component]
pub fn Copy(text: String, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let l = move || i18n.get_locale();
    let done = RwSignal::new(0u8);
    let click = move |_| {
        let t = text.clone();
        leptos::task::spawn_local(async move {
            done.set_late(if api::copy(&t).await.is_ok() { 1 } else { 2 });
            leptos::prelude::set_timeout(
                move || done.set_late(0),
                std::time::Duration::from_secs(3),
            );
        });
    };
    view! {
        <button type="button" class="copy secondary" data-testid=testid on:click=click>
            {move || match done.get() {
                1 => td_string!(l(), copied),
                2 => td_string!(l(), copy_failed),
                _ => td_string!(l(), copy),
            }}
        </button>
    }
}

fn s(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
}

#[component]
pub fn ReportView(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let c = expect_context::<Console>();
    let l = move || i18n.get_locale();
    let detail = RwSignal::new(None::<Result<Detail, u16>>);
    let map = RwSignal::new(None::<MapData>);
    let audit = RwSignal::new(Vec::<AuditEntry>::new());
    let note = RwSignal::new(None::<String>);
    // The reply being typed lives here, not in the body: the body is drawn again whenever the
    // report changes (a live update, an action), and what the operator typed must survive that.
    let reply_text = RwSignal::new(String::new());
    let marked = StoredValue::new(false);
    let id = StoredValue::new(id);
    c.fresh.update(|f| f.retain(|x| *x != id.get_value()));

    // Answers can come back after the operator has left this report, when its signals and values
    // are gone: every read after an `await` is a `try_`, and the id is read before the request
    // (an answer for a view that is gone changes nothing, and a report whose detail was never
    // shown is not marked seen).
    let load_audit = move || {
        let Some(rid) = id.try_get_value() else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(a) = api::call("GET", &format!("/reports/{rid}/audit"), None).await {
                #[derive(serde::Deserialize)]
                struct A {
                    audit: Vec<AuditEntry>,
                }
                if let Ok(x) = serde_json::from_str::<A>(&a.body) {
                    audit.set_late(x.audit);
                }
            }
        });
    };
    // After an action: the new summary into the view and the queue.
    let apply = move |row: Summary| {
        detail.try_update(|d| {
            if let Some(Ok(d)) = d {
                if row.updated_at >= d.s.updated_at {
                    d.s = row.clone();
                }
            }
        });
        c.upsert(row);
        load_audit();
    };
    let act = move |what: &'static str, body: String| {
        let Some(rid) = id.try_get_value() else {
            return;
        };
        note.set_late(None);
        leptos::task::spawn_local(async move {
            let path = format!("/reports/{rid}/{what}");
            match api::call("POST", &path, Some(body)).await {
                Ok(a) if a.ok() => {
                    if let Ok(row) = serde_json::from_str::<Summary>(&a.body) {
                        apply(row);
                        if what != "seen" {
                            note.set_late(Some(td_string!(l(), act_done).to_string()));
                        }
                    }
                }
                Ok(a) if a.status == 401 => c.signed_out(true),
                Ok(a) => note.set_late(Some(text::fill(
                    td_string!(l(), act_conflict),
                    &[("msg", a.message())],
                ))),
                Err(()) => note.set_late(Some(td_string!(l(), error_network).to_string())),
            }
        });
    };
    // Loads (and again when the feed says it changed); marks it seen on the first open.
    Effect::new(move |_| {
        c.changed.track();
        let rid = id.get_value();
        leptos::task::spawn_local(async move {
            match api::call("GET", &format!("/reports/{rid}"), None).await {
                Ok(a) if a.ok() => match serde_json::from_str::<Detail>(&a.body) {
                    Ok(d) => {
                        let received = d.s.state == "received";
                        // Answers may cross (a reload started before an action): keep the newest.
                        let Some(older) = detail.try_with_untracked(
                            |cur| matches!(cur, Some(Ok(cur)) if cur.s.updated_at > d.s.updated_at),
                        ) else {
                            return; // the operator has left this report
                        };
                        if !older {
                            detail.set_late(Some(Ok(d)));
                        }
                        if marked.try_update_value(|m| std::mem::replace(m, true)) == Some(false) {
                            if received {
                                act("seen", "{}".into());
                            } else {
                                load_audit();
                            }
                        }
                    }
                    Err(e) => {
                        leptos::logging::error!("report: {e}");
                        detail.set_late(Some(Err(0)));
                    }
                },
                Ok(a) if a.status == 401 => c.signed_out(true),
                Ok(a) => detail.set_late(Some(Err(a.status))),
                Err(()) => detail.set_late(Some(Err(0))),
            }
        });
    });
    let rid = id.get_value();
    leptos::task::spawn_local(async move {
        if let Ok(a) = api::call("GET", &format!("/reports/{rid}/map"), None).await {
            if let Ok(m) = serde_json::from_str::<MapData>(&a.body) {
                map.set_late(Some(m));
            }
        }
    });
    let back = move |_| api::set_hash_report(None);
    view! {
        <section class="report" aria-labelledby="report-title" data-testid="report">
            <button type="button" class="secondary back" data-testid="back" on:click=back>{move || td_string!(l(), back_to_queue)}</button>
            {move || match detail.get() {
                None => view! { <p class="loading">{td_string!(l(), report_loading)}</p> }.into_any(),
                Some(Err(404)) => view! { <h2 id="report-title">{td_string!(l(), report_title)}</h2><p class="error" role="alert">{td_string!(l(), report_missing)}</p> }.into_any(),
                Some(Err(_)) => view! { <h2 id="report-title">{td_string!(l(), report_title)}</h2><p class="error" role="alert">{td_string!(l(), error_network)}</p> }.into_any(),
                Some(Ok(d)) => view! { <Body d=d map=map audit=audit note=note reply_text=reply_text act=act/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Body(
    d: Detail,
    map: RwSignal<Option<MapData>>,
    audit: RwSignal<Vec<AuditEntry>>,
    note: RwSignal<Option<String>>,
    reply_text: RwSignal<String>,
    act: impl Fn(&'static str, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = expect_context::<Console>();
    let l = move || i18n.get_locale();
    let r = d.report.clone();
    let sm = d.s.clone();
    let description = s(&r["description"]);
    let landmark = s(&r["landmark"]);
    let name = s(&r["reporter"]["name"]);
    let phone = s(&r["reporter"]["phone"]);
    let minutes_ago = r["minutes_ago"].as_u64();
    let subject = sm.subject.clone();
    let loc = sm.location.clone();
    let closed = !sm.is_open();
    let state = sm.state.clone();
    let outcome = sm.outcome.clone();
    let phone_polres = r["polres"]["name"].as_str().map(str::to_string);
    let outcome_sel = RwSignal::new(String::new());
    let latlon = loc.as_ref().map(|p| format!("{:.6}, {:.6}", p.lat, p.lon));
    let plus = d.plus_code.clone();
    let times = [
        (1u8, sm.created_at.clone()),
        (2, Some(sm.received_at.clone())),
        (3, sm.seen_at.clone()),
        (4, sm.dispatched_at.clone()),
        (5, sm.closed_at.clone()),
    ];
    let trail = d.trail.clone();
    let trail_list = d.trail.clone();
    let loc_map = loc.clone();
    let cat = sm.category.clone();
    // Keyboard and screen-reader users land on the report they opened.
    let title: NodeRef<leptos::html::H2> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(h) = title.get() {
            if !api::focus_inside(".report") {
                let _ = h.focus();
            }
        }
    });
    view! {
        <header class="report-head">
            <h2 id="report-title" data-testid="report-title" tabindex="-1" node_ref=title>{let c2 = cat.clone(); move || text::category(l(), &c2)}</h2>
            <span class=format!("state-pill {state}") data-testid="report-state">{let s2 = state.clone(); let o = outcome.clone(); move || match &o {
                Some(o) => format!("{} · {}", text::state(l(), &s2), text::outcome(l(), o)),
                None => text::state(l(), &s2).to_string(),
            }}</span>
            <span class="age">{let t = ms(&sm.received_at); move || text::age(l(), c.now.get(), t)}</span>
        </header>
        {sm.exercise.then(|| view! { <p class="exercise-banner" role="note">{move || td_string!(l(), exercise_banner)}</p> })}
        <section class="actions-bar" aria-labelledby="h-actions">
            <h3 id="h-actions" class="sr-only">{move || td_string!(l(), actions)}</h3>
            <button type="button" class="primary" data-testid="act-dispatched"
                disabled=closed || state == "dispatched"
                on:click=move |_| act("dispatched", "{}".into())>{move || td_string!(l(), act_dispatched)}</button>
            <span class="close-group">
                <label for="outcome">{move || td_string!(l(), act_outcome)}</label>
                <select id="outcome" data-testid="act-outcome" disabled=closed
                    on:change=move |ev| outcome_sel.set(event_target_value(&ev))>
                    <option value="">{move || td_string!(l(), act_outcome_choose)}</option>
                    {text::OUTCOMES.iter().map(|o| view! { <option value=*o>{move || text::outcome(l(), o)}</option> }).collect_view()}
                </select>
                <button type="button" class="danger-btn" data-testid="act-close" disabled=move || closed || outcome_sel.with(String::is_empty)
                    on:click=move |_| act("close", serde_json::json!({ "outcome": outcome_sel.get_untracked() }).to_string())>
                    {move || td_string!(l(), act_close)}
                </button>
            </span>
            <button type="button" class="secondary" data-testid="locate-open-report"
                on:click={let rid = sm.id.clone(); move |_| c.locate.set(Some(Some(rid.clone())))}>
                {move || td_string!(l(), locate_open)}
            </button>
            {move || note.get().map(|n| view! { <span class="notice" role="status" data-testid="act-note">{n}</span> })}
        </section>
        <div class="report-grid">
            <div class="col">
                <section class="card" aria-labelledby="h-desc">
                    <h3 id="h-desc">{move || td_string!(l(), report_description)}</h3>
                    <p class="person-text" data-testid="description" tabindex="0" aria-labelledby="h-desc">
                        {match description.clone() {
                            Some(t) => view! { <bdi>{t}</bdi> }.into_any(),
                            None => view! { <em>{move || td_string!(l(), no_description)}</em> }.into_any(),
                        }}
                    </p>
                    <p class="hint">{move || td_string!(l(), report_as_typed)}</p>
                    <dl class="facts">
                        <dt>{move || td_string!(l(), f_danger)}</dt>
                        <dd class:ongoing=sm.danger == "ongoing">{let dg = sm.danger.clone(); move || text::danger(l(), &dg)}</dd>
                        <dt>{move || td_string!(l(), f_injured)}</dt>
                        <dd>{let n = sm.injured; move || text::injured(l(), n)}</dd>
                        <dt>{move || td_string!(l(), f_when)}</dt>
                        <dd>{move || match minutes_ago {
                            Some(0) | None => td_string!(l(), when_now).to_string(),
                            Some(n) => text::fill(td_string!(l(), when_ago), &[("n", n.to_string())]),
                        }}</dd>
                        <dt>{move || td_string!(l(), f_subject)}</dt>
                        <dd>{let sj = subject.clone(); move || if sj.as_deref() == Some("me") { td_string!(l(), subject_me) } else { td_string!(l(), subject_other) }}</dd>
                        <dt>{move || td_string!(l(), f_landmark)}</dt>
                        <dd data-testid="landmark">{match landmark.clone() { Some(m) => view! { <bdi>{m}</bdi> }.into_any(), None => "—".into_any() }}</dd>
                        <dt>{move || td_string!(l(), f_name)}</dt>
                        <dd data-testid="reporter-name">{match name.clone() { Some(m) => view! { <bdi>{m}</bdi> }.into_any(), None => "—".into_any() }}</dd>
                    </dl>
                </section>
                <section class="card" class:alert=sm.text_only aria-labelledby="h-reach" data-testid="reach">
                    <h3 id="h-reach">{move || td_string!(l(), f_reach)}</h3>
                    {sm.text_only.then(|| view! { <p class="flag text-only big">{move || td_string!(l(), reach_text_only)}</p> })}
                    {match phone.clone() {
                        Some(p) => view! {
                            <p class="phone"><span>{move || td_string!(l(), f_phone)}": "</span><bdi data-testid="phone" dir="ltr">{p.clone()}</bdi>" "<Copy text=p testid="copy-phone"/></p>
                            {(!sm.text_only).then(|| view! { <p class="hint">{move || td_string!(l(), reach_call_ok)}</p> })}
                        }.into_any(),
                        None => view! { <p class="hint">{move || td_string!(l(), reach_no_phone)}</p> }.into_any(),
                    }}
                </section>
                <section class="card" aria-labelledby="h-reply" data-testid="actions">
                    <h3 id="h-reply">{move || td_string!(l(), act_reply)}</h3>
                    <form class="reply" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let t = reply_text.get_untracked();
                        if !t.trim().is_empty() {
                            act("reply", serde_json::json!({ "text": t }).to_string());
                            reply_text.set(String::new());
                        }
                    }>
                        <label for="reply" class="sr-only">{move || td_string!(l(), act_reply)}</label>
                        <textarea id="reply" data-testid="act-reply-text" maxlength="280" rows="2"
                            aria-describedby="reply-hint"
                            prop:value=move || reply_text.get() on:input=move |ev| reply_text.set(event_target_value(&ev))></textarea>
                        <p class="hint" id="reply-hint">{move || td_string!(l(), act_reply_hint)}" ("{move || reply_text.with(|t| t.chars().count())}"/280)"</p>
                        <button type="submit" class="primary" data-testid="act-reply">{move || td_string!(l(), act_reply_send)}</button>
                    </form>
                    {sm.reply.clone().map(|t| view! {
                        <p class="last-reply"><span>{move || td_string!(l(), act_reply_sent)}": "</span><bdi data-testid="reply-shown">{t}</bdi></p>
                    })}
                </section>
            </div>
            <div class="col">
                <section class="card" aria-labelledby="h-loc" data-testid="location">
                    <h3 id="h-loc">{move || td_string!(l(), f_location)}</h3>
                    {match loc.clone() {
                        None => view! { <p class="notice">{move || td_string!(l(), loc_none)}</p> }.into_any(),
                        Some(p) => {
                            let acc = p.accuracy_m;
                            let manual = p.source.as_deref() == Some("manual");
                            let label = p.label.clone().unwrap_or_default();
                            let fix = p.fix_time_ms;
                            view! {
                                <dl class="facts">
                                    <dt>{move || td_string!(l(), loc_latlon)}</dt>
                                    <dd><span class="mono" data-testid="latlon">{latlon.clone()}</span>" "<Copy text=latlon.clone().unwrap_or_default() testid="copy-latlon"/></dd>
                                    <dt>{move || td_string!(l(), loc_plus)}</dt>
                                    <dd>{plus.clone().map(|pc| view! { <span class="mono" data-testid="plus-code">{pc.clone()}</span>" "<Copy text=pc testid="copy-plus"/> })}</dd>
                                    <dt>{move || td_string!(l(), loc_acc_label)}</dt>
                                    <dd data-testid="accuracy">{move || if manual {
                                        text::fill(td_string!(l(), loc_manual), &[("label", label.clone())])
                                    } else {
                                        match acc {
                                            Some(a) => text::fill(td_string!(l(), loc_accuracy), &[("n", format!("{a:.0}"))]),
                                            None => td_string!(l(), loc_accuracy_unknown).to_string(),
                                        }
                                    }}</dd>
                                    <dt>{move || td_string!(l(), loc_age)}</dt>
                                    <dd data-testid="fix-age">{move || fix.map(|f| text::fill(td_string!(l(), loc_measured), &[("age", text::age(l(), c.now.get(), f))])).unwrap_or_default()}</dd>
                                </dl>
                            }.into_any()
                        }
                    }}
                    <ReportMap loc=loc_map data=map trail=trail/>
                    <h4>{move || td_string!(l(), f_trail)}</h4>
                    {if trail_list.is_empty() {
                        view! { <p class="hint">{move || td_string!(l(), trail_none)}</p> }.into_any()
                    } else {
                        view! { <ol class="trail" data-testid="trail">{trail_list.iter().map(|f| {
                            let t = f.fix_time_ms;
                            let a = f.accuracy_m.map(|a| format!(" ± {a:.0} m")).unwrap_or_default();
                            view! { <li><span class="mono">{format!("{:.6}, {:.6}", f.lat, f.lon)}</span>{a}" · "{move || text::age(l(), c.now.get(), t)}</li> }
                        }).collect_view()}</ol> }.into_any()
                    }}
                </section>
                <section class="card" aria-labelledby="h-area">
                    <h3 id="h-area">{move || td_string!(l(), f_area)}</h3>
                    <dl class="facts">
                        <dt>"Kecamatan"</dt>
                        <dd data-testid="kecamatan">{sm.kecamatan.clone().unwrap_or_default()}{sm.kabkota.clone().map(|k| format!(", {k}"))}</dd>
                        <dt>{move || td_string!(l(), f_queue)}</dt>
                        <dd>{sm.polres.as_ref().map(|p| p.label()).or(sm.polda.clone()).unwrap_or_default()}" — "{let rt = sm.route.clone().unwrap_or_default(); move || text::route(l(), &rt)}</dd>
                        <dt>{move || td_string!(l(), f_area_basis)}</dt>
                        <dd data-testid="area-basis" data-basis=sm.area_basis.clone().unwrap_or_default()
                            class:mismatch=sm.area_basis.as_deref() == Some("name-match")>
                            {let b = sm.area_basis.clone(); move || text::area_basis(l(), b.as_deref())}</dd>
                        <dt>{move || td_string!(l(), f_phone_polres)}</dt>
                        <dd class:mismatch=sm.polres_mismatch>{phone_polres.clone().unwrap_or_else(|| "—".into())}
                            {sm.polres_mismatch.then(|| view! { " " <span class="flag mismatch">{move || td_string!(l(), flag_mismatch)}</span> })}</dd>
                    </dl>
                </section>
                <section class="card" aria-labelledby="h-times">
                    <h3 id="h-times">{move || td_string!(l(), f_times)}</h3>
                    <dl class="facts">
                        {times.into_iter().filter_map(|(k, t)| t.map(|t| (k, t))).map(|(k, t)| view! {
                            <dt>{move || match k {
                                1 => td_string!(l(), t_created),
                                2 => td_string!(l(), t_received),
                                3 => td_string!(l(), t_seen),
                                4 => td_string!(l(), t_dispatched),
                                _ => td_string!(l(), t_closed),
                            }}</dt>
                            <dd>{crate::model::clock(ms(&t))}</dd>
                        }).collect_view()}
                    </dl>
                    <h4>{move || td_string!(l(), audit_title)}</h4>
                    <ol class="audit" data-testid="audit">
                        {move || audit.get().into_iter().map(|a| view! {
                            <li>{crate::model::clock(ms(&a.at))}" · "<bdi>{a.operator}</bdi>" · "{let act = a.action.clone(); move || text::audit_action(l(), &act)}{a.detail.map(|d| view! { ": " <bdi>{d}</bdi> })}</li>
                        }).collect_view()}
                    </ol>
                </section>
            </div>
        </div>
    }
}
