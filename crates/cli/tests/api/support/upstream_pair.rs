//! The spec's upstream pair (`examples/upstream-pair`): a Kundenangaben request Europace's
//! production accepted and the case it made of it, and the comparison of a case of ours with
//! that case.

use serde_json::{Map, Value};

/// The pair's request and upstream's case; `None` (after saying so) without the spec.
pub fn load() -> Option<(Value, Value)> {
    let Some(dir) = super::spec::spec_dir() else {
        super::spec::skip("upstream spec not found (set VORGAENGE_SPEC_DIR)");
        return None;
    };
    let dir = dir.join("examples/upstream-pair");
    let read = |name: &str| -> Value {
        let path = dir.join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    Some((
        read("kundenangaben-request.json"),
        read("vorgang-response.json"),
    ))
}

/// Members that differ per server or per moment: the number, the times and dates of
/// creation, retention and change, and the advisor and processor (upstream's are
/// placeholders).
const NOT_COMPARED: &[&str] = &[
    "vorgangsNummer",
    "erstelltAm",
    "letztesEreignis",
    "letzteAenderung",
    "aufbewahrungBis",
    "kundenBetreuer",
    "vorgangsBearbeiter",
];

/// A case as compared: without [`NOT_COMPARED`], `_links` and generated `id`s; an object that
/// held nothing but an id goes too (both servers make such objects, with ids of their own),
/// while an object that was empty to begin with stays.
pub fn comparable(vorgang: &Value) -> Value {
    let mut out = without_ids(vorgang).unwrap_or(Value::Null);
    if let Some(members) = out.as_object_mut() {
        for name in NOT_COMPARED {
            members.remove(*name);
        }
    }
    out
}

fn without_ids(value: &Value) -> Option<Value> {
    match value {
        Value::Object(members) => {
            let mut out = Map::new();
            for (name, member) in members {
                if name == "id" || name == "_links" {
                    continue;
                }
                if let Some(kept) = without_ids(member) {
                    out.insert(name.clone(), kept);
                }
            }
            (out.is_empty() == members.is_empty()).then_some(Value::Object(out))
        }
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .map(|v| without_ids(v).unwrap_or(Value::Null))
                .collect(),
        )),
        other => Some(other.clone()),
    }
}

/// Every place where `ours` differs from `upstream`, as `path: upstream … / ours …`. Numbers
/// are equal when their values are (`5000` and `5000.0`).
pub fn differences(upstream: &Value, ours: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff("$", upstream, ours, &mut out);
    out
}

fn diff(path: &str, upstream: &Value, ours: &Value, out: &mut Vec<String>) {
    match (upstream, ours) {
        (Value::Object(u), Value::Object(o)) => {
            let mut names: Vec<&String> = u.keys().chain(o.keys()).collect();
            names.sort();
            names.dedup();
            for name in names {
                let at = format!("{path}.{name}");
                match (u.get(name), o.get(name)) {
                    (Some(a), Some(b)) => diff(&at, a, b, out),
                    (Some(a), None) => out.push(format!("{at}: upstream {a} / ours missing")),
                    (None, Some(b)) => out.push(format!("{at}: upstream missing / ours {b}")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(u), Value::Array(o)) if u.len() == o.len() => {
            for (i, (a, b)) in u.iter().zip(o).enumerate() {
                diff(&format!("{path}[{i}]"), a, b, out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: upstream {a} / ours {b}")),
    }
}

/// Kindergeld depends on the day a case's data comes in: upstream's case is of its day, ours
/// of today. Checks each household's `kindergeld` against its children and the amount of
/// each side's day (upstream's included, which checks the amount table), then gives ours
/// upstream's amount so that the rest compares as if made on the same day.
pub fn kindergeld_as_on_upstreams_day(upstream: &Value, ours: &mut Value) {
    let tag = |vorgang: &Value| -> vorgaenge_model::Date {
        vorgang["erstelltAm"].as_str().unwrap().parse().unwrap()
    };
    let upstream_tag = tag(upstream);
    let ours_tag = tag(ours);
    let haushalte = ours["haushalte"].as_array_mut().unwrap();
    for (i, haushalt) in haushalte.iter_mut().enumerate() {
        let kinder = haushalt["kinder"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|k| k["kindergeldWirdBezogen"] == true)
            .count() as f64;
        let betrag =
            |vorgang: &Value| vorgang["positionen"]["kindergeld"][0]["einnahmenMonatlich"].as_f64();
        let je_kind = |tag: &vorgaenge_model::Date| {
            f64::from(vorgaenge_intake::mapping::kindergeld::monatlich_je_kind(tag).unwrap())
        };
        let upstream_betrag = betrag(&upstream["haushalte"][i]);
        if let Some(b) = upstream_betrag {
            assert_eq!(
                b,
                kinder * je_kind(&upstream_tag),
                "upstream's Kindergeld, household {i}"
            );
        }
        if let Some(b) = betrag(haushalt) {
            assert_eq!(
                b,
                kinder * je_kind(&ours_tag),
                "our Kindergeld, household {i}"
            );
            if let Some(u) = upstream_betrag {
                haushalt["positionen"]["kindergeld"][0]["einnahmenMonatlich"] = u.into();
            }
        }
    }
}
