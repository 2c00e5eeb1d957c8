//! A report as an OASIS CAP 1.2 alert (`urn:oasis:names:tc:emergency:cap:1.2`), the format
//! command centres import; RFC 8876 data-only emergency calls carry the same.

use serde_json::Value;

use crate::app::AppState;
use crate::db::ReportRow;

/// Escapes text for XML 1.0 (and drops characters XML cannot carry).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// ms → the CAP date form `2026-09-21T14:13:20+00:00` (no `Z`, no fraction).
pub fn cap_time(ms: i64) -> String {
    let iso = crate::app::iso(ms);
    format!("{}+00:00", iso.get(..19).unwrap_or(""))
}

fn category(code: &str) -> &'static str {
    match code {
        "theft" | "violence" | "disorder" => "Security",
        "traffic" => "Transport",
        "fire" => "Fire",
        "missing" => "Rescue",
        "disaster" => "Geo",
        _ => "Other",
    }
}

fn event(code: &str) -> &'static str {
    match code {
        "theft" => "Kejahatan / pencurian",
        "violence" => "Kekerasan / KDRT",
        "traffic" => "Kecelakaan lalu lintas",
        "fire" => "Kebakaran",
        "missing" => "Orang hilang",
        "disorder" => "Gangguan ketertiban",
        "disaster" => "Bencana",
        _ => "Lainnya",
    }
}

/// The CAP 1.2 alert of a report.
pub fn alert(s: &AppState, r: &ReportRow) -> String {
    let b: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    let text = |k: &str| b[k].as_str().unwrap_or("").to_string();
    let sent = siaga110_core::report::parse_rfc3339(&text("created_at"))
        .map(|ms| ms as i64)
        .unwrap_or(r.received_at);
    let (urgency, certainty) = match r.danger.as_str() {
        "ongoing" => ("Immediate", "Observed"),
        "over" => ("Past", "Observed"),
        _ => ("Unknown", "Unknown"),
    };
    let injured = b["injured"].as_u64();
    let severity = match injured {
        Some(n) if n > 0 => "Severe",
        Some(_) => "Moderate",
        None => "Unknown",
    };
    let polres = r
        .polres
        .as_deref()
        .and_then(|p| s.routing.polres(p))
        .map(|(n, _)| n.to_string());
    let unit = polres
        .clone()
        .or_else(|| r.polda.clone())
        .unwrap_or_else(|| "Siaga110".into());
    let mut x = String::with_capacity(2048);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n");
    x.push_str(&format!(
        "  <identifier>siaga110-{}</identifier>\n",
        esc(&r.id)
    ));
    x.push_str(&format!("  <sender>{}</sender>\n", esc(&s.cfg.cap_sender)));
    x.push_str(&format!("  <sent>{}</sent>\n", cap_time(sent)));
    x.push_str(&format!(
        "  <status>{}</status>\n",
        if r.exercise { "Exercise" } else { "Actual" }
    ));
    x.push_str("  <msgType>Alert</msgType>\n");
    x.push_str("  <source>Siaga110 written report</source>\n");
    x.push_str("  <scope>Restricted</scope>\n");
    x.push_str("  <restriction>Police use only: a report typed by a member of the public; it contains personal data.</restriction>\n");
    x.push_str("  <code>siaga110-report-v1</code>\n");
    if r.mismatch {
        x.push_str(&format!(
            "  <note>The phone named another Polres ({}) than the center's lookup.</note>\n",
            esc(b["polres"]["id"].as_str().unwrap_or(""))
        ));
    }
    x.push_str("  <info>\n    <language>id-ID</language>\n");
    x.push_str(&format!(
        "    <category>{}</category>\n",
        category(&r.category)
    ));
    x.push_str(&format!("    <event>{}</event>\n", event(&r.category)));
    x.push_str(&format!("    <urgency>{urgency}</urgency>\n"));
    x.push_str(&format!("    <severity>{severity}</severity>\n"));
    x.push_str(&format!("    <certainty>{certainty}</certainty>\n"));
    x.push_str("    <eventCode>\n      <valueName>siaga110:category</valueName>\n");
    x.push_str(&format!(
        "      <value>{}</value>\n    </eventCode>\n",
        esc(&r.category)
    ));
    x.push_str(&format!("    <senderName>{}</senderName>\n", esc(&unit)));
    x.push_str(&format!(
        "    <headline>{}{}</headline>\n",
        event(&r.category),
        r.kecamatan
            .as_deref()
            .map(|k| format!(" — {}", esc(k)))
            .unwrap_or_default()
    ));
    x.push_str(&format!(
        "    <description>{}</description>\n",
        esc(&text("description"))
    ));
    if r.text_only {
        x.push_str("    <instruction>Pelapor tidak bisa bicara: hubungi lewat pesan saja. The reporter cannot speak: contact by text only.</instruction>\n");
    }
    if let Some(phone) = b["reporter"]["phone"].as_str() {
        x.push_str(&format!("    <contact>{}</contact>\n", esc(phone)));
    }
    let mut param = |name: &str, value: &str| {
        x.push_str(&format!(
            "    <parameter>\n      <valueName>{}</valueName>\n      <value>{}</value>\n    </parameter>\n",
            esc(name),
            esc(value)
        ));
    };
    param("siaga110:id", &r.id);
    param("siaga110:danger", &r.danger);
    param(
        "siaga110:text_only",
        if r.text_only { "true" } else { "false" },
    );
    if let Some(n) = injured {
        param("siaga110:injured", &n.to_string());
    }
    param("siaga110:subject", b["subject"].as_str().unwrap_or(""));
    param("siaga110:minutes_ago", &b["minutes_ago"].to_string());
    if let Some(p) = &r.polres {
        param("siaga110:polres", p);
    }
    if let Some(name) = b["reporter"]["name"].as_str() {
        param("siaga110:reporter_name", name);
    }
    let landmark = text("landmark");
    let area_desc = [
        landmark.clone(),
        r.kecamatan.clone().unwrap_or_default(),
        r.kabkota.clone().unwrap_or_default(),
    ]
    .into_iter()
    .filter(|t| !t.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    x.push_str("    <area>\n");
    x.push_str(&format!(
        "      <areaDesc>{}</areaDesc>\n",
        esc(if area_desc.is_empty() {
            "unknown"
        } else {
            &area_desc
        })
    ));
    if let (Some(lat), Some(lon)) = (b["location"]["lat"].as_f64(), b["location"]["lon"].as_f64()) {
        let acc = b["location"]["accuracy_m"].as_f64().unwrap_or(0.0);
        // A place chosen by name is approximate: a 5 km circle around it.
        let km = if b["location"]["source"] == "manual" {
            5.0
        } else {
            (acc / 1000.0).max(0.001)
        };
        x.push_str(&format!(
            "      <circle>{lat:.6},{lon:.6} {km:.3}</circle>\n"
        ));
    }
    x.push_str("    </area>\n  </info>\n</alert>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_controls() {
        assert_eq!(esc("<b>&\"'\u{1}\n"), "&lt;b&gt;&amp;&quot;&apos;\n");
        assert_eq!(cap_time(0), "1970-01-01T00:00:00+00:00");
    }
}
