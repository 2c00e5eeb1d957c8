//! The live queue: open reports first, danger ongoing and text-only first, then newest.
use leptos::prelude::*;

use super::{text, Console};
use crate::api;
use crate::i18n::*;
use crate::model::{first_words, order, similar, Summary};

#[component]
pub fn Queue() -> impl IntoView {
    let i18n = use_i18n();
    let c = expect_context::<Console>();
    let l = move || i18n.get_locale();
    let shown = Memo::new(move |_| {
        let filter = c.filter.get();
        let all = c.show_all.get();
        let exercise = c.exercise.get();
        let mut rows: Vec<Summary> = c.rows.with(|r| {
            r.iter()
                .filter(|r| all || r.is_open())
                .filter(|r| r.exercise == exercise)
                .filter(|r| match filter.as_str() {
                    "" => true,
                    "-" => r.polres.is_none(),
                    id => r.polres.as_ref().is_some_and(|p| p.id == id),
                })
                .cloned()
                .collect()
        });
        order(&mut rows);
        rows
    });
    let similar = Memo::new(move |_| c.rows.with(|r| similar(r)));
    let unseen = move || {
        shown.with(|r| {
            r.iter()
                .filter(|x| x.state == "received" && !x.exercise)
                .count()
        })
    };
    let supervisor = move || {
        c.me.with(|m| m.as_ref().is_some_and(|m| m.role == "supervisor"))
    };
    view! {
        <section class="queue" id="queue" aria-labelledby="queue-title" tabindex="-1">
            <div class="queue-head">
                <h2 id="queue-title">{move || td_string!(l(), queue_title)}</h2>
                <span class="count" data-testid="queue-count">{move || text::fill(td_string!(l(), queue_count), &[("n", shown.with(Vec::len).to_string())])}</span>
                {move || (unseen() > 0).then(|| view! {
                    <span class="badge unseen" data-testid="queue-unseen">{text::fill(td_string!(l(), queue_unseen), &[("n", unseen().to_string())])}</span>
                })}
                <button type="button" class="secondary locate-open" data-testid="locate-open"
                    aria-pressed=move || c.locate.with(|p| matches!(p, Some(None))).to_string()
                    on:click=move |_| c.locate.set(Some(None))>
                    {move || td_string!(l(), locate_open)}
                </button>
            </div>
            <div class="filters">
                <Show when=supervisor>
                    <label for="filter-polres">{move || td_string!(l(), queue_filter_polres)}</label>
                    <select id="filter-polres" data-testid="filter-polres"
                        on:change=move |ev| c.filter.set(event_target_value(&ev))>
                        <option value="" selected=move || c.filter.with(String::is_empty)>{move || td_string!(l(), queue_filter_all)}</option>
                        <option value="-">{move || td_string!(l(), flag_polda_queue)}</option>
                        {move || c.polres.get().into_iter().map(|p| {
                            let id = p.id.clone();
                            let sel = move || c.filter.with(|f| *f == id);
                            view! { <option value=p.id.clone() selected=sel>{p.label()}</option> }
                        }).collect_view()}
                    </select>
                </Show>
                <label for="filter-state">{move || td_string!(l(), queue_show)}</label>
                <select id="filter-state" data-testid="filter-state"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        c.show_all.set(v != "open");
                        c.exercise.set(v == "exercise");
                        c.reload();
                    }>
                    <option value="open">{move || td_string!(l(), queue_open)}</option>
                    <option value="all">{move || td_string!(l(), queue_all)}</option>
                    <option value="exercise">{move || td_string!(l(), queue_exercise)}</option>
                </select>
                <label class="check">
                    <input type="checkbox" data-testid="sound" prop:checked=move || c.sound.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            c.sound.set(on);
                            api::store("sound", if on { "on" } else { "off" });
                            if on { api::unlock_audio(); }
                        }/>
                    {move || td_string!(l(), queue_sound)}
                </label>
            </div>
            <Show when=move || !shown.with(Vec::is_empty)
                fallback=move || view! { <p class="empty" data-testid="queue-empty">{move || if c.show_all.get() { td_string!(l(), queue_empty_all) } else { td_string!(l(), queue_empty) }}</p> }>
                <ol class="rows" data-testid="queue">
                    <For each=move || shown.get() key=|r| (r.id.clone(), r.updated_at.clone())
                        children=move |r| view! { <Row r=r similar=similar/> }/>
                </ol>
            </Show>
        </section>
    }
}

