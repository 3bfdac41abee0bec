//! `admin audit <vorgangsNummer>`: the audit records of a case's changes, as a table or as
//! JSON lines, oldest first.

use serde_json::{Value, json};
use vorgaenge_domain::numbers::is_vorgangs_nummer;
use vorgaenge_store::{AuditRecord, Store};

use super::{AdminError, AdminResult, table};

/// The audit records of case `nr`, oldest first. A malformed number is rejected; a
/// well-formed one of no case is not found. A case without records (none changed it since
/// records are kept) has an empty list.
pub async fn records(store: &dyn Store, nr: &str) -> AdminResult<Vec<AuditRecord>> {
    if !is_vorgangs_nummer(nr) {
        return Err(AdminError::rejected(format!(
            "{nr:?} is not a Vorgangsnummer: six capital letters or digits, e.g. AB1234"
        )));
    }
    let records = store.audit(nr).await?;
    if records.is_empty() && store.case_meta(nr).await?.is_none() {
        return Err(AdminError::NotFound(format!("no case {nr}")));
    }
    Ok(records)
}

/// The table `admin audit` prints: one line per change, oldest first.
pub fn audit_table(records: &[AuditRecord]) -> String {
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            vec![
                r.zeit.to_rfc3339(),
                r.partner.clone(),
                r.actor.clone().unwrap_or_else(|| "-".to_owned()),
                r.client_id.clone(),
                r.trace_id.clone(),
                r.aktion.clone(),
                ereignisse(r),
            ]
        })
        .collect();
    table(
        &[
            "zeit",
            "partner",
            "actor",
            "client",
            "trace id",
            "aktion",
            "ereignisse",
        ],
        &rows,
    )
}

/// What `admin audit --json` prints: one JSON object per line, oldest first.
pub fn audit_json_lines(records: &[AuditRecord]) -> String {
    records
        .iter()
        .map(|r| format!("{}\n", record_json(r)))
        .collect()
}

fn record_json(r: &AuditRecord) -> Value {
    json!({
        "zeit": r.zeit.to_rfc3339(),
        "vorgangsNummer": r.vorgangs_nummer,
        "partner": r.partner,
        "actor": r.actor,
        "clientId": r.client_id,
        "traceId": r.trace_id,
        "aktion": r.aktion,
        "ereignisse": r.ereignisse.iter().map(|e| json!({
            "typ": e.typ,
            "aktivitaet": e.aktivitaet,
        })).collect::<Vec<_>>(),
    })
}

/// The events of a change, for a table cell: their `aktivitaet` values.
fn ereignisse(r: &AuditRecord) -> String {
    r.ereignisse
        .iter()
        .map(|e| e.aktivitaet.as_str())
        .collect::<Vec<_>>()
        .join(",")
}
