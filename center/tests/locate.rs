//! Location requests: an operator makes a one-time link, the caller's phone answers it
//! (`/api/locate/{token}`): bound to the first phone, refused to another, expired after 30
//! minutes, useless for anything else; scope like reports; the live feed's `event: location`
//! (with PostgreSQL across two processes).
mod common;

use common::*;
use serde_json::{json, Value};

const PW: &str = "kata-sandi-panjang";
const APP_URL: &str = "https://siaga110.example/app/";

async fn setup(b: Backend, name: &str) -> (String, Server) {
    let db = fresh_db(b, name).await;
    add_operator(&db, "medan1", ("--polres", "polrestabes-medan"), PW);
    add_operator(
        &db,
        "jakpus1",
        ("--polres", "polres-metro-jakarta-pusat"),
        PW,
    );
    add_operator(&db, "sumut", ("--polda", "Polda Sumatera Utara"), PW);
    let s = Server::start(&db, &[("CENTER_APP_URL", APP_URL)]);
    (db, s)
}

/// The token of a request's link.
fn token(req: &Value) -> String {
    let link = req["link"].as_str().unwrap();
    link.strip_prefix(&format!("{APP_URL}?lokasi="))
        .unwrap_or_else(|| panic!("{link} is not {APP_URL}?lokasi=<token>"))
        .to_string()
}

fn fix(phone: &str, lat: f64, lon: f64, t: u64) -> Value {
    json!({ "phone": phone, "lat": lat, "lon": lon, "accuracy_m": 9.5, "fix_time_ms": t })
}

async fn create(c: &reqwest::Client, s: &Server, cookie: &str, body: Value) -> (u16, Value) {
    post_json(c, &s.url("/api/location-requests"), Some(cookie), body).await
}

