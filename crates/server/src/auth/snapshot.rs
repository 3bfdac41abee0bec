//! Everything the admin commands manage (partners, grants, clients, signing keys), held in
//! memory as one immutable snapshot per database version.
//!
//! Requests read the current snapshot without locking. A poller compares the store's
//! directory version and swaps in a new snapshot when an admin command (in this process or
//! any other, on any instance) changed something.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use vorgaenge_domain::directory::{Directory, PartnerFacts, PartnerTyp};
use vorgaenge_store::{ClientRecord, PartnerRecord, Store, StoreResult, Timestamp};

use crate::auth::keys::KeyRing;

/// How long past its tokens' lifetime a retired key is still published and accepted.
const KEY_GRACE: Duration = Duration::from_secs(120);

/// One consistent view of the admin-managed data.
#[derive(Debug)]
pub struct Snapshot {
    pub version: i64,
    pub directory: Directory,
    pub partners: HashMap<String, PartnerRecord>,
    pub clients: HashMap<String, ClientRecord>,
    pub keys: KeyRing,
}

impl Snapshot {
    async fn load(store: &dyn Store, token_lifetime: Duration) -> StoreResult<Snapshot> {
        // The version is read first: the data read after it is at least as new, so a change
        // made in between is picked up by the next poll instead of being missed.
        let version = store.directory_version().await?;
        let partners = store.partners().await?;
        let grants = store.grants().await?;
        let clients = store.clients().await?;
        let keys = store.signing_keys().await?;
        let facts = partners.iter().map(|p| PartnerFacts {
            id: p.id.clone(),
            // The admin commands write only valid types; anything else cannot be a person.
            typ: p.typ.parse().unwrap_or(PartnerTyp::Organisation),
            parent: p.parent.clone(),
            gesperrt: p.gesperrt,
            echtgeschaeft: p.echtgeschaeft,
        });
        let directory = Directory::new(facts, grants.into_iter().map(|g| (g.holder, g.target)));
        // A retired key stays in the ring a little longer than its last token lives, so
        // that the verification leeway for `exp` never meets a missing key.
        let window = token_lifetime + KEY_GRACE;
        let lifetime = i64::try_from(window.as_micros()).unwrap_or(i64::MAX);
        Ok(Snapshot {
            version,
            directory,
            partners: partners.into_iter().map(|p| (p.id.clone(), p)).collect(),
            clients: clients
                .into_iter()
                .map(|c| (c.client_id.clone(), c))
                .collect(),
            keys: KeyRing::new(&keys, Timestamp::now(), lifetime),
        })
    }
}

/// The current snapshot and how to renew it.
#[derive(Debug)]
pub struct SnapshotCache {
    store: Arc<dyn Store>,
    current: ArcSwap<Snapshot>,
    token_lifetime: Duration,
    /// Serialises reloads, so that a burst of forced refreshes reads the store once.
    reload: tokio::sync::Mutex<()>,
}

impl SnapshotCache {
    pub async fn load(store: Arc<dyn Store>, token_lifetime: Duration) -> StoreResult<Self> {
        let first = Snapshot::load(&*store, token_lifetime).await?;
        Ok(Self {
            store,
            current: ArcSwap::from_pointee(first),
            token_lifetime,
            reload: tokio::sync::Mutex::new(()),
        })
    }

    /// The snapshot in force.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// Reloads if the store's version moved; returns whether it did.
    pub async fn refresh(&self) -> StoreResult<bool> {
        // The common case (nothing changed) costs one small read and takes no lock.
        if self.store.directory_version().await? == self.current.load().version {
            return Ok(false);
        }
        let _one_at_a_time = self.reload.lock().await;
        if self.store.directory_version().await? == self.current.load().version {
            return Ok(false); // another caller reloaded while this one waited
        }
        let next = Snapshot::load(&*self.store, self.token_lifetime).await?;
        self.current.store(Arc::new(next));
        Ok(true)
    }

    /// Polls the store every `interval` for as long as the cache lives.
    pub fn spawn_poller(self: &Arc<Self>, interval: Duration) {
        let weak = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(cache) = weak.upgrade() else { return };
                if let Err(e) = cache.refresh().await {
                    tracing::warn!("reloading partners, clients and keys failed: {e}");
                }
            }
        });
    }
}
