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
