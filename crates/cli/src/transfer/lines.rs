//! The lines of an export file, as serde types. Documents are carried as raw JSON, so they
//! leave and enter the store byte for byte.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The format version this program writes and reads.
pub const VERSION: u32 = 1;

/// One line of the file: an object whose single member names its kind.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Line {
    VorgaengeExport(Header),
    Partner(PartnerLine),
    Grant(GrantLine),
    Client(ClientLine),
    Case(CaseLine),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub version: u32,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartnerLine {
    pub id: String,
    pub typ: String,
    pub parent: Option<String>,
    pub gesperrt: bool,
    pub echtgeschaeft: bool,
    pub kreditsachbearbeiter: bool,
    /// The contract's Partner object.
    pub profile: Box<RawValue>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GrantLine {
    pub holder: String,
    pub target: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientLine {
    pub client_id: String,
    pub partner_id: String,
    pub scopes: Vec<String>,
    /// The stored hash of the secret, base64: the secret itself is known to nobody.
    pub secret_hash: String,
    pub disabled: bool,
    pub created_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CaseLine {
    pub letzte_aenderung: String,
    pub vorgang: Box<RawValue>,
    pub finanzierungsvorschlaege: Vec<VorschlagLine>,
    pub gemerkte_angebote: Vec<AngebotLine>,
    pub ereignisse: Vec<EreignisLine>,
    /// The Kundenangaben the case was created or last updated from, as received; only cases
    /// that came through the Kundenangaben API have them (absent otherwise, so exports of
    /// other cases stay as they were).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kundenangaben: Option<Box<RawValue>>,
    /// Who changed the case, oldest first (`vorgaenge admin audit`); absent when nothing is
    /// recorded, so exports of databases without records stay as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audit: Vec<AuditLine>,
}

/// One audit record: the change's time, as whom, by whom, through which client, request and
/// operation, and the events it appended.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditLine {
    pub zeit: String,
    pub partner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    pub client_id: String,
    pub trace_id: String,
    pub aktion: String,
    pub ereignisse: Vec<AuditEreignisLine>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditEreignisLine {
    pub typ: String,
    pub aktivitaet: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VorschlagLine {
    pub id: String,
    pub document: Box<RawValue>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AngebotLine {
    pub nummer_am_vorgang: i32,
    pub angebot: Box<RawValue>,
    pub zahlungsplaene: Box<RawValue>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EreignisLine {
    pub antrags_nummer: Option<String>,
    pub zeitpunkt: String,
    pub document: Box<RawValue>,
}
