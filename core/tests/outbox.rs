//! The outbox's promises under any sequence of events: nothing is lost, nothing is delivered
//! twice, a reload (persist + load) at any point keeps both promises.
use proptest::prelude::*;
use siaga110_core::outbox::{Entry, Outbox, Outcome, Status, COOLDOWN_MS};
use siaga110_core::report::{uuid_v4, Category, Draft, Report};

fn report(n: u8, t: f64) -> Report {
    let d = Draft {
        category: Some(Category::ALL[n as usize % 8]),
        description: format!("kejadian {n}"),
        landmark: "Simpang".into(),
        ..Draft::default()
    };
    Report::from_draft(&d, &uuid_v4([n; 16]), t, None, None, false).unwrap()
}

#[derive(Debug, Clone)]
enum Op {
    Add(u8),
    Send(u8, u16),
    Drop(u8),
    Withdraw(u8),
    Online,
    Reload,
    Tick(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..5).prop_map(Op::Add),
        (
            0u8..5,
            prop_oneof![
                Just(200u16),
                Just(201),
                Just(500),
                Just(503),
                Just(400),
                Just(429)
            ]
        )
            .prop_map(|(n, s)| Op::Send(n, s)),
        (0u8..5).prop_map(Op::Drop),
        (0u8..5).prop_map(Op::Withdraw),
        Just(Op::Online),
        Just(Op::Reload),
        (0u32..700_000).prop_map(Op::Tick),
    ]
}

