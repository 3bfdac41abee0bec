//! The PATCH body of a case: an RFC 6902 array on the five paths the contract allows,
//! checked as a whole before anything is applied.
//!
//! Parsing turns each operation into a [`Step`] on a [`Target`] with a value of the right
//! type, or into a [`PatchError`] that names the operation's index, its path and the reason.
//! Whether a partner or an Antrag exists, and whether the caller may assign a partner, is
//! decided where the case is at hand (the server), not here.

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

/// One checked operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// `add` or `replace`.
    Set(Target, NewValue),
    /// `remove` (only the external number can be removed).
    Remove(Target),
    /// `test`: the current value must equal this JSON value.
    Test(Target, Value),
}

/// Why a patch is refused; nothing of it is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError {
    /// Index of the operation in the array; `None` for the body as a whole.
    pub index: Option<usize>,
    pub path: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for PatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.index, &self.path) {
            (Some(i), Some(path)) => write!(f, "Operation {i} ({path}): {}", self.reason),
            (Some(i), None) => write!(f, "Operation {i}: {}", self.reason),
            _ => f.write_str(&self.reason),
        }
    }
}

/// Longest external case number accepted (the contract sets none; a CRM key fits easily).
pub const MAX_EXTERNE_VORGANGSNUMMER: usize = 100;

/// Checks a whole patch body. `max_operations` bounds the array. An empty array is a patch
/// that changes nothing (RFC 6902 §3: the operations are applied in order, here none).
pub fn parse(body: &Value, max_operations: usize) -> Result<Vec<Step>, PatchError> {
    let whole = |reason: String| PatchError {
        index: None,
        path: None,
        reason,
    };
    let Value::Array(operations) = body else {
        return Err(whole(
            "Der Body muss ein JSON-Patch-Array (RFC 6902) sein".into(),
        ));
    };
    if operations.len() > max_operations {
        return Err(whole(format!(
            "Der Patch enthält {} Operationen; höchstens {max_operations} sind erlaubt",
            operations.len()
        )));
    }
    operations
        .iter()
        .enumerate()
        .map(|(i, op)| {
            step(op).map_err(|(path, reason)| PatchError {
                index: Some(i),
                path,
                reason,
            })
        })
        .collect()
}

type StepError = (Option<String>, String);

fn step(op: &Value) -> Result<Step, StepError> {
    let Value::Object(op) = op else {
        return Err((None, "eine Operation muss ein JSON-Objekt sein".into()));
    };
    let path = match op.get("path") {
        Some(Value::String(p)) => p.as_str(),
        Some(_) => return Err((None, "path muss ein String sein".into())),
        None => return Err((None, "path fehlt".into())),
    };
    let fail = |reason: String| (Some(path.to_owned()), reason);
    let target = target(path).ok_or_else(|| {
        fail(
            "unbekannter Pfad; erlaubt sind /externeVorgangsNummer, /status, \
             /kundenBetreuer/partnerId, /vorgangsBearbeiter/partnerId und \
             /antraege/{vorgangsnummer}/{antragnummer}/{teilantragnummer}/status"
                .into(),
        )
    })?;
    let name = match op.get("op") {
        Some(Value::String(o)) => o.as_str(),
        Some(_) => return Err(fail("op muss ein String sein".into())),
        None => return Err(fail("op fehlt".into())),
    };
    let value = op.get("value");
    match name {
        "replace" | "add" => {
            let value = value.ok_or_else(|| fail(format!("{name} braucht value")))?;
            Ok(Step::Set(
                target.clone(),
                new_value(&target, value).map_err(fail)?,
            ))
        }
        "remove" if target == Target::ExterneVorgangsNummer => Ok(Step::Remove(target)),
        "remove" => Err(fail("dieser Wert kann nicht entfernt werden".into())),
        "test" => {
            let value = value.ok_or_else(|| fail("test braucht value".into()))?;
            Ok(Step::Test(target, value.clone()))
        }
        "move" | "copy" => Err(fail(format!(
            "op {name} wird nicht unterstützt; erlaubt sind replace, add, remove und test"
        ))),
        other => Err(fail(format!(
            "unbekannte op {other:?}; erlaubt sind replace, add, remove und test"
        ))),
    }
}

