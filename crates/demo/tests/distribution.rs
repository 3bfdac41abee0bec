//! Sanity of the demo world's 240 cases: mix of contexts, statuses, advisors, extras,
//! internal consistency, and the typical document size.

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn demo_cases_cover_everything() {
    let cases = common::demo_cases();
    let count =
        |f: &dyn Fn(&vorgaenge_demo::GeneratedCase) -> bool| cases.iter().filter(|c| f(c)).count();

    let echt = count(&|c| c.daten_kontext == "ECHT_GESCHAEFT");
    let test = count(&|c| c.daten_kontext == "TEST_MODUS");
    assert_eq!(echt + test, cases.len());
    assert!((110..=180).contains(&echt), "ECHT_GESCHAEFT: {echt}");

    let archiviert = count(&|c| c.status == "ARCHIVIERT");
    assert!((8..=45).contains(&archiviert), "ARCHIVIERT: {archiviert}");
    assert_eq!(archiviert + count(&|c| c.status == "AKTIV"), cases.len());

    let mut per_advisor: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &cases {
        *per_advisor.entry(c.kunden_betreuer).or_default() += 1;
    }
    for a in ["BER11", "BER12", "HAM21", "HAM22", "HAM29", "SUE31"] {
        assert!(
            per_advisor.get(a).copied().unwrap_or(0) >= 8,
            "{a}: {per_advisor:?}"
        );
    }
    assert_eq!(per_advisor.len(), 6, "{per_advisor:?}");
    assert!(per_advisor["HAM29"] < per_advisor["BER11"].max(per_advisor["HAM21"]));
    assert!(
        cases
            .iter()
            .filter(|c| c.kunden_betreuer == "HAM29")
            .all(|c| c.daten_kontext == "TEST_MODUS")
    );

    for c in &cases {
        let expected = match c.kunden_betreuer {
            "BER11" | "BER12" => "BER15",
            "HAM21" | "HAM22" | "HAM29" => "HAM25",
            _ => "SUE31",
        };
        if let Some(b) = c.vorgangs_bearbeiter {
            assert_eq!(b, expected);
        }
    }
    let mit_bearbeiter = count(&|c| c.vorgangs_bearbeiter.is_some());
    assert!(
        (130..=210).contains(&mit_bearbeiter),
        "with editor: {mit_bearbeiter}"
    );

    let vorschlaege = count(&|c| !c.finanzierungsvorschlaege.is_empty());
    let gemerkt = count(&|c| !c.gemerkte_angebote.is_empty());
    let extern_nr = count(&|c| c.externe_vorgangs_nummer.is_some());
    assert!(
        (40..=110).contains(&vorschlaege),
        "with proposals: {vorschlaege}"
    );
    assert!(
        (40..=110).contains(&gemerkt),
        "with saved offers: {gemerkt}"
    );
    assert!(
        (80..=160).contains(&extern_nr),
        "with external number: {extern_nr}"
    );

    let numbers: BTreeSet<&str> = cases.iter().map(|c| c.vorgangs_nummer.as_str()).collect();
    assert_eq!(numbers.len(), cases.len());
    let times: BTreeSet<_> = cases.iter().map(|c| c.letzte_aenderung).collect();
    assert_eq!(times.len(), cases.len(), "letzte_aenderung is distinct");
    let start = chrono::DateTime::parse_from_rfc3339("2024-11-01T00:00:00Z").unwrap();
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z").unwrap();
    assert!(
        cases
            .iter()
            .all(|c| c.letzte_aenderung >= start && c.letzte_aenderung < end)
    );

    println!(
        "ECHT {echt} / TEST {test}; ARCHIVIERT {archiviert}; advisors {per_advisor:?}; editor {mit_bearbeiter}; \
         proposals {vorschlaege}; saved offers {gemerkt}; external no. {extern_nr}"
    );
}

#[test]
fn document_size() {
    let cases = common::demo_cases();
    let sizes: Vec<usize> = cases
        .iter()
        .map(|c| serde_json::to_string(&c.vorgang).unwrap().len())
        .collect();
    let mean = sizes.iter().sum::<usize>() as f64 / sizes.len() as f64;
    let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
    println!("vorgang JSON size: mean {mean:.0} bytes, min {min}, max {max}");
    assert!((4000.0..=11_000.0).contains(&mean), "mean size {mean}");
}

