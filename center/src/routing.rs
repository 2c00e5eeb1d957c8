//! Which queue a report goes to, from the center's own lookup over the packed data
//! (`siaga110-core::jurisdiction`), and the checks a received report must pass.

use std::collections::HashMap;
use std::path::Path;

use siaga110_core::geo::LatLon;
use siaga110_core::jurisdiction::Jurisdiction;
use siaga110_core::place::Place;
use siaga110_core::report::{clean_text, Draft, Report};

/// The national jurisdiction data and indexes by id and Polda.
pub struct Routing {
    j: Jurisdiction,
    polres: HashMap<String, (String, String)>,
    /// The queue of reports with nothing to route by (`CENTER_DEFAULT_POLDA`).
    default_polda: Option<String>,
}

/// Where a report is filed.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The queue's Polres id (None: a Polda-level queue, or none at all).
    pub polres: Option<String>,
    /// The queue's Polda.
    pub polda: Option<String>,
    /// `location` (the center's lookup), `phone` (the Polres the phone named), `polda` (a
    /// Polda-level queue), `default` (nothing to route by: the center's own Polda,
    /// `CENTER_DEFAULT_POLDA`), `none` (nothing to route by and no default).
    pub basis: &'static str,
    /// The Polres the center's lookup found, if any.
    pub server_polres: Option<String>,
    /// The phone named another Polres than the center found.
    pub mismatch: bool,
    /// How the data knows the Polres of the area the center found (`polsek-list`, `decision`:
    /// a dated source; `name-match`: assumed from the kab/kota's name), the same basis the
    /// phone's card shows.
    pub area_basis: Option<&'static str>,
    /// Kecamatan name (the center's, else the phone's).
    pub kecamatan: Option<String>,
    /// Kab/kota name.
    pub kabkota: Option<String>,
}

impl Routing {
    /// Loads every packed file in `dir` (`index.bin`, `prov-*.bin`, `land.bin`, `names.bin`).
    pub fn load(dir: &Path) -> Result<Routing, String> {
        let j = Jurisdiction::load_all(|name| std::fs::read(dir.join(name)))
            .map_err(|e| format!("jurisdiction data in {}: {e}", dir.display()))?;
        Ok(Routing::new(j))
    }

    /// Wraps a loaded lookup.
    pub fn new(j: Jurisdiction) -> Routing {
        let index = j.index();
        let polres = index
            .polres
            .iter()
            .map(|p| {
                let polda = index.poldas.get(p.polda).cloned().unwrap_or_default();
                (p.id.clone(), (p.name.clone(), polda))
            })
            .collect();
        Routing {
            j,
            polres,
            default_polda: None,
        }
    }

    /// Files reports with nothing to route by (no position, no Polres or Polda the data
    /// knows) to this Polda's own queue; an error when the data has no such Polda.
    pub fn set_default_polda(&mut self, polda: Option<String>) -> Result<(), String> {
        if let Some(p) = &polda {
            if !self.is_polda(p) {
                return Err(format!(
                    "CENTER_DEFAULT_POLDA={p:?} is not a Polda of the data (e.g. \"Polda Sumatera Utara\")"
                ));
            }
        }
        self.default_polda = polda;
        Ok(())
    }

    /// The loaded lookup (the console draws its outlines).
    pub fn jurisdiction(&self) -> &Jurisdiction {
        &self.j
    }

    /// The name and Polda of a Polres id.
    pub fn polres(&self, id: &str) -> Option<(&str, &str)> {
        self.polres.get(id).map(|(n, p)| (n.as_str(), p.as_str()))
    }

    /// Whether `name` is a Polda of the data.
    pub fn is_polda(&self, name: &str) -> bool {
        self.j.index().poldas.iter().any(|p| p == name)
    }

    /// The center's own lookup of a position: (kecamatan, kab/kota, Polres id) inside coverage,
    /// as for a report's routing; None outside.
    pub fn place_of(&self, lat: f64, lon: f64) -> Option<(String, String, Option<String>)> {
        let at = LatLon::new(lat, lon).ok()?;
        match self.j.place(at).ok()? {
            Place::Covered(c) => Some((c.kecamatan.1, c.kabkota.1, c.polres_id)),
            Place::Outside(_) => None,
        }
    }

