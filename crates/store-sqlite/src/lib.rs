//! The embedded backend: one SQLite file, WAL mode, one writer connection and a bounded pool
//! of readers.
//!
//! Its files hold the same concerns as the PostgreSQL backend's of the same name:
//!
//! | file | holds |
//! |---|---|
//! | `cases.rs` | reading a case, its columns and sub-resources; the number of cases |
//! | `list.rs` | the case list (`list/tests.rs`: the plans and cost of its strategies) |
//! | `writes.rs` | upserts; the writes of a case's row and sub-resources |
//! | `edits.rs` | the write transaction of an edit |
//! | `create.rs` | the write transaction of a new case |
//! | `events.rs` | appending and reading the events of a case |
//! | `kundenangaben.rs` | the Kundenangaben kept with a case |
//! | `audit.rs` | the audit records of case changes |
//! | `dump.rs` | whole cases out and back in (export, import) |
//! | `partners.rs`, `clients.rs`, `keys.rs` | partners and grants, API clients, signing keys |
//! | `directory.rs` | the directory version |
//! | `clock.rs` | the change clock |
//! | `migrations.rs` | the schema migrations |
//! | `pool.rs`, `checkpoint.rs` | SQLite only: the pools of connections, WAL checkpoints |

mod audit;
mod cases;
mod checkpoint;
mod clients;
mod clock;
mod create;
mod directory;
mod dump;
mod edits;
mod events;
mod keys;
mod kundenangaben;
mod list;
mod migrations;
mod partners;
mod pool;
mod writes;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use rusqlite::Connection;
use vorgaenge_store::{
    AuditRecord, CaseCreate, CaseDump, CaseEdit, CaseMeta, ClientRecord, Created, Edited,
    GrantRecord, ListPage, ListQuery, NewCase, PartnerRecord, PoolStats, SchemaVersion,
    SigningKeyRecord, Store, StoreError, StoreResult, StoredAngebot, StoredCase, StoredVorschlag,
    Timestamp,
};

use pool::{Pool, configure, db_err};

/// How hard a commit waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// `synchronous=NORMAL`: a commit survives a crash of the process; an OS crash or power
    /// loss may drop the newest commits.
    #[default]
    Normal,
    /// `synchronous=FULL`: a commit survives power loss too, at the cost of an fsync each.
    Full,
}

impl Durability {
    fn pragma(self) -> &'static str {
        match self {
            Self::Normal => "NORMAL",
            Self::Full => "FULL",
        }
    }
}

/// Options for [`SqliteStore::open`].
#[derive(Debug, Clone)]
pub struct SqliteOptions {
    /// Reader connections, opened at start; the process never holds more, whatever the
    /// number of threads (so memory stays bounded: each has its own page cache). Point reads
    /// by key use one on the calling runtime worker, each worker preferring the same one;
    /// lists and the other reads run on the blocking pool, at most this many at once, and
    /// requests beyond that wait.
    pub readers: usize,
    pub durability: Durability,
}

impl Default for SqliteOptions {
    fn default() -> Self {
        Self {
            readers: 4,
            durability: Durability::Normal,
        }
    }
}

/// A [`Store`] on one SQLite database file.
#[derive(Debug)]
pub struct SqliteStore {
    path: PathBuf,
    readers: Pool<Connection>,
    writer: Pool<Connection>,
    edits: Arc<edits::EditQueue>,
    _checkpointer: checkpoint::Checkpointer,
}

