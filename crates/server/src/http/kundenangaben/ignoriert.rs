//! Reporting the values the intake dropped (enum values outside the contract's lists,
//! Tolerant Reader): a warning in the log with the trace id, and the
//! [`IGNORIERTE_WERTE`] header on the success answer, so that the integrator learns of
//! them without the contract's bodies changing.

use axum::http::HeaderValue;
use axum::response::Response;

use crate::trace::TraceId;

/// The response header listing the dropped values as JSONPaths, comma-separated, e.g.
/// `$.importMetadaten.prioritaet, $.kundenangaben.haushalte[0]….bausparkasse`. Absent
/// when nothing was dropped.
pub const IGNORIERTE_WERTE: &str = "x-ignorierte-werte";

/// Header values stay below common proxy and client limits (8 KiB per line); the log line
/// always has the whole list.
const MAX_HEADER_BYTES: usize = 4096;

/// Logs the dropped values of the request `trace` (paths in the notation of
/// `Violation::field`) and names them in the header of `response`.
pub(super) fn report(response: &mut Response, trace: &TraceId, paths: &[String]) {
    if paths.is_empty() {
        return;
    }
    let all = json_paths(paths).collect::<Vec<_>>().join(", ");
    tracing::warn!(
        trace_id = %trace.0,
        ignoriert = %all,
        "Kundenangaben: values outside the contract's value lists dropped"
    );
    let listed = header_text(paths);
    // The paths are built from the contract's ASCII property names and indices.
    if let Ok(value) = HeaderValue::from_str(&listed) {
        response.headers_mut().insert(IGNORIERTE_WERTE, value);
    }
}

fn json_paths(paths: &[String]) -> impl Iterator<Item = String> + '_ {
    paths.iter().map(|p| format!("$.{p}"))
}

/// The paths as they fit into [`MAX_HEADER_BYTES`]; when not all do, the rest is counted
/// in a last entry `... (N weitere)`.
fn header_text(paths: &[String]) -> String {
    /// Room kept for the count while more paths follow: ", ... (NNNNNN weitere)".
    const COUNT_ROOM: usize = 24;
    let mut text = String::new();
    for (i, path) in json_paths(paths).enumerate() {
        let rest = paths.len() - i;
        let reserve = if rest > 1 { COUNT_ROOM } else { 0 };
        let separator = if text.is_empty() { "" } else { ", " };
        if text.len() + separator.len() + path.len() + reserve > MAX_HEADER_BYTES {
            text.push_str(&format!("{separator}... ({rest} weitere)"));
            break;
        }
        text.push_str(separator);
        text.push_str(&path);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{MAX_HEADER_BYTES, header_text};

    #[test]
    fn paths_are_json_paths_joined_by_commas() {
        let paths = [
            "importMetadaten.prioritaet".to_owned(),
            "a.b[1].c".to_owned(),
        ];
        assert_eq!(
            header_text(&paths),
            "$.importMetadaten.prioritaet, $.a.b[1].c"
        );
    }

    #[test]
    fn a_long_list_is_cut_and_counted() {
        let paths: Vec<String> = (0..200)
            .map(|i| format!("kundenangaben.finanzierungsbedarf.tarifListe[{i}]"))
            .collect();
        let text = header_text(&paths);
        assert!(text.len() <= MAX_HEADER_BYTES, "{}", text.len());
        let (listed, rest) = text.rsplit_once("... (").unwrap();
        let shown = listed.matches("$.").count();
        assert_eq!(rest, format!("{} weitere)", 200 - shown));
        assert!(shown > 50, "{shown}");
    }
}
