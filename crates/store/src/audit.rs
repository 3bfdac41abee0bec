//! Audit records: who made each change of a case, on whose behalf, through which client and
//! request, and which events it appended.
//!
//! The events of a change name only the partner it was made as (`quelle`); when a partner
//! acts on behalf of another (impersonation), only the audit record keeps who really acted.
//! Every backend writes the record in the transaction of the change itself, so no committed
//! change lacks one.

use serde_json::{Map, Value};

use crate::{StoreError, Timestamp};

/// An event a change appended, as its audit record names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEreignis {
    /// The Ereignis `typ`, e.g. `HINWEIS`.
    pub typ: String,
    /// The Ereignis `aktivitaet`, e.g. `KUNDENBETREUER_GEAENDERT`.
    pub aktivitaet: String,
}

/// One committed change of a case: when, as whom, by whom, through which client, request and
/// operation, and what it recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// The change's stamp (the case's new `letzteAenderung`). The store sets it.
    pub zeit: Timestamp,
    /// The case changed. The store sets it.
    pub vorgangs_nummer: String,
    /// The partner the change was made as: the token's `sub` (the impersonated subject when
    /// a partner acts on behalf of one below it).
    pub partner: String,
    /// The partner that acted on behalf of `partner` (the token's `act.sub`), if any.
    pub actor: Option<String>,
    /// The API client the token was issued to.
    pub client_id: String,
    /// The request's `X-TraceId`, as given or generated.
    pub trace_id: String,
    /// The operation, e.g. `PATCH /v2/vorgaenge/{vorgangsNummer}`.
    pub aktion: String,
    /// The events the change appended, in order.
    pub ereignisse: Vec<AuditEreignis>,
}

impl AuditRecord {
    /// The `ereignisse` as the backends keep them in one column: a JSON array of
    /// `{"typ", "aktivitaet"}` objects.
    pub fn ereignisse_json(&self) -> String {
        let items = self
            .ereignisse
            .iter()
            .map(|e| {
                let mut item = Map::new();
                item.insert("typ".into(), e.typ.clone().into());
                item.insert("aktivitaet".into(), e.aktivitaet.clone().into());
                Value::Object(item)
            })
            .collect();
        Value::Array(items).to_string()
    }

    /// The `ereignisse` from the column written by [`AuditRecord::ereignisse_json`].
    pub fn ereignisse_from_json(text: &str) -> Result<Vec<AuditEreignis>, StoreError> {
        let corrupt = || StoreError::Corrupt(format!("audit ereignisse unreadable: {text}"));
        let Value::Array(items) = serde_json::from_str(text).map_err(|_| corrupt())? else {
            return Err(corrupt());
        };
        items
            .iter()
            .map(|item| {
                let field = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_owned);
                Ok(AuditEreignis {
                    typ: field("typ").ok_or_else(corrupt)?,
                    aktivitaet: field("aktivitaet").ok_or_else(corrupt)?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ereignisse_survive_their_column() {
        let record = AuditRecord {
            zeit: Timestamp(1),
            vorgangs_nummer: "AB1234".into(),
            partner: "BER12".into(),
            actor: Some("NOR00".into()),
            client_id: "c".into(),
            trace_id: "t".into(),
            aktion: "PATCH /v2/vorgaenge/{vorgangsNummer}".into(),
            ereignisse: vec![AuditEreignis {
                typ: "HINWEIS".into(),
                aktivitaet: "KUNDENBETREUER_GEAENDERT".into(),
            }],
        };
        let column = record.ereignisse_json();
        assert_eq!(
            column,
            r#"[{"aktivitaet":"KUNDENBETREUER_GEAENDERT","typ":"HINWEIS"}]"#
        );
        assert_eq!(
            AuditRecord::ereignisse_from_json(&column).unwrap(),
            record.ereignisse
        );
        assert!(AuditRecord::ereignisse_from_json("{}").is_err());
        assert!(AuditRecord::ereignisse_from_json(r#"[{"typ":"X"}]"#).is_err());
    }
}
