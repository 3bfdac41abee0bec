//! The storage boundary of the Vorgänge API.
//!
//! Every backend (SQLite, PostgreSQL) implements [`Store`]; the server only ever talks to
//! `Arc<dyn Store>`, chosen once at start from the database URL. `contract` (behind the
//! feature `contract-tests`, which only the backends' tests turn on) holds the test suite
//! every backend must pass, so the backends cannot drift apart; [`sql`] holds the SQL text
//! both backends share.

mod audit;
#[cfg(feature = "contract-tests")]
pub mod contract;
mod daten_kontext;
pub mod document;
mod error;
pub mod members;
pub mod portable;
mod records;
pub mod sql;
mod timestamp;

use async_trait::async_trait;

pub use audit::{AuditEreignis, AuditRecord};
pub use daten_kontext::{DatenKontext, UnknownDatenKontext};
pub use error::StoreError;
pub use records::{
    CaseCreate, CaseDump, CaseEdit, CaseMeta, CaseUpdate, ClientRecord, Created, EditRefused,
    Edited, GrantRecord, ListKey, ListPage, ListQuery, ListStart, NewCase, NewEvent, PartnerRecord,
    PoolStats, SchemaVersion, SigningKeyRecord, SortOrder, StoredAngebot, StoredCase, StoredEvent,
    StoredVorschlag,
};
pub use timestamp::{RFC3339_LEN, Timestamp};

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Persistence of cases, their sub-resources and the partner tree.
///
/// Case documents are opaque bytes to the store (see `vorgaenge_domain::document`); the store
/// keeps the columns of [`CaseMeta`] beside them so that lists and access checks never parse a
/// document.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug + 'static {
    /// The case with this number, document included.
    async fn case(&self, vorgangs_nummer: &str) -> StoreResult<Option<StoredCase>>;

    /// Only the columns of the case with this number (cheap: no document).
    async fn case_meta(&self, vorgangs_nummer: &str) -> StoreResult<Option<CaseMeta>>;

    /// One page of the case list, in the query's order.
    async fn list(&self, query: &ListQuery) -> StoreResult<ListPage>;

    /// The financing proposals of a case, ordered by id.
    async fn finanzierungsvorschlaege(
        &self,
        vorgangs_nummer: &str,
    ) -> StoreResult<Vec<StoredVorschlag>>;

    /// The saved offers of a case, ordered by their number within the case.
    async fn gemerkte_angebote(&self, vorgangs_nummer: &str) -> StoreResult<Vec<StoredAngebot>>;

    /// Inserts or replaces cases by `vorgangsNummer`, all in one transaction: either every case
    /// of the batch is written or none is. Returns the `letzteAenderung` each case got.
    async fn upsert_cases(&self, cases: Vec<NewCase>) -> StoreResult<Vec<Timestamp>>;

    /// Applies `edit` to the case with this number in one write transaction: the edit sees
    /// the case as committed, and its update, the new `letzteAenderung`, its events and its
    /// audit record are written together or not at all. Edits of one case never interleave.
    async fn edit_case(&self, vorgangs_nummer: &str, edit: CaseEdit) -> StoreResult<Edited>;

    /// Inserts a new case numbered `nr` with its events, Kundenangaben and audit record, in
    /// one write transaction stamped by the change clock like an edit (so the change feed
    /// orders it with every other change). `create` gets the stamp. `Taken` if the number is in use,
    /// and then nothing is written.
    async fn create_case(&self, nr: &str, create: CaseCreate) -> StoreResult<Created>;

    /// The Kundenangaben stored with a case, as received; `None` if it has none (or there is
    /// no such case).
    async fn kundenangaben(&self, vorgangs_nummer: &str) -> StoreResult<Option<bytes::Bytes>>;

    /// The audit records of a case's changes, oldest first (empty for an unknown case).
    async fn audit(&self, vorgangs_nummer: &str) -> StoreResult<Vec<AuditRecord>>;

    /// The events of a case, oldest first; with `antrags_nummer` only those of that Antrag.
    async fn events(
        &self,
        vorgangs_nummer: &str,
        antrags_nummer: Option<&str>,
    ) -> StoreResult<Vec<bytes::Bytes>>;

    /// Up to `limit` cases with everything that hangs off them, in `vorgangsNummer` order,
    /// starting after `after`: every case, archived or not, of either data context.
    async fn dump_cases(&self, after: Option<&str>, limit: u32) -> StoreResult<Vec<CaseDump>>;

    /// Writes dumped cases back as they were, in one transaction: each keeps its
    /// `letzteAenderung`, and its sub-resources and events replace the ones it had. The change
    /// clock moves past the newest stamp written, so later changes still sort after them.
    async fn restore_cases(&self, cases: Vec<CaseDump>) -> StoreResult<()>;

    /// Number of cases held.
    async fn case_count(&self) -> StoreResult<u64>;

    /// The schema version the database has, and the one this program would migrate it to.
    /// A query: it also tells that the database answers (readiness).
    async fn schema_version(&self) -> StoreResult<SchemaVersion>;

    /// How busy each set of connections is, now; asks the database nothing.
    fn pool_stats(&self) -> Vec<PoolStats>;

    /// Inserts or replaces partners and adds grants, in one transaction.
    async fn put_partners(
        &self,
        partners: Vec<PartnerRecord>,
        grants: Vec<GrantRecord>,
    ) -> StoreResult<()>;

    /// The partner with this id.
    async fn partner(&self, id: &str) -> StoreResult<Option<PartnerRecord>>;

    /// Every partner, ordered by id.
    async fn partners(&self) -> StoreResult<Vec<PartnerRecord>>;

    /// Every Übernahmerecht grant, ordered by holder then target.
    async fn grants(&self) -> StoreResult<Vec<GrantRecord>>;

    /// Removes a grant; `false` if there was none.
    async fn revoke_grant(&self, grant: &GrantRecord) -> StoreResult<bool>;

    /// Inserts or replaces a client by `client_id`.
    async fn put_client(&self, client: ClientRecord) -> StoreResult<()>;

    /// The client with this id.
    async fn client(&self, client_id: &str) -> StoreResult<Option<ClientRecord>>;

    /// Every client, ordered by id.
    async fn clients(&self) -> StoreResult<Vec<ClientRecord>>;

    /// Every signing key, newest first.
    async fn signing_keys(&self) -> StoreResult<Vec<SigningKeyRecord>>;

    /// Adds `key` as the key in use unless one is in use already (several instances starting
    /// at once must agree on one key). Returns every key, newest first.
    async fn ensure_signing_key(&self, key: SigningKeyRecord)
    -> StoreResult<Vec<SigningKeyRecord>>;

    /// Retires the key in use at `key.created_at` and makes `key` the one in use, atomically.
    async fn rotate_signing_key(&self, key: SigningKeyRecord) -> StoreResult<()>;

    /// Deletes keys retired before `before`; returns how many.
    async fn prune_signing_keys(&self, before: Timestamp) -> StoreResult<u64>;

    /// A number that changes whenever partners, grants, clients or signing keys change, so
    /// that every instance notices admin changes made elsewhere without reloading blindly.
    async fn directory_version(&self) -> StoreResult<i64>;
}
