//! Intake, idempotency, routing, status, trail, exercise reports, CORS and the export — on a
//! real SQLite file and (with `CENTER_TEST_PG_URL`) a real PostgreSQL server.
mod common;

use common::*;
use serde_json::{json, Value};

async fn intake_and_status(b: Backend) {
    let db = fresh_db(b, "intake").await;
    let s = Server::start(&db, &[]);
    let c = client();
    let id = uuid();
    let (st, first) = post_report(&c, &s, &medan(&id)).await;
    assert_eq!(st, 201, "{first}");
    assert_eq!(first["id"], id);
    assert_eq!(first["queue"]["polres"]["id"], "polrestabes-medan");
    assert_eq!(first["queue"]["polda"], "Polda Sumatera Utara");
    let url = first["status_url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&s.url("/api/status/")), "{url}");
    let token = url.rsplit('/').next().unwrap();
    assert_eq!(token.len(), 64);

    // The same report again (a lost answer): 200, the same answer, one row.
    let (st, again) = post_report(&c, &s, &medan(&id)).await;
    assert_eq!(st, 200);
    assert_eq!(again, first);
    // The same report with keys in another order and spaces is still the same report.
    let reordered: Value =
        serde_json::from_str(&serde_json::to_string_pretty(&medan(&id)).unwrap()).unwrap();
    assert_eq!(post_report(&c, &s, &reordered).await.0, 200);
    assert_eq!(rows_of(&db, &id).await, 1);

    // Same id, another report: refused, not retried (422, not 409).
    let mut other = medan(&id);
    other["description"] = json!("something else");
    let (st, e) = post_report(&c, &s, &other).await;
    assert_eq!(st, 422);
    assert_eq!(e["error"], "id_conflict");
    assert_eq!(rows_of(&db, &id).await, 1);

    // The status, through the token only.
    let (st, status) = get_json(&c, &url, None).await;
    assert_eq!(st, 200);
    assert_eq!(status["state"], "received");
    assert_eq!(status["polres"]["name"], "Polrestabes Medan");
    assert_eq!(status["seen_at"], Value::Null);
    assert_eq!(status["reply"], Value::Null);
    // The status answer carries nothing the person typed (no description, phone, name).
    let text = status.to_string();
    assert!(!text.contains("Budi") && !text.contains("0812") && !text.contains("tetangga"));

    // A trail of later fixes: new 201, repeat 200, bad 400.
    let fix = json!({ "lat": 3.5960, "lon": 98.6730, "accuracy_m": 8.0, "fix_time_ms": 1790000000000u64 });
    assert_eq!(post_json(&c, &url, None, fix.clone()).await.0, 201);
    assert_eq!(post_json(&c, &url, None, fix).await.0, 200);
    assert_eq!(
        post_json(
            &c,
            &url,
            None,
            json!({ "lat": 95.0, "lon": 0.0, "accuracy_m": 1.0, "fix_time_ms": 1 })
        )
        .await
        .0,
        400
    );
    // A token that is well-formed but unknown: 404.
    let (st, _) = get_json(&c, &s.url(&format!("/api/status/{}", "0".repeat(64))), None).await;
    assert_eq!(st, 404);
}

async fn routing_rules(b: Backend) {
    let db = fresh_db(b, "routing").await;
    let s = Server::start(&db, &[]);
    let c = client();
    // The phone says Medan, the position is in Jakarta: filed by the position, flagged.
    let id = uuid();
    let mut r = jakarta(&id);
    r["polres"] = medan(&id)["polres"].clone();
    let (st, a) = post_report(&c, &s, &r).await;
    assert_eq!(st, 201, "{a}");
    let jakarta_polres = a["queue"]["polres"]["id"].as_str().unwrap().to_string();
    assert_ne!(jakarta_polres, "polrestabes-medan");
    assert_ne!(a["queue"]["polda"], "Polda Sumatera Utara");
    // No location: the phone's Polres.
    let id2 = uuid();
    let mut r2 = medan(&id2);
    r2.as_object_mut().unwrap().remove("location");
    let (st, a2) = post_report(&c, &s, &r2).await;
    assert_eq!(st, 201, "{a2}");
    assert_eq!(a2["queue"]["polres"]["id"], "polrestabes-medan");
    // No location, a Polres the data does not know, a known Polda: the Polda-level queue.
    let id3 = uuid();
    let mut r3 = r2.clone();
    r3["id"] = json!(id3);
    r3["polres"]["id"] = json!("polres-that-does-not-exist");
    let (st, a3) = post_report(&c, &s, &r3).await;
    assert_eq!(st, 201, "{a3}");
    assert_eq!(a3["queue"]["polres"], Value::Null);
    assert_eq!(a3["queue"]["polda"], "Polda Sumatera Utara");
    // No location, no Polres: stored, in no queue (the export and a national view have it).
    let id4 = uuid();
    let mut r4 = r2.clone();
    r4["id"] = json!(id4);
    r4.as_object_mut().unwrap().remove("polres");
    let (st, a4) = post_report(&c, &s, &r4).await;
    assert_eq!(st, 201, "{a4}");
    assert_eq!(a4["queue"]["polda"], Value::Null);
    drop(s);
    // With CENTER_DEFAULT_POLDA, such a report goes to that Polda's queue.
    let s = Server::start(&db, &[("CENTER_DEFAULT_POLDA", "Polda Sumatera Utara")]);
    let id5 = uuid();
    r4["id"] = json!(id5);
    let (st, a5) = post_report(&c, &s, &r4).await;
    assert_eq!(st, 201, "{a5}");
    assert_eq!(a5["queue"]["polda"], "Polda Sumatera Utara");
    assert_eq!(a5["queue"]["polres"], Value::Null);
    // A position where the data only assumes the Polres (2 X 11 Kayu Tanam, 13.05.15, name-match;
    // the same place e2e/tests/basis.test.mjs shows as assumed on the phone's card).
    let id6 = uuid();
    let mut r6 = jakarta(&id6);
    r6["location"]["lat"] = json!(-0.56789);
    r6["location"]["lon"] = json!(100.3525);
    let (st, a6) = post_report(&c, &s, &r6).await;
    assert_eq!(st, 201, "{a6}");

    // The export has all four, with the mismatch flag and both Polres.
    let (ok, out, err) = run_cli(&db, &["export"], "");
    assert!(ok, "{err}");
    let route_of = |v: &Value| v["center"]["route"].as_str().unwrap_or("").to_string();
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6, "{out}");
    let first = lines.iter().find(|l| l["report"]["id"] == id).unwrap();
    assert_eq!(first["center"]["polres_mismatch"], true);
    // The area's basis goes with the route: sourced in Jakarta, assumed in Kayu Tanam, none
    // without a position.
    assert_eq!(first["center"]["area_basis"], "decision", "{first}");
    let sixth = lines.iter().find(|l| l["report"]["id"] == id6).unwrap();
    assert_eq!(sixth["center"]["area_basis"], "name-match", "{sixth}");
    let second = lines.iter().find(|l| l["report"]["id"] == id2).unwrap();
    assert_eq!(second["center"]["area_basis"], Value::Null);
    assert_eq!(first["center"]["phone_polres"], "polrestabes-medan");
    assert_eq!(first["center"]["server_polres"], jakarta_polres.as_str());
    assert_eq!(first["report"]["description"], medan(&id)["description"]);
    let mut routes: Vec<String> = lines.iter().map(route_of).collect();
    routes.sort();
    assert_eq!(
        routes,
        ["default", "location", "location", "none", "phone", "polda"]
    );
}