fn ids(list: &Value) -> Vec<String> {
    list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

async fn one_time_link(b: Backend) {
    let (db, s) = setup(b, "locate").await;
    let c = client();
    let mk = login(&c, &s, "medan1", PW).await;
    let jak = login(&c, &s, "jakpus1", PW).await;
    let sup = login(&c, &s, "sumut", PW).await;
    let rid = uuid();
    let (st, receipt) = post_report(&c, &s, &medan(&rid)).await;
    assert_eq!(st, 201);

    // Made by a Medan operator, about a report of its queue; the note is cleaned.
    let (st, req) = create(
        &c,
        &s,
        &mk,
        json!({ "note": "Mohon <b>bagikan</b>\u{7} lokasi Anda", "report_id": rid }),
    )
    .await;
    assert_eq!(st, 201, "{req}");
    let id = req["id"].as_str().unwrap().to_string();
    let tk = token(&req);
    assert!(
        tk.len() == 64
            && tk
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{tk}"
    );
    assert_eq!(req["state"], "waiting");
    assert_eq!(req["note"], "Mohon <b>bagikan</b> lokasi Anda");
    assert_eq!(req["report_id"], rid.as_str());
    assert_eq!(req["polres"]["id"], "polrestabes-medan");
    assert_eq!(req["polres"]["name"], "Polrestabes Medan");
    assert_eq!(req["polda"], "Polda Sumatera Utara");
    assert_eq!(req["operator"], "medan1");
    assert_eq!(req["fixes"], json!([]));
    assert_eq!(req["place"], Value::Null);
    assert_eq!(req["answered_at"], Value::Null);
    let created = req["created_at"].as_str().unwrap();
    let expires = req["expires_at"].as_str().unwrap();
    assert!(expires > created);

    // The phone's consent screen: the Polres, the note, nothing else; CORS for the app.
    let locate = s.url(&format!("/api/locate/{tk}"));
    let res = c
        .get(&locate)
        .header("origin", APP_ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["access-control-allow-origin"], APP_ORIGIN);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["polres"]["name"], "Polrestabes Medan");
    assert_eq!(v["polda"], "Polda Sumatera Utara");
    assert_eq!(v["note"], "Mohon <b>bagikan</b> lokasi Anda");
    assert_eq!(v["state"], "waiting");
    assert_eq!(v["expires_at"], expires);
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "created_at",
            "expires_at",
            "note",
            "polda",
            "polres",
            "state"
        ]
    );
    let res = c
        .request(reqwest::Method::OPTIONS, &locate)
        .header("origin", APP_ORIGIN)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert_eq!(res.headers()["access-control-allow-origin"], APP_ORIGIN);
    let res = c
        .request(reqwest::Method::OPTIONS, &locate)
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());

    // Phone A answers: 201, a repeat 200, a later fix 201.
    let (a, bphone) = (uuid(), uuid());
    let t0 = 1_790_000_000_000u64;
    let (st, v) = post_json(&c, &locate, None, fix(&a, 3.5952, 98.6722, t0)).await;
    assert_eq!((st, &v["stored"]), (201, &json!(true)), "{v}");
    assert_eq!(v["expires_at"], expires);
    let (st, v) = post_json(&c, &locate, None, fix(&a, 3.5952, 98.6722, t0)).await;
    assert_eq!((st, &v["stored"]), (200, &json!(false)), "{v}");
    let (st, _) = post_json(&c, &locate, None, fix(&a, 3.5960, 98.6730, t0 + 5000)).await;
    assert_eq!(st, 201);
    assert_eq!(get_json(&c, &locate, None).await.1["state"], "shared");
    // Phone B: the link is used.
    let (st, e) = post_json(&c, &locate, None, fix(&bphone, 3.0, 98.0, t0 + 9000)).await;
    assert_eq!((st, e["error"].as_str()), (409, Some("link_used")), "{e}");
    let (st, e) = post_json(
        &c,
        &locate,
        None,
        json!({ "phone": bphone, "declined": true }),
    )
    .await;
    assert_eq!((st, e["error"].as_str()), (409, Some("link_used")));

    // The operator's list: shared, two positions oldest first, the center's own lookup.
    let (st, list) = get_json(&c, &s.url("/api/location-requests"), Some(&mk)).await;
    assert_eq!(st, 200);
    assert_eq!(ids(&list), vec![id.clone()]);
    let r = &list["requests"][0];
    assert_eq!(r["state"], "shared");
    assert_eq!(r["link"], req["link"], "the list recomputes the same link");
    assert!(r["answered_at"].is_string());
    let fixes = r["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 2);
    assert_eq!(fixes[0]["lat"], 3.5952);
    assert_eq!(fixes[1]["lat"], 3.596);
    assert_eq!(fixes[1]["accuracy_m"], 9.5);
    assert_eq!(fixes[0]["fix_time"], "2026-09-21T14:13:20.000Z");
    assert!(fixes[0]["received_at"].is_string());
    assert_eq!(r["place"]["polres"]["id"], "polrestabes-medan", "{r}");
    assert!(r["place"]["kecamatan"].is_string() && r["place"]["kabkota"] == "Kota Medan");
    let one = s.url(&format!("/api/location-requests/{id}"));
    let (st, v) = get_json(&c, &one, Some(&mk)).await;
    assert_eq!((st, &v["fixes"]), (200, &r["fixes"]));
    let (st, m) = get_json(&c, &format!("{one}/map"), Some(&mk)).await;
    assert_eq!(st, 200);
    assert!(m["kecamatan"].is_array(), "{m}");
    assert_eq!(m["hq"]["name"], "Polrestabes Medan");

    // Scope: the supervisor of the Polda sees it; another Polres does not.
    let (_, sl) = get_json(&c, &s.url("/api/location-requests"), Some(&sup)).await;
    assert_eq!(ids(&sl), vec![id.clone()]);
    assert_eq!(get_json(&c, &one, Some(&sup)).await.0, 200);
    let (_, jl) = get_json(&c, &s.url("/api/location-requests"), Some(&jak)).await;
    assert_eq!(ids(&jl), Vec::<String>::new());
    assert_eq!(get_json(&c, &one, Some(&jak)).await.0, 404);
    assert_eq!(get_json(&c, &format!("{one}/map"), Some(&jak)).await.0, 404);
    assert_eq!(
        get_json(&c, &s.url("/api/location-requests/nope"), Some(&mk))
            .await
            .0,
        404
    );
    // … and cannot ask about a report outside its queue.
    let (st, _) = create(&c, &s, &jak, json!({ "report_id": rid })).await;
    assert_eq!(st, 404);
    let (st, _) = create(&c, &s, &jak, json!({ "report_id": uuid() })).await;
    assert_eq!(st, 404);
    // No session: 401.
    for path in [
        "/api/location-requests".to_string(),
        format!("/api/location-requests/{id}"),
        format!("/api/location-requests/{id}/map"),
    ] {
        assert_eq!(get_json(&c, &s.url(&path), None).await.0, 401, "{path}");
    }
    assert_eq!(
        post_json(&c, &s.url("/api/location-requests"), None, json!({}))
            .await
            .0,
        401
    );

    // Audited with the report.
    let (_, audit) = get_json(&c, &s.url(&format!("/api/reports/{rid}/audit")), Some(&mk)).await;
    assert!(
        audit["audit"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "locate_request"
                && a["operator"] == "medan1"
                && a["detail"] == id.as_str()),
        "{audit}"
    );

    // The token opens nothing else: no status, no report; a status token opens no request.
    let (st, _) = get_json(&c, &s.url(&format!("/api/status/{tk}")), None).await;
    assert_eq!(st, 404);
    let (st, _) = post_json(
        &c,
        &s.url(&format!("/api/status/{tk}")),
        None,
        json!({"lat": 1, "lon": 1, "accuracy_m": 1, "fix_time_ms": 1}),
    )
    .await;
    assert_eq!(st, 404);
    let status_token = receipt["status_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    assert_ne!(status_token, tk);
    let (st, _) = get_json(&c, &s.url(&format!("/api/locate/{status_token}")), None).await;
    assert_eq!(st, 404);
    for path in ["/api/reports", &format!("/api/reports/{rid}"), "/api/feed"] {
        let cookie = format!("siaga110_session={tk}");
        assert_eq!(get_json(&c, &s.url(path), Some(&cookie)).await.0, 401);
    }

    // Malformed and unknown tokens.
    assert_eq!(get_json(&c, &s.url("/api/locate/abc"), None).await.0, 400);
    let upper = tk.to_uppercase();
    assert_eq!(
        get_json(&c, &s.url(&format!("/api/locate/{upper}")), None)
            .await
            .0,
        400
    );
    let (st, e) = get_json(&c, &s.url(&format!("/api/locate/{}", "f".repeat(64))), None).await;
    assert_eq!((st, e["error"].as_str()), (404, Some("not_found")));
    let (st, _) = post_json(
        &c,
        &s.url(&format!("/api/locate/{}", "f".repeat(64))),
        None,
        fix(&a, 1.0, 1.0, 1),
    )
    .await;
    assert_eq!(st, 404);

    // A decline: 200, the request says so; the phone is bound all the same.
    let (_, req2) = create(&c, &s, &mk, json!({})).await;
    assert_eq!(req2["note"], Value::Null);
    assert_eq!(req2["report_id"], Value::Null);
    let l2 = s.url(&format!("/api/locate/{}", token(&req2)));
    let cph = uuid();
    let (st, v) = post_json(&c, &l2, None, json!({ "phone": cph, "declined": true })).await;
    assert_eq!((st, &v["stored"]), (200, &json!(false)), "{v}");
    assert_eq!(get_json(&c, &l2, None).await.1["state"], "declined");
    let (st, e) = post_json(&c, &l2, None, fix(&uuid(), 3.0, 98.0, t0)).await;
    assert_eq!((st, e["error"].as_str()), (409, Some("link_used")));
    let (_, v) = get_json(
        &c,
        &s.url(&format!(
            "/api/location-requests/{}",
            req2["id"].as_str().unwrap()
        )),
        Some(&mk),
    )
    .await;
    assert_eq!(v["state"], "declined");
    assert!(v["answered_at"].is_string());

    // After 30 minutes: 410 to the phone, "expired" to the operator.
    let (_, req3) = create(&c, &s, &mk, json!({ "note": "kedaluwarsa" })).await;
    let id3 = req3["id"].as_str().unwrap().to_string();
    let n = exec_sql(
        &db,
        "UPDATE location_requests SET created_at = created_at - 1860000, \
         expires_at = expires_at - 1860000 WHERE id = $1",
        &[&id3],
    )
    .await;
    assert_eq!(n, 1);
    let l3 = s.url(&format!("/api/locate/{}", token(&req3)));
    let (st, e) = get_json(&c, &l3, None).await;
    assert_eq!(
        (st, e["error"].as_str()),
        (410, Some("link_expired")),
        "{e}"
    );
    let (st, e) = post_json(&c, &l3, None, fix(&uuid(), 3.5952, 98.6722, t0)).await;
    assert_eq!((st, e["error"].as_str()), (410, Some("link_expired")));
    let res = c
        .get(&l3)
        .header("origin", APP_ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 410);
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        APP_ORIGIN,
        "the phone can read the refusal"
    );
    let (_, v) = get_json(
        &c,
        &s.url(&format!("/api/location-requests/{id3}")),
        Some(&mk),
    )
    .await;
    assert_eq!(v["state"], "expired");
    // A shared request past its time stays shared but takes no more positions.
    exec_sql(
        &db,
        "UPDATE location_requests SET created_at = created_at - 1860000, \
         expires_at = expires_at - 1860000 WHERE id = $1",
        &[&id],
    )
    .await;
    let (st, e) = post_json(&c, &locate, None, fix(&a, 3.5952, 98.6722, t0 + 60_000)).await;
    assert_eq!((st, e["error"].as_str()), (410, Some("link_expired")));
    assert_eq!(get_json(&c, &one, Some(&mk)).await.1["state"], "shared");

    // The list is newest first (the two made older above are now the oldest).
    let (_, list) = get_json(&c, &s.url("/api/location-requests"), Some(&mk)).await;
    assert_eq!(
        ids(&list),
        vec![
            req2["id"].as_str().unwrap().to_string(),
            id3.clone(),
            id.clone()
        ]
    );

    // A supervisor's request is its Polda's: not in a Polres operator's list.
    let (st, sreq) = create(&c, &s, &sup, json!({ "note": "Polda" })).await;
    assert_eq!(st, 201);
    assert_eq!(sreq["polres"], Value::Null);
    assert_eq!(sreq["polda"], "Polda Sumatera Utara");
    let sid = sreq["id"].as_str().unwrap().to_string();
    let (_, v) = get_json(&c, &s.url(&format!("/api/locate/{}", token(&sreq))), None).await;
    assert_eq!((&v["polres"], &v["polda"]), (&Value::Null, &sreq["polda"]));
    assert!(
        !ids(&get_json(&c, &s.url("/api/location-requests"), Some(&mk))
            .await
            .1)
        .contains(&sid)
    );
    assert_eq!(
        get_json(
            &c,
            &s.url(&format!("/api/location-requests/{sid}")),
            Some(&mk)
        )
        .await
        .0,
        404
    );
    assert_eq!(
        ids(&get_json(&c, &s.url("/api/location-requests"), Some(&sup))
            .await
            .1)[0],
        sid
    );

    // Notes: at most 200 characters after cleaning.
    let (st, _) = create(&c, &s, &mk, json!({ "note": "x".repeat(200) })).await;
    assert_eq!(st, 201);
    let (st, e) = create(&c, &s, &mk, json!({ "note": "x".repeat(201) })).await;
    assert_eq!((st, e["error"].as_str()), (400, Some("bad_request")));
    let (st, _) = create(&c, &s, &mk, json!({ "report_id": "nope" })).await;
    assert_eq!(st, 400);

    // At most 200 positions per request.
    let (_, req4) = create(&c, &s, &mk, json!({})).await;
    let l4 = s.url(&format!("/api/locate/{}", token(&req4)));
    let ph = uuid();
    for i in 0..200u64 {
        let (st, _) = post_json(&c, &l4, None, fix(&ph, 3.5952, 98.6722, t0 + i)).await;
        assert_eq!(st, 201, "fix {i}");
    }
    let (st, e) = post_json(&c, &l4, None, fix(&ph, 3.5952, 98.6722, t0 + 500)).await;
    assert_eq!((st, e["error"].as_str()), (422, Some("unprocessable")));
    let (st, _) = post_json(&c, &l4, None, fix(&ph, 3.5952, 98.6722, t0)).await;
    assert_eq!(st, 422, "full: even a repeat is refused, nothing is stored");
}

