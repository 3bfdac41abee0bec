//! `admin grant|revoke`: Übernahmerechte (the holder may work on every case of the target
//! and of the target's subtree).

use vorgaenge_store::{GrantRecord, Store};

use super::partners::require_partner;
use super::{AdminError, AdminResult};

/// Gives `holder` an Übernahmerecht on `target`. Returns `false` if it held one already
/// (grants are a set: nothing changes then).
pub async fn grant(store: &dyn Store, holder: &str, target: &str) -> AdminResult<bool> {
    let grant = checked(store, holder, target).await?;
    if store.grants().await?.contains(&grant) {
        return Ok(false);
    }
    store.put_partners(Vec::new(), vec![grant]).await?;
    Ok(true)
}

/// Takes the Übernahmerecht of `holder` on `target` away; an error if there was none.
pub async fn revoke(store: &dyn Store, holder: &str, target: &str) -> AdminResult<()> {
    let grant = checked(store, holder, target).await?;
    if store.revoke_grant(&grant).await? {
        Ok(())
    } else {
        Err(AdminError::NotFound(format!(
            "{holder} holds no Übernahmerecht on {target}"
        )))
    }
}

async fn checked(store: &dyn Store, holder: &str, target: &str) -> AdminResult<GrantRecord> {
    if holder == target {
        return Err(AdminError::rejected(format!(
            "holder and target are both {holder}: a partner needs no Übernahmerecht on itself"
        )));
    }
    require_partner(store, holder).await?;
    require_partner(store, target).await?;
    Ok(GrantRecord {
        holder: holder.to_owned(),
        target: target.to_owned(),
    })
}