/// A reader connection's page cache, as `PRAGMA cache_size` takes it (negative: KiB).
const READER_CACHE_KIB: i64 = -4000;

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>, options: SqliteOptions) -> StoreResult<Self> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::from_driver(format!("cannot create {}: {e}", dir.display()), e)
            })?;
        }
        let synchronous = options.durability.pragma();
        let open_at = path.clone();
        let open: pool::Opener<Connection> = Arc::new(move || {
            let conn = Connection::open(&open_at).map_err(db_err)?;
            configure(&conn, synchronous)?;
            // The list alone has dozens of SQL variants (window bounds × cursor × direction ×
            // partner strategy); the default cache of 16 would keep re-preparing the common
            // ones. Rare shapes (large per-partner compounds) may fall out, which is fine.
            conn.set_prepared_statement_cache_capacity(64);
            Ok(conn)
        });
        // Migrate before the pools exist, on a connection of its own, so readers never see a
        // half-migrated schema.
        migrations::migrate(&mut open()?)?;
        // The writer leaves most checkpoint work to a thread of its own (see `checkpoint`).
        let open_writer: pool::Opener<Connection> = {
            let open = open.clone();
            Arc::new(move || {
                let conn = open()?;
                conn.pragma_update(None, "wal_autocheckpoint", checkpoint::WRITER_PAGES)
                    .map_err(db_err)?;
                Ok(conn)
            })
        };
        // Readers get half the writer's page cache. A random case read misses any cache
        // (its leaf and overflow pages are spread over the whole file), and a list page
        // touches only the newest index pages; the memory goes to the writer, whose index
        // pages every insert walks (docs/BENCHMARKS.md, "Server RSS").
        let open_reader: pool::Opener<Connection> = {
            let open = open.clone();
            Arc::new(move || {
                let conn = open()?;
                conn.pragma_update(None, "cache_size", READER_CACHE_KIB)
                    .map_err(db_err)?;
                Ok(conn)
            })
        };
        let checkpointer = checkpoint::Checkpointer::start(open()?).map_err(|e| {
            StoreError::from_driver(format!("cannot start the checkpoint thread: {e}"), e)
        })?;
        Ok(Self {
            path,
            readers: Pool::new(options.readers.max(1), &open_reader)?,
            writer: Pool::new(1, &open_writer)?,
            edits: Arc::default(),
            _checkpointer: checkpointer,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn case(&self, vorgangs_nummer: &str) -> StoreResult<Option<StoredCase>> {
        self.readers
            .run_inline(|c| cases::case(c, vorgangs_nummer))
            .await
    }

    async fn case_meta(&self, vorgangs_nummer: &str) -> StoreResult<Option<CaseMeta>> {
        self.readers
            .run_inline(|c| cases::case_meta(c, vorgangs_nummer))
            .await
    }

    async fn list(&self, query: &ListQuery) -> StoreResult<ListPage> {
        let query = query.clone();
        self.readers.run(move |c| list::list(c, &query)).await
    }

    async fn finanzierungsvorschlaege(
        &self,
        vorgangs_nummer: &str,
    ) -> StoreResult<Vec<StoredVorschlag>> {
        self.readers
            .run_inline(|c| cases::finanzierungsvorschlaege(c, vorgangs_nummer))
            .await
    }

    async fn gemerkte_angebote(&self, vorgangs_nummer: &str) -> StoreResult<Vec<StoredAngebot>> {
        self.readers
            .run_inline(|c| cases::gemerkte_angebote(c, vorgangs_nummer))
            .await
    }

    async fn upsert_cases(&self, cases: Vec<NewCase>) -> StoreResult<Vec<Timestamp>> {
        self.writer
            .run(move |c| writes::upsert_cases(c, &cases))
            .await
    }

    async fn edit_case(&self, vorgangs_nummer: &str, edit: CaseEdit) -> StoreResult<Edited> {
        self.edits.edit(&self.writer, vorgangs_nummer, edit).await
    }

    async fn create_case(&self, nr: &str, create: CaseCreate) -> StoreResult<Created> {
        let nr = nr.to_owned();
        // Through the one writer, like edits: its commit order is the change clock's order.
        self.writer
            .run(move |c| create::create_case(c, &nr, create))
            .await
    }

    async fn kundenangaben(&self, vorgangs_nummer: &str) -> StoreResult<Option<bytes::Bytes>> {
        self.readers
            .run_inline(|c| kundenangaben::get(c, vorgangs_nummer))
            .await
    }

    async fn audit(&self, vorgangs_nummer: &str) -> StoreResult<Vec<AuditRecord>> {
        let nr = vorgangs_nummer.to_owned();
        self.readers.run(move |c| audit::of_case(c, &nr)).await
    }

    async fn events(
        &self,
        vorgangs_nummer: &str,
        antrags_nummer: Option<&str>,
    ) -> StoreResult<Vec<bytes::Bytes>> {
        self.readers
            .run_inline(|c| events::events(c, vorgangs_nummer, antrags_nummer))
            .await
    }

    async fn dump_cases(&self, after: Option<&str>, limit: u32) -> StoreResult<Vec<CaseDump>> {
        let after = after.map(str::to_owned);
        self.readers
            .run(move |c| dump::dump_cases(c, after.as_deref(), limit))
            .await
    }

    async fn restore_cases(&self, cases: Vec<CaseDump>) -> StoreResult<()> {
        self.writer
            .run(move |c| dump::restore_cases(c, &cases))
            .await
    }

    async fn case_count(&self) -> StoreResult<u64> {
        self.readers.run(cases::count).await
    }

    async fn schema_version(&self) -> StoreResult<SchemaVersion> {
        self.readers.run(migrations::version).await
    }

    fn pool_stats(&self) -> Vec<PoolStats> {
        vec![self.readers.stats("readers"), self.writer.stats("writer")]
    }

    async fn put_partners(
        &self,
        partners: Vec<PartnerRecord>,
        grants: Vec<GrantRecord>,
    ) -> StoreResult<()> {
        self.writer
            .run(move |c| partners::put(c, &partners, &grants))
            .await
    }

    async fn partner(&self, id: &str) -> StoreResult<Option<PartnerRecord>> {
        let id = id.to_owned();
        self.readers.run(move |c| partners::one(c, &id)).await
    }

    async fn partners(&self) -> StoreResult<Vec<PartnerRecord>> {
        self.readers.run(partners::all).await
    }

    async fn grants(&self) -> StoreResult<Vec<GrantRecord>> {
        self.readers.run(partners::grants).await
    }

    async fn revoke_grant(&self, grant: &GrantRecord) -> StoreResult<bool> {
        let grant = grant.clone();
        self.writer.run(move |c| partners::revoke(c, &grant)).await
    }

    async fn put_client(&self, client: ClientRecord) -> StoreResult<()> {
        self.writer.run(move |c| clients::put(c, &client)).await
    }

    async fn client(&self, client_id: &str) -> StoreResult<Option<ClientRecord>> {
        let id = client_id.to_owned();
        self.readers.run(move |c| clients::one(c, &id)).await
    }

    async fn clients(&self) -> StoreResult<Vec<ClientRecord>> {
        self.readers.run(clients::all).await
    }

    async fn signing_keys(&self) -> StoreResult<Vec<SigningKeyRecord>> {
        self.readers.run(|c| keys::all(c)).await
    }

    async fn ensure_signing_key(
        &self,
        key: SigningKeyRecord,
    ) -> StoreResult<Vec<SigningKeyRecord>> {
        self.writer.run(move |c| keys::ensure(c, &key)).await
    }

    async fn rotate_signing_key(&self, key: SigningKeyRecord) -> StoreResult<()> {
        self.writer.run(move |c| keys::rotate(c, &key)).await
    }

    async fn prune_signing_keys(&self, before: Timestamp) -> StoreResult<u64> {
        self.writer.run(move |c| keys::prune(c, before)).await
    }

    async fn directory_version(&self) -> StoreResult<i64> {
        // One row of one column, asked before every token issued: a hop would cost more.
        self.readers.run_inline(directory::version).await
    }
}
