//! `vorgaenge admin partner …`: add, update, lock, list and show partners, and the parent
//! changes that would close a cycle; the library functions and the binary.

use serde_json::{Value, json};
use vorgaenge_cli::admin::partners::{NewPartner, PartnerChanges};
use vorgaenge_cli::admin::profile::ProfileFields;
use vorgaenge_cli::admin::{AdminError, clients, grants, partners};

use super::{Db, fails, ok, organisation, profile, small_tree};

#[tokio::test]
async fn partner_add_update_lock_list_show() {
    let db = Db::new();
    let store = db.store();
    small_tree(&*store).await;
    let person = NewPartner {
        id: "PER11".into(),
        typ: "PERSON".into(),
        parent: Some("ORG10".into()),
        echtgeschaeft: true,
        kreditsachbearbeiter: false,
        profile: ProfileFields {
            anrede: Some("FRAU".into()),
            vorname: Some("Erika".into()),
            nachname: Some("Muster".into()),
            geburtsdatum: Some("1980-04-01".into()),
            ort: Some("Berlin".into()),
            ..Default::default()
        },
    };
    partners::add_partner(&*store, person.clone())
        .await
        .unwrap();
    let stored = store.partner("PER11").await.unwrap().unwrap();
    assert_eq!(stored.parent.as_deref(), Some("ORG10"));
    assert!(stored.echtgeschaeft && !stored.gesperrt);
    // Only the given fields, never null, and the id.
    assert_eq!(
        profile(&stored),
        json!({"partnerId": "PER11", "anrede": "FRAU", "vorname": "Erika",
               "nachname": "Muster", "geburtsdatum": "1980-04-01",
               "anschrift": {"ort": "Berlin"}})
    );

    // Adding again is refused.
    let e = partners::add_partner(&*store, person).await.unwrap_err();
    assert!(matches!(e, AdminError::Conflict(_)), "{e:?}");
    assert_eq!(e.to_string(), "partner PER11 exists; use update");
    assert_eq!(e.exit_code(), 1);

    // Bad input.
    let mut bad = organisation("abc12", None);
    bad.typ = "VEREIN".into();
    bad.profile.geburtsdatum = Some("1980-02-30".into());
    let AdminError::Rejected(problems) = partners::add_partner(&*store, bad).await.unwrap_err()
    else {
        panic!("rejected expected")
    };
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[2].starts_with("profile.geburtsdatum:"),
        "{problems:?}"
    );
    let e = partners::add_partner(&*store, organisation("NEW00", Some("XXX99")))
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "unknown partner XXX99");
    assert!(store.partner("NEW00").await.unwrap().is_none());

    // Update changes only what is given.
    let changes = PartnerChanges {
        echtgeschaeft: Some(false),
        kreditsachbearbeiter: Some(true),
        profile: ProfileFields {
            vorname: Some("Erika Maria".into()),
            strasse: Some("Hauptstraße".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    partners::update_partner(&*store, "PER11", changes)
        .await
        .unwrap();
    let stored = store.partner("PER11").await.unwrap().unwrap();
    assert!(!stored.echtgeschaeft && stored.kreditsachbearbeiter);
    assert_eq!(stored.parent.as_deref(), Some("ORG10"));
    assert_eq!(
        profile(&stored),
        json!({"partnerId": "PER11", "anrede": "FRAU", "vorname": "Erika Maria",
               "nachname": "Muster", "geburtsdatum": "1980-04-01", "kreditsachbearbeiter": true,
               "anschrift": {"ort": "Berlin", "strasse": "Hauptstraße"}})
    );
    let nothing = partners::update_partner(&*store, "PER11", PartnerChanges::default()).await;
    assert_eq!(nothing.unwrap_err().exit_code(), 2);
    let moved = PartnerChanges {
        parent: Some(Some("ORG00".into())),
        ..Default::default()
    };
    partners::update_partner(&*store, "PER11", moved)
        .await
        .unwrap();
    assert_eq!(
        store
            .partner("PER11")
            .await
            .unwrap()
            .unwrap()
            .parent
            .as_deref(),
        Some("ORG00")
    );

    // Lock and unlock.
    partners::set_locked(&*store, "PER11", true).await.unwrap();
    assert!(store.partner("PER11").await.unwrap().unwrap().gesperrt);
    partners::set_locked(&*store, "PER11", false).await.unwrap();
    assert!(!store.partner("PER11").await.unwrap().unwrap().gesperrt);

    // Unknown ids.
    for e in [
        partners::set_locked(&*store, "NOP00", true)
            .await
            .unwrap_err(),
        partners::show_partner(&*store, "NOP00").await.unwrap_err(),
        partners::update_partner(&*store, "NOP00", PartnerChanges::default())
            .await
            .unwrap_err(),
    ] {
        assert_eq!(e.to_string(), "unknown partner NOP00");
        assert_eq!(e.exit_code(), 1);
    }

    // List and show.
    let table = partners::partner_table(&partners::list_partners(&*store).await.unwrap());
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(
        lines[0].starts_with("id") && lines[0].ends_with("name"),
        "{table}"
    );
    assert!(lines[1].starts_with("ORG00") && lines[1].contains("Firma ORG00"));
    assert!(lines[3].starts_with("PER11") && lines[3].contains("Erika Maria Muster"));
    grants::grant(&*store, "ORG00", "PER11").await.unwrap();
    let issued = clients::add_client(&*store, "PER11", "openid")
        .await
        .unwrap();
    let shown = partners::show_partner(&*store, "PER11").await.unwrap();
    assert_eq!(shown["typ"], "PERSON");
    assert_eq!(shown["parent"], "ORG00");
    assert_eq!(shown["profile"]["nachname"], "Muster");
    assert_eq!(shown["grants_received"], json!(["ORG00"]));
    assert_eq!(shown["grants_held"], json!([]));
    assert_eq!(shown["clients"][0]["client_id"], issued.client_id.as_str());
    assert!(!shown.to_string().contains(&issued.client_secret));
    let org = partners::show_partner(&*store, "ORG00").await.unwrap();
    assert_eq!(org["children"], json!(["ORG10", "PER11"]));
    assert_eq!(org["grants_held"], json!(["PER11"]));
}

#[tokio::test]
async fn parent_changes_that_close_a_cycle_are_refused() {
    let db = Db::new();
    let store = db.store();
    small_tree(&*store).await;
    partners::add_partner(&*store, organisation("ORG20", Some("ORG10")))
        .await
        .unwrap();
    let before = store.partners().await.unwrap();
    let to = |parent: &str| PartnerChanges {
        parent: Some(Some(parent.into())),
        ..Default::default()
    };
    let e = partners::update_partner(&*store, "ORG00", to("ORG20"))
        .await
        .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.to_string().contains("ORG00 -> ORG20 -> ORG10 -> ORG00"),
        "{e}"
    );
    let e = partners::update_partner(&*store, "ORG10", to("ORG10"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("cannot be its own parent"), "{e}");
    let mut own = organisation("ORG30", Some("ORG30"));
    own.parent = Some("ORG30".into());
    assert_eq!(
        partners::add_partner(&*store, own)
            .await
            .unwrap_err()
            .exit_code(),
        2
    );
    assert_eq!(store.partners().await.unwrap(), before);
    // Moving up (not into the own subtree) is fine, also to the root.
    partners::update_partner(&*store, "ORG20", to("ORG00"))
        .await
        .unwrap();
    let root = PartnerChanges {
        parent: Some(None),
        ..Default::default()
    };
    partners::update_partner(&*store, "ORG10", root)
        .await
        .unwrap();
    assert_eq!(store.partner("ORG10").await.unwrap().unwrap().parent, None);
}

#[tokio::test]
async fn binary_partner_and_grant_commands() {
    let db = Db::new();
    ok(db.admin(&[
        "partner",
        "add",
        "ORG00",
        "--typ",
        "ORGANISATION",
        "--firmierung",
        "Zentrale",
        "--echtgeschaeft",
    ]));
    let out = ok(db.admin(&[
        "partner",
        "add",
        "PER11",
        "--typ",
        "PERSON",
        "--parent",
        "ORG00",
        "--anrede",
        "HERR",
        "--vorname",
        "Max",
        "--nachname",
        "Muster",
        "--geburtsdatum",
        "1970-01-31",
        "--strasse",
        "Weg",
        "--hausnummer",
        "1",
        "--postleitzahl",
        "10115",
        "--ort",
        "Berlin",
        "--vertriebs-organisation-id",
        "V1",
        "--kreditsachbearbeiter",
    ]));
    assert_eq!(out.trim(), "added partner PER11 (PERSON)");
    fails(
        db.admin(&["partner", "add", "PER11", "--typ", "PERSON"]),
        1,
        "error: partner PER11 exists; use update",
    );
    fails(
        db.admin(&["partner", "add", "X1", "--typ", "PERSON"]),
        2,
        "must be three capital letters and two digits",
    );
    fails(
        db.admin(&[
            "partner", "add", "NEW00", "--typ", "PERSON", "--parent", "NOP00",
        ]),
        1,
        "error: unknown partner NOP00",
    );

    ok(db.admin(&[
        "partner",
        "update",
        "PER11",
        "--echtgeschaeft",
        "true",
        "--vorname",
        "Moritz",
        "--kreditsachbearbeiter",
        "false",
    ]));
    ok(db.admin(&["partner", "lock", "PER11"]));
    let store = db.store();
    let p = store.partner("PER11").await.unwrap().unwrap();
    assert!(p.gesperrt && p.echtgeschaeft && !p.kreditsachbearbeiter);
    assert_eq!(
        profile(&p),
        json!({"partnerId": "PER11", "anrede": "HERR", "vorname": "Moritz", "nachname": "Muster",
               "geburtsdatum": "1970-01-31", "kreditsachbearbeiter": false,
               "anschrift": {"strasse": "Weg", "hausnummer": "1", "postleitzahl": "10115", "ort": "Berlin"},
               "vertriebsOrganisation": {"vertriebsOrganisationsId": "V1"}})
    );
    ok(db.admin(&["partner", "unlock", "PER11"]));
    assert!(!db.store().partner("PER11").await.unwrap().unwrap().gesperrt);

    fails(
        db.admin(&["partner", "update", "ORG00", "--parent", "PER11"]),
        2,
        "ORG00 -> PER11 -> ORG00",
    );
    fails(
        db.admin(&["partner", "lock", "NOP00"]),
        1,
        "error: unknown partner NOP00",
    );
    fails(
        db.admin(&["partner", "show", "NOP00"]),
        1,
        "error: unknown partner NOP00",
    );

    let list = ok(db.admin(&["partner", "list"]));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    for header in ["id", "typ", "parent", "locked", "echtgeschaeft", "name"] {
        assert!(lines[0].contains(header), "{list}");
    }
    assert!(
        lines[1].starts_with("ORG00") && lines[1].ends_with("Zentrale"),
        "{list}"
    );
    assert!(
        lines[2].starts_with("PER11") && lines[2].contains("ORG00"),
        "{list}"
    );
    assert!(lines[2].ends_with("Moritz Muster"), "{list}");

    ok(db.admin(&["partner", "add", "OTH00", "--typ", "ORGANISATION"]));
    let out = ok(db.admin(&["grant", "OTH00", "ORG00"]));
    assert!(
        out.contains("OTH00 now holds an Übernahmerecht on ORG00"),
        "{out}"
    );
    fails(
        db.admin(&["grant", "OTH00", "OTH00"]),
        2,
        "error: holder and target",
    );
    fails(
        db.admin(&["grant", "OTH00", "NOP00"]),
        1,
        "error: unknown partner NOP00",
    );
    let shown: Value = serde_json::from_str(&ok(db.admin(&["partner", "show", "ORG00"]))).unwrap();
    assert_eq!(shown["grants_received"], json!(["OTH00"]));
    assert_eq!(shown["children"], json!(["PER11"]));
    assert_eq!(shown["profile"]["firmierung"], "Zentrale");
    ok(db.admin(&["revoke", "OTH00", "ORG00"]));
    assert!(db.store().grants().await.unwrap().is_empty());
    fails(
        db.admin(&["revoke", "OTH00", "ORG00"]),
        1,
        "error: OTH00 holds no Übernahmerecht on ORG00",
    );
}
