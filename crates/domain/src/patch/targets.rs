//! The paths a patch operation may name ([`Target`]) and the checked value each takes
//! ([`NewValue`]): what the contract allows where, apart from the shape of the body, so
//! that adding a patchable member touches this file only.

use serde_json::Value;
use vorgaenge_model::StatusDTO;

use crate::numbers::is_exact_partner_id;

/// What an operation changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    ExterneVorgangsNummer,
    Status,
    KundenBetreuer,
    VorgangsBearbeiter,
    /// `/antraege/{vorgangsnummer}/{antragnummer}/{teilantragnummer}/status`; holds the
    /// Antrag's number as the case writes it (`AB1234/1/1`).
    AntragStatus(String),
}

impl Target {
    /// The path as the contract writes it.
    pub fn path(&self) -> String {
        match self {
            Target::ExterneVorgangsNummer => "/externeVorgangsNummer".into(),
            Target::Status => "/status".into(),
            Target::KundenBetreuer => "/kundenBetreuer/partnerId".into(),
            Target::VorgangsBearbeiter => "/vorgangsBearbeiter/partnerId".into(),
            Target::AntragStatus(nr) => format!("/antraege/{nr}/status"),
        }
    }
}

/// The case status values a patch may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    Aktiv,
    Archiviert,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Aktiv => "AKTIV",
            CaseStatus::Archiviert => "ARCHIVIERT",
        }
    }
}

/// A checked value for its target.
#[derive(Debug, Clone, PartialEq)]
pub enum NewValue {
    Text(String),
    Status(CaseStatus),
    Partner(String),
    AntragStatus(Box<StatusDTO>),
}
/// Longest external case number accepted (the contract sets none; a CRM key fits easily).
pub const MAX_EXTERNE_VORGANGSNUMMER: usize = 100;

pub(super) fn target(path: &str) -> Option<Target> {
    Some(match path {
        "/externeVorgangsNummer" => Target::ExterneVorgangsNummer,
        "/status" => Target::Status,
        "/kundenBetreuer/partnerId" => Target::KundenBetreuer,
        "/vorgangsBearbeiter/partnerId" => Target::VorgangsBearbeiter,
        _ => {
            let rest = path.strip_prefix("/antraege/")?.strip_suffix("/status")?;
            let parts: Vec<&str> = rest.split('/').collect();
            let [vorgang, antrag, teil] = parts.as_slice() else {
                return None;
            };
            if vorgang.is_empty() || antrag.is_empty() || teil.is_empty() {
                return None;
            }
            Target::AntragStatus(rest.to_owned())
        }
    })
}

pub(super) fn new_value(target: &Target, value: &Value) -> Result<NewValue, String> {
    let text = || match value {
        Value::String(s) => Ok(s.as_str()),
        other => Err(format!("value muss ein String sein, nicht {}", kind(other))),
    };
    match target {
        Target::ExterneVorgangsNummer => {
            let s = text()?;
            if s.is_empty() || s.chars().count() > MAX_EXTERNE_VORGANGSNUMMER {
                return Err(format!(
                    "value muss 1 bis {MAX_EXTERNE_VORGANGSNUMMER} Zeichen lang sein"
                ));
            }
            Ok(NewValue::Text(s.to_owned()))
        }
        Target::Status => match text()? {
            "AKTIV" => Ok(NewValue::Status(CaseStatus::Aktiv)),
            "ARCHIVIERT" => Ok(NewValue::Status(CaseStatus::Archiviert)),
            other => Err(format!(
                "unbekannter Status {other:?}; erlaubt sind AKTIV und ARCHIVIERT"
            )),
        },
        Target::KundenBetreuer | Target::VorgangsBearbeiter => {
            let s = text()?;
            if !is_exact_partner_id(s) {
                return Err(format!(
                    "{s:?} ist keine Partner-Id (drei Großbuchstaben, zwei Ziffern)"
                ));
            }
            Ok(NewValue::Partner(s.to_owned()))
        }
        Target::AntragStatus(_) => {
            if !value.is_object() {
                return Err(format!(
                    "value muss ein StatusDTO-Objekt sein, nicht {}",
                    kind(value)
                ));
            }
            let status: StatusDTO = vorgaenge_model::from_value_with_path(value.clone())
                .map_err(|e| format!("value{}: {}", &e.path[1..], e.reason))?;
            if status.antragsteller.is_none() && status.produkt_anbieter.is_none() {
                return Err("value muss antragsteller oder produktAnbieter setzen".into());
            }
            Ok(NewValue::AntragStatus(Box::new(status)))
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "ein Boolean",
        Value::Number(_) => "eine Zahl",
        Value::String(_) => "ein String",
        Value::Array(_) => "ein Array",
        Value::Object(_) => "ein Objekt",
    }
}
