//! The behaviour every [`Store`] backend must show, as checks a backend's tests run against a
//! fresh, empty store. [`store_contract_tests!`](crate::store_contract_tests) turns each
//! check into its own test.
//!
//! The checks are grouped by concern, in modules named like the backends' files that answer
//! them; this module holds the macro and the cases, edits and creations several groups share.
//! Only the backends' tests use it: it is built with the feature `contract-tests`.

pub mod audit;
pub mod cases;
pub mod clients;
pub mod create;
pub mod directory;
pub mod dump;
pub mod edits;
pub mod keys;
pub mod kundenangaben;
pub mod list;
pub mod migrations;
pub mod partners;
pub mod pools;

use bytes::Bytes;

use crate::{
    AuditEreignis, AuditRecord, CaseCreate, CaseDump, CaseEdit, CaseMeta, CaseUpdate, Created,
    DatenKontext, Edited, NewCase, NewEvent, Store, StoredCase, Timestamp,
};

/// Generates one `#[tokio::test]` per contract check. `$fresh` is an async function returning
/// `(store, guard)`: a new empty store and whatever keeps its database alive.
#[macro_export]
macro_rules! store_contract_tests {
    ($fresh:path) => {
        $crate::store_contract_tests!(@each $fresh;
            cases::{roundtrips_a_case, upsert_replaces_case_and_subresources,
                unknown_case_is_none, stamps_changes_monotonically, keeps_given_historical_time,
                counts_cases},
            list::{lists_in_both_orders, list_excludes_archived_and_other_context,
                list_filters_by_change_window, keyset_pages_match_offset_pages,
                paging_backwards_returns_previous_page, lists_only_the_partners_cases},
            partners::{stores_partners_and_grants, revokes_grants},
            clients::{stores_clients},
            keys::{ensures_one_signing_key, rotates_signing_keys, prunes_retired_signing_keys},
            directory::{directory_version_tracks_admin_changes},
            edits::{edits_apply_with_events, refused_or_empty_edits_change_nothing,
                concurrent_edits_all_land, edits_stamp_after_every_write},
            dump::{dumps_every_case_in_pages, restores_cases_as_they_were},
            create::{creates_cases_stamped_with_events_and_kundenangaben,
                taken_number_writes_nothing},
            kundenangaben::{edits_replace_kundenangaben, dump_and_restore_keep_kundenangaben},
            audit::{changes_are_audited_in_their_transaction},
            migrations::{a_fresh_store_has_the_current_schema},
            pools::{pool_stats_describe_the_connections_in_use});
    };
    (@each $fresh:path; $($group:ident::{$($check:ident),*}),*) => {
        $($(
            #[tokio::test]
            async fn $check() {
                let (store, _guard) = $fresh().await;
                $crate::contract::$group::$check(&*store).await;
            }
        )*)*
    };
}

fn meta(nr: &str, kontext: DatenKontext, status: &str) -> CaseMeta {
    CaseMeta {
        vorgangs_nummer: nr.to_owned(),
        daten_kontext: kontext,
        status: Some(status.to_owned()),
        letzte_aenderung: Timestamp(0),
        letztes_ereignis: Some("2024-05-14T09:12:44.381+02:00".to_owned()),
        externe_vorgangs_nummer: Some(format!("ext-{nr}")),
        kunden_betreuer: Some("BER11".to_owned()),
        vorgangs_bearbeiter: None,
    }
}

