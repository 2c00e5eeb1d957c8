//! The written report form: quick phrases for people who cannot speak, the fields, messages per
//! field from the core's validation, then a confirmation with the prank warning, a duplicate
//! check and the cooldown — which inform and slow, never drop a report. Each part is a component
//! of its own over the one draft (`ReportState::draft`); what a phrase fills in is the core's
//! ([`Draft::add_phrase`]), as are the checks ([`Draft::validate`]).
use leptos::prelude::*;
use siaga110_core::outbox::COOLDOWN_MS;
use siaga110_core::phrase::{Phrase, PHRASES};
use siaga110_core::report::{
    Category, Danger, Draft, Field, Problem, Problems, Report, Subject, DESCRIPTION_MAX,
};

use super::{tr, trf};
use crate::app::report::ReportState;
use crate::app::state::AppState;
use crate::browser::now_ms;
use crate::i18n::*;

/// A phrase's text in `locale` (`Locale::id` for what is written into the report).
fn phrase_text(i18n: I18nContext<Locale>, locale: Option<Locale>, id: &str) -> String {
    let l = locale.unwrap_or_else(|| i18n.get_locale());
    match id {
        "cannot_speak" => td_string!(l, phrase_cannot_speak).to_string(),
        "deaf" => td_string!(l, phrase_deaf).to_string(),
        "intruder" => td_string!(l, phrase_intruder).to_string(),
        "followed" => td_string!(l, phrase_followed).to_string(),
        "violence" => td_string!(l, phrase_violence).to_string(),
        "accident" => td_string!(l, phrase_accident).to_string(),
        "hurt" => td_string!(l, phrase_hurt).to_string(),
        _ => td_string!(l, phrase_come).to_string(),
    }
}

/// A category's name in the person's language.
pub fn category_label(i18n: I18nContext<Locale>, c: Category) -> String {
    match c {
        Category::Theft => t_string!(i18n, cat_theft),
        Category::Violence => t_string!(i18n, cat_violence),
        Category::Traffic => t_string!(i18n, cat_traffic),
        Category::Fire => t_string!(i18n, cat_fire),
        Category::Missing => t_string!(i18n, cat_missing),
        Category::Disorder => t_string!(i18n, cat_disorder),
        Category::Disaster => t_string!(i18n, cat_disaster),
        Category::Other => t_string!(i18n, cat_other),
    }
    .to_string()
}

/// The message for a field's problem.
fn problem_text(l: Locale, p: Problem) -> String {
    match p {
        Problem::Missing(_) => td_string!(l, err_category).to_string(),
        Problem::TooLong { max, .. } => {
            super::fill(td_string!(l, err_too_long), &[("max", max.to_string())])
        }
        Problem::NotANumber(_) => td_string!(l, err_number).to_string(),
        Problem::BadPhone(_) => td_string!(l, err_phone).to_string(),
        Problem::NoWhere => td_string!(l, err_where).to_string(),
        Problem::Internal => td_string!(l, err_internal).to_string(),
    }
}

pub use crate::browser::clock::local_hm;