/// Two phones answering at once: exactly one wins.
async fn two_phones_at_once(b: Backend) {
    let (_db, s) = setup(b, "race").await;
    let c = client();
    let mk = login(&c, &s, "medan1", PW).await;
    for round in 0..5 {
        let (_, req) = create(&c, &s, &mk, json!({})).await;
        let url = s.url(&format!("/api/locate/{}", token(&req)));
        let tasks: Vec<_> = (0..6)
            .map(|i| {
                let (c, url) = (c.clone(), url.clone());
                tokio::spawn(async move {
                    post_json(&c, &url, None, fix(&uuid(), 3.5952, 98.6722, 1_000 + i))
                        .await
                        .0
                })
            })
            .collect();
        let mut codes = Vec::new();
        for t in tasks {
            codes.push(t.await.unwrap());
        }
        codes.sort_unstable();
        assert_eq!(codes, [201, 409, 409, 409, 409, 409], "round {round}");
    }
}

async fn live_feed(b: Backend) {
    let (db, s) = setup(b, "locfeed").await;
    // With PostgreSQL, the feed of a second process on the same database.
    let second =
        (b == Backend::Postgres).then(|| Server::start(&db, &[("CENTER_APP_URL", APP_URL)]));
    let watch = second.as_ref().unwrap_or(&s);
    let c = client();
    let mk = login(&c, &s, "medan1", PW).await;
    let jak = login(&c, &s, "jakpus1", PW).await;
    let open = |cookie: String| {
        let (c, url) = (c.clone(), watch.url("/api/feed"));
        async move {
            let res = c.get(url).header("cookie", cookie).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.bytes_stream()
        }
    };
    let mut m = Box::pin(open(mk.clone()).await);
    let mut j = Box::pin(open(jak.clone()).await);
    let (mut mb, mut jb) = (String::new(), String::new());
    sse_event(&mut m, &mut mb, "hello").await;
    sse_event(&mut j, &mut jb, "hello").await;

    let (_, req) = create(&c, &s, &mk, json!({ "note": "live" })).await;
    let id = req["id"].as_str().unwrap().to_string();
    let ev = sse_event(&mut m, &mut mb, "location").await;
    assert_eq!(
        (ev["id"].as_str(), ev["state"].as_str()),
        (Some(id.as_str()), Some("waiting"))
    );
    assert_eq!(ev["link"], req["link"], "the same link from every process");
    let url = s.url(&format!("/api/locate/{}", token(&req)));
    let phone = uuid();
    assert_eq!(
        post_json(&c, &url, None, fix(&phone, 3.5952, 98.6722, 10))
            .await
            .0,
        201
    );
    let ev = sse_event(&mut m, &mut mb, "location").await;
    assert_eq!(ev["state"], "shared");
    assert_eq!(ev["fixes"].as_array().unwrap().len(), 1);
    assert_eq!(ev["place"]["polres"]["id"], "polrestabes-medan");
    // A repeat changes nothing and sends nothing; a new position does.
    assert_eq!(
        post_json(&c, &url, None, fix(&phone, 3.5952, 98.6722, 10))
            .await
            .0,
        200
    );
    assert_eq!(
        post_json(&c, &url, None, fix(&phone, 3.5961, 98.6731, 20))
            .await
            .0,
        201
    );
    let ev = sse_event(&mut m, &mut mb, "location").await;
    assert_eq!(ev["fixes"].as_array().unwrap().len(), 2);
    assert_eq!(ev["fixes"][1]["lat"], 3.5961);
    assert_eq!(
        post_json(&c, &url, None, json!({ "phone": phone, "declined": true }))
            .await
            .0,
        200
    );
    assert_eq!(
        sse_event(&mut m, &mut mb, "location").await["state"],
        "declined"
    );
    // Jakarta's feed saw none of it: its first location event is its own request.
    let (_, jreq) = create(&c, &s, &jak, json!({})).await;
    let ev = sse_event(&mut j, &mut jb, "location").await;
    assert_eq!(ev["id"], jreq["id"]);
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
    both!(one_time_link, two_phones_at_once, live_feed);
}
