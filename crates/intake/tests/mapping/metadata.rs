//! The import's metadata and the members the mapping leaves to the server.

use serde_json::json;

use crate::{kauf, mit, zwei_personen};

#[test]
fn metadata() {
    let v = zwei_personen();
    assert_eq!(v["datenKontext"], "TEST_MODUS");
    assert_eq!(v["externeVorgangsNummer"], "CRM-2024-0815");
    assert_eq!(v["importQuelle"], "Vergleichsportal Nord");
    assert_eq!(v["prioritaet"], "HOCH");
    assert_eq!(
        v["leadTracking"],
        json!({ "kampagne": "fruehjahr", "keyword": "baufinanzierung", "kundenBetreuerBenachrichtigen": true, "trackingId": "trk-991" })
    );
    assert_eq!(v["tippGeber"], json!({ "partnerId": "TIP01" }));
}

#[test]
fn server_owned_members_are_not_produced() {
    for v in [zwei_personen(), kauf()] {
        for member in [
            "vorgangsNummer",
            "kundenBetreuer",
            "vorgangsBearbeiter",
            "status",
            "letzteAenderung",
            "letztesEreignis",
            "erstelltAm",
            "antraege",
            "_links",
        ] {
            assert!(
                v.get(member).is_none(),
                "{member} must be left to the server"
            );
        }
    }
}

#[test]
fn minimal_request_maps_to_metadata_and_one_applicant() {
    let v = mit(json!({}));
    assert_eq!(
        v,
        json!({ "datenKontext": "TEST_MODUS", "haushalte": [ { "antragsteller": [ { "id": "antragsteller-1-1" } ] } ], "praeferenzen": {} })
    );
}
