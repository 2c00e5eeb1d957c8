//! Words for the codes the center sends, in the chosen language.
use crate::i18n::*;

/// `template` with each `[name]` replaced.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut s = template.to_string();
    for (k, v) in args {
        s = s.replace(&format!("[{k}]"), v);
    }
    s
}

pub fn category(l: Locale, code: &str) -> &'static str {
    match code {
        "theft" => td_string!(l, cat_theft),
        "violence" => td_string!(l, cat_violence),
        "traffic" => td_string!(l, cat_traffic),
        "fire" => td_string!(l, cat_fire),
        "missing" => td_string!(l, cat_missing),
        "disorder" => td_string!(l, cat_disorder),
        "disaster" => td_string!(l, cat_disaster),
        _ => td_string!(l, cat_other),
    }
}

pub fn danger(l: Locale, code: &str) -> &'static str {
    match code {
        "ongoing" => td_string!(l, danger_ongoing),
        "over" => td_string!(l, danger_over),
        _ => td_string!(l, danger_unknown),
    }
}

pub fn state(l: Locale, code: &str) -> &'static str {
    match code {
        "received" => td_string!(l, state_received),
        "seen" => td_string!(l, state_seen),
        "dispatched" => td_string!(l, state_dispatched),
        _ => td_string!(l, state_closed),
    }
}

pub fn outcome(l: Locale, code: &str) -> &'static str {
    match code {
        "handled" => td_string!(l, outcome_handled),
        "false_report" => td_string!(l, outcome_false_report),
        "duplicate" => td_string!(l, outcome_duplicate),
        "exercise" => td_string!(l, outcome_exercise),
        _ => td_string!(l, outcome_unreachable),
    }
}

pub fn route(l: Locale, code: &str) -> &'static str {
    match code {
        "location" => td_string!(l, route_location),
        "phone" => td_string!(l, route_phone),
        "polda" => td_string!(l, route_polda),
        "default" => td_string!(l, route_default),
        _ => td_string!(l, route_none),
    }
}

/// The area basis in words (`None`: not routed by position).
pub fn area_basis(l: Locale, code: Option<&str>) -> &'static str {
    match code {
        Some("polsek-list") => td_string!(l, area_basis_polsek),
        Some("decision") => td_string!(l, area_basis_decision),
        Some("name-match") => td_string!(l, area_basis_assumed),
        _ => td_string!(l, area_basis_none),
    }
}

pub fn injured(l: Locale, n: Option<u32>) -> String {
    match n {
        None => td_string!(l, injured_unknown).to_string(),
        Some(0) => td_string!(l, injured_none).to_string(),
        Some(n) => fill(td_string!(l, injured_n), &[("n", n.to_string())]),
    }
}

pub fn age(l: Locale, now: f64, then: f64) -> String {
    let (unit, n) = crate::model::age(now, then);
    let t = match unit {
        0 => return td_string!(l, age_now).to_string(),
        1 => td_string!(l, age_min),
        2 => td_string!(l, age_hour),
        _ => td_string!(l, age_day),
    };
    fill(t, &[("n", n.to_string())])
}

/// A location request's state in words.
pub fn locate_state(l: Locale, code: &str) -> &'static str {
    match code {
        "waiting" => td_string!(l, locate_state_waiting),
        "shared" => td_string!(l, locate_state_shared),
        "declined" => td_string!(l, locate_state_declined),
        _ => td_string!(l, locate_state_expired),
    }
}

/// The outcomes a report can be closed with.
pub const OUTCOMES: [&str; 5] = [
    "handled",
    "false_report",
    "duplicate",
    "exercise",
    "unreachable",
];

pub fn audit_action(l: Locale, code: &str) -> String {
    match code {
        "seen" => td_string!(l, state_seen).to_string(),
        "dispatched" => td_string!(l, state_dispatched).to_string(),
        "closed" => td_string!(l, state_closed).to_string(),
        "reply" => td_string!(l, act_reply_sent).to_string(),
        "locate_request" => td_string!(l, audit_locate_request).to_string(),
        other => other.to_string(),
    }
}
