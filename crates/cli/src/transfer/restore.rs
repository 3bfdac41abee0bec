//! `vorgaenge import` of an export file: checked as a whole first, then written, so a damaged
//! file changes nothing.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use base64::Engine;
use bytes::Bytes;
use indicatif::{ProgressBar, ProgressStyle};
use vorgaenge_store::{
    AuditEreignis, AuditRecord, CaseDump, ClientRecord, GrantRecord, PartnerRecord, Store,
    StoredAngebot, StoredCase, StoredEvent, StoredVorschlag, Timestamp, portable,
};

use super::lines::{CaseLine, ClientLine, Line, PartnerLine, VERSION};
use crate::import::{ImportReport, Rejection};

/// Cases per transaction.
const BATCH: usize = 500;

/// Rejections listed before the check stops reading: a wrong file fails on every line.
const MAX_REJECTIONS: usize = 100;

/// Whether `path` is an export file: its first line is the export header.
pub fn is_export(path: &Path) -> anyhow::Result<bool> {
    let mut first = String::new();
    File::open(path)
        .map(|file| BufReader::new(file).take(4096))
        .and_then(|mut reader| reader.read_line(&mut first))
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(first.trim_start().starts_with(r#"{"vorgaengeExport""#))
}

/// One line, turned into what the store takes. The error is (JSON path, reason).
enum Record {
    Header(u32),
    Partner(PartnerRecord),
    Grant(GrantRecord),
    Client(ClientRecord),
    Case(Box<CaseDump>),
}

type Problem = (String, String);

/// Reads `path` twice: the first pass checks every line and writes nothing if any is wrong;
/// the second writes the directory (partners, grants, clients) and the cases in batches.
pub async fn restore_file(
    store: Arc<dyn Store>,
    path: &Path,
    progress: bool,
) -> anyhow::Result<ImportReport> {
    let started = Instant::now();
    let name = path.display().to_string();
    let mut report = ImportReport::default();

    let mut partners_in_file = BTreeSet::new();
    let mut clients_partners = Vec::new();
    let mut records = Records::open(path, progress, "checking")?;
    while let Some((number, record)) = records.next()? {
        let problem = match record {
            Ok(Record::Header(_)) if number != 1 => {
                Some(("$".into(), "a second header line".into()))
            }
            Ok(ref r) if number == 1 && !matches!(r, Record::Header(_)) => Some((
                "$".into(),
                r#"the first line must be {"vorgaengeExport":{"version":1}}"#.into(),
            )),
            Ok(Record::Header(version)) if version != VERSION => Some((
                "$.vorgaengeExport.version".into(),
                format!("version {version} is not known (this program reads {VERSION})"),
            )),
            Ok(Record::Partner(p)) => {
                partners_in_file.insert(p.id);
                None
            }
            Ok(Record::Client(c)) => {
                clients_partners.push((number, c.client_id, c.partner_id));
                None
            }
            Ok(_) => None,
            Err(problem) => Some(problem),
        };
        if let Some((path, reason)) = problem {
            report.rejected.push(Rejection {
                file: name.clone(),
                location: format!("line {number}"),
                path,
                reason,
            });
            if report.rejected.len() == MAX_REJECTIONS {
                break;
            }
        }
    }
    records.finish();
    for (number, client_id, partner_id) in clients_partners {
        if !partners_in_file.contains(&partner_id) && store.partner(&partner_id).await?.is_none() {
            report.rejected.push(Rejection {
                file: name.clone(),
                location: format!("line {number}"),
                path: "$.client.partnerId".into(),
                reason: format!(
                    "client {client_id} acts for partner {partner_id}, who is neither in the \
                     file nor in the database"
                ),
            });
        }
    }
    if !report.rejected.is_empty() {
        report.elapsed = started.elapsed();
        return Ok(report);
    }

    let mut partners = Vec::new();
    let mut grants = Vec::new();
    let mut clients = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut records = Records::open(path, progress, "writing")?;
    while let Some((number, record)) = records.next()? {
        match record {
            Ok(Record::Partner(p)) => partners.push(p),
            Ok(Record::Grant(g)) => grants.push(g),
            Ok(Record::Client(c)) => clients.push(c),
            Ok(Record::Case(case)) => {
                batch.push(*case);
                if batch.len() == BATCH {
                    report.imported += batch.len() as u64;
                    store.restore_cases(std::mem::take(&mut batch)).await?;
                }
            }
            Ok(Record::Header(_)) => {}
            // Checked in the first pass: a file changed in between fails, it is not skipped.
            Err((path, reason)) => {
                anyhow::bail!("{name} changed while importing: line {number}: {path}: {reason}")
            }
        }
    }
    records.finish();
    report.imported += batch.len() as u64;
    store.restore_cases(batch).await?;
    store.put_partners(partners, grants).await?;
    for client in clients {
        store.put_client(client).await?;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The non-blank lines of a file with their numbers, each turned into a record.
struct Records {
    reader: BufReader<File>,
    bar: ProgressBar,
    line: String,
    number: usize,
    path: String,
}

impl Records {
    fn open(path: &Path, progress: bool, stage: &str) -> anyhow::Result<Self> {
        let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let bar = if progress {
            let bar = ProgressBar::new(file.metadata()?.len()).with_style(
                ProgressStyle::with_template("{msg} {bar:40} {bytes}/{total_bytes}")
                    .expect("valid template"),
            );
            bar.set_message(format!("{stage} {}", path.display()));
            bar
        } else {
            ProgressBar::hidden()
        };
        Ok(Self {
            reader: BufReader::with_capacity(1 << 20, file),
            bar,
            line: String::new(),
            number: 0,
            path: path.display().to_string(),
        })
    }

    fn next(&mut self) -> anyhow::Result<Option<(usize, Result<Record, Problem>)>> {
        loop {
            self.line.clear();
            let read = self
                .reader
                .read_line(&mut self.line)
                .with_context(|| format!("cannot read {}", self.path))?;
            if read == 0 {
                return Ok(None);
            }
            self.number += 1;
            self.bar.inc(read as u64);
            if !self.line.trim().is_empty() {
                return Ok(Some((self.number, record(&self.line))));
            }
        }
    }

    fn finish(self) {
        self.bar.finish_and_clear();
    }
}

fn record(line: &str) -> Result<Record, Problem> {
    let line: Line = serde_json::from_str(line)
        .map_err(|e| ("$".to_owned(), format!("not a line of an export: {e}")))?;
    Ok(match line {
        Line::VorgaengeExport(header) => Record::Header(header.version),
        Line::Partner(p) => Record::Partner(partner(p)?),
        Line::Grant(g) => Record::Grant(GrantRecord {
            holder: g.holder,
            target: g.target,
        }),
        Line::Client(c) => Record::Client(client(c)?),
        Line::Case(c) => Record::Case(Box::new(case(c)?)),
    })
}

fn timestamp(text: &str, path: &str) -> Result<Timestamp, Problem> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| Timestamp::from(t.to_utc()))
        .map_err(|e| {
            (
                path.to_owned(),
                format!("{text:?} is not an RFC 3339 time: {e}"),
            )
        })
}

fn partner(p: PartnerLine) -> Result<PartnerRecord, Problem> {
    if !vorgaenge_domain::numbers::is_partner_id(&p.id) {
        return Err((
            "$.partner.id".into(),
            format!("{:?} is not a partner id", p.id),
        ));
    }
    Ok(PartnerRecord {
        id: p.id,
        typ: p.typ,
        parent: p.parent,
        gesperrt: p.gesperrt,
        echtgeschaeft: p.echtgeschaeft,
        kreditsachbearbeiter: p.kreditsachbearbeiter,
        profile: Bytes::copy_from_slice(p.profile.get().as_bytes()),
    })
}

fn client(c: ClientLine) -> Result<ClientRecord, Problem> {
    let secret_hash = base64::engine::general_purpose::STANDARD
        .decode(&c.secret_hash)
        .map_err(|e| ("$.client.secretHash".to_owned(), format!("not base64: {e}")))?;
    Ok(ClientRecord {
        created_at: timestamp(&c.created_at, "$.client.createdAt")?,
        client_id: c.client_id,
        partner_id: c.partner_id,
        scopes: c.scopes,
        secret_hash: Bytes::from(secret_hash),
        disabled: c.disabled,
    })
}

fn case(c: CaseLine) -> Result<CaseDump, Problem> {
    let stored = portable::from_portable(c.vorgang.get().as_bytes())
        .map_err(|e| ("$.case.vorgang".to_owned(), e.to_string()))?;
    let mut meta =
        portable::columns(&stored).map_err(|e| ("$.case.vorgang".to_owned(), e.to_string()))?;
    if !vorgaenge_domain::numbers::is_vorgangs_nummer(&meta.vorgangs_nummer) {
        return Err((
            "$.case.vorgang.vorgangsNummer".into(),
            format!("{:?} is not a Vorgangsnummer", meta.vorgangs_nummer),
        ));
    }
    meta.letzte_aenderung = timestamp(&c.letzte_aenderung, "$.case.letzteAenderung")?;
    let events = c
        .ereignisse
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            Ok(StoredEvent {
                zeitpunkt: timestamp(&e.zeitpunkt, &format!("$.case.ereignisse[{i}].zeitpunkt"))?,
                antrags_nummer: e.antrags_nummer,
                document: Bytes::copy_from_slice(e.document.get().as_bytes()),
            })
        })
        .collect::<Result<_, Problem>>()?;
    let nr = meta.vorgangs_nummer.clone();
    let audit = c
        .audit
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            Ok(AuditRecord {
                zeit: timestamp(&a.zeit, &format!("$.case.audit[{i}].zeit"))?,
                vorgangs_nummer: nr.clone(),
                partner: a.partner,
                actor: a.actor,
                client_id: a.client_id,
                trace_id: a.trace_id,
                aktion: a.aktion,
                ereignisse: a
                    .ereignisse
                    .into_iter()
                    .map(|e| AuditEreignis {
                        typ: e.typ,
                        aktivitaet: e.aktivitaet,
                    })
                    .collect(),
            })
        })
        .collect::<Result<_, Problem>>()?;
    Ok(CaseDump {
        case: StoredCase {
            meta,
            document: stored,
        },
        finanzierungsvorschlaege: c
            .finanzierungsvorschlaege
            .into_iter()
            .map(|v| StoredVorschlag {
                id: v.id,
                document: Bytes::copy_from_slice(v.document.get().as_bytes()),
            })
            .collect(),
        gemerkte_angebote: c
            .gemerkte_angebote
            .into_iter()
            .map(|a| StoredAngebot {
                nummer_am_vorgang: a.nummer_am_vorgang,
                angebot: Bytes::copy_from_slice(a.angebot.get().as_bytes()),
                zahlungsplaene: Bytes::copy_from_slice(a.zahlungsplaene.get().as_bytes()),
            })
            .collect(),
        events,
        kundenangaben: c
            .kundenangaben
            .map(|k| Bytes::copy_from_slice(k.get().as_bytes())),
        audit,
    })
}
