//! What both backends' SQL has alike: the column lists their statements select and insert,
//! and the text a client's scopes are kept as.
//!
//! Both schemas name these columns the same, and each backend reads a row of one of these
//! lists by position, in the order given here. Only lists that are the same in both dialects
//! are here; placeholders (`?1` against `$1`) and conflict clauses stay with each backend.

use crate::{ClientRecord, StoreError};

/// The columns of a case that its [`CaseMeta`](crate::CaseMeta) holds, in the order the
/// backends read them.
pub const META_COLUMNS: &str = "vorgangs_nummer, daten_kontext, status, letzte_aenderung, \
     letztes_ereignis, externe_vorgangs_nummer, kunden_betreuer, vorgangs_bearbeiter";

/// The columns of an [`AuditRecord`](crate::AuditRecord) in the `audit` table.
pub const AUDIT_COLUMNS: &str =
    "vorgangs_nummer, zeit, partner, actor, client_id, trace_id, aktion, ereignisse";

/// The columns of a [`PartnerRecord`](crate::PartnerRecord) in the `partners` table.
pub const PARTNER_COLUMNS: &str =
    "id, typ, parent, gesperrt, echtgeschaeft, kreditsachbearbeiter, profile";

/// The columns of a [`ClientRecord`](crate::ClientRecord) in the `clients` table.
pub const CLIENT_COLUMNS: &str = "client_id, partner_id, scopes, secret_hash, disabled, created_at";

/// The columns of a [`SigningKeyRecord`](crate::SigningKeyRecord) in the `signing_keys` table.
pub const KEY_COLUMNS: &str = "kid, algorithm, private_key, public_key, created_at, retired_at";

/// The `scopes` column of `client`.
///
/// Scopes are kept space-separated, so a scope that is empty or holds whitespace would not
/// come back as it went in. RFC 6749 scope tokens never do; refuse rather than store a
/// client that reads back different.
pub fn joined_scopes(client: &ClientRecord) -> Result<String, StoreError> {
    if let Some(bad) = client
        .scopes
        .iter()
        .find(|s| s.is_empty() || s.contains(char::is_whitespace))
    {
        return Err(StoreError::Corrupt(format!(
            "client {}: scope {bad:?} is not a scope token",
            client.client_id
        )));
    }
    Ok(client.scopes.join(" "))
}
