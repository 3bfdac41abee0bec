//! PATCH /vorgaenge/{vorgangsNummer}: the body's bytes as the server reads them (JSON, then
//! `patch::parse` with the server's operation limit), and every patch that parses applied
//! to a case the way the handler applies it, then encoded as the store would write it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};
use vorgaenge_domain::assignment::{assign_kunden_betreuer, assign_vorgangs_bearbeiter};
use vorgaenge_domain::directory::{Directory, PartnerFacts, PartnerTyp};
use vorgaenge_domain::edit::{Draft, Party};
use vorgaenge_domain::patch::{self, NewValue, Step, Target};
use vorgaenge_server::body::Limits;
use vorgaenge_store::document;

/// The calling partner; it covers the two partners below it.
const CALLER: &str = "ABC10";

fuzz_target!(|data: &[u8]| {
    let Ok(body) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Ok(steps) = patch::parse(&body, Limits::default().max_patch_operations) else {
        return;
    };
    let directory = directory();
    let mut draft = Draft::new(case());
    for step in &steps {
        // A refused step ends the patch, as in the handler; nothing is written then.
        if apply(&mut draft, &directory, step).is_err() {
            return;
        }
    }
    let (doc, _events) = draft.into_parts();
    document::encode(Value::Object(doc)).expect("an edited case encodes");
});

/// The handler's `apply`, with the partner rules of the domain in place of the server's
/// snapshot.
fn apply(draft: &mut Draft, directory: &Directory, step: &Step) -> Result<(), ()> {
    match step {
        Step::Test(target, expected) => match draft.current(target) {
            Some(current) if &current == expected => Ok(()),
            _ => Err(()),
        },
        Step::Remove(Target::ExterneVorgangsNummer) => {
            draft.set_externe_vorgangs_nummer(None);
            Ok(())
        }
        Step::Remove(_) => Err(()),
        Step::Set(target, value) => match (target, value) {
            (Target::ExterneVorgangsNummer, NewValue::Text(text)) => {
                draft.set_externe_vorgangs_nummer(Some(text));
                Ok(())
            }
            (Target::Status, NewValue::Status(status)) => {
                draft.set_status(*status);
                Ok(())
            }
            (Target::KundenBetreuer, NewValue::Partner(id)) => {
                let kontext = draft.daten_kontext();
                assign_kunden_betreuer(directory, CALLER, id, kontext).map_err(|_| ())?;
                draft.set_party(Party::KundenBetreuer, partner(id));
                Ok(())
            }
            (Target::VorgangsBearbeiter, NewValue::Partner(id)) => {
                let kontext = draft.daten_kontext();
                assign_vorgangs_bearbeiter(directory, CALLER, id, kontext).map_err(|_| ())?;
                draft.set_party(Party::VorgangsBearbeiter, partner(id));
                Ok(())
            }
            (Target::AntragStatus(nr), NewValue::AntragStatus(status)) => {
                draft.set_antrag_status(nr, status).map_err(|_| ())
            }
            _ => panic!("patch step {step:?} pairs a target with a value of another kind"),
        },
    }
}

fn directory() -> Directory {
    let facts = [
        (CALLER, PartnerTyp::Organisation, None, false),
        ("ABC11", PartnerTyp::Person, Some(CALLER), false),
        ("ABC12", PartnerTyp::Person, Some(CALLER), true),
        ("XYZ99", PartnerTyp::Person, None, false),
    ]
    .map(|(id, typ, parent, gesperrt)| PartnerFacts {
        id: id.to_owned(),
        typ,
        parent: parent.map(str::to_owned),
        gesperrt,
        echtgeschaeft: true,
    });
    Directory::new(facts, [])
}

fn partner(id: &str) -> Map<String, Value> {
    let Value::Object(record) = json!({ "partnerId": id, "kreditsachbearbeiter": false }) else {
        unreachable!()
    };
    record
}

/// A test case with two Anträge, one with a status and one without.
fn case() -> Map<String, Value> {
    let Value::Object(doc) = json!({
        "vorgangsNummer": "FZ1234",
        "datenKontext": "TEST_MODUS",
        "status": "AKTIV",
        "externeVorgangsNummer": "extern-1",
        "kundenBetreuer": { "partnerId": CALLER },
        "vorgangsBearbeiter": { "partnerId": "ABC11" },
        "antraege": [
            {
                "antragsNummer": "FZ1234/1/1",
                "status": { "antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET" }
            },
            { "antragsNummer": "FZ1234/2/1" }
        ]
    }) else {
        unreachable!()
    };
    doc
}
