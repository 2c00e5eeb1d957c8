//! `kill -9` in the middle of a burst of concurrent reports with duplicates, then a restart:
//! every report that got a 2xx is stored exactly once, whole, and served (status and a repeat).
mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use serde_json::Value;

async fn burst_kill_restart(b: Backend) {
    let db = fresh_db(b, "fault").await;
    let mut s = Server::start(&db, &[]);
    let pid = s.child.id();
    let url = s.url("/api/reports");
    let ids: Vec<String> = (0..600).map(|_| uuid()).collect();
    // Each report once, a third of them twice, a tenth three times, interleaved.
    let mut sends: Vec<String> = ids.clone();
    sends.extend(ids.iter().step_by(3).cloned());
    sends.extend(ids.iter().step_by(10).cloned());
    sends.sort_by_key(|id| id[4..8].to_string());
    let acked: Arc<Mutex<HashMap<String, Value>>> = Arc::default();
    let n_acked = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(AtomicUsize::new(0));
    let queue = Arc::new(Mutex::new(sends.into_iter()));
    let c = client();
    let mut workers = Vec::new();
    for _ in 0..24 {
        let (c, url, queue, acked, n_acked, killed) = (
            c.clone(),
            url.clone(),
            queue.clone(),
            acked.clone(),
            n_acked.clone(),
            killed.clone(),
        );
        workers.push(tokio::spawn(async move {
            loop {
                let Some(id) = queue.lock().unwrap().next() else {
                    break;
                };
                let body = medan(&id).to_string();
                let res = c
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("idempotency-key", &id)
                    .body(body)
                    .send()
                    .await;
                let Ok(res) = res else { continue };
                let st = res.status().as_u16();
                let Ok(v) = res.json::<Value>().await else {
                    continue;
                };
                if (200..300).contains(&st) {
                    let mut a = acked.lock().unwrap();
                    if let Some(prev) = a.get(&id) {
                        assert_eq!(prev["status_url"], v["status_url"]);
                    }
                    a.insert(id, v);
                    drop(a);
                    // Kill mid-burst, as soon as 200 reports were acknowledged.
                    if n_acked.fetch_add(1, Ordering::SeqCst) + 1 == 200
                        && killed.fetch_add(1, Ordering::SeqCst) == 0
                    {
                        let _ = std::process::Command::new("kill")
                            .args(["-9", &pid.to_string()])
                            .status();
                    }
                } else {
                    assert!(st >= 500 || st == 408, "unexpected {st}: {v}");
                }
            }
        }));
    }
    for w in workers {
        w.await.unwrap();
    }
    assert!(!s.alive(), "the server was killed");
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 100, "{} acknowledged", acked.len());
    assert!(
        acked.len() < ids.len(),
        "the kill came mid-burst ({} of {} acknowledged)",
        acked.len(),
        ids.len()
    );
    eprintln!(
        "{} of {} reports acknowledged before kill -9",
        acked.len(),
        ids.len()
    );
    let port = s.base.rsplit(':').next().unwrap().to_string();
    drop(s);

    // Restart on the same database and port (the status URLs handed out stay valid).
    let s = Server::start(&db, &[("PORT", &port)]);
    let c = client();
    for (id, receipt) in &acked {
        assert_eq!(rows_of(&db, id).await, 1, "{id} stored exactly once");
        let status_url = receipt["status_url"].as_str().unwrap();
        let (st, v) = get_json(&c, status_url, None).await;
        assert_eq!((st, v["id"].as_str()), (200, Some(id.as_str())));
        let (st, again) = post_report(&c, &s, &medan(id)).await;
        assert_eq!(st, 200, "a repeat after the restart is 'already had it'");
        assert_eq!(&again, receipt, "with the same answer");
    }
    // Nothing is half-stored: every row is a whole report.
    let (ok, out, err) = run_cli(&db, &["export"], "");
    assert!(ok, "{err}");
    let mut seen = std::collections::HashSet::new();
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let r = siaga110_core::report::Report::from_json(&v["report"].to_string())
            .expect("a whole report");
        assert!(seen.insert(r.id.clone()), "{} twice", r.id);
    }
    assert!(seen.len() >= acked.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_burst_loses_no_acknowledged_report() {
    for b in backends() {
        eprintln!("fault test on {b:?}");
        burst_kill_restart(b).await;
    }
}
