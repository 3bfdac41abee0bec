//! `vorgaenge import`: Vorgang documents from files into the store.
//!
//! A file holds one JSON document, a JSON array of documents, or JSON Lines. Every document
//! is checked against the contract's Vorgang schema (types, enums, dates) before anything is
//! written; rejected documents are reported with file, line or index, JSON path and reason,
//! and the others are written in atomic batches, so nothing is ever half-written.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::value::RawValue;
use vorgaenge_model::Vorgang;
use vorgaenge_store::{NewCase, Store, document};

const BATCH: usize = 1_000;

/// One rejected document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub file: String,
    /// `line N` (JSON Lines), `index N` (array) or `document`.
    pub location: String,
    /// JSON path within the document, e.g. `$.antraege[0].status.antragsteller`.
    pub path: String,
    pub reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}: {}",
            self.file, self.location, self.path, self.reason
        )
    }
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub imported: u64,
    pub rejected: Vec<Rejection>,
    pub elapsed: Duration,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} cases, rejected {}, in {:.1} s",
            self.imported,
            self.rejected.len(),
            self.elapsed.as_secs_f64()
        )
    }
}

/// Imports every document of `files`, upserting by vorgangsNummer.
pub async fn import_files(
    store: Arc<dyn Store>,
    files: &[PathBuf],
    progress: bool,
) -> anyhow::Result<ImportReport> {
    let started = Instant::now();
    let mut report = ImportReport::default();
    for file in files {
        let bytes = tokio::fs::read(file)
            .await
            .with_context(|| format!("cannot read {}", file.display()))?;
        let name = file.display().to_string();
        let documents = match split(&bytes) {
            Ok(documents) => documents,
            Err(rejection) => {
                report.rejected.push(rejection.in_file(&name));
                continue;
            }
        };
        let bar = progress_bar(progress, documents.len() as u64, file);
        let mut batch = Vec::with_capacity(BATCH);
        for (location, raw) in documents {
            let checked = raw.and_then(|raw| validate(raw.get().as_bytes()));
            match checked {
                Ok(case) => batch.push(case),
                Err((path, reason)) => report.rejected.push(Rejection {
                    file: name.clone(),
                    location,
                    path,
                    reason,
                }),
            }
            if batch.len() == BATCH {
                report.imported += write(&store, &mut batch).await?;
            }
            bar.inc(1);
        }
        report.imported += write(&store, &mut batch).await?;
        bar.finish_and_clear();
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

async fn write(store: &Arc<dyn Store>, batch: &mut Vec<NewCase>) -> anyhow::Result<u64> {
    if batch.is_empty() {
        return Ok(0);
    }
    let n = batch.len() as u64;
    store.upsert_cases(std::mem::take(batch)).await?;
    Ok(n)
}

fn progress_bar(enabled: bool, len: u64, file: &Path) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len).with_style(
        ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}").expect("valid template"),
    );
    bar.set_message(file.display().to_string());
    bar
}

/// A rejection before the file is known.
struct FileRejection {
    location: String,
    reason: String,
}

impl FileRejection {
    fn in_file(self, file: &str) -> Rejection {
        Rejection {
            file: file.to_owned(),
            location: self.location,
            path: "$".to_owned(),
            reason: self.reason,
        }
    }
}

/// A document of a file: its location and its JSON, or (path, reason) if a line of a JSON
/// Lines file is not JSON (the other lines still count).
type Located<'a> = (String, Result<&'a RawValue, (String, String)>);

/// The documents of a file with their locations. A file is JSON Lines when its first
/// non-blank line is a complete JSON value on its own; otherwise it is one JSON document or
/// one array, and a syntax error rejects the file.
fn split(bytes: &[u8]) -> Result<Vec<Located<'_>>, FileRejection> {
    let text = std::str::from_utf8(bytes).map_err(|e| FileRejection {
        location: "document".into(),
        reason: format!("not UTF-8: {e}"),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let syntax = |location: String, e: serde_json::Error| FileRejection {
        location,
        reason: format!("not JSON: {e}"),
    };
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let first_is_value = serde_json::from_str::<&RawValue>(first_line).is_ok();
    let is_lines = first_is_value && text.trim().len() > first_line.trim().len();
    if is_lines {
        return Ok(text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(i, line)| {
                let parsed = serde_json::from_str::<&RawValue>(line)
                    .map_err(|e| ("$".to_owned(), format!("not JSON: {e}")));
                (format!("line {}", i + 1), parsed)
            })
            .collect());
    }
    if text.trim_start().starts_with('[') {
        let items: Vec<&RawValue> =
            serde_json::from_str(text).map_err(|e| syntax("document".into(), e))?;
        return Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, raw)| (format!("index {i}"), Ok(raw)))
            .collect());
    }
    let raw: &RawValue = serde_json::from_str(text).map_err(|e| syntax("document".into(), e))?;
    Ok(vec![("document".into(), Ok(raw))])
}

/// Checks one document against the contract and turns it into a write. The error is
/// (JSON path, reason).
pub fn validate(bytes: &[u8]) -> Result<NewCase, (String, String)> {
    let vorgang: Vorgang = vorgaenge_model::from_json_with_path(bytes)
        .map_err(|e| (e.path.clone(), e.reason.clone()))?;
    let nr = vorgang
        .vorgangs_nummer
        .as_deref()
        .ok_or_else(|| ("$.vorgangsNummer".to_owned(), "missing".to_owned()))?;
    if !vorgaenge_domain::numbers::is_vorgangs_nummer(nr) {
        return Err((
            "$.vorgangsNummer".to_owned(),
            format!("{nr:?} does not match ^[A-Z0-9]{{6}}"),
        ));
    }
    if vorgang.daten_kontext.is_none() {
        return Err((
            "$.datenKontext".to_owned(),
            "missing (ECHT_GESCHAEFT or TEST_MODUS decides who may see the case)".to_owned(),
        ));
    }
    // Re-serialising the typed document keeps exactly the contract's fields.
    let value = serde_json::to_value(&vorgang).map_err(|e| ("$".to_owned(), e.to_string()))?;
    document::encode(value).map_err(|e| ("$".to_owned(), e.to_string()))
}
