use std::sync::Arc;

use bytes::Bytes;

use crate::{AuditRecord, DatenKontext, Timestamp};

/// The facts about a case that lists and access checks need, kept in columns beside the
/// document so that neither has to parse it.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseMeta {
    pub vorgangs_nummer: String,
    pub daten_kontext: DatenKontext,
    /// `Vorgang.status` as given (the contract does not restrict it; `ARCHIVIERT` hides the
    /// case from the list).
    pub status: Option<String>,
    pub letzte_aenderung: Timestamp,
    /// `Vorgang.letztesEreignis`, RFC 3339 text as held in the document.
    pub letztes_ereignis: Option<String>,
    pub externe_vorgangs_nummer: Option<String>,
    pub kunden_betreuer: Option<String>,
    pub vorgangs_bearbeiter: Option<String>,
}

impl CaseMeta {
    /// Archived cases are kept and readable, but not listed.
    pub fn is_archived(&self) -> bool {
        self.status.as_deref() == Some("ARCHIVIERT")
    }
}

/// A case as read back: its columns and its stored document.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCase {
    pub meta: CaseMeta,
    pub document: Bytes,
}

/// A financing proposal of a case: its id and its JSON (without `_links`).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVorschlag {
    pub id: String,
    pub document: Bytes,
}

/// A saved offer of a case: its JSON (without `_links` and `zahlungsplaene`) and the JSON
/// array of its payment plans.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAngebot {
    pub nummer_am_vorgang: i32,
    pub angebot: Bytes,
    pub zahlungsplaene: Bytes,
}

/// A case to insert or replace, with everything that hangs off it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCase {
    /// `letzte_aenderung` is ignored unless [`NewCase::letzte_aenderung`] is set.
    pub meta: CaseMeta,
    pub document: Bytes,
    /// `None`: the store stamps the write with its own clock, strictly after every earlier
    /// change, so that a client following the change feed never misses it. `Some`: the given
    /// historical time is kept (seeding demo data).
    pub letzte_aenderung: Option<Timestamp>,
    /// `None` keeps the case's existing proposals (a Vorgang document does not carry them);
    /// `Some` replaces them as a whole.
    pub finanzierungsvorschlaege: Option<Vec<StoredVorschlag>>,
    /// Like `finanzierungsvorschlaege`, for the saved offers.
    pub gemerkte_angebote: Option<Vec<StoredAngebot>>,
}

/// A partner of the partner tree.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerRecord {
    /// `^[A-Z]{3}[0-9]{2}$`
    pub id: String,
    /// `PERSON` or `ORGANISATION`.
    pub typ: String,
    pub parent: Option<String>,
    pub gesperrt: bool,
    pub echtgeschaeft: bool,
    pub kreditsachbearbeiter: bool,
    /// The contract's Partner object (without `_links`).
    pub profile: Bytes,
}

/// An API client: the registered application that asks for tokens on behalf of one partner.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientRecord {
    /// Public identifier, sent as the HTTP Basic user name.
    pub client_id: String,
    /// The partner the client acts for (the actor of its tokens).
    pub partner_id: String,
    /// The scopes the client may ask for, in the order registered.
    pub scopes: Vec<String>,
    /// Hash of the secret (the secret itself is never stored).
    pub secret_hash: Bytes,
    /// A disabled client gets no token.
    pub disabled: bool,
    pub created_at: Timestamp,
}

/// A key pair the token endpoint signs with.
#[derive(Debug, Clone, PartialEq)]
pub struct SigningKeyRecord {
    /// The JWT `kid`.
    pub kid: String,
    /// The JWT `alg`, e.g. `EdDSA`.
    pub algorithm: String,
    /// PKCS#8 DER.
    pub private_key: Bytes,
    /// The raw public key (for Ed25519 the 32 bytes the JWK's `x` holds).
    pub public_key: Bytes,
    pub created_at: Timestamp,
    /// When a newer key took over; `None` for the key in use. A retired key keeps verifying
    /// the tokens it signed until they expire.
    pub retired_at: Option<Timestamp>,
}

/// An Übernahmerecht: `holder` may work on every case of `target` and of its subtree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct GrantRecord {
    pub holder: String,
    pub target: String,
}

/// Direction of the list, by `letzteAenderung` then `vorgangsNummer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Ascending,
    Descending,
}

/// A position in the list order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListKey {
    pub letzte_aenderung: Timestamp,
    pub vorgangs_nummer: String,
}

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListStart {
    /// Skip this many entries (a plain `page` without cursor).
    Offset(u64),
    /// The entries right after this key in list order (keyset: as cheap on page 1000 as on 0).
    After(ListKey),
    /// The entries right before this key in list order (keyset paging backwards).
    Before(ListKey),
}