/// The form: its parts, then the confirmation step.
#[component]
pub fn ReportForm() -> impl IntoView {
    let app = AppState::get();
    let rs = ReportState::get();
    let draft = rs.draft;
    // Problems are shown after the first "review" and then follow the typing.
    let tried = RwSignal::new(false);
    let confirming = RwSignal::new(None::<Report>);
    let problems = Memo::new(move |_| {
        let has_location = app.target.get().is_some();
        draft.with(|d| d.validate(has_location).err())
    });
    let shown = Memo::new(move |_| tried.get().then(|| problems.get()).flatten());
    let review = move |_| {
        tried.set(true);
        let (location, polres) = ReportState::location_and_polres(&app);
        let made = Report::from_draft(
            &draft.get_untracked(),
            &crate::browser::report::new_id(),
            now_ms(),
            location,
            polres,
            app.practice.get_untracked(),
        );
        if let Ok(r) = made {
            confirming.set(Some(r));
        }
    };
    view! {
        <section class="panel report" data-testid="report-form" aria-labelledby="report-title">
            <button type="button" class="secondary back" data-testid="report-back"
                on:click=move |_| rs.open.set(false)>{tr(|l| td_string!(l, report_back))}</button>
            <h2 id="report-title" class="panel-title">{tr(|l| td_string!(l, report_title))}</h2>
            <How/>
            {move || rs.storage_failed.get().then(|| view! { <StorageFailed/> })}
            <Show when=move || confirming.get().is_none() fallback=move || view! {
                <Confirm report=confirming/>
            }>
            <Phrases draft=draft/>
            <WhatHappened draft=draft shown=shown/>
            <Where draft=draft shown=shown/>
            <WhenAndWho draft=draft shown=shown/>
            {move || shown.get().is_some().then(|| view! {
                <p class="field-error" role="alert" data-testid="report-problems">{tr(|l| td_string!(l, report_fix))}</p>
            })}
            <p class="small">{tr(|l| td_string!(l, report_saved))}</p>
            <button type="button" class="primary" data-testid="report-review" on:click=review>
                {tr(|l| td_string!(l, report_review))}
            </button>
            </Show>
        </section>
    }
}

/// Where the report goes: the deployment's server, or no server (SMS, WhatsApp, share).
#[component]
fn How() -> impl IntoView {
    let rs = ReportState::get();
    let how = move || match rs.endpoint_host() {
        Some(host) => trf(
            |l| td_string!(l, report_how_endpoint),
            move || vec![("host", host.clone())],
        )
        .into_any(),
        None => tr(|l| td_string!(l, report_how_none)).into_any(),
    };
    view! { <p class="small" data-testid="report-how">{how}</p> }
}

/// A field's problem, once the person has asked to review.
#[component]
fn FieldError(field: Field, shown: Memo<Option<Problems>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        shown
            .get()
            .and_then(|p| p.for_field(field))
            .map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n.get_locale(), p)}</p> })
    }
}

/// Sets a text field of the draft from an input event.
fn set_text(
    draft: RwSignal<Draft>,
    f: fn(&mut Draft, String),
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    move |ev| draft.update(|d| f(d, event_target_value(&ev)))
}

/// One choice of a group of chips (a radio button).
fn chip(
    name: &'static str,
    value: &'static str,
    label: String,
    checked: Signal<bool>,
    on: Callback<()>,
) -> impl IntoView {
    view! {
        <label class="chip">
            <input type="radio" name=name value=value data-testid=format!("{name}-{value}")
                prop:checked=move || checked.get()
                on:change=move |_| on.run(())/>
            <span>{label}</span>
        </label>
    }
}

/// A group of chips for one field of the draft: each option's value, code and label.
fn chips<T: Copy + PartialEq + Send + Sync + 'static>(
    draft: RwSignal<Draft>,
    name: &'static str,
    options: Vec<(T, &'static str, String)>,
    get: fn(&Draft) -> T,
    set: fn(&mut Draft, T),
) -> impl IntoView {
    options
        .into_iter()
        .map(|(v, code, label)| {
            chip(
                name,
                code,
                label,
                Signal::derive(move || draft.with(|d| get(d) == v)),
                Callback::new(move |_| draft.update(|d| set(d, v))),
            )
        })
        .collect_view()
}

/// The quick phrases: each adds its sentence in Bahasa Indonesia (what the police read).
#[component]
fn Phrases(draft: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let add = move |p: &'static Phrase| {
        let text = phrase_text(i18n, Some(Locale::id), p.id);
        draft.update(|d| d.add_phrase(p, &text));
    };
    view! {
        <fieldset class="phrases">
            <legend>{tr(|l| td_string!(l, report_phrases))}</legend>
            {PHRASES.iter().map(|p| view! {
                <button type="button" class="chip" data-testid=format!("phrase-{}", p.id)
                    on:click=move |_| add(p)>{move || phrase_text(i18n, None, p.id)}</button>
            }).collect_view()}
        </fieldset>
    }
}