async fn exercise_apart(b: Backend) {
    let db = fresh_db(b, "exercise").await;
    let s = Server::start(&db, &[]);
    add_operator(
        &db,
        "medan1",
        ("--polres", "polrestabes-medan"),
        "kata-sandi-panjang",
    );
    let c = client();
    let cookie = login(&c, &s, "medan1", "kata-sandi-panjang").await;
    let id = uuid();
    let mut r = medan(&id);
    r["exercise"] = json!(true);
    let (st, a) = post_report(&c, &s, &r).await;
    assert_eq!(st, 201);
    assert_eq!(a["exercise"], true);
    let (_, live) = get_json(&c, &s.url("/api/reports"), Some(&cookie)).await;
    assert_eq!(
        live["reports"].as_array().unwrap().len(),
        0,
        "not in the live queue"
    );
    let (_, ex) = get_json(&c, &s.url("/api/reports?exercise=true"), Some(&cookie)).await;
    assert_eq!(ex["reports"][0]["id"], id, "listed only among exercises");
    assert_eq!(ex["reports"][0]["exercise"], true);
}

async fn concurrent_duplicates(b: Backend) {
    let db = fresh_db(b, "dups").await;
    let s = Server::start(&db, &[]);
    let c = client();
    let ids: Vec<String> = (0..10).map(|_| uuid()).collect();
    let mut tasks = Vec::new();
    for round in 0..8 {
        for id in &ids {
            let (c, url, body) = (c.clone(), s.url("/api/reports"), medan(id));
            let _ = round;
            tasks.push(tokio::spawn(async move {
                let res = c
                    .post(url)
                    .header("content-type", "application/json")
                    .header("idempotency-key", body["id"].as_str().unwrap())
                    .body(body.to_string())
                    .send()
                    .await
                    .unwrap();
                let st = res.status().as_u16();
                let v: Value = res.json().await.unwrap();
                (
                    body["id"].as_str().unwrap().to_string(),
                    st,
                    v["status_url"].clone(),
                )
            }));
        }
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    for id in &ids {
        let mine: Vec<_> = results.iter().filter(|r| &r.0 == id).collect();
        assert_eq!(
            mine.iter().filter(|r| r.1 == 201).count(),
            1,
            "exactly one 201 for {id}"
        );
        assert_eq!(mine.iter().filter(|r| r.1 == 200).count(), 7);
        assert!(
            mine.iter().all(|r| r.2 == mine[0].2),
            "the same status_url every time"
        );
        assert_eq!(rows_of(&db, id).await, 1);
    }
}

async fn cors(b: Backend) {
    let db = fresh_db(b, "cors").await;
    let s = Server::start(
        &db,
        &[(
            "CENTER_APP_ORIGINS",
            "http://127.0.0.1:8080,https://siaga110.example",
        )],
    );
    let c = client();
    for origin in ["http://127.0.0.1:8080", "https://siaga110.example"] {
        let res = c
            .request(reqwest::Method::OPTIONS, s.url("/api/reports"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type, idempotency-key",
            )
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
        let h = res.headers();
        assert_eq!(h["access-control-allow-origin"], origin);
        let methods = h["access-control-allow-methods"].to_str().unwrap();
        assert!(methods.contains("POST"));
        let headers = h["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_lowercase();
        assert!(headers.contains("content-type") && headers.contains("idempotency-key"));
    }
    // Another origin gets no Access-Control-Allow-Origin; neither does the operator API.
    let res = c
        .request(reqwest::Method::OPTIONS, s.url("/api/reports"))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let res = c
        .request(reqwest::Method::OPTIONS, s.url("/api/reports"))
        .header("origin", "http://127.0.0.1:8080")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(
        res.headers().get("access-control-allow-origin").is_none(),
        "the queue is not for the app"
    );
    // The POST answer and the status answer carry it too.
    let id = uuid();
    let res = c
        .post(s.url("/api/reports"))
        .header("content-type", "application/json")
        .header("idempotency-key", &id)
        .header("origin", "http://127.0.0.1:8080")
        .body(medan(&id).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    let v: Value = res.json().await.unwrap();
    let res = c
        .get(v["status_url"].as_str().unwrap())
        .header("origin", "http://127.0.0.1:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    // A refusal (here 413) still carries CORS, so the phone can read that it was refused.
    let res = c
        .post(s.url("/api/reports"))
        .header("content-type", "application/json")
        .header("idempotency-key", uuid())
        .header("origin", "http://127.0.0.1:8080")
        .body("x".repeat(70 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
}

async fn rate_limit(b: Backend) {
    let db = fresh_db(b, "rate").await;
    let s = Server::start(
        &db,
        &[("CENTER_RATE_PER_MIN", "6"), ("CENTER_RATE_BURST", "3")],
    );
    let c = client();
    for _ in 0..3 {
        assert_eq!(post_report(&c, &s, &medan(&uuid())).await.0, 201);
    }
    let id = uuid();
    let res = c
        .post(s.url("/api/reports"))
        .header("content-type", "application/json")
        .header("idempotency-key", &id)
        .body(medan(&id).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=10).contains(&after), "Retry-After {after}");
    assert_eq!(rows_of(&db, &id).await, 0);
}

macro_rules! both {
    ($($name:ident),*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            for b in backends() {
                eprintln!("{} on {b:?}", stringify!($name));
                super::$name(b).await;
            }
        }
    )*};
}

mod on {
    use super::common::backends;
    both!(
        intake_and_status,
        routing_rules,
        exercise_apart,
        concurrent_duplicates,
        cors,
        rate_limit
    );
}
