//! The PATCH body of a case: an RFC 6902 array on the five paths the contract allows,
//! checked as a whole before anything is applied.
//!
//! Parsing turns each operation into a [`Step`] on a [`Target`] with a value of the right
//! type, or into a [`PatchError`] that names the operation's index, its path and the reason.
//! Whether a partner or an Antrag exists, and whether the caller may assign a partner, is
//! decided where the case is at hand (the server), not here.
//!
//! This file holds the parse of the body and its operations ([`parse`], [`Step`],
//! [`PatchError`]); `targets.rs` the paths an operation may name and the values each
//! accepts, which the edits of a case use too (re-exported here, so the paths
//! `crate::patch::…` stay).

mod targets;

use serde_json::Value;

pub use targets::{CaseStatus, MAX_EXTERNE_VORGANGSNUMMER, NewValue, Target};
use targets::{new_value, target};

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

#[cfg(test)]
mod tests;
