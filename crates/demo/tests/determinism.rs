//! Same `(seed, index)` gives the same case; the seed changes content but not the number.

use serde_json::Value;
use std::thread;
use vorgaenge_demo::{CaseGenerator, GeneratedCase};

fn all_json(c: &GeneratedCase) -> String {
    let gemerkt: Vec<Value> = c
        .gemerkte_angebote
        .iter()
        .map(|g| serde_json::json!({ "n": g.nummer_am_vorgang, "a": g.angebot, "z": g.zahlungsplaene }))
        .collect();
    serde_json::to_string(&serde_json::json!({
        "vorgang": c.vorgang,
        "vorschlaege": c.finanzierungsvorschlaege,
        "gemerkt": gemerkt,
        "meta": [c.vorgangs_nummer, c.daten_kontext, c.status, c.letzte_aenderung.to_rfc3339(), c.letztes_ereignis],
    }))
    .unwrap()
}

#[test]
fn same_seed_and_index_give_identical_json() {
    let a = CaseGenerator::new(42);
    let b = CaseGenerator::new(42);
    for i in [0u64, 1, 17, 239, 240, 100_000, 2_000_000_000] {
        assert_eq!(all_json(&a.case(i)), all_json(&b.case(i)), "index {i}");
    }
}

#[test]
fn different_seeds_change_content_but_not_the_number() {
    let a = CaseGenerator::new(1);
    let b = CaseGenerator::new(2);
    for i in 0..50u64 {
        let (x, y) = (a.case(i), b.case(i));
        assert_eq!(x.vorgangs_nummer, y.vorgangs_nummer);
        assert_ne!(all_json(&x), all_json(&y), "index {i}");
    }
}

#[test]
fn generation_order_and_threads_do_not_matter() {
    let generator = CaseGenerator::new(99);
    let forward: Vec<String> = (0..40u64).map(|i| all_json(&generator.case(i))).collect();
    let shared = &generator;
    let parallel: Vec<String> = thread::scope(|s| {
        let handles: Vec<_> = (0..4u64)
            .map(|t| {
                s.spawn(move || {
                    (0..10u64)
                        .rev()
                        .map(|k| (t * 10 + k, all_json(&shared.case(t * 10 + k))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all: Vec<(u64, String)> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, j)| j).collect()
    });
    assert_eq!(forward, parallel);
}

#[test]
fn generator_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<CaseGenerator>();
    assert_send_sync::<GeneratedCase>();
}

#[test]
fn metadata_matches_the_document() {
    let generator = CaseGenerator::new(7);
    for i in 0..200u64 {
        let c = generator.case(i);
        let v = &c.vorgang;
        assert_eq!(v["vorgangsNummer"], c.vorgangs_nummer.as_str());
        assert_eq!(v["datenKontext"], c.daten_kontext);
        assert_eq!(v["status"], c.status);
        assert_eq!(v["letztesEreignis"], c.letztes_ereignis.as_str());
        assert_eq!(v["kundenBetreuer"]["partnerId"], c.kunden_betreuer);
        match c.vorgangs_bearbeiter {
            Some(id) => assert_eq!(v["vorgangsBearbeiter"]["partnerId"], id),
            None => assert!(v.get("vorgangsBearbeiter").is_none()),
        }
        assert_eq!(
            v.get("externeVorgangsNummer").and_then(Value::as_str),
            c.externe_vorgangs_nummer.as_deref()
        );
        let ereignis = chrono::DateTime::parse_from_rfc3339(&c.letztes_ereignis).unwrap();
        assert!(
            ereignis <= c.letzte_aenderung,
            "{i}: {ereignis} > {}",
            c.letzte_aenderung
        );
        assert_eq!(
            c.letzte_aenderung.timestamp_subsec_nanos() % 1000,
            0,
            "microsecond precision"
        );
    }
}