/// The category (required), the danger, what happened (with its counter) and "text only".
#[component]
fn WhatHappened(draft: RwSignal<Draft>, shown: Memo<Option<Problems>>) -> impl IntoView {
    let i18n = use_i18n();
    let categories = move || {
        let options = Category::ALL
            .into_iter()
            .map(|c| (Some(c), c.code(), category_label(i18n, c)))
            .collect();
        chips(
            draft,
            "category",
            options,
            |d| d.category,
            |d, v| d.category = v,
        )
    };
    let dangers = move || {
        let options = vec![
            (
                Danger::Ongoing,
                Danger::Ongoing.code(),
                t_string!(i18n, danger_ongoing).to_string(),
            ),
            (
                Danger::Over,
                Danger::Over.code(),
                t_string!(i18n, danger_over).to_string(),
            ),
            (
                Danger::Unknown,
                Danger::Unknown.code(),
                t_string!(i18n, danger_unknown).to_string(),
            ),
        ];
        chips(draft, "danger", options, |d| d.danger, |d, v| d.danger = v)
    };
    let count = move || {
        trf(
            |l| td_string!(l, report_count),
            move || {
                let n = draft.with(|d| d.description.chars().count());
                vec![("n", n.to_string()), ("max", DESCRIPTION_MAX.to_string())]
            },
        )
    };
    view! {
        <fieldset class="chips" data-testid="report-category">
            <legend>{tr(|l| td_string!(l, report_category))}" *"</legend>
            {categories}
            <FieldError field=Field::Category shown=shown/>
        </fieldset>
        {move || draft.with(|d| d.category == Some(Category::Fire)).then(|| view! {
            <p class="notice" data-testid="fire-hint">{tr(|l| td_string!(l, report_fire_hint))}</p>
        })}
        <fieldset class="chips">
            <legend>{tr(|l| td_string!(l, report_danger))}</legend>
            {dangers}
        </fieldset>
        <label for="r-desc">{tr(|l| td_string!(l, report_description))}</label>
        <p class="small" id="r-desc-hint">{tr(|l| td_string!(l, report_description_hint))}</p>
        <textarea id="r-desc" rows="5" data-testid="report-description" aria-describedby="r-desc-hint"
            prop:value=move || draft.with(|d| d.description.clone())
            on:input=set_text(draft, |d, v| d.description = v)></textarea>
        <p class="small counter" aria-live="polite">{count()}</p>
        <FieldError field=Field::Description shown=shown/>
        <label class="toggle">
            <input type="checkbox" data-testid="report-text-only"
                prop:checked=move || draft.with(|d| d.text_only)
                on:change=move |ev| draft.update(|d| d.text_only = event_target_checked(&ev))/>
            <span>{tr(|l| td_string!(l, report_text_only))}</span>
        </label>
    }
}