/// One page request. Only `AKTIV` (non-archived) cases of one data context are listed.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    pub daten_kontext: DatenKontext,
    /// Inclusive lower bound on `letzteAenderung`.
    pub since: Option<Timestamp>,
    /// Exclusive upper bound on `letzteAenderung`.
    pub until: Option<Timestamp>,
    pub order: SortOrder,
    pub limit: u32,
    pub start: ListStart,
    /// Only cases whose kundenBetreuer or vorgangsBearbeiter is one of these partners (the
    /// caller's coverage, sorted); `None` lists every case.
    pub partners: Option<Arc<[String]>>,
}

/// The database's schema version beside the program's (see [`crate::Store::schema_version`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaVersion {
    /// Migrations the database has applied.
    pub applied: u32,
    /// Migrations this program knows: equal when the schema is current; fewer applied while
    /// another instance migrates, more when a newer program migrated the database.
    pub known: u32,
}

/// How busy one set of database connections is, for the metrics (see
/// [`crate::Store::pool_stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Which set: `readers` and `writer` on SQLite, `pool` and `shared_readers` on PostgreSQL.
    pub pool: &'static str,
    /// Connections open now.
    pub connections: usize,
    /// Connections in use now, where the set can tell (a shared reader carries many queries).
    pub busy: Option<usize>,
    /// Callers waiting for a connection now.
    pub waiting: usize,
}

/// One page of the list, in the query's order.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    pub items: Vec<CaseMeta>,
    /// More entries follow beyond this page in the direction it was read: after it for
    /// `Offset`/`After`, before it for `Before`.
    pub more: bool,
}

/// A case with everything that hangs off it, as moved between databases (`vorgaenge export`
/// and `import`): its columns with `letzteAenderung`, its stored document, its sub-resources
/// and its events, all as they are.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseDump {
    pub case: StoredCase,
    pub finanzierungsvorschlaege: Vec<StoredVorschlag>,
    pub gemerkte_angebote: Vec<StoredAngebot>,
    /// Oldest first.
    pub events: Vec<StoredEvent>,
    /// The Kundenangaben the case was created or last updated from, as received; `None` for a
    /// case that did not come through the Kundenangaben API.
    pub kundenangaben: Option<Bytes>,
    /// Who changed the case, oldest first.
    pub audit: Vec<AuditRecord>,
}

/// An event as stored: what it concerns, when it was recorded, and its JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub antrags_nummer: Option<String>,
    pub zeitpunkt: Timestamp,
    pub document: Bytes,
}

/// An event to append to a case: an `Ereignis` of the events API, as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// The Antrag the event concerns (`AB1234/1/1`), for the per-Antrag event list.
    pub antrags_nummer: Option<String>,
    pub document: Bytes,
}

/// What an edit makes of a case: its new columns and document, the events that record the
/// change, and its audit record. The store stamps `meta.letzte_aenderung` itself, and sets
/// the audit record's time and case number.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseUpdate {
    pub meta: CaseMeta,
    pub document: Bytes,
    pub events: Vec<NewEvent>,
    /// `Some` replaces the case's stored Kundenangaben; `None` keeps them.
    pub kundenangaben: Option<Bytes>,
    /// Written with the change, in its transaction: every change has one.
    pub audit: AuditRecord,
}

/// An edit refused to change a case. The reason stays with the layer that decided (for the
/// server, its HTTP error): the store only needs to know that nothing is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditRefused;

/// A change to one case, decided on the case as it is inside the store's write transaction,
/// so that concurrent edits of a case apply one after the other and none is lost. It gets the
/// case and the stamp the change will carry; `Ok(None)` leaves the case as it is.
pub type CaseEdit =
    Box<dyn FnOnce(&StoredCase, Timestamp) -> Result<Option<CaseUpdate>, EditRefused> + Send>;

/// A new case, built once the store knows the stamp its creation will carry (the document's
/// `letztesEreignis` is that stamp, so it cannot be built before).
pub type CaseCreate = Box<dyn FnOnce(Timestamp) -> CaseUpdate + Send>;

/// The outcome of [`crate::Store::create_case`].
#[derive(Debug)]
pub enum Created {
    /// A case with this number exists already; nothing was written.
    Taken,
    /// The case and its audit record, as committed.
    Done {
        case: StoredCase,
        /// Boxed: the record is large, and the other outcomes carry little.
        audit: Box<AuditRecord>,
    },
}

/// The outcome of [`crate::Store::edit_case`].
#[derive(Debug)]
pub enum Edited {
    /// No case has this number.
    NotFound,
    /// The edit refused; nothing changed.
    Refused,
    /// The case as it is now, committed, and the audit record of the change (`None` when
    /// the edit changed nothing).
    Done {
        case: StoredCase,
        /// Boxed: the record is large, and the other outcomes carry little.
        audit: Option<Box<AuditRecord>>,
    },
}
