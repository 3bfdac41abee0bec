//! The German violation messages, in one place so that they stay consistent.

/// Enum value lists longer than this are abbreviated (the longest has over 1,000 values).
const MAX_LISTED_VALUES: usize = 20;

pub(crate) const REQUIRED: &str = "darf nicht leer sein";
pub(crate) const NOT_TEXT: &str = "muss eine Zeichenkette sein";
pub(crate) const NOT_NUMBER: &str = "muss eine Zahl sein";
pub(crate) const NOT_INTEGER: &str = "muss eine ganze Zahl sein";
pub(crate) const NOT_BOOLEAN: &str = "muss true oder false sein";
pub(crate) const NOT_OBJECT: &str = "muss ein Objekt sein";
pub(crate) const NOT_ARRAY: &str = "muss eine Liste sein";
pub(crate) const NOT_DATE: &str = "ist kein gültiges Datum (erwartet: JJJJ-MM-TT)";

pub(crate) fn not_allowed(allowed: &[&str]) -> String {
    if allowed.len() > MAX_LISTED_VALUES {
        format!(
            "ist kein gültiger Wert (erlaubt: {}, … insgesamt {} Werte)",
            allowed[..MAX_LISTED_VALUES].join(", "),
            allowed.len()
        )
    } else {
        format!("ist kein gültiger Wert (erlaubt: {})", allowed.join(", "))
    }
}

pub(crate) fn not_int32() -> String {
    format!(
        "liegt außerhalb des erlaubten Bereichs ({} bis {})",
        i32::MIN,
        i32::MAX
    )
}

pub(crate) fn below_minimum(min: impl std::fmt::Display) -> String {
    format!("muss mindestens {min} sein")
}

pub(crate) fn above_maximum(max: impl std::fmt::Display) -> String {
    format!("darf höchstens {max} sein")
}

pub(crate) fn too_long(max: usize) -> String {
    format!("darf höchstens {max} Zeichen lang sein")
}

pub(crate) fn too_short(min: usize) -> String {
    format!("muss mindestens {min} Zeichen lang sein")
}

pub(crate) fn too_many_items(max: usize) -> String {
    format!("darf höchstens {max} Einträge enthalten")
}

pub(crate) fn not_json(error: &serde_json::Error) -> String {
    format!(
        "ist kein gültiges JSON (Zeile {}, Spalte {})",
        error.line(),
        error.column()
    )
}

pub(crate) fn unknown_reference(target: &str, id: &str) -> String {
    format!("verweist auf {target} mit der referenzId \"{id}\", die es nicht gibt")
}

pub(crate) fn duplicate_reference_id(first: &str) -> String {
    format!("ist nicht eindeutig (bereits vergeben in {first})")
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_value_lists_are_abbreviated() {
        let values: Vec<String> = (0..25).map(|i| format!("W{i}")).collect();
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        let message = super::not_allowed(&values);
        assert!(
            message.starts_with("ist kein gültiger Wert (erlaubt: W0, W1, "),
            "{message}"
        );
        assert!(message.contains("W19, … insgesamt 25 Werte)"), "{message}");
        assert!(!message.contains("W20"), "{message}");
    }
}