/// Where: the position or the place chosen by name, its Polres, and a landmark.
#[component]
fn Where(draft: RwSignal<Draft>, shown: Memo<Option<Problems>>) -> impl IntoView {
    let i18n = use_i18n();
    let app = AppState::get();
    let where_text = move || {
        let (location, polres) = ReportState::location_and_polres(&app);
        let place = location.map(|l| match l.label {
            Some(label) => label,
            None => match l.accuracy() {
                Some(m) => format!("{:.5}, {:.5} (± {} m)", l.lat, l.lon, m.round()),
                None => format!("{:.5}, {:.5}", l.lat, l.lon),
            },
        });
        view! {
            {match place {
                Some(p) => view! { <p data-testid="report-where">{p}</p> }.into_any(),
                None => view! { <p class="small" data-testid="report-where-none">{tr(|l| td_string!(l, report_where_none))}</p> }.into_any(),
            }}
            {polres.map(|p| view! { <p class="small" data-testid="report-polres">{trf(|l| td_string!(l, report_polres), move || vec![("name", p.name.clone())])}</p> })}
        }
    };
    view! {
        <h3>{tr(|l| td_string!(l, report_where))}</h3>
        {where_text}
        <label for="r-landmark">{tr(|l| td_string!(l, report_landmark))}</label>
        <input id="r-landmark" type="text" data-testid="report-landmark" autocomplete="off"
            placeholder=move || t_string!(i18n, report_landmark_ph).to_string()
            prop:value=move || draft.with(|d| d.landmark.clone())
            on:input=set_text(draft, |d, v| d.landmark = v)/>
        <FieldError field=Field::Landmark shown=shown/>
        <FieldError field=Field::Where shown=shown/>
    }
}

/// How many are hurt, when it happened, for whom, and the reporter's details (optional).
#[component]
fn WhenAndWho(draft: RwSignal<Draft>, shown: Memo<Option<Problems>>) -> impl IntoView {
    let i18n = use_i18n();
    let whens = move || {
        [
            (0u32, t_string!(i18n, when_now).to_string()),
            (15, t_string!(i18n, when_15).to_string()),
            (60, t_string!(i18n, when_60).to_string()),
            (180, t_string!(i18n, when_180).to_string()),
            (1440, t_string!(i18n, when_1440).to_string()),
        ]
        .into_iter()
        .map(|(m, label)| {
            view! {
                <option value=m.to_string() selected=move || draft.with(|d| d.minutes_ago == m)>{label}</option>
            }
        })
        .collect_view()
    };
    let subjects = move || {
        let options = vec![
            (
                Subject::Me,
                Subject::Me.code(),
                t_string!(i18n, subject_me).to_string(),
            ),
            (
                Subject::Other,
                Subject::Other.code(),
                t_string!(i18n, subject_other).to_string(),
            ),
        ];
        chips(
            draft,
            "subject",
            options,
            |d| d.subject,
            |d, v| d.subject = v,
        )
    };
    view! {
        <label for="r-injured">{tr(|l| td_string!(l, report_injured))}</label>
        <input id="r-injured" type="text" inputmode="numeric" data-testid="report-injured" autocomplete="off"
            prop:value=move || draft.with(|d| d.injured.clone())
            on:input=set_text(draft, |d, v| d.injured = v)/>
        <FieldError field=Field::Injured shown=shown/>
        <label for="r-when">{tr(|l| td_string!(l, report_when))}</label>
        <select id="r-when" data-testid="report-when"
            on:change=set_text(draft, |d, v| d.minutes_ago = v.parse().unwrap_or(0))>{whens}</select>
        <fieldset class="chips">
            <legend>{tr(|l| td_string!(l, report_subject))}</legend>
            {subjects}
        </fieldset>
        <details class="reporter">
            <summary>{tr(|l| td_string!(l, report_reporter))}</summary>
            <label for="r-name">{tr(|l| td_string!(l, report_name))}</label>
            <input id="r-name" type="text" autocomplete="name" data-testid="report-name"
                prop:value=move || draft.with(|d| d.name.clone())
                on:input=set_text(draft, |d, v| d.name = v)/>
            <FieldError field=Field::Name shown=shown/>
            <label for="r-phone">{tr(|l| td_string!(l, report_phone))}</label>
            <input id="r-phone" type="tel" autocomplete="tel" data-testid="report-phone"
                prop:value=move || draft.with(|d| d.phone.clone())
                on:input=set_text(draft, |d, v| d.phone = v)/>
            <FieldError field=Field::Phone shown=shown/>
        </details>
    }
}