fn case_at(nr: &str, micros: i64) -> NewCase {
    NewCase {
        document: Bytes::from(format!(r#"{{"vorgangsNummer":"{nr}"}}"#)),
        meta: meta(nr, DatenKontext::EchtGeschaeft, "AKTIV"),
        letzte_aenderung: Some(Timestamp(micros)),
        finanzierungsvorschlaege: None,
        gemerkte_angebote: None,
    }
}

/// Twelve cases `C00000`…`C00011`; C00004 and C00005 share a timestamp so that the
/// tie-break on the number is exercised.
async fn twelve(store: &dyn Store) {
    let cases = (0..12)
        .map(|i| {
            let t = if i == 5 { 4_000 } else { i * 1_000 };
            case_at(&format!("C{i:05}"), t)
        })
        .collect();
    store.upsert_cases(cases).await.unwrap();
}

/// An edit that sets the external number to `ext` and records it as one event.
fn set_external(ext: &str) -> CaseEdit {
    let ext = ext.to_owned();
    Box::new(move |case: &StoredCase, stamp: Timestamp| {
        let mut meta = case.meta.clone();
        meta.externe_vorgangs_nummer = Some(ext.clone());
        meta.letztes_ereignis = Some(format!("{}", stamp.0));
        Ok(Some(CaseUpdate {
            meta,
            document: Bytes::from(format!(r#"{{"ext":"{ext}"}}"#)),
            events: vec![NewEvent {
                antrags_nummer: (ext == "antrag").then(|| "AB0001/1/1".to_owned()),
                document: Bytes::from(format!(r#"{{"meldung":"{ext}"}}"#)),
            }],
            kundenangaben: None,
            audit: audit_by(
                "BER11",
                None,
                &format!("set {ext}"),
                "EXTERNE_VORGANGSNUMMER_GESETZT",
            ),
        }))
    })
}

/// The audit record of a change made as `partner` (by `actor`) under trace id `trace`, with
/// one event of `aktivitaet`. Time and case number are left for the store to set.
fn audit_by(partner: &str, actor: Option<&str>, trace: &str, aktivitaet: &str) -> AuditRecord {
    AuditRecord {
        zeit: Timestamp(0),
        vorgangs_nummer: String::new(),
        partner: partner.to_owned(),
        actor: actor.map(str::to_owned),
        client_id: format!("client-of-{}", actor.unwrap_or(partner)),
        trace_id: trace.to_owned(),
        aktion: "PATCH /v2/vorgaenge/{vorgangsNummer}".to_owned(),
        ereignisse: vec![AuditEreignis {
            typ: "HINWEIS".to_owned(),
            aktivitaet: aktivitaet.to_owned(),
        }],
    }
}

/// The committed case of an edit, and whether it changed the case (it has an audit record
/// then).
fn done(edited: Edited) -> (StoredCase, bool) {
    match edited {
        Edited::Done { case, audit } => (case, audit.is_some()),
        other => panic!("expected a committed edit, got {other:?}"),
    }
}

/// Every case of the store, dumped `page` at a time.
async fn dump_all(store: &dyn Store, page: u32) -> Vec<CaseDump> {
    let mut all: Vec<CaseDump> = Vec::new();
    loop {
        let after = all.last().map(|d| d.case.meta.vorgangs_nummer.clone());
        let next = store.dump_cases(after.as_deref(), page).await.unwrap();
        assert!(next.len() <= page as usize);
        if next.is_empty() {
            return all;
        }
        all.extend(next);
    }
}

/// A creation of a case whose document and Kundenangaben name `tag`; it records one event.
fn create(tag: &str) -> CaseCreate {
    let tag = tag.to_owned();
    Box::new(move |stamp: Timestamp| {
        let mut meta = meta("", DatenKontext::TestModus, "AKTIV");
        meta.letztes_ereignis = Some(format!("{}", stamp.0));
        CaseUpdate {
            meta,
            document: Bytes::from(format!(r#"{{"tag":"{tag}"}}"#)),
            events: vec![NewEvent {
                antrags_nummer: None,
                document: Bytes::from_static(br#"{"aktivitaet":"VORGANG_ANGELEGT"}"#),
            }],
            kundenangaben: Some(Bytes::from(format!(r#"{{"kundenangaben":"{tag}"}}"#))),
            audit: audit_by("BER11", None, &format!("create {tag}"), "VORGANG_ANGELEGT"),
        }
    })
}

fn created(outcome: Created) -> StoredCase {
    match outcome {
        Created::Done { case, .. } => case,
        Created::Taken => panic!("expected a created case, the number was taken"),
    }
}
