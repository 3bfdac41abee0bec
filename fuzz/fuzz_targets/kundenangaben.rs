//! POST /kundenangaben: any body through the intake's parse and validation, and every body
//! it accepts taken the rest of the server's way: the raw `kundenangaben` member split off,
//! the metadata read, the new case mapped and encoded, and the Erfasste Daten of an
//! existing case replaced (PUT).

#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};
use vorgaenge_domain::edit::{Draft, ERFASSTE_DATEN};
use vorgaenge_intake::Kundenangaben;
use vorgaenge_store::document;

fuzz_target!(|data: &[u8]| {
    let Ok(kundenangaben) = vorgaenge_intake::parse(data) else {
        return;
    };
    // The server stores the member as received; a body the intake accepts must have it.
    let members: HashMap<String, &RawValue> =
        serde_json::from_slice(data).expect("an accepted body splits into its members");
    assert!(
        members.contains_key("kundenangaben"),
        "accepted without kundenangaben"
    );

    read_metadata(&kundenangaben);
    let stichtag = chrono::NaiveDate::from_ymd_opt(2026, 2, 28)
        .expect("a real day")
        .into();
    let members = vorgaenge_intake::vorgang_members(&kundenangaben, &stichtag);

    let mut created = members.clone();
    created.insert("vorgangsNummer".into(), "FZ1234".into());
    created.insert("erstelltAm".into(), "2026-02-28".into());
    created.insert("status".into(), "AKTIV".into());
    created.insert("kundenBetreuer".into(), json!({ "partnerId": "ABC10" }));
    created.insert("letztesEreignis".into(), "2026-02-28T10:00:00Z".into());
    document::encode(Value::Object(created)).expect("a new case encodes");

    let mut erfasst = members;
    erfasst.retain(|member, _| ERFASSTE_DATEN.contains(&member.as_str()) || member == "tippGeber");
    let mut draft = Draft::new(existing_case());
    draft.replace_erfasste_daten(erfasst);
    let (doc, _events) = draft.into_parts();
    document::encode(Value::Object(doc)).expect("a replaced case encodes");
});

/// Everything the handlers read of the metadata.
fn read_metadata(k: &Kundenangaben) {
    let _ = (
        k.ignorierte_werte(),
        k.datenkontext(),
        k.kundenbetreuer(),
        k.bearbeiter(),
        k.zusaetzlicher_ereignistext(),
        k.externe_vorgangs_id(),
        k.importquelle(),
        k.prioritaet(),
        k.leadtracking(),
        k.benachrichtigung_gewuenscht(),
        k.tippgeber_partner_id(),
    );
}

fn existing_case() -> Map<String, Value> {
    let Value::Object(doc) = json!({
        "vorgangsNummer": "FZ1234",
        "datenKontext": "TEST_MODUS",
        "status": "AKTIV",
        "kundenBetreuer": { "partnerId": "ABC10" },
        "haushalte": [{ "kunden": [{ "id": "k1" }] }],
        "praeferenzen": {}
    }) else {
        unreachable!()
    };
    doc
}
