//! Malformed requests — bodies, headers, tokens, cookies, oversize, wrong types — each get a
//! clear 4xx with a JSON error, never a 5xx; the server keeps serving; markup in every text
//! field is stored and given back as text.
mod common;

use common::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde_json::{json, Value};

struct Case {
    name: String,
    method: Method,
    path: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    want: u16,
}

fn report_case(name: &str, f: impl FnOnce(&mut Value)) -> Case {
    let id = uuid();
    let mut r = medan(&id);
    f(&mut r);
    Case {
        name: name.into(),
        method: Method::POST,
        path: "/api/reports".into(),
        headers: vec![
            ("content-type".into(), b"application/json".to_vec()),
            ("idempotency-key".into(), id.into_bytes()),
        ],
        body: r.to_string().into_bytes(),
        want: 400,
    }
}

fn raw(
    name: &str,
    method: Method,
    path: &str,
    headers: &[(&str, &[u8])],
    body: &[u8],
    want: u16,
) -> Case {
    Case {
        name: name.into(),
        method,
        path: path.into(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_vec()))
            .collect(),
        body: body.to_vec(),
        want,
    }
}

async fn bad_inputs(b: Backend) {
    let db = fresh_db(b, "bad").await;
    add_operator(
        &db,
        "medan1",
        ("--polres", "polrestabes-medan"),
        "kata-sandi-panjang",
    );
    let s = Server::start(&db, &[]);
    // No connection reuse: the server may close a connection after refusing a body early (413).
    let c = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let cookie = login(&c, &s, "medan1", "kata-sandi-panjang").await;
    let id = uuid();
    let (_, receipt) = post_report(&c, &s, &medan(&id)).await;
    let status_path = receipt["status_url"].as_str().unwrap().replace(&s.base, "");
    let report_path = format!("/api/reports/{id}");
    let good = medan(&uuid());
    let good_id = good["id"].as_str().unwrap().to_string();
    let json_h: (&str, &[u8]) = ("content-type", b"application/json");
    let ck = cookie.as_bytes();
    let (st, lr) = post_json(
        &c,
        &s.url("/api/location-requests"),
        Some(&cookie),
        json!({}),
    )
    .await;
    assert_eq!(st, 201, "{lr}");
    let locate_path = format!(
        "/api/locate/{}",
        lr["link"].as_str().unwrap().rsplit('=').next().unwrap()
    );
    let phone = uuid();

    let mut cases = vec![
        raw(
            "no content type",
            Method::POST,
            "/api/reports",
            &[("idempotency-key", good_id.as_bytes())],
            good.to_string().as_bytes(),
            415,
        ),
        raw(
            "text/plain",
            Method::POST,
            "/api/reports",
            &[
                ("content-type", b"text/plain"),
                ("idempotency-key", good_id.as_bytes()),
            ],
            good.to_string().as_bytes(),
            415,
        ),
        raw(
            "no idempotency key",
            Method::POST,
            "/api/reports",
            &[json_h],
            good.to_string().as_bytes(),
            400,
        ),
        raw(
            "key not a uuid",
            Method::POST,
            "/api/reports",
            &[json_h, ("idempotency-key", b"hello")],
            good.to_string().as_bytes(),
            400,
        ),
        raw(
            "key in upper case",
            Method::POST,
            "/api/reports",
            &[
                json_h,
                ("idempotency-key", good_id.to_uppercase().as_bytes()),
            ],
            good.to_string().as_bytes(),
            400,
        ),
        raw(
            "key not text",
            Method::POST,
            "/api/reports",
            &[json_h, ("idempotency-key", b"\xff\xfe")],
            good.to_string().as_bytes(),
            400,
        ),
        raw(
            "key differs from id",
            Method::POST,
            "/api/reports",
            &[json_h, ("idempotency-key", uuid().as_bytes())],
            good.to_string().as_bytes(),
            400,
        ),
        raw(
            "empty body",
            Method::POST,
            "/api/reports",
            &[json_h, ("idempotency-key", good_id.as_bytes())],
            b"",
            400,
        ),
        raw(
            "truncated json",
            Method::POST,
            "/api/reports",
            &[json_h, ("idempotency-key", good_id.as_bytes())],
            b"{\"version\":1,",
            400,
        ),
        raw(
            "json array",
            Method::POST,
            "/api/reports",
            &[json_h, ("idempotency-key", good_id.as_bytes())],
            b"[1,2,3]",
            400,
        ),
        raw(
            "json string",
            Method::POST,
            "/api/reports",
            &[json_h, ("idempotency-key", good_id.as_bytes())],
            b"\"report\"",
            400,
        ),
        raw(
            "not utf-8",
            Method::POST,
            "/api/reports",
            &[json_h, ("idempotency-key", good_id.as_bytes())],
            b"{\"a\":\"\xff\"}",
            400,
        ),
        raw(
            "deeply nested",
            Method::POST,
            "/api/reports",
            &[json_h, ("idempotency-key", good_id.as_bytes())],
            format!("{}{}", "[".repeat(20000), "]".repeat(20000)).as_bytes(),
            400,
        ),
        raw(
            "over 64 KiB",
            Method::POST,
            "/api/reports",
            &[json_h, ("idempotency-key", good_id.as_bytes())],
            &vec![b' '; 65 * 1024 + 1],
            413,
        ),
        report_case("version 2", |r| r["version"] = json!(2)),
        report_case("unknown category", |r| r["category"] = json!("alien")),
        report_case("category a number", |r| r["category"] = json!(3)),
        report_case("unknown danger", |r| r["danger"] = json!("maybe")),
        report_case("injured negative", |r| r["injured"] = json!(-1)),
        report_case("injured too many", |r| r["injured"] = json!(100000)),
        report_case("injured a string", |r| r["injured"] = json!("two")),
        report_case("minutes_ago a string", |r| r["minutes_ago"] = json!("5")),
        report_case("exercise a string", |r| r["exercise"] = json!("no")),
        report_case("description too long", |r| {
            r["description"] = json!("x".repeat(2001))
        }),
        report_case("landmark too long", |r| {
            r["landmark"] = json!("x".repeat(201))
        }),
        report_case("no location, no landmark", |r| {
            r.as_object_mut().unwrap().remove("location");
            r["landmark"] = json!("   ");
        }),
        report_case("latitude 91", |r| r["location"]["lat"] = json!(91.0)),
        report_case("longitude a string", |r| {
            r["location"]["lon"] = json!("east")
        }),
        report_case("accuracy negative", |r| {
            r["location"]["accuracy_m"] = json!(-5)
        }),
        report_case("location source unknown", |r| {
            r["location"]["source"] = json!("gps")
        }),
        report_case("phone not a phone", |r| {
            r["reporter"]["phone"] = json!("call me <b>")
        }),
        report_case("reporter missing", |r| {
            r.as_object_mut().unwrap().remove("reporter");
        }),
        report_case("created_at garbage", |r| {
            r["created_at"] = json!("yesterday")
        }),
        report_case("polres id with markup", |r| {
            r["polres"]["id"] = json!("<script>")
        }),
        report_case("polres inside a string", |r| {
            r["polres"]["inside"] = json!("yes")
        }),
        raw(
            "status token too short",
            Method::GET,
            "/api/status/abc",
            &[],
            b"",
            400,
        ),
        raw(
            "status token upper case",
            Method::GET,
            &format!("/api/status/{}", "A".repeat(64)),
            &[],
            b"",
            400,
        ),
        raw(
            "status token unknown",
            Method::GET,
            &format!("/api/status/{}", "f".repeat(64)),
            &[],
            b"",
            404,
        ),
        raw(
            "status token with a path",
            Method::GET,
            "/api/status/../../etc/passwd",
            &[],
            b"",
            404,
        ),
        raw(
            "fix wrong types",
            Method::POST,
            &status_path,
            &[json_h],
            br#"{"lat":"a","lon":1,"accuracy_m":1,"fix_time_ms":1}"#,
            400,
        ),
        raw(
            "fix unknown field",
            Method::POST,
            &status_path,
            &[json_h],
            br#"{"lat":1,"lon":1,"accuracy_m":1,"fix_time_ms":1,"x":1}"#,
            400,
        ),
        raw(
            "fix as text/plain",
            Method::POST,
            &status_path,
            &[("content-type", b"text/plain")],
            br#"{"lat":1,"lon":1,"accuracy_m":1,"fix_time_ms":1}"#,
            415,
        ),
        raw(
            "locate token too short",
            Method::GET,
            "/api/locate/abc",
            &[],
            b"",
            400,
        ),
        raw(
            "locate token upper case",
            Method::POST,
            &format!("/api/locate/{}", "A".repeat(64)),
            &[json_h],
            br#"{"phone":"x","declined":true}"#,
            400,
        ),
        raw(
            "locate token unknown",
            Method::GET,
            &format!("/api/locate/{}", "e".repeat(64)),
            &[],
            b"",
            404,
        ),
        raw(
            "locate as text/plain",
            Method::POST,
            &locate_path,
            &[("content-type", b"text/plain")],
            format!(r#"{{"phone":"{phone}","declined":true}}"#).as_bytes(),
            415,
        ),
        raw(
            "locate empty body",
            Method::POST,
            &locate_path,
            &[json_h],
            b"",
            400,
        ),
        raw(
            "locate json array",
            Method::POST,
            &locate_path,
            &[json_h],
            b"[1,2]",
            400,
        ),
        raw(
            "locate no phone",
            Method::POST,
            &locate_path,
            &[json_h],
            br#"{"lat":1,"lon":1,"accuracy_m":1,"fix_time_ms":1}"#,
            400,
        ),
        raw(
            "locate phone not a uuid",
            Method::POST,
            &locate_path,
            &[json_h],
            br#"{"phone":"<b>me</b>","lat":1,"lon":1,"accuracy_m":1,"fix_time_ms":1}"#,
            400,
        ),
        raw(
            "locate lat a string",
            Method::POST,
            &locate_path,
            &[json_h],
            format!(r#"{{"phone":"{phone}","lat":"a","lon":1,"accuracy_m":1,"fix_time_ms":1}}"#)
                .as_bytes(),
            400,
        ),
        raw(
            "locate lat 91",
            Method::POST,
            &locate_path,
            &[json_h],
            format!(r#"{{"phone":"{phone}","lat":91,"lon":1,"accuracy_m":1,"fix_time_ms":1}}"#)
                .as_bytes(),
            400,
        ),
        raw(
            "locate accuracy negative",
            Method::POST,
            &locate_path,
            &[json_h],
            format!(r#"{{"phone":"{phone}","lat":1,"lon":1,"accuracy_m":-1,"fix_time_ms":1}}"#)
                .as_bytes(),
            400,
        ),
        raw(
            "locate no fix time",
            Method::POST,
            &locate_path,
            &[json_h],
            format!(r#"{{"phone":"{phone}","lat":1,"lon":1,"accuracy_m":1}}"#).as_bytes(),
            400,
        ),
        raw(
            "locate position and declined",
            Method::POST,
            &locate_path,
            &[json_h],
            format!(
                r#"{{"phone":"{phone}","declined":true,"lat":1,"lon":1,"accuracy_m":1,"fix_time_ms":1}}"#
            )
            .as_bytes(),
            400,
        ),
        raw(
            "locate declined false alone",
            Method::POST,
            &locate_path,
            &[json_h],
            format!(r#"{{"phone":"{phone}","declined":false}}"#).as_bytes(),
            400,
        ),
        raw(
            "locate declined a string",
            Method::POST,
            &locate_path,
            &[json_h],
            format!(r#"{{"phone":"{phone}","declined":"yes"}}"#).as_bytes(),
            400,
        ),
        raw(
            "locate unknown field",
            Method::POST,
            &locate_path,
            &[json_h],
            format!(r#"{{"phone":"{phone}","declined":true,"report":"x"}}"#).as_bytes(),
            400,
        ),
        raw(
            "location request note a number",
            Method::POST,
            "/api/location-requests",
            &[json_h, ("cookie", ck)],
            br#"{"note":5}"#,
            400,
        ),
        raw(
            "location request note too long",
            Method::POST,
            "/api/location-requests",
            &[json_h, ("cookie", ck)],
            format!(r#"{{"note":"{}"}}"#, "y".repeat(201)).as_bytes(),
            400,
        ),
        raw(
            "location request unknown field",
            Method::POST,
            "/api/location-requests",
            &[json_h, ("cookie", ck)],
            br#"{"note":"a","phone":"0812"}"#,
            400,
        ),
        raw(
            "location request report id not a uuid",
            Method::POST,
            "/api/location-requests",
            &[json_h, ("cookie", ck)],
            br#"{"report_id":"../etc"}"#,
            400,
        ),
        raw(
            "location request as text/plain",
            Method::POST,
            "/api/location-requests",
            &[("content-type", b"text/plain"), ("cookie", ck)],
            b"{}",
            415,
        ),
        raw(
            "location request without a session",
            Method::POST,
            "/api/location-requests",
            &[json_h],
            b"{}",
            401,
        ),
        raw(
            "location request id not a uuid",
            Method::GET,
            "/api/location-requests/..%2f..%2fetc/map",
            &[("cookie", ck)],
            b"",
            404,
        ),
        raw(
            "fix NaN-like",
            Method::POST,
            &status_path,
            &[json_h],
            br#"{"lat":1e999,"lon":1,"accuracy_m":1,"fix_time_ms":1}"#,
            400,
        ),
        raw(
            "cookie not hex",
            Method::GET,
            "/api/reports",
            &[(
                "cookie",
                format!("siaga110_session={}", "z".repeat(64)).as_bytes(),
            )],
            b"",
            401,
        ),
        raw(
            "cookie empty",
            Method::GET,
            "/api/me",
            &[("cookie", b"siaga110_session=")],
            b"",
            401,
        ),
        raw(
            "cookie not text",
            Method::GET,
            "/api/me",
            &[("cookie", b"siaga110_session=\xff\xfe")],
            b"",
            401,
        ),
        raw(
            "cookie of another name",
            Method::GET,
            "/api/me",
            &[("cookie", b"session=1; other=2")],
            b"",
            401,
        ),
        raw(
            "login not json",
            Method::POST,
            "/api/login",
            &[json_h],
            b"user=a&password=b",
            400,
        ),
        raw(
            "login missing password",
            Method::POST,
            "/api/login",
            &[json_h],
            br#"{"user":"medan1"}"#,
            400,
        ),
        raw(
            "login extra field",
            Method::POST,
            "/api/login",
            &[json_h],
            br#"{"user":"medan1","password":"x","admin":true}"#,
            400,
        ),
        raw(
            "login user too long",
            Method::POST,
            "/api/login",
            &[json_h],
            json!({"user": "u".repeat(65), "password": "x"})
                .to_string()
                .as_bytes(),
            400,
        ),
        raw(
            "login as a form",
            Method::POST,
            "/api/login",
            &[("content-type", b"application/x-www-form-urlencoded")],
            b"user=a&password=b",
            415,
        ),
        raw(
            "list limit not a number",
            Method::GET,
            "/api/reports?limit=abc",
            &[("cookie", ck)],
            b"",
            400,
        ),
        raw(
            "list limit too big",
            Method::GET,
            "/api/reports?limit=100000",
            &[("cookie", ck)],
            b"",
            400,
        ),
        raw(
            "list unknown state",
            Method::GET,
            "/api/reports?state=burning",
            &[("cookie", ck)],
            b"",
            400,
        ),
        raw(
            "list unknown parameter",
            Method::GET,
            "/api/reports?drop=table",
            &[("cookie", ck)],
            b"",
            400,
        ),
        raw(
            "report id not a uuid",
            Method::GET,
            "/api/reports/1%20OR%201=1",
            &[("cookie", ck)],
            b"",
            404,
        ),
        raw(
            "close without content type",
            Method::POST,
            &format!("{report_path}/close"),
            &[("cookie", ck)],
            br#"{"outcome":"handled"}"#,
            415,
        ),
        raw(
            "close outcome wrong type",
            Method::POST,
            &format!("{report_path}/close"),
            &[("cookie", ck), json_h],
            br#"{"outcome":7}"#,
            400,
        ),
        raw(
            "reply empty",
            Method::POST,
            &format!("{report_path}/reply"),
            &[("cookie", ck), json_h],
            br#"{"text":"  "}"#,
            400,
        ),
        raw(
            "reply too long",
            Method::POST,
            &format!("{report_path}/reply"),
            &[("cookie", ck), json_h],
            json!({"text": "x".repeat(281)}).to_string().as_bytes(),
            400,
        ),
        raw(
            "seen with a broken body",
            Method::POST,
            &format!("{report_path}/seen"),
            &[("cookie", ck), json_h],
            b"{",
            400,
        ),
        raw(
            "wrong method",
            Method::PUT,
            "/api/reports",
            &[json_h],
            b"{}",
            405,
        ),
        raw(
            "unknown path",
            Method::GET,
            "/api/../../secret",
            &[],
            b"",
            404,
        ),
    ];
    assert!(cases.len() >= 60, "{} cases", cases.len());
    for case in cases.drain(..) {
        let mut h = HeaderMap::new();
        for (k, v) in &case.headers {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_bytes(v).unwrap(),
            );
        }
        let res = c
            .request(case.method.clone(), s.url(&case.path))
            .headers(h)
            .body(case.body.clone())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let st = res.status().as_u16();
        let ct = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string());
        let body = res.text().await.unwrap();
        assert_eq!(st, case.want, "{}: {body}", case.name);
        assert!(
            ct.as_deref().unwrap_or("").starts_with("application/json"),
            "{}: {ct:?}",
            case.name
        );
        let v: Value = serde_json::from_str(&body)
            .unwrap_or_else(|_| panic!("{}: not JSON: {body}", case.name));
        assert!(
            v["error"].is_string() && v["message"].is_string(),
            "{}: {v}",
            case.name
        );
        assert_eq!(
            get_json(&c, &s.url("/healthz"), None).await.0,
            200,
            "still serving after {}",
            case.name
        );
    }
    // Nothing of the above was stored.
    assert_eq!(rows_of(&db, &good_id).await, 0);

    // Markup in every text field: a valid report, stored and given back as the same text.
    let mid = uuid();
    let mut m = medan(&mid);
    let markup = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"'";
    m["description"] = json!(format!("{markup}\n{markup}"));
    m["landmark"] = json!(markup);
    m["reporter"]["name"] = json!("<b>Budi</b>");
    m["polres"]["name"] = json!(markup);
    m["polres"]["kecamatan"] = json!(markup);
    m["location"]["label"] = json!(markup);
    assert_eq!(post_report(&c, &s, &m).await.0, 201);
    let (_, d) = get_json(&c, &s.url(&format!("/api/reports/{mid}")), Some(&cookie)).await;
    assert_eq!(d["report"]["description"], m["description"]);
    assert_eq!(d["report"]["landmark"], markup);
    assert_eq!(d["report"]["reporter"]["name"], "<b>Budi</b>");
    assert_eq!(d["report"]["polres"]["name"], markup);
    assert_eq!(d["report"]["location"]["label"], markup);
    // And the server still takes a good report.
    assert_eq!(post_report(&c, &s, &good).await.0, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_clear_4xx() {
    for b in backends() {
        eprintln!("bad inputs on {b:?}");
        bad_inputs(b).await;
    }
}