fn target(path: &str) -> Option<Target> {
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

fn new_value(target: &Target, value: &Value) -> Result<NewValue, String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_contract_example_parses() {
        let body = json!([
            {"op": "replace", "path": "/externeVorgangsNummer", "value": "ext_VN_4711"},
            {"op": "replace", "path": "/status", "value": "ARCHIVIERT"},
            {"op": "replace", "path": "/kundenBetreuer/partnerId", "value": "OEJ16"},
            {"op": "replace", "path": "/vorgangsBearbeiter/partnerId", "value": "MNC81"},
            {"op": "replace", "path": "/antraege/AB1234/1/1/status",
             "value": {"antragsteller": "BEANTRAGT", "produktAnbieter": "UNTERSCHRIEBEN"}},
        ]);
        let steps = parse(&body, 10).unwrap();
        assert_eq!(steps.len(), 5);
        assert_eq!(
            steps[0],
            Step::Set(
                Target::ExterneVorgangsNummer,
                NewValue::Text("ext_VN_4711".into())
            )
        );
        assert_eq!(
            steps[1],
            Step::Set(Target::Status, NewValue::Status(CaseStatus::Archiviert))
        );
        assert_eq!(
            steps[3],
            Step::Set(
                Target::VorgangsBearbeiter,
                NewValue::Partner("MNC81".into())
            )
        );
        let Step::Set(Target::AntragStatus(nr), NewValue::AntragStatus(status)) = &steps[4] else {
            panic!("{:?}", steps[4]);
        };
        assert_eq!(nr, "AB1234/1/1");
        assert_eq!(status.antragsteller.map(|s| s.as_str()), Some("BEANTRAGT"));
    }

    #[test]
    fn an_empty_patch_is_no_operation() {
        assert_eq!(parse(&json!([]), 10).unwrap(), vec![]);
    }

    #[test]
    fn remove_and_test() {
        let body = json!([
            {"op": "test", "path": "/status", "value": "AKTIV"},
            {"op": "remove", "path": "/externeVorgangsNummer", "value": null},
        ]);
        assert_eq!(
            parse(&body, 10).unwrap(),
            vec![
                Step::Test(Target::Status, json!("AKTIV")),
                Step::Remove(Target::ExterneVorgangsNummer)
            ]
        );
    }

    #[test]
    fn every_problem_names_index_path_and_reason() {
        let cases: Vec<(Value, Option<usize>, Option<&str>, &str)> = vec![
            (json!({"op": "replace"}), None, None, "Array"),
            (json!([1]), Some(0), None, "JSON-Objekt"),
            (
                json!([{"op": "replace", "value": 1}]),
                Some(0),
                None,
                "path fehlt",
            ),
            (
                json!([{"op": "replace", "path": "/phase", "value": "X"}]),
                Some(0),
                Some("/phase"),
                "unbekannter Pfad",
            ),
            (
                json!([{"op": "replace", "path": "/antraege/AB1234/1/status", "value": {}}]),
                Some(0),
                Some("/antraege/AB1234/1/status"),
                "unbekannter Pfad",
            ),
            (
                json!([{"path": "/status", "value": "AKTIV"}]),
                Some(0),
                Some("/status"),
                "op fehlt",
            ),
            (
                json!([{"op": "move", "path": "/status", "from": "/x"}]),
                Some(0),
                Some("/status"),
                "nicht unterstützt",
            ),
            (
                json!([{"op": "frobnicate", "path": "/status", "value": 1}]),
                Some(0),
                Some("/status"),
                "unbekannte op",
            ),
            (
                json!([{"op": "replace", "path": "/status"}]),
                Some(0),
                Some("/status"),
                "braucht value",
            ),
            (
                json!([{"op": "replace", "path": "/status", "value": "GELOESCHT"}]),
                Some(0),
                Some("/status"),
                "unbekannter Status",
            ),
            (
                json!([{"op": "replace", "path": "/status", "value": 1}]),
                Some(0),
                Some("/status"),
                "String",
            ),
            (
                json!([{"op": "remove", "path": "/status"}]),
                Some(0),
                Some("/status"),
                "nicht entfernt",
            ),
            (
                json!([{"op": "replace", "path": "/kundenBetreuer/partnerId", "value": "abc12"}]),
                Some(0),
                Some("/kundenBetreuer/partnerId"),
                "Partner-Id",
            ),
            (
                json!([{"op": "replace", "path": "/externeVorgangsNummer", "value": ""}]),
                Some(0),
                Some("/externeVorgangsNummer"),
                "1 bis 100",
            ),
            (
                json!([{"op": "replace", "path": "/antraege/AB1234/1/1/status", "value": "BEANTRAGT"}]),
                Some(0),
                Some("/antraege/AB1234/1/1/status"),
                "StatusDTO",
            ),
            (
                json!([{"op": "replace", "path": "/antraege/AB1234/1/1/status", "value": {"antragsteller": "JA"}}]),
                Some(0),
                Some("/antraege/AB1234/1/1/status"),
                "value.antragsteller",
            ),
            (
                json!([{"op": "replace", "path": "/antraege/AB1234/1/1/status", "value": {"kommentar": "x"}}]),
                Some(0),
                Some("/antraege/AB1234/1/1/status"),
                "antragsteller oder produktAnbieter",
            ),
            // the third operation is the bad one
            (
                json!([
                    {"op": "replace", "path": "/status", "value": "AKTIV"},
                    {"op": "replace", "path": "/externeVorgangsNummer", "value": "x"},
                    {"op": "replace", "path": "/vorgangsBearbeiter/partnerId", "value": 7},
                ]),
                Some(2),
                Some("/vorgangsBearbeiter/partnerId"),
                "eine Zahl",
            ),
        ];
        for (body, index, path, reason) in cases {
            let e = parse(&body, 10).unwrap_err();
            assert_eq!(e.index, index, "{body}: {e}");
            assert_eq!(e.path.as_deref(), path, "{body}: {e}");
            assert!(
                e.reason.contains(reason),
                "{body}: {e} should say {reason:?}"
            );
        }
    }

    #[test]
    fn too_many_operations() {
        let op = json!({"op": "replace", "path": "/status", "value": "AKTIV"});
        let body = Value::Array(vec![op; 11]);
        let e = parse(&body, 10).unwrap_err();
        assert!(e.reason.contains("höchstens 10"), "{e}");
    }
}
