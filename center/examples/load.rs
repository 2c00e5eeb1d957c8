//! The center's intake benchmark: starts `siaga110-center` on 127.0.0.1 (a fresh SQLite file,
//! or the PostgreSQL database of `BENCH_DATABASE_URL`), drives a bounded number of reports
//! (with duplicates mixed in: the phone's retries after a lost answer) from a fixed number of
//! concurrent clients, and prints the sustained rate and the latency percentiles.
//!
//!   cargo run --profile center -p siaga110-center --example load -- [REPORTS] [CLIENTS]
//!
//! Environment: BENCH_DATABASE_URL (default: a SQLite file in a temporary directory),
//! BENCH_DUPLICATES (share of requests that repeat a report, default 0.1), CENTER_BIN (the
//! server binary; default: the one built beside this example).
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

fn report(id: &str, i: usize) -> String {
    // Positions spread over Medan and Jakarta, as from many phones.
    let (lat, lon) = if i.is_multiple_of(2) {
        (
            3.5952 + (i % 50) as f64 * 0.001,
            98.6722 + (i % 37) as f64 * 0.001,
        )
    } else {
        (
            -6.1754 - (i % 40) as f64 * 0.001,
            106.8272 + (i % 29) as f64 * 0.001,
        )
    };
    json!({
        "version": 1, "id": id, "created_at": "2026-09-21T14:13:20Z", "exercise": false,
        "category": "theft", "description": format!("Laporan uji beban nomor {i}. Motor dicuri di depan rumah."),
        "danger": "over", "minutes_ago": 10, "subject": "me", "text_only": false,
        "landmark": "Depan warung", "injured": 0,
        "location": { "lat": lat, "lon": lon, "accuracy_m": 15.0, "fix_time_ms": 1789999990000u64, "source": "device" },
        "reporter": { "phone": "081234567890" }
    })
    .to_string()
}

fn uuid(i: usize, salt: u64) -> String {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&(i as u64).to_le_bytes());
    b[8..].copy_from_slice(&salt.to_le_bytes());
    siaga110_core::report::uuid_v4(b)
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let total: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000)
        .min(200_000);
    let clients: usize = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(32)
        .clamp(1, 512);
    let dup_share: f64 = std::env::var("BENCH_DUPLICATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.1);
    let tmp = std::env::temp_dir().join(format!("siaga110-center-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let db = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/center.db", tmp.display()));
    let backend = if db.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let bin = std::env::var("CENTER_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            let exe = std::env::current_exe().unwrap();
            exe.parent()
                .unwrap()
                .parent()
                .unwrap()
                .join("siaga110-center")
        });
    let mut child = Command::new(&bin)
        .env("PORT", "0")
        .env("DATABASE_URL", &db)
        .env(
            "CENTER_DATA_DIR",
            std::env::var_os("CARGO_MANIFEST_DIR")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
                .join("../public/data"),
        )
        .env("CENTER_RATE_PER_MIN", "100000000")
        .env("CENTER_RATE_BURST", "1000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(u) = line.strip_prefix("siaga110-center listening on ") {
                let _ = tx.send(u.to_string());
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the center did not start");
    assert!(
        base.starts_with("http://127.0.0.1:"),
        "loopback only: {base}"
    );
    let url = format!("{base}/api/reports");

    // The requests: unique reports, and a share of repeats of earlier ones, interleaved.
    let salt = std::process::id() as u64 ^ 0x5ca1ab1e;
    let every = if dup_share > 0.0 {
        ((1.0 + dup_share) / dup_share).round().max(2.0) as usize
    } else {
        usize::MAX
    };
    let mut plan: Vec<(String, String)> = Vec::with_capacity(total);
    let mut next = 0usize;
    for k in 0..total {
        let i = if k % every == every - 1 && next > 0 {
            (k * 31) % next
        } else {
            next += 1;
            next - 1
        };
        let id = uuid(i, salt);
        plan.push((id.clone(), report(&id, i)));
    }
    let sent_unique = next;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .unwrap();
    // Warm-up (not counted): connections, caches.
    for i in 0..200 {
        let id = uuid(1_000_000 + i, salt);
        let _ = client
            .post(&url)
            .header("content-type", "application/json")
            .header("idempotency-key", &id)
            .body(report(&id, i))
            .send()
            .await;
    }
    let queue = Arc::new(Mutex::new(plan.into_iter()));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(120);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, url, queue) = (client.clone(), url.clone(), queue.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let (mut created, mut repeated, mut failed) = (0usize, 0usize, 0usize);
            loop {
                let Some((id, body)) = queue.lock().unwrap().next() else {
                    break;
                };
                if Instant::now() > deadline {
                    break;
                }
                let t = Instant::now();
                let res = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("idempotency-key", &id)
                    .body(body)
                    .send()
                    .await;
                match res {
                    Ok(r) => {
                        let st = r.status().as_u16();
                        let _ = r.bytes().await;
                        lat.push(t.elapsed());
                        match st {
                            201 => created += 1,
                            200 => repeated += 1,
                            _ => failed += 1,
                        }
                    }
                    Err(_) => failed += 1,
                }
            }
            (lat, created, repeated, failed)
        }));
    }
    let (mut lat, mut created, mut repeated, mut failed) = (Vec::new(), 0, 0, 0);
    for t in tasks {
        let (l, c, r, f) = t.await.unwrap();
        lat.extend(l);
        created += c;
        repeated += r;
        failed += f;
    }
    let secs = start.elapsed().as_secs_f64();
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&tmp);
    lat.sort();
    let n = lat.len();
    println!(
        "  {backend:<10} {n} requests ({created} new, {repeated} repeats; {failed} failed) from {clients} clients in {secs:.2} s: \
         {:.0} reports/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        n as f64 / secs,
        pct(&lat, 0.50),
        pct(&lat, 0.99),
        pct(&lat, 1.0)
    );
    if failed == 0 {
        assert_eq!(
            created, sent_unique,
            "every unique report was created exactly once"
        );
    }
}