#[component]
fn Row(r: Summary, similar: Memo<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let c = expect_context::<Console>();
    let l = move || i18n.get_locale();
    let id = r.id.clone();
    let href = format!("#r={}", r.id);
    let received = r.received_ms();
    let is_similar = {
        let id = id.clone();
        move || similar.with(|s| s.contains(&id))
    };
    let is_fresh = {
        let id = id.clone();
        move || c.fresh.with(|f| f.contains(&id))
    };
    let is_fresh_badge = is_fresh.clone();
    let is_open = {
        let id = id.clone();
        move || c.open.with(|o| o.as_deref() == Some(id.as_str()))
    };
    let (cat, danger, state, injured) = (
        r.category.clone(),
        r.danger.clone(),
        r.state.clone(),
        r.injured,
    );
    let place = r.kecamatan.clone();
    let preview = first_words(&r.description_preview, 14);
    let landmark = r.landmark.clone().filter(|s| !s.trim().is_empty());
    let ongoing = r.danger == "ongoing";
    let closed = !r.is_open();
    let outcome = r.outcome.clone();
    let polda_queue = r.polres.is_none();
    let polres_name = r.polres.as_ref().map(|p| p.label());
    let supervisor = move || {
        c.me.with(|m| m.as_ref().is_some_and(|m| m.role == "supervisor"))
    };
    view! {
        <li class="row" class:fresh=is_fresh class:current=is_open class:ongoing=ongoing class:closed=closed
            class:unseen=state == "received" data-testid="row" data-id=id.clone() data-state=state.clone()>
            <a href=href class="row-link" on:click=move |_| c.close_locate()>
                <span class="row-top">
                    {move || is_fresh_badge().then(|| view! { <span class="badge new">{td_string!(l(), queue_new)}</span> })}
                    <strong class="cat">{let cat = cat.clone(); move || text::category(l(), &cat)}</strong>
                    <span class=if ongoing { "danger ongoing" } else { "danger" }>{let d = danger.clone(); move || text::danger(l(), &d)}</span>
                    <span class="injured">{move || text::injured(l(), injured)}</span>
                    <span class="age" data-testid="row-age">{move || text::age(l(), c.now.get(), received)}</span>
                </span>
                <span class="row-mid">
                    <span class="state" data-testid="row-state">{let s = state.clone(); let o = outcome.clone(); move || match &o {
                        Some(o) => format!("{} · {}", text::state(l(), &s), text::outcome(l(), o)),
                        None => text::state(l(), &s).to_string(),
                    }}</span>
                    " · "
                    <span class="place">{let p = place.clone(); move || p.clone().unwrap_or_else(|| td_string!(l(), no_kecamatan).to_string())}</span>
                    {move || supervisor().then(|| polres_name.clone().map(|n| view! { " · " <span class="unit">{n}</span> }))}
                </span>
                <span class="preview" data-testid="row-preview">
                    {if preview.is_empty() {
                        view! { <em>{move || td_string!(l(), no_description)}</em> }.into_any()
                    } else {
                        view! { <bdi>{preview.clone()}</bdi> }.into_any()
                    }}
                    {landmark.map(|m| view! { " — " <bdi class="landmark">{m}</bdi> })}
                </span>
                <span class="flags">
                    {r.exercise.then(|| view! { <span class="flag exercise" data-testid="flag-exercise">{move || td_string!(l(), flag_exercise)}</span> })}
                    {r.text_only.then(|| view! { <span class="flag text-only" data-testid="flag-text-only">{move || td_string!(l(), flag_text_only)}</span> })}
                    {r.polres_mismatch.then(|| view! { <span class="flag mismatch" data-testid="flag-mismatch">{move || td_string!(l(), flag_mismatch)}</span> })}
                    {(r.area_basis.as_deref() == Some("name-match")).then(|| view! { <span class="flag mismatch" data-testid="flag-area-assumed">{move || td_string!(l(), flag_area_assumed)}</span> })}
                    {move || is_similar().then(|| view! { <span class="flag similar" data-testid="flag-similar">{td_string!(l(), flag_similar)}</span> })}
                    {polda_queue.then(|| view! { <span class="flag">{move || td_string!(l(), flag_polda_queue)}</span> })}
                </span>
            </a>
        </li>
    }
}
