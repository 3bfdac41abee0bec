//! The server backend: PostgreSQL through a bounded pool of connections.
//!
//! The schema mirrors the SQLite backend's (integer microsecond times, documents as bytes,
//! byte-wise text order), so both answer byte for byte alike. Case writes lock the change
//! clock row first and hold it until commit: writers of one database are serialised like
//! SQLite's single writer, stamps strictly increase and commit order is stamp order, however
//! many instances share the database.
//!
//! Its files hold the same concerns as the SQLite backend's of the same name:
//!
//! | file | holds |
//! |---|---|
//! | `cases.rs` | reading a case, its columns and sub-resources; the number of cases |
//! | `list.rs` | the case list |
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
//! | `shared_readers.rs` | PostgreSQL only: the connections the point reads and the list share |
//!
//! The pool of connections and the helpers every file uses (`db_err`, `bytes`) are here.

mod audit;
mod cases;
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
mod shared_readers;
mod writes;

use async_trait::async_trait;
use bytes::Bytes;
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use vorgaenge_store::{
    AuditRecord, CaseCreate, CaseDump, CaseEdit, CaseMeta, ClientRecord, Created, Edited,
    GrantRecord, ListPage, ListQuery, ListStart, NewCase, PartnerRecord, PoolStats, SchemaVersion,
    SigningKeyRecord, Store, StoreError, StoreResult, StoredAngebot, StoredCase, StoredVorschlag,
    Timestamp,
};

/// Options for [`PostgresStore::connect`].
#[derive(Debug, Clone)]
pub struct PostgresOptions {
    /// Most connections the store holds open at once; requests beyond that wait.
    pub pool_size: usize,
    /// The schema every connection works in (`search_path`), created if missing; `None` keeps
    /// the server's default search path. Only ASCII letters, digits and `_`.
    pub schema: Option<String>,
    /// Connections shared by the point reads and the list, beside the pool: each carries
    /// many concurrent reads at once (see `shared_readers`), on one PostgreSQL backend. One is the
    /// fastest where the application and PostgreSQL share two cores (docs/BENCHMARKS.md).
    pub shared_readers: usize,
}

impl Default for PostgresOptions {
    fn default() -> Self {
        Self {
            pool_size: 16,
            schema: None,
            shared_readers: 1,
        }
    }
}

/// A [`Store`] on one PostgreSQL database (and schema).
pub struct PostgresStore {
    pool: Pool,
    readers: shared_readers::SharedReaders,
    schema: Option<String>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("pool", &self.pool.status())
            .field("schema", &self.schema)
            .finish()
    }
}

/// A database error with PostgreSQL's own message (the plain `Display` only says "db error").
pub(crate) fn db_err(e: tokio_postgres::Error) -> StoreError {
    let message = match e.as_db_error() {
        Some(db) => db.to_string(),
        // Connection errors keep their cause (refused, unknown host, …) in the source.
        None => match std::error::Error::source(&e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    };
    StoreError::from_driver(message, e)
}

/// Column `i` of `row`, a byte column.
pub(crate) fn bytes(row: &tokio_postgres::Row, i: usize) -> Result<Bytes, StoreError> {
    row.try_get::<_, Vec<u8>>(i)
        .map(Bytes::from)
        .map_err(db_err)
}

fn valid_schema(schema: &str) -> bool {
    !schema.is_empty()
        && schema.len() <= 63
        && !schema.starts_with(|c: char| c.is_ascii_digit())
        && schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl PostgresStore {
    /// Connects to the database at `url` (a `postgres://` URL or key-value string) and brings
    /// its schema up to date. Fails if the database cannot be reached.
    pub async fn connect(url: &str, options: PostgresOptions) -> StoreResult<Self> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError::from_driver(format!("invalid PostgreSQL URL: {e}"), e))?;
        if let Some(schema) = &options.schema {
            if !valid_schema(schema) {
                return Err(StoreError::database(format!(
                    "invalid schema name {schema:?}: only ASCII letters, digits and _"
                )));
            }
            // Set at connection start-up, so every statement of every pooled connection
            // runs in the schema (as `SET search_path TO "schema"` would).
            let mut startup = config.get_options().unwrap_or_default().to_owned();
            if !startup.is_empty() {
                startup.push(' ');
            }
            startup.push_str(&format!("-c search_path=\"{schema}\""));
            config.options(&startup);
        }
        let readers = shared_readers::SharedReaders::new(
            config.clone(),
            options.shared_readers,
            options.schema.as_deref(),
        );
        let manager = Manager::from_config(
            config,
            tokio_postgres::NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(options.pool_size.max(1))
            .build()
            .map_err(|e| StoreError::Pool(e.to_string()))?;
        let store = Self {
            pool,
            readers,
            schema: options.schema,
        };
        let mut conn = store.conn().await?;
        migrations::migrate(&mut conn, store.schema.as_deref()).await?;
        Ok(store)
    }

    /// The schema the store works in, if one was given.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    async fn conn(&self) -> StoreResult<Object> {
        self.pool.get().await.map_err(|e| match e {
            deadpool_postgres::PoolError::Backend(e) => db_err(e),
            other => StoreError::Pool(other.to_string()),
        })
    }

    async fn reader(&self) -> StoreResult<std::sync::Arc<shared_readers::Reader>> {
        self.readers.get().await
    }
}

#[async_trait]
impl Store for PostgresStore {
    async fn case(&self, vorgangs_nummer: &str) -> StoreResult<Option<StoredCase>> {
        cases::case(&*self.reader().await?, vorgangs_nummer).await
    }

