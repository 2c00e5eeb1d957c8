//! The small JSON module against serde_json as the oracle: what we write, serde_json reads as
//! the same document; what serde_json writes, we read as the same document; nothing panics.
use proptest::prelude::*;
use siaga110_core::json::{parse, JsonError, Value};

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1e15f64..1e15).prop_map(Value::Num),
        any::<i32>().prop_map(|n| Value::Num(f64::from(n))),
        any::<f64>()
            .prop_filter("finite", |n| n.is_finite())
            .prop_map(Value::Num),
        ".*".prop_map(Value::Str),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Arr),
            prop::collection::vec(("[a-z_]{1,8}", inner), 0..6).prop_map(|m| {
                // Keys unique, as serde_json's map keeps one of each.
                let mut seen = std::collections::BTreeSet::new();
                Value::Obj(
                    m.into_iter()
                        .filter(|(k, _)| seen.insert(k.clone()))
                        .collect(),
                )
            }),
        ]
    })
}

fn to_serde(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Num(n) => {
            serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into)
        }
        Value::Str(s) => s.clone().into(),
        Value::Arr(a) => a.iter().map(to_serde).collect(),
        Value::Obj(m) => m
            .iter()
            .map(|(k, v)| (k.clone(), to_serde(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// Numbers compared as f64 (serde_json keeps integers as integers).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as S;
    match (a, b) {
        (S::Number(x), S::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || x.to_bits().abs_diff(y.to_bits()) <= 1
        }
        (S::Array(x), S::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (S::Object(x), S::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Whether our verdict on `text` is serde_json's. serde_json accepts an object with a key given
/// twice (it keeps the last); we refuse it, as soon as the repeated key is read: our error must
/// then point at a key, and serde_json may have read the text or refused it for a fault further
/// on (`{"a":1,"a"x:2}` — both refuse).
fn same_verdict(text: &str) -> bool {
    let theirs = serde_json::from_str::<serde_json::Value>(text).is_ok();
    match parse(text) {
        Err(JsonError::DuplicateKey { at, .. }) => text.as_bytes().get(at) == Some(&b'"'),
        ours => ours.is_ok() == theirs,
    }
}

#[test]
fn a_repeated_key_followed_by_a_fault_is_refused_like_serde_json_does() {
    // Found by `mangled_json_is_an_answer_never_a_panic`: a quote put into the second key.
    for text in [r#"{"_":1,"_"a":2}"#, r#"{"a":{"_":5.3,"_"a":1e8}}"#] {
        assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
        assert!(parse(text).is_err(), "{text}");
        assert!(same_verdict(text), "{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn serde_json_reads_what_we_write(v in value()) {
        let text = v.to_string();
        let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
        prop_assert!(same(&theirs, &to_serde(&v)), "{text}");
    }

    #[test]
    fn we_read_what_serde_json_writes(v in value()) {
        let text = serde_json::to_string_pretty(&to_serde(&v)).unwrap();
        let ours = parse(&text).unwrap();
        prop_assert!(same(&to_serde(&ours), &to_serde(&v)), "{text}");
    }

    #[test]
    fn any_text_is_an_answer_never_a_panic(s in ".{0,200}") {
        // Same verdict on validity (serde_json also refuses nesting over 128; we refuse over 32).
        prop_assert!(same_verdict(&s), "{:?}", s);
    }

    #[test]
    fn mangled_json_is_an_answer_never_a_panic(v in value(), cut in any::<prop::sample::Index>(), junk in "[\\[\\]{}\",:0-9a-z\\\\ ]{0,3}") {
        let text = v.to_string();
        let i = cut.index(text.len() + 1);
        if text.is_char_boundary(i) {
            let mangled = format!("{}{}{}", &text[..i], junk, &text[i..]);
            prop_assert!(same_verdict(&mangled), "{}", mangled);
        }
    }
}

#[test]
fn a_key_made_twice_by_an_edit_is_refused() {
    // The case the mangled-text property can reach: one inserted letter turns "b" into "ab".
    let text = r#"{"ab":1,"b":2}"#.replace(",\"b", ",\"ab");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    assert_eq!(
        parse(&text),
        Err(JsonError::DuplicateKey {
            key: "ab".into(),
            at: 8
        })
    );
    assert!(same_verdict(&text));
}
