//! Audit records: written with every change in its transaction, and with none that writes nothing.

use bytes::Bytes;

use super::{audit_by, case_at, create, done, set_external};
use crate::{CaseEdit, CaseUpdate, Created, EditRefused, Edited, NewEvent, Store, StoredCase};

pub async fn changes_are_audited_in_their_transaction(store: &dyn Store) {
    store
        .upsert_cases(vec![case_at("AB0001", 10)])
        .await
        .unwrap();
    let Created::Done { case, audit } = store.create_case("NEW001", create("one")).await.unwrap()
    else {
        panic!("NEW001 was free");
    };
    // The store sets time and number: the change's stamp and the case written.
    let mut expected = audit_by("BER11", None, "create one", "VORGANG_ANGELEGT");
    expected.zeit = case.meta.letzte_aenderung;
    expected.vorgangs_nummer = "NEW001".into();
    assert_eq!(*audit, expected);

    // An impersonated edit keeps its actor beside the partner it was made as.
    let impersonated: CaseEdit = Box::new(|case: &StoredCase, _| {
        let mut meta = case.meta.clone();
        meta.kunden_betreuer = Some("BER12".into());
        Ok(Some(CaseUpdate {
            meta,
            document: case.document.clone(),
            events: vec![NewEvent {
                antrags_nummer: None,
                document: Bytes::from_static(br#"{"meldung":"BER12"}"#),
            }],
            kundenangaben: None,
            audit: audit_by(
                "BER12",
                Some("NOR00"),
                "trace-2",
                "KUNDENBETREUER_GEAENDERT",
            ),
        }))
    });
    let Edited::Done {
        case: edited,
        audit: Some(second),
    } = store.edit_case("NEW001", impersonated).await.unwrap()
    else {
        panic!("expected a committed change with its audit record");
    };
    assert_eq!(second.zeit, edited.meta.letzte_aenderung);
    assert_eq!(second.vorgangs_nummer, "NEW001");
    assert_eq!(second.actor.as_deref(), Some("NOR00"));

    // Refused, empty and panicking edits leave no record; nor does a taken number.
    let refused: CaseEdit = Box::new(|_, _| Err(EditRefused));
    store.edit_case("NEW001", refused).await.unwrap();
    let empty: CaseEdit = Box::new(|_, _| Ok(None));
    store.edit_case("NEW001", empty).await.unwrap();
    let panicking: CaseEdit = Box::new(|_, _| panic!("an edit that panics"));
    assert!(store.edit_case("NEW001", panicking).await.is_err());
    assert!(matches!(
        store.create_case("NEW001", create("two")).await.unwrap(),
        Created::Taken
    ));
    assert_eq!(store.audit("NEW001").await.unwrap(), vec![*audit, *second]);

    // Each case has its own records; an unknown case has none.
    done(store.edit_case("AB0001", set_external("x")).await.unwrap());
    let other = store.audit("AB0001").await.unwrap();
    assert_eq!(other.len(), 1);
    assert_eq!(other[0].vorgangs_nummer, "AB0001");
    assert_eq!(other[0].trace_id, "set x");
    assert!(store.audit("ZZ0000").await.unwrap().is_empty());
}