    async fn case_meta(&self, vorgangs_nummer: &str) -> StoreResult<Option<CaseMeta>> {
        cases::case_meta(&*self.reader().await?, vorgangs_nummer).await
    }

    async fn list(&self, query: &ListQuery) -> StoreResult<ListPage> {
        // A page at an offset reads every row before it: on a shared connection it would
        // hold up the reads queued behind it, so it gets a pooled one.
        if matches!(query.start, ListStart::Offset(skip) if skip > 0) {
            list::list(&self.conn().await?, query).await
        } else {
            list::list(&*self.reader().await?, query).await
        }
    }

    async fn finanzierungsvorschlaege(
        &self,
        vorgangs_nummer: &str,
    ) -> StoreResult<Vec<StoredVorschlag>> {
        cases::finanzierungsvorschlaege(&*self.reader().await?, vorgangs_nummer).await
    }

    async fn gemerkte_angebote(&self, vorgangs_nummer: &str) -> StoreResult<Vec<StoredAngebot>> {
        cases::gemerkte_angebote(&*self.reader().await?, vorgangs_nummer).await
    }

    async fn upsert_cases(&self, cases: Vec<NewCase>) -> StoreResult<Vec<Timestamp>> {
        writes::upsert_cases(&mut self.conn().await?, &cases).await
    }

    async fn edit_case(&self, vorgangs_nummer: &str, edit: CaseEdit) -> StoreResult<Edited> {
        edits::edit_case(&mut self.conn().await?, vorgangs_nummer, edit).await
    }

    async fn create_case(&self, nr: &str, create: CaseCreate) -> StoreResult<Created> {
        create::create_case(&mut self.conn().await?, nr, create).await
    }

    async fn kundenangaben(&self, vorgangs_nummer: &str) -> StoreResult<Option<bytes::Bytes>> {
        kundenangaben::get(&self.conn().await?, vorgangs_nummer).await
    }

    async fn audit(&self, vorgangs_nummer: &str) -> StoreResult<Vec<AuditRecord>> {
        audit::of_case(&self.conn().await?, vorgangs_nummer).await
    }

    async fn events(
        &self,
        vorgangs_nummer: &str,
        antrags_nummer: Option<&str>,
    ) -> StoreResult<Vec<bytes::Bytes>> {
        events::events(&self.conn().await?, vorgangs_nummer, antrags_nummer).await
    }

    async fn dump_cases(&self, after: Option<&str>, limit: u32) -> StoreResult<Vec<CaseDump>> {
        dump::dump_cases(&mut self.conn().await?, after, limit).await
    }

    async fn restore_cases(&self, cases: Vec<CaseDump>) -> StoreResult<()> {
        dump::restore_cases(&mut self.conn().await?, &cases).await
    }

    async fn case_count(&self) -> StoreResult<u64> {
        cases::count(&self.conn().await?).await
    }

    async fn schema_version(&self) -> StoreResult<SchemaVersion> {
        migrations::version(&self.conn().await?).await
    }

    fn pool_stats(&self) -> Vec<PoolStats> {
        let pool = self.pool.status();
        vec![
            PoolStats {
                pool: "pool",
                connections: pool.size,
                busy: Some(pool.size.saturating_sub(pool.available)),
                waiting: pool.waiting,
            },
            PoolStats {
                pool: "shared_readers",
                connections: self.readers.connected(),
                busy: None,
                waiting: 0,
            },
        ]
    }

    async fn put_partners(
        &self,
        partners: Vec<PartnerRecord>,
        grants: Vec<GrantRecord>,
    ) -> StoreResult<()> {
        partners::put_partners(&mut self.conn().await?, &partners, &grants).await
    }

    async fn partner(&self, id: &str) -> StoreResult<Option<PartnerRecord>> {
        partners::partner(&self.conn().await?, id).await
    }

    async fn partners(&self) -> StoreResult<Vec<PartnerRecord>> {
        partners::partners(&self.conn().await?).await
    }

    async fn grants(&self) -> StoreResult<Vec<GrantRecord>> {
        partners::grants(&self.conn().await?).await
    }

    async fn revoke_grant(&self, grant: &GrantRecord) -> StoreResult<bool> {
        partners::revoke_grant(&self.conn().await?, grant).await
    }

    async fn put_client(&self, client: ClientRecord) -> StoreResult<()> {
        clients::put_client(&self.conn().await?, &client).await
    }

    async fn client(&self, client_id: &str) -> StoreResult<Option<ClientRecord>> {
        clients::client(&self.conn().await?, client_id).await
    }

    async fn clients(&self) -> StoreResult<Vec<ClientRecord>> {
        clients::clients(&self.conn().await?).await
    }

    async fn signing_keys(&self) -> StoreResult<Vec<SigningKeyRecord>> {
        keys::signing_keys(&**self.conn().await?).await
    }

    async fn ensure_signing_key(
        &self,
        key: SigningKeyRecord,
    ) -> StoreResult<Vec<SigningKeyRecord>> {
        keys::ensure_signing_key(&mut self.conn().await?, &key).await
    }

    async fn rotate_signing_key(&self, key: SigningKeyRecord) -> StoreResult<()> {
        keys::rotate_signing_key(&mut self.conn().await?, &key).await
    }

    async fn prune_signing_keys(&self, before: Timestamp) -> StoreResult<u64> {
        keys::prune_signing_keys(&self.conn().await?, before).await
    }

    async fn directory_version(&self) -> StoreResult<i64> {
        directory::directory_version(&*self.reader().await?).await
    }
}