fn persist(o: &Outbox) -> Vec<(String, String)> {
    o.entries()
        .iter()
        .map(|e| (format!("outbox.{}", e.report.id), e.to_json()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn never_lost_never_twice(ops in prop::collection::vec(op(), 1..60)) {
        let mut o = Outbox::default();
        let mut now = 1.0e12;
        let mut added = std::collections::BTreeSet::new();
        let mut delivered = std::collections::BTreeMap::<String, u32>::new();
        // A request in flight that the app "forgot" (the page closed mid-request).
        for op in ops {
            match op {
                Op::Add(n) => {
                    let r = report(n, now);
                    added.insert(r.id.clone());
                    o.add(r, true, now);
                }
                Op::Send(n, status) => {
                    let id = uuid_v4([n; 16]);
                    if o.due(now).contains(&id) && o.start(&id, now).is_some() {
                        let outcome = siaga110_core::outbox::outcome_of(Some(status));
                        if outcome == Outcome::Delivered {
                            *delivered.entry(id.clone()).or_default() += 1;
                        }
                        o.finish(&id, outcome, now);
                    }
                }
                Op::Drop(n) => {
                    // The request reached the receiver, but the page died before the answer:
                    // persisted as Sending, then reloaded.
                    let id = uuid_v4([n; 16]);
                    if o.due(now).contains(&id) && o.start(&id, now).is_some() {
                        o = Outbox::load(persist(&o));
                        prop_assert_eq!(o.get(&id).unwrap().status, Status::Queued);
                    }
                }
                Op::Withdraw(n) => { o.withdraw(&uuid_v4([n; 16])); }
                Op::Online => { o.online(now); }
                Op::Reload => { o = Outbox::load(persist(&o)); }
                Op::Tick(ms) => now += f64::from(ms),
            }
            // Nothing lost.
            for id in &added {
                prop_assert!(o.get(id).is_some());
            }
            // Delivered at most once, and it stays delivered.
            for (id, n) in &delivered {
                prop_assert_eq!(*n, 1);
                prop_assert_eq!(o.get(id).unwrap().status, Status::Delivered);
            }
            prop_assert!(o.corrupt().is_empty());
        }
    }
}

#[test]
fn corrupt_entries_are_kept_aside_and_the_rest_load() {
    let good = {
        let mut o = Outbox::default();
        o.add(report(1, 1.0e12), true, 1.0e12);
        persist(&o)
    };
    let mut stored = good.clone();
    stored.push(("outbox.bad".into(), "{\"report\":{\"version\":1}".into()));
    stored.push((
        "outbox.v9".into(),
        good[0].1.replace("\"version\":1", "\"version\":9"),
    ));
    let o = Outbox::load(stored);
    assert_eq!(o.entries().len(), 1);
    assert_eq!(o.corrupt().len(), 2);
    assert_eq!(o.due(1.0e12).len(), 1);
}

#[test]
fn backoff_then_online_sends_at_once_but_cooldown_holds() {
    let mut o = Outbox::default();
    let t = 1.0e12;
    let a = report(1, t);
    let b = report(2, t + 1000.0);
    let (ida, idb) = (a.id.clone(), b.id.clone());
    o.add(a, true, t);
    o.add(b, true, t + 1000.0);
    assert_eq!(o.due(t), vec![ida.clone()]);
    o.start(&ida, t);
    o.finish(&ida, Outcome::Retry("network".into()), t);
    assert!(o.due(t + 1000.0).is_empty());
    // Online again: the first is due now, the second still waits for the cooldown.
    assert_eq!(o.online(t + 2000.0), vec![ida.clone()]);
    assert_eq!(o.get(&idb).unwrap().next_try_ms, t + COOLDOWN_MS);
    assert_eq!(o.next_due(), Some(t + 2000.0));
}

#[test]
fn withdrawn_is_never_sent_and_refused_waits_for_the_person() {
    let mut o = Outbox::default();
    let t = 1.0e12;
    let r = report(3, t);
    let id = r.id.clone();
    o.add(r, true, t);
    o.start(&id, t);
    o.finish(&id, Outcome::Refused("HTTP 400".into()), t);
    assert_eq!(o.get(&id).unwrap().status, Status::Failed);
    assert!(o.due(t + 1e9).is_empty());
    o.retry(&id, t + 10.0);
    assert_eq!(o.due(t + 10.0), vec![id.clone()]);
    o.withdraw(&id);
    assert!(o.due(t + 1e9).is_empty());
    assert!(o.start(&id, t).is_none());
}

#[test]
fn similar_reports_are_found_not_dropped() {
    let mut o = Outbox::default();
    let t = 1.0e12;
    o.add(report(1, t), true, t);
    let mut again = report(9, t + 60_000.0); // category 9 % 8 == 1 % 8
    again.description = "Kejadian 1".into();
    assert!(o.similar(&again).is_some());
    again.description = "lain sama sekali".into();
    assert!(o.similar(&again).is_none());
    let e: &Entry = o.add(report(9, t + 60_000.0), true, t + 60_000.0);
    assert_eq!(e.status, Status::Queued);
}

/// What the browser does with the sender, as events in any order.
#[derive(Debug, Clone)]
enum Ev {
    Add(u8),
    /// Ask the sender what to do; a Post or Check is started and left under way.
    Step,
    /// The request under way ends with this status (0: no answer).
    Answer(u16),
    Online,
    /// The page dies (a request under way is lost) and is opened again.
    Reload,
    Withdraw(u8),
    SendNow(u8),
    Tick(u32),
}

fn ev() -> impl Strategy<Value = Ev> {
    prop_oneof![
        (0u8..4).prop_map(Ev::Add),
        Just(Ev::Step),
        Just(Ev::Step),
        prop_oneof![
            Just(0u16),
            Just(201),
            Just(200),
            Just(503),
            Just(429),
            Just(400)
        ]
        .prop_map(Ev::Answer),
        Just(Ev::Online),
        Just(Ev::Reload),
        (0u8..4).prop_map(Ev::Withdraw),
        (0u8..4).prop_map(Ev::SendNow),
        (0u32..200_000).prop_map(Ev::Tick),
    ]
}

/// The cooldown that holds for entry `e` (reports made before it, + 30 s).
fn floor(o: &Outbox, e: &Entry) -> f64 {
    o.entries()
        .iter()
        .filter(|x| !x.report.exercise && x.status != Status::Withdrawn)
        .filter(|x| x.report.created_ms() < e.report.created_ms())
        .map(|x| x.report.created_ms() + COOLDOWN_MS)
        .fold(0.0, f64::max)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    /// The sender driving the outbox: nothing lost, nothing posted once delivered or
    /// withdrawn, and the network coming back — also while a request is under way — makes every
    /// waiting report due at once (only the cooldown holds), never left to a long backoff.
    #[test]
    fn sender_never_loses_never_twice_and_wakes(evs in prop::collection::vec(ev(), 1..80)) {
        use siaga110_core::sender::{Action, Answer, Sender};
        let endpoint = "https://lapor.example/api/reports";
        let mut o = Outbox::default();
        let mut s = Sender::default();
        let mut now = 1.0e12;
        let mut pending: Option<(String, bool)> = None; // (id, is a post)
        let mut woken_during = false;
        let mut added = std::collections::BTreeSet::new();
        let mut delivered = std::collections::BTreeSet::new();
        for ev in evs {
            match ev {
                Ev::Add(n) => {
                    let r = report(n, now);
                    added.insert(r.id.clone());
                    o.add(r, true, now);
                }
                Ev::Step => match s.next_action(&o, now) {
                    Action::Post(id) => {
                        let st = o.get(&id).unwrap().status;
                        prop_assert_eq!(st, Status::Queued, "posts only what waits");
                        prop_assert!(o.get(&id).unwrap().next_try_ms <= now);
                        let e = s.begin(&mut o, &id, now).unwrap();
                        prop_assert_eq!(e.status, Status::Sending);
                        pending = Some((id, true));
                    }
                    Action::Check(id) => {
                        prop_assert_eq!(o.get(&id).unwrap().status, Status::Delivered);
                        s.begin(&mut o, &id, now).unwrap();
                        pending = Some((id, false));
                    }
                    Action::Busy => prop_assert!(pending.is_some()),
                    Action::SleepUntil(t) => {
                        prop_assert!(pending.is_none());
                        prop_assert!(t > now);
                        prop_assert!(o.due(now).is_empty());
                    }
                    Action::Idle => {
                        prop_assert!(pending.is_none());
                        prop_assert!(o.next_due().is_none());
                    }
                },
                Ev::Answer(code) => {
                    if let Some((id, post)) = pending.take() {
                        let status = (code != 0).then_some(code);
                        if post {
                            let body = r#"{"status_url":"https://lapor.example/api/status/t"}"#;
                            let a = Answer { status, body: body.into() };
                            let was = o.get(&id).unwrap().status;
                            s.on_posted(&mut o, &id, &a, endpoint, now);
                            if was == Status::Sending && o.get(&id).unwrap().status == Status::Delivered {
                                prop_assert!(delivered.insert(id.clone()), "delivered twice");
                                prop_assert!(o.get(&id).unwrap().receipt.is_some());
                            }
                        } else {
                            let body = r#"{"state":"seen"}"#;
                            s.on_checked(&mut o, &id, &Answer { status, body: body.into() }, now);
                        }
                        if woken_during {
                            // Online came during the request: nothing queued waits for a backoff.
                            for e in o.entries().iter().filter(|e| e.status == Status::Queued) {
                                prop_assert!(e.next_try_ms <= now.max(floor(&o, e)),
                                    "left to its backoff after coming online mid-request");
                            }
                        }
                        woken_during = false;
                    }
                }
                Ev::Online => {
                    woken_during = pending.is_some();
                    s.on_online(&mut o, now);
                    if pending.is_none() {
                        for e in o.entries().iter().filter(|e| e.status == Status::Queued) {
                            prop_assert!(e.next_try_ms <= now.max(floor(&o, e)));
                        }
                    }
                }
                Ev::Reload => {
                    pending = None;
                    woken_during = false;
                    o = Outbox::load(persist(&o));
                    s = Sender::default();
                }
                Ev::Withdraw(n) => { o.withdraw(&uuid_v4([n; 16])); }
                Ev::SendNow(n) => { o.send_now(&uuid_v4([n; 16]), now); }
                Ev::Tick(ms) => now += f64::from(ms),
            }
            for id in &added {
                prop_assert!(o.get(id).is_some(), "lost");
            }
            for id in &delivered {
                prop_assert_eq!(o.get(id).unwrap().status, Status::Delivered);
            }
            // While open, no queued report waits longer than the longest backoff (2 min) —
            // beyond the cooldown.
            for e in o.entries().iter().filter(|e| e.status == Status::Queued) {
                prop_assert!(e.next_try_ms <= now.max(floor(&o, e)) + 120_000.0);
            }
        }
    }
}

#[test]
fn a_receipt_is_read_with_backoff_and_kept_across_a_reload() {
    use siaga110_core::outbox::ReceiptState;
    use siaga110_core::sender::{Action, Answer, Sender, CHECK_FIRST_MS, CHECK_MAX_MS};
    let ep = "https://lapor.example/api/reports";
    let mut o = Outbox::default();
    let mut s = Sender::default();
    let t = 1.0e12;
    let id = o.add(report(1, t), true, t).report.id.clone();
    assert_eq!(s.next_action(&o, t), Action::Post(id.clone()));
    s.begin(&mut o, &id, t);
    let body = r#"{"id":"x","status_url":"https://lapor.example/api/status/tok"}"#;
    s.on_posted(&mut o, &id, &Answer::new(201, body), ep, t);
    assert_eq!(s.next_action(&o, t), Action::SleepUntil(t + CHECK_FIRST_MS));
    // Nothing new: the wait grows, to at most 30 s.
    let mut now = t + CHECK_FIRST_MS;
    let mut waits = Vec::new();
    for _ in 0..6 {
        assert_eq!(s.next_action(&o, now), Action::Check(id.clone()));
        s.begin(&mut o, &id, now);
        s.on_checked(
            &mut o,
            &id,
            &Answer::new(200, r#"{"state":"received"}"#),
            now,
        );
        let next = o.get(&id).unwrap().receipt.as_ref().unwrap().next_check_ms;
        waits.push(next - now);
        now = next;
    }
    assert_eq!(
        waits,
        vec![
            5_000.0,
            10_000.0,
            20_000.0,
            CHECK_MAX_MS,
            CHECK_MAX_MS,
            CHECK_MAX_MS
        ]
    );
    // Seen, with a reply: kept across a reload.
    s.begin(&mut o, &id, now);
    let seen = r#"{"state":"dispatched","polres":{"name":"Polres Binjai"},"reply":{"text":"Petugas menuju lokasi <b>","at":"2026-12-01T10:00:00Z"}}"#;
    s.on_checked(&mut o, &id, &Answer::new(200, seen), now);
    let o = Outbox::load(persist(&o));
    let r = o.get(&id).unwrap().receipt.clone().unwrap();
    assert_eq!(r.state, ReceiptState::Dispatched);
    assert_eq!(r.polres.as_deref(), Some("Polres Binjai"));
    assert_eq!(r.reply.as_deref(), Some("Petugas menuju lokasi <b>"));
    // Closed: no more checks.
    let mut o = o;
    let mut s = Sender::default();
    now = r.next_check_ms;
    assert_eq!(s.next_action(&o, now), Action::Check(id.clone()));
    s.begin(&mut o, &id, now);
    s.on_checked(
        &mut o,
        &id,
        &Answer::new(200, r#"{"state":"closed","outcome":"handled"}"#),
        now,
    );
    assert_eq!(s.next_action(&o, now + 1e7), Action::Idle);
}

#[test]
fn a_status_url_elsewhere_or_a_broken_status_is_not_trusted() {
    use siaga110_core::sender::{Action, Answer, Sender};
    let ep = "https://lapor.example/api/reports";
    let mut o = Outbox::default();
    let mut s = Sender::default();
    let t = 1.0e12;
    let id = o.add(report(2, t), true, t).report.id.clone();
    s.begin(&mut o, &id, t);
    s.on_posted(
        &mut o,
        &id,
        &Answer::new(201, r#"{"status_url":"https://evil.example/x"}"#),
        ep,
        t,
    );
    assert_eq!(o.get(&id).unwrap().status, Status::Delivered);
    assert!(o.get(&id).unwrap().receipt.is_none());
    assert_eq!(s.next_action(&o, t + 1e9), Action::Idle);
    // A 404 on the status URL stops the checks; garbage keeps them, with a longer wait.
    let id2 = o
        .add(report(3, t + 40_000.0), true, t + 40_000.0)
        .report
        .id
        .clone();
    let now = t + 40_000.0;
    s.begin(&mut o, &id2, now);
    s.on_posted(
        &mut o,
        &id2,
        &Answer::new(200, r#"{"status_url":"https://lapor.example/s/2"}"#),
        ep,
        now,
    );
    s.begin(&mut o, &id2, now + 5_000.0);
    s.on_checked(&mut o, &id2, &Answer::new(200, "<html>"), now + 5_000.0);
    assert_eq!(o.get(&id2).unwrap().receipt.as_ref().unwrap().failures, 1);
    s.begin(&mut o, &id2, now + 20_000.0);
    s.on_checked(&mut o, &id2, &Answer::new(404, ""), now + 20_000.0);
    assert_eq!(s.next_action(&o, now + 1e9), Action::Idle);
}
