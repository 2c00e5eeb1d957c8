//! The reports on this phone: the status of each (with the reason when it is not delivered),
//! the other ways to send it (SMS, WhatsApp, share, copy — each the encoder's text), withdraw,
//! and remove.
use leptos::prelude::*;
use leptos::task::spawn_local;
use siaga110_core::outbox::{Channel, Entry, Reason, Status};
use siaga110_core::progress::{progress, Line, Progress};

use super::report_form::{category_label, local_hm};
use super::{fill, tr, trf};
use crate::app::messages::{texts, Texts};
use crate::app::report::ReportState;
use crate::browser::report as io;
use crate::i18n::*;

/// Every report on this phone, newest first.
#[component]
pub fn OutboxList() -> impl IntoView {
    let rs = ReportState::get();
    let ids = Memo::new(move |_| {
        rs.outbox.with(|o| {
            o.entries()
                .iter()
                .rev()
                .map(|e| e.report.id.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        {move || (rs.corrupt.get() > 0).then(|| view! {
            <p class="notice" role="status" data-testid="outbox-corrupt">
                {trf(|l| td_string!(l, report_corrupt), move || vec![("n", rs.corrupt.get().to_string())])}
            </p>
        })}
        {move || rs.storage_failed.get().then(|| view! {
            <p class="warning" role="alert" data-testid="storage-failed">{tr(|l| td_string!(l, report_storage_failed))}</p>
        })}
        <Show when=move || !ids.get().is_empty()>
            <section class="panel" data-testid="outbox" aria-labelledby="outbox-title">
                <h2 id="outbox-title" class="panel-title">{tr(|l| td_string!(l, outbox_title))}</h2>
                <ul class="outbox">
                    // Re-rendered when a report is added or removed (rare); not keyed, to keep the
                    // WebAssembly small.
                    {move || ids.get().into_iter().map(|id| view! { <OutboxItem id=id/> }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// The words of a status line (and of why an attempt failed), in the person's language.
fn line_text(l: Locale, line: &Line) -> String {
    let reason = |why: &Option<Reason>| match why {
        Some(Reason::Network) | None => td_string!(l, reason_network).to_string(),
        Some(Reason::Busy) => td_string!(l, reason_busy).to_string(),
        Some(Reason::Server) => td_string!(l, reason_server).to_string(),
        Some(Reason::Refused(code)) => {
            fill(td_string!(l, reason_refused), &[("code", code.to_string())])
        }
    };
    match line {
        Line::Offline => td_string!(l, status_offline).to_string(),
        Line::Queued => td_string!(l, status_queued).to_string(),
        Line::Retry { why, at_ms } => fill(
            td_string!(l, status_retry),
            &[("why", reason(why)), ("time", local_hm(*at_ms))],
        ),
        Line::Sending => td_string!(l, status_sending).to_string(),
        Line::Delivered { at_ms } => fill(
            td_string!(l, status_delivered),
            &[("time", local_hm(*at_ms))],
        ),
        Line::Received { polres, at_ms } => fill(
            td_string!(l, status_received_polres),
            &[
                ("polres", polres.clone().unwrap_or_default()),
                ("time", local_hm(*at_ms)),
            ],
        ),
        Line::Seen => td_string!(l, status_seen).to_string(),
        Line::Dispatched => td_string!(l, status_dispatched).to_string(),
        Line::Closed => td_string!(l, status_closed).to_string(),
        Line::Failed { why } => fill(td_string!(l, status_failed), &[("why", reason(why))]),
        Line::Handoff => td_string!(l, status_handoff).to_string(),
        Line::Withdrawn => td_string!(l, status_withdrawn).to_string(),
        Line::Exercise => td_string!(l, status_exercise).to_string(),
    }
}

/// The newest report, at the top of the screen where the person looks after sending: its
/// status in plain words, the operator's reply, and what to do when in danger. Shown while it is
/// on its way and for an hour after it was made.
#[component]
pub fn LatestReport() -> impl IntoView {
    let i18n = use_i18n();
    let rs = ReportState::get();
    let now = crate::app::state::AppState::get().now;
    let latest = Memo::new(move |_| {
        let t = now.get();
        rs.outbox.with(|o| {
            o.entries()
                .last()
                .filter(|e| e.is_open() || t - e.report.created_ms() < 3_600_000.0)
                .map(|e| (e.report.clone(), progress(e, rs.online.get(), t)))
        })
    });
    move || {
        let (report, p) = latest.get()?;
        let unseen = p.unseen;
        let text = line_text(i18n.get_locale(), &p.line);
        let title = format!(
            "{} · {}",
            category_label(i18n, report.category),
            local_hm(report.created_ms())
        );
        // No officer yet: the call and the SMS come first, here where the person looks.
        let sms = unseen.then(|| {
            let number = rs.config.get_untracked().sms_number.unwrap_or_default();
            io::sms_href(&number, &texts(&report).sms)
        });
        Some(view! {
            <section class="panel latest" id="latest-report" data-testid="latest-report"
                data-unseen=unseen.then_some("1") aria-labelledby="latest-title">
                <h2 id="latest-title" class="panel-title">{tr(|l| td_string!(l, result_title))}</h2>
                <p><strong>{title}</strong></p>
                <p data-testid="latest-status" role="status">{text}</p>
                {p.reply.map(|r| view! { <p class="reply" data-testid="latest-reply"><strong>{tr(|l| td_string!(l, status_reply))}</strong>" "<bdi>{r}</bdi></p> })}
                {if unseen {
                    view! {
                        <div class="warning unseen" role="alert">
                            <p>{tr(|l| td_string!(l, status_unseen))}</p>
                            <p class="channels">
                                <a class="button call-now" href="tel:110" data-testid="latest-call">{tr(|l| td_string!(l, call_110_now))}</a>
                                <a class="button" href=sms data-testid="latest-sms">{tr(|l| td_string!(l, channel_sms))}</a>
                            </p>
                        </div>
                    }.into_any()
                } else {
                    view! { <p class="small">{tr(|l| td_string!(l, result_danger))}</p> }.into_any()
                }}
                <p><a href="#outbox" data-testid="latest-all">{tr(|l| td_string!(l, result_all))}</a></p>
            </section>
        })
    }
}

/// One report: its status in words, the operator's reply, the other channels and actions.
#[component]
fn OutboxItem(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let rs = ReportState::get();
    let now = crate::app::state::AppState::get().now;
    let entry = {
        let id = id.clone();
        Memo::new(move |_| rs.outbox.with(|o| o.get(&id).cloned()))
    };
    let shown = Memo::new(move |_| {
        entry
            .get()
            .map(|e| progress(&e, rs.online.get(), now.get()))
    });
    // The texts depend only on the report, which never changes.
    let report = entry.get_untracked().map(|e| e.report);
    let texts = StoredValue::new(report.as_ref().map(texts));
    let status_text =
        move || shown.with(|p| p.as_ref().map(|p| line_text(i18n.get_locale(), &p.line)));
    let status_code = move || entry.get().map(|e| e.status.code());
    let receipt_code = move || entry.get().and_then(|e| e.receipt.map(|r| r.state.code()));
    let reply =
        move || {
            shown.with(|p| p.as_ref().and_then(|p| p.reply.clone())).map(|text| view! {
            <p class="reply" data-testid="outbox-reply">
                <strong>{tr(|l| td_string!(l, status_reply))}</strong>" "<bdi>{text}</bdi>
            </p>
        })
        };
    let unseen = move || shown.with(|p| p.as_ref().is_some_and(|p| p.unseen));
    let handed = move || {
        let e = entry.get()?;
        (!e.handed_off.is_empty()).then(|| {
            let list: Vec<String> = e
                .handed_off
                .iter()
                .map(|c| match c {
                    Channel::Sms => t_string!(i18n, channel_sms).to_string(),
                    Channel::Whatsapp => t_string!(i18n, channel_whatsapp).to_string(),
                    Channel::Share => t_string!(i18n, channel_share).to_string(),
                    Channel::Copy => t_string!(i18n, channel_copy).to_string(),
                })
                .collect();
            view! { <p class="small" data-testid="outbox-handed">{trf(|l| td_string!(l, status_handed), move || vec![("list", list.join(", "))])}</p> }
        })
    };
    let offer_channels = move || shown.with(|p| p.as_ref().is_some_and(|p| p.channels));
    let sid = StoredValue::new(id.clone());
    let title = report.as_ref().map(|r| {
        format!(
            "{} · {}",
            category_label(i18n, r.category),
            local_hm(r.created_ms())
        )
    });
    let status = move || entry.get().map(|e| e.status);
    view! {
        <li class="outbox-item" data-testid="outbox-item" data-status=status_code
            data-receipt=receipt_code data-unseen=move || unseen().then_some("1") data-id=id.clone()>
            <strong>{title}</strong>
            <p data-testid="outbox-status" role="status">{status_text}</p>
            {reply}
            {move || unseen().then(|| view! {
                <div class="warning unseen" role="alert" data-testid="outbox-unseen">
                    <p>{tr(|l| td_string!(l, status_unseen))}</p>
                    <a class="button call-now" href="tel:110" data-testid="outbox-call">{tr(|l| td_string!(l, call_110_now))}</a>
                </div>
            })}
            {handed}
            {move || offer_channels().then(|| view! { <Channels id=sid.get_value() texts=texts/> })}
            {move || (status() == Some(Status::Exercise)).then(|| view! { <p class="small">{tr(|l| td_string!(l, channel_exercise))}</p> })}
            <details>
                <summary>{tr(|l| td_string!(l, report_text))}</summary>
                <pre class="report-text" data-testid="outbox-text">{texts.with_value(|t| t.as_ref().map(|t| t.plain.clone()))}</pre>
            </details>
            <Actions id=sid.get_value() shown=shown/>
        </li>
    }
}

/// The other ways to send a report: SMS, WhatsApp, share, copy — each the encoder's text.
#[component]
fn Channels(id: String, texts: StoredValue<Option<Texts>>) -> impl IntoView {
    let i18n = use_i18n();
    let rs = ReportState::get();
    let copied = RwSignal::new(false);
    let sid = StoredValue::new(id);
    let mark = move |c: Channel| {
        let id = sid.get_value();
        rs.change(move |o| o.handed_off(&id, c).cloned());
    };
    let config = rs.config;
    let sms_href = move || {
        let number = config.get().sms_number.unwrap_or_default();
        texts.with_value(|t| t.as_ref().map(|t| io::sms_href(&number, &t.sms)))
    };
    let wa_href = move || {
        let number = config.get().whatsapp_number.unwrap_or_default();
        texts.with_value(|t| t.as_ref().map(|t| io::whatsapp_href(&number, &t.whatsapp)))
    };
    let sms_parts = texts.with_value(|t| t.as_ref().map(|t| t.sms_parts).unwrap_or(1));
    let plain = move || texts.with_value(|t| t.as_ref().map(|t| t.plain.clone()));
    let share = move |_: ()| {
        let Some(text) = plain() else { return };
        let title = t_string!(i18n, report_title).to_string();
        spawn_local(async move {
            if io::share(&title, &text).await {
                mark(Channel::Share);
            }
        });
    };
    let copy = move |_: ()| {
        let Some(text) = plain() else { return };
        spawn_local(async move {
            if io::copy(&text).await {
                copied.set(true);
                mark(Channel::Copy);
            }
        });
    };
    view! {
        <div class="channels" data-testid="channels">
            <a class="button" data-testid="channel-sms" href=sms_href
                on:click=move |_| mark(Channel::Sms)>
                {tr(|l| td_string!(l, channel_sms))}<span class="small">"("{trf(|l| td_string!(l, channel_sms_parts), move || vec![("n", sms_parts.to_string())])}")"</span>
            </a>
            <a class="button" data-testid="channel-whatsapp" href=wa_href target="_blank" rel="noopener noreferrer"
                on:click=move |_| mark(Channel::Whatsapp)>{tr(|l| td_string!(l, channel_whatsapp))}</a>
            {io::can_share().then(|| button("channel-share", |l| td_string!(l, channel_share), Callback::new(share)))}
            {button("channel-copy", |l| td_string!(l, channel_copy), Callback::new(copy))}
            {move || copied.get().then(|| view! { <span class="small" role="status">{tr(|l| td_string!(l, channel_copied))}</span> })}
        </div>
    }
}

/// The actions a report offers now: send now, send again, withdraw, or remove.
#[component]
fn Actions(id: String, shown: Memo<Option<Progress>>) -> impl IntoView {
    let rs = ReportState::get();
    let sid = StoredValue::new(id);
    let act = move |f: fn(&mut siaga110_core::outbox::Outbox, &str, f64) -> Option<Entry>| {
        Callback::new(move |_| {
            let id = sid.get_value();
            rs.change(move |o| f(o, &id, crate::browser::now_ms()));
        })
    };
    move || {
        let p = shown.get()?;
        let mut row = Vec::new();
        if p.send_now {
            row.push(button(
                "outbox-send-now",
                |l| td_string!(l, report_send_now),
                act(|o, id, now| o.send_now(id, now).cloned()),
            ));
        }
        if p.retry {
            row.push(button(
                "outbox-retry",
                |l| td_string!(l, report_retry),
                act(|o, id, now| o.retry(id, now).cloned()),
            ));
        }
        if p.withdraw {
            row.push(button(
                "outbox-withdraw",
                |l| td_string!(l, report_withdraw),
                act(|o, id, _| o.withdraw(id).cloned()),
            ));
        } else if !p.retry {
            row.push(button(
                "outbox-remove",
                |l| td_string!(l, report_remove),
                Callback::new(move |_| rs.remove(&sid.get_value())),
            ));
        }
        Some(view! { <div class="actions">{row}</div> })
    }
}

/// A secondary button: one view type for every use (keeps the WebAssembly small).
fn button(testid: &'static str, label: fn(Locale) -> &'static str, on: Callback<()>) -> AnyView {
    view! {
        <button type="button" class="secondary" data-testid=testid on:click=move |_| on.run(())>{tr(label)}</button>
    }
    .into_any()
}
