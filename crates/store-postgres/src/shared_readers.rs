//! Connections shared by the point reads and the list.
//!
//! A pooled connection carries one query at a time, so under load every read wakes a
//! PostgreSQL backend of its own and puts it back to sleep: on a small machine the context
//! switches and round trips cost more than the reads. A shared connection carries many
//! concurrent queries at once (tokio-postgres pipelines them on the socket), and its backend
//! answers them back to back from one buffer. Reads are single statements outside any
//! transaction, so sharing a connection cannot mix them up; everything that needs a
//! transaction or session state keeps using the pool.
//!
//! Reads queue on a shared connection: one slow query holds up the ones behind it. So only
//! statements with a bounded cost go there (lookups by key, list pages read along an
//! index); the store sends a read that may take long (a list page at a deep offset) to a
//! pooled connection of its own ([`ReadConnection`] is either).
//!
//! A connection that breaks is replaced on the next read that picks it; the read that saw
//! it break fails like a read on a broken pooled connection would.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use arc_swap::ArcSwapOption;
use tokio_postgres::{Client, Config, NoTls, Statement};
use vorgaenge_store::StoreError;

use crate::db_err;

/// One shared connection and the statements prepared on it.
pub(crate) struct Reader {
    client: Client,
    statements: std::sync::Mutex<HashMap<Box<str>, Statement>>,
}

/// A connection a read runs on: a shared [`Reader`] or one of the pool's.
pub(crate) trait ReadConnection {
    fn client(&self) -> &Client;

    /// `sql` prepared on this connection, once per connection.
    async fn statement(&self, sql: &str) -> Result<Statement, StoreError>;
}

impl ReadConnection for deadpool_postgres::Object {
    fn client(&self) -> &Client {
        self
    }

    async fn statement(&self, sql: &str) -> Result<Statement, StoreError> {
        self.prepare_cached(sql).await.map_err(db_err)
    }
}

impl ReadConnection for Reader {
    fn client(&self) -> &Client {
        &self.client
    }

    /// The texts are constants or one of the list's few dozen shapes, so the map stays small.
    async fn statement(&self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(stmt) = self.cached(sql) {
            return Ok(stmt);
        }
        // Two reads missing at once both prepare; the second insert wins, both are valid.
        let stmt = self.client.prepare(sql).await.map_err(db_err)?;
        self.lock().insert(sql.into(), stmt.clone());
        Ok(stmt)
    }
}

impl Reader {
    fn cached(&self, sql: &str) -> Option<Statement> {
        self.lock().get(sql).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Box<str>, Statement>> {
        // The map holds no invariant a panicking holder could break.
        self.statements
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A fixed number of shared connections, handed out in turn.
pub(crate) struct SharedReaders {
    config: Config,
    slots: Vec<Slot>,
    next: AtomicUsize,
}

struct Slot {
    reader: ArcSwapOption<Reader>,
    /// Held while (re)connecting, so a broken connection is replaced once, not by every
    /// read that finds it broken.
    connecting: tokio::sync::Mutex<()>,
}

impl SharedReaders {
    /// Shared connections open now (a broken one is replaced at its next read).
    pub(crate) fn connected(&self) -> usize {
        self.slots
            .iter()
            .filter(|slot| slot.reader.load().is_some())
            .count()
    }

    /// `count` connections to `config`'s database, opened on first use. They show up in
    /// `pg_stat_activity` as `vorgaenge reads` (`… in <schema>` with a schema).
    pub(crate) fn new(mut config: Config, count: usize, schema: Option<&str>) -> Self {
        config.application_name(&match schema {
            Some(schema) => format!("vorgaenge reads in {schema}"),
            None => "vorgaenge reads".to_owned(),
        });
        let slots = (0..count.max(1))
            .map(|_| Slot {
                reader: ArcSwapOption::empty(),
                connecting: tokio::sync::Mutex::new(()),
            })
            .collect();
        Self {
            config,
            slots,
            next: AtomicUsize::new(0),
        }
    }

    /// The next shared connection, connected if it was not or broke.
    pub(crate) async fn get(&self) -> Result<Arc<Reader>, StoreError> {
        let slot = &self.slots[self.next.fetch_add(1, Ordering::Relaxed) % self.slots.len()];
        if let Some(reader) = live(&slot.reader) {
            return Ok(reader);
        }
        let _connecting = slot.connecting.lock().await;
        if let Some(reader) = live(&slot.reader) {
            return Ok(reader);
        }
        let (client, connection) = self.config.connect(NoTls).await.map_err(db_err)?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(error = %e, "shared PostgreSQL read connection closed");
            }
        });
        let reader = Arc::new(Reader {
            client,
            statements: std::sync::Mutex::default(),
        });
        slot.reader.store(Some(reader.clone()));
        Ok(reader)
    }
}

fn live(reader: &ArcSwapOption<Reader>) -> Option<Arc<Reader>> {
    reader.load_full().filter(|r| !r.client.is_closed())
}