#[test]
fn cases_are_internally_consistent() {
    let cases = common::demo_cases();
    let mut vorschlag_ids = BTreeSet::new();
    for c in &cases {
        let v = &c.vorgang;
        let nr = &c.vorgangs_nummer;

        // No nulls anywhere.
        let mut path = String::new();
        let mut nulls = Vec::new();
        common::walk(v, &mut path, &mut |p, x| {
            if x.is_null() {
                nulls.push(p.to_string());
            }
        });
        assert!(nulls.is_empty(), "{nr}: nulls at {nulls:?}");

        // Money, rates and measures are all rounded to two decimals.
        let mut ragged = Vec::new();
        let mut path = String::new();
        common::walk(v, &mut path, &mut |p, x| {
            if let Some(f) = x.as_f64()
                && ((f * 100.0).round() - f * 100.0).abs() > 1e-6
            {
                ragged.push(format!("{p}={f}"));
            }
        });
        assert!(
            ragged.is_empty(),
            "{nr}: more than two decimals at {ragged:?}"
        );
        assert!(v.get("_links").is_none());

        if c.status == "ARCHIVIERT" {
            assert!(
                v["archivierung"]["grund"].is_string() && v["geschlossenAm"].is_string(),
                "{nr}"
            );
        } else {
            assert!(
                v.get("archivierung").is_none() && v.get("geschlossenAm").is_none(),
                "{nr}"
            );
        }

        let haushalte = v["haushalte"].as_array().unwrap();
        assert!((1..=2).contains(&haushalte.len()));
        for h in haushalte {
            assert!((1..=2).contains(&h["antragsteller"].as_array().unwrap().len()));
        }

        // Applications: numbering, context, and loans adding up to the stated need.
        let wuensche: f64 = v["vorhaben"]["finanzierungswunsch"]["darlehensWuensche"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                let inner = w
                    .as_object()
                    .unwrap()
                    .iter()
                    .find(|(k, _)| k.as_str() != "id")
                    .unwrap()
                    .1;
                inner["darlehensBetrag"].as_f64().unwrap()
            })
            .sum();
        let antraege = v["antraege"].as_array().unwrap();
        assert!(!antraege.is_empty());
        let mut hauptnummern = BTreeSet::new();
        for a in antraege {
            assert!(a.get("_links").is_none());
            let an = a["antragsNummer"].as_str().unwrap();
            let parts: Vec<&str> = an.split('/').collect();
            assert_eq!(parts.len(), 3, "{an}");
            assert_eq!(parts[0], nr);
            assert!(parts[2] == "1" || parts[2] == "2", "{an}");
            hauptnummern.insert(parts[1].parse::<u32>().unwrap());
            assert_eq!(a["datenKontext"], c.daten_kontext);
            // Time line: offer, then application, then payout; nothing after the last event.
            let annahme = time(&a["zeitpunktDerAnnahme"]);
            assert!(time(&a["angebot"]["erzeugtAm"]) <= annahme, "{an}");
            assert!(annahme <= time(&v["letztesEreignis"]), "{an}");
            assert!(
                v["erstelltAm"].as_str().unwrap()
                    <= &a["zeitpunktDerAnnahme"].as_str().unwrap()[..10],
                "{an}"
            );
            for d in a["angebot"]["darlehen"].as_array().unwrap() {
                if let Some(payout) = d.get("auszahlungsDatum") {
                    assert!(
                        payout.as_str().unwrap()
                            > &a["zeitpunktDerAnnahme"].as_str().unwrap()[..10],
                        "{an}: payout {payout}"
                    );
                }
            }
            assert_eq!(a["vermittler"]["partnerId"], c.kunden_betreuer);
            let darlehen = a["angebot"]["darlehen"].as_array().unwrap();
            assert!(
                (1..=3).contains(&darlehen.len()),
                "{an}: {} loans",
                darlehen.len()
            );
            let summe: f64 = darlehen
                .iter()
                .map(|d| d["darlehensBetrag"].as_f64().unwrap())
                .sum();
            assert!(
                (summe - wuensche).abs() < 0.01,
                "{an}: offer {summe} vs wish {wuensche}"
            );
            for d in darlehen {
                let rate = d["rateMonatlich"].as_f64().unwrap();
                let betrag = d["darlehensBetrag"].as_f64().unwrap();
                let rest = d["zinsBindung"]["restschuldNachZinsBindungsEnde"]
                    .as_f64()
                    .unwrap();
                assert!(
                    rate > 0.0 && rate < betrag * 0.02,
                    "{an}: rate {rate} for {betrag}"
                );
                assert!(
                    (0.0..betrag).contains(&rest) || rest == betrag,
                    "{an}: rest {rest} of {betrag}"
                );
                assert!(d["effektivZins"].as_f64().unwrap() >= d["sollZins"].as_f64().unwrap());
            }
        }
        assert_eq!(
            hauptnummern.into_iter().collect::<Vec<_>>(),
            (1..=hauptnummern_len(antraege)).collect::<Vec<_>>()
        );

        for (k, g) in c.gemerkte_angebote.iter().enumerate() {
            assert_eq!(g.nummer_am_vorgang, k as i32 + 1);
            assert_eq!(g.angebot["nummerAmVorgang"], g.nummer_am_vorgang);
            assert!(g.angebot.get("zahlungsplaene").is_none() && g.angebot.get("_links").is_none());
            let darlehen = g.angebot["darlehen"].as_array().unwrap();
            assert_eq!(darlehen.len(), g.zahlungsplaene.len());
            for (d, plan) in darlehen.iter().zip(&g.zahlungsplaene) {
                assert_eq!(plan["identifier"], d["id"]);
                let rows = plan["zahlungen"].as_array().unwrap();
                assert!(rows.len() >= 13);
                let last = rows.last().unwrap();
                // Balance after a year = principal minus the repayments shown.
                let getilgt: f64 = rows[1..]
                    .iter()
                    .map(|r| r["tilgung"].as_f64().unwrap())
                    .sum();
                let saldo = -last["saldo"].as_f64().unwrap();
                assert!((d["darlehensBetrag"].as_f64().unwrap() - getilgt - saldo).abs() < 0.05);
                assert_eq!(
                    plan["gesamtSumme"]["saldo"].as_f64().unwrap(),
                    -d["zinsBindung"]["restschuldNachZinsBindungsEnde"]
                        .as_f64()
                        .unwrap()
                );
            }
        }
        for fv in &c.finanzierungsvorschlaege {
            assert!(
                vorschlag_ids.insert(fv["id"].as_str().unwrap().to_string()),
                "duplicate proposal id"
            );
            let summe: f64 = fv["darlehen"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["darlehensBetrag"].as_f64().unwrap())
                .sum();
            assert!((summe - fv["darlehensSumme"].as_f64().unwrap()).abs() < 0.01);
        }
    }
}

fn time(v: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap()
}

fn hauptnummern_len(antraege: &[Value]) -> u32 {
    antraege
        .iter()
        .filter(|a| a["antragsNummer"].as_str().unwrap().ends_with("/1"))
        .count() as u32
}