/// The step before sending: the prank warning, a similar earlier report, the cooldown.
#[component]
fn Confirm(report: RwSignal<Option<Report>>) -> impl IntoView {
    let rs = ReportState::get();
    let r = report.get_untracked();
    let similar = r
        .as_ref()
        .and_then(|r| rs.outbox.with_untracked(|o| o.similar(r)));
    let wait_s = rs.outbox.with_untracked(|o| {
        let left = o.cooldown_until() - now_ms();
        (left > 0.0 && r.as_ref().is_some_and(|r| !r.exercise))
            .then(|| (left.min(COOLDOWN_MS) / 1000.0).ceil() as u64)
    });
    let exercise = r.as_ref().is_some_and(|r| r.exercise);
    let send = move |_| {
        if let Some(r) = report.get_untracked() {
            report.set(None);
            rs.submit(r);
        }
    };
    view! {
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-title" data-testid="report-confirm">
            <h3 id="confirm-title">{tr(|l| td_string!(l, confirm_title))}</h3>
            {exercise.then(|| view! { <p class="practice-banner">{tr(|l| td_string!(l, confirm_practice))}</p> })}
            <p class="warning" data-testid="confirm-false">{tr(|l| td_string!(l, confirm_false))}</p>
            {similar.map(|s| view! {
                <p class="notice" data-testid="confirm-duplicate">{trf(|l| td_string!(l, confirm_duplicate), move || vec![("time", local_hm(s.created_ms))])}</p>
            })}
            {wait_s.map(|s| view! {
                <p class="notice" data-testid="confirm-cooldown">{trf(|l| td_string!(l, confirm_cooldown), move || vec![("s", s.to_string())])}</p>
            })}
            <button type="button" class="primary" data-testid="report-send" on:click=send>{tr(|l| td_string!(l, confirm_send))}</button>
            <button type="button" class="secondary" data-testid="report-edit"
                on:click=move |_| report.set(None)>{tr(|l| td_string!(l, confirm_edit))}</button>
        </div>
    }
}

/// Saving failed (storage full, private mode, or it throws): said in the form at once — the
/// draft is kept in memory while the page is open — with the ways that need no storage: SMS and
/// copy of what is typed so far.
#[component]
fn StorageFailed() -> impl IntoView {
    let app = AppState::get();
    let rs = ReportState::get();
    let copied = RwSignal::new(false);
    // The text as it would be sent; while the form is incomplete, what is typed.
    let text = Memo::new(move |_| {
        let (location, polres) = ReportState::location_and_polres(&app);
        let d = rs.draft.get();
        match Report::from_draft(
            &d,
            "00000000-0000-4000-8000-000000000000",
            now_ms(),
            location,
            polres,
            false,
        ) {
            Ok(r) => {
                let t = crate::app::messages::texts(&r);
                (t.plain, t.sms)
            }
            Err(_) => {
                let typed = [d.description.trim(), d.landmark.trim()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" - ");
                (typed.clone(), typed)
            }
        }
    });
    let number = move || rs.config.get().sms_number.unwrap_or_default();
    let sms = move || crate::browser::report::sms_href(&number(), &text.get().1);
    let copy = move |_| {
        let plain = text.get_untracked().0;
        leptos::task::spawn_local(async move {
            if crate::browser::report::copy(&plain).await {
                copied.set(true);
            }
        });
    };
    view! {
        <div class="warning" role="alert" data-testid="form-storage-failed">
            <p>{tr(|l| td_string!(l, report_storage_failed_form))}</p>
            <div class="channels">
                <a class="button" data-testid="form-sms" href=sms>{tr(|l| td_string!(l, channel_sms))}</a>
                <button type="button" data-testid="form-copy" on:click=copy>{tr(|l| td_string!(l, channel_copy))}</button>
                {move || copied.get().then(|| view! { <span class="small" role="status">{tr(|l| td_string!(l, channel_copied))}</span> })}
            </div>
        </div>
    }
}