    /// The queue for a (valid) report.
    pub fn route(&self, r: &Report) -> Route {
        let phone = r
            .polres
            .as_ref()
            .filter(|p| self.polres.contains_key(&p.id));
        let here = r
            .location
            .as_ref()
            .and_then(|l| LatLon::new(l.lat, l.lon).ok())
            .and_then(|at| self.j.place(at).ok());
        let covered = match &here {
            Some(Place::Covered(c)) => Some(c),
            _ => None,
        };
        let server = covered.and_then(|c| c.polres_id.clone());
        let mismatch = matches!((&r.polres, &server), (Some(p), Some(s)) if &p.id != s);
        let kecamatan = covered
            .map(|c| c.kecamatan.1.clone())
            .or_else(|| r.polres.as_ref().map(|p| p.kecamatan.clone()))
            .filter(|s| !s.is_empty());
        let kabkota = covered
            .map(|c| c.kabkota.1.clone())
            .or_else(|| r.polres.as_ref().map(|p| p.kabkota.clone()))
            .filter(|s| !s.is_empty());
        let mut route = Route {
            polres: None,
            polda: None,
            basis: "none",
            server_polres: server.clone(),
            mismatch,
            area_basis: covered.map(|c| c.basis.code()),
            kecamatan,
            kabkota,
        };
        if let Some(id) = &server {
            route.polda = self.polres(id).map(|(_, p)| p.to_string());
            route.polres = Some(id.clone());
            route.basis = "location";
        } else if let Some(p) = phone {
            route.polda = self.polres(&p.id).map(|(_, d)| d.to_string());
            route.polres = Some(p.id.clone());
            route.basis = "phone";
        } else if let Some(polda) = covered
            .and_then(|c| c.polda.clone())
            .or_else(|| r.polres.as_ref().map(|p| p.polda.clone()))
            .filter(|p| self.is_polda(p))
        {
            route.polda = Some(polda);
            route.basis = "polda";
        } else if let Some(polda) = &self.default_polda {
            route.polda = Some(polda.clone());
            route.basis = "default";
        }
        route
    }
}

/// Checks a report read by `Report::from_json` with the core's own rules (the same
/// `Draft::validate` the form uses, on the report's fields), cleans its texts with
/// `clean_text` as the app does, and checks what only a received report can get wrong.
pub fn check(mut r: Report) -> Result<Report, Vec<String>> {
    let mut problems = Vec::new();
    r.description = clean_text(&r.description, true);
    r.landmark = clean_text(&r.landmark, false);
    r.reporter.name = r
        .reporter
        .name
        .map(|n| clean_text(&n, false))
        .filter(|n| !n.is_empty());
    if let Some(l) = r.location.as_mut() {
        l.label = l
            .label
            .take()
            .map(|s| clean_text(&s, false))
            .filter(|s| !s.is_empty());
        if l.label.as_ref().is_some_and(|s| s.chars().count() > 200) {
            problems.push("location.label: longer than 200 characters".into());
        }
    }
    let draft = Draft {
        category: Some(r.category),
        description: r.description.clone(),
        danger: r.danger,
        injured: r.injured.map(|n| n.to_string()).unwrap_or_default(),
        landmark: r.landmark.clone(),
        minutes_ago: r.minutes_ago,
        subject: r.subject,
        text_only: r.text_only,
        name: r.reporter.name.clone().unwrap_or_default(),
        phone: r.reporter.phone.clone().unwrap_or_default(),
    };
    if let Err(p) = draft.validate(r.location.is_some()) {
        problems.extend(p.0.iter().map(|p| match p {
            siaga110_core::report::Problem::NoWhere => {
                "no location and an empty landmark: nobody could find the place".to_string()
            }
            other => other.to_string().to_lowercase(),
        }));
    }
    if let Some(phone) = &r.reporter.phone {
        match siaga110_core::report::normalise_phone(phone) {
            Some(p) if &p == phone => {}
            _ => problems.push("reporter.phone: 6-15 digits with an optional leading +".into()),
        }
    }
    if let Some(l) = &r.location {
        if LatLon::new(l.lat, l.lon).is_err() {
            problems.push("location: lat must be in -90..90 and lon in -180..180".into());
        }
        if !(l.accuracy_m.is_finite() && l.accuracy_m >= 0.0 && l.accuracy_m <= 1.0e7) {
            problems.push("location.accuracy_m: a number of metres >= 0".into());
        }
        if !(l.fix_time_ms.is_finite() && l.fix_time_ms >= 0.0 && l.fix_time_ms < 1.0e14) {
            problems.push("location.fix_time_ms: ms since 1970".into());
        }
    }
    if let Some(p) = &r.polres {
        let slug = !p.id.is_empty()
            && p.id.len() <= 80
            && p.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !slug {
            problems.push("polres.id: a-z, 0-9 and - only".into());
        }
        for (k, v) in [
            ("polres.name", &p.name),
            ("polres.polda", &p.polda),
            ("polres.kabkota", &p.kabkota),
            ("polres.kecamatan", &p.kecamatan),
        ] {
            if v.chars().count() > 200 || v.chars().any(char::is_control) {
                problems.push(format!("{k}: one line of at most 200 characters"));
            }
        }
    }
    if problems.is_empty() {
        Ok(r)
    } else {
        Err(problems)
    }
}
