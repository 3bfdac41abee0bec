//! `vorgaenge export`: the whole database as JSON Lines.

use std::fmt;
use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::Context;
use base64::Engine;
use serde_json::value::RawValue;
use vorgaenge_store::{AuditRecord, CaseDump, ClientRecord, PartnerRecord, Store, portable};

use super::lines::{
    AngebotLine, AuditEreignisLine, AuditLine, CaseLine, ClientLine, EreignisLine, GrantLine,
    Header, Line, PartnerLine, VERSION, VorschlagLine,
};

/// Cases read per store call: big enough to amortise the round trip, small enough to keep
/// memory flat on a million cases.
const PAGE: u32 = 500;

/// What an export wrote.
#[derive(Debug, Clone, Default)]
pub struct ExportReport {
    pub partners: u64,
    pub grants: u64,
    pub clients: u64,
    pub cases: u64,
    pub events: u64,
    pub elapsed: Duration,
}

impl fmt::Display for ExportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exported {} partners, {} grants, {} clients, {} cases with {} events, in {:.1} s",
            self.partners,
            self.grants,
            self.clients,
            self.cases,
            self.events,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Writes every partner, grant, client and case of `store` to `out`, one line each, after
/// the header line. Cases come in number order, a page at a time.
pub async fn export(store: &dyn Store, out: &mut dyn Write) -> anyhow::Result<ExportReport> {
    let started = Instant::now();
    let mut report = ExportReport::default();
    write_line(out, &Line::VorgaengeExport(Header { version: VERSION }))?;
    for partner in store.partners().await? {
        write_line(out, &Line::Partner(partner_line(&partner)?))?;
        report.partners += 1;
    }
    for grant in store.grants().await? {
        write_line(
            out,
            &Line::Grant(GrantLine {
                holder: grant.holder,
                target: grant.target,
            }),
        )?;
        report.grants += 1;
    }
    for client in store.clients().await? {
        write_line(out, &Line::Client(client_line(client)))?;
        report.clients += 1;
    }
    let mut after: Option<String> = None;
    loop {
        let page = store.dump_cases(after.as_deref(), PAGE).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.case.meta.vorgangs_nummer.clone());
        for dump in &page {
            report.events += dump.events.len() as u64;
            write_line(out, &Line::Case(case_line(dump)?))?;
            report.cases += 1;
        }
    }
    out.flush()?;
    report.elapsed = started.elapsed();
    Ok(report)
}

fn write_line(out: &mut dyn Write, line: &Line) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, line)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Stored JSON as a raw value; stored bytes that are not JSON mean a damaged database.
fn raw(bytes: &[u8], what: &dyn Fn() -> String) -> anyhow::Result<Box<RawValue>> {
    let text = std::str::from_utf8(bytes).with_context(|| format!("{} is not UTF-8", what()))?;
    RawValue::from_string(text.to_owned()).with_context(|| format!("{} is not JSON", what()))
}

fn partner_line(partner: &PartnerRecord) -> anyhow::Result<PartnerLine> {
    Ok(PartnerLine {
        id: partner.id.clone(),
        typ: partner.typ.clone(),
        parent: partner.parent.clone(),
        gesperrt: partner.gesperrt,
        echtgeschaeft: partner.echtgeschaeft,
        kreditsachbearbeiter: partner.kreditsachbearbeiter,
        profile: raw(&partner.profile, &|| format!("partner {}", partner.id))?,
    })
}

fn client_line(client: ClientRecord) -> ClientLine {
    ClientLine {
        secret_hash: base64::engine::general_purpose::STANDARD.encode(&client.secret_hash),
        client_id: client.client_id,
        partner_id: client.partner_id,
        scopes: client.scopes,
        disabled: client.disabled,
        created_at: client.created_at.to_rfc3339(),
    }
}

fn case_line(dump: &CaseDump) -> anyhow::Result<CaseLine> {
    let nr = &dump.case.meta.vorgangs_nummer;
    Ok(CaseLine {
        letzte_aenderung: dump.case.meta.letzte_aenderung.to_rfc3339(),
        vorgang: raw(&portable::to_portable(&dump.case.document), &|| {
            format!("case {nr}")
        })?,
        finanzierungsvorschlaege: dump
            .finanzierungsvorschlaege
            .iter()
            .map(|v| {
                Ok(VorschlagLine {
                    id: v.id.clone(),
                    document: raw(&v.document, &|| format!("proposal {} of case {nr}", v.id))?,
                })
            })
            .collect::<anyhow::Result<_>>()?,
        gemerkte_angebote: dump
            .gemerkte_angebote
            .iter()
            .map(|a| {
                let what = || format!("saved offer {} of case {nr}", a.nummer_am_vorgang);
                Ok(AngebotLine {
                    nummer_am_vorgang: a.nummer_am_vorgang,
                    angebot: raw(&a.angebot, &what)?,
                    zahlungsplaene: raw(&a.zahlungsplaene, &what)?,
                })
            })
            .collect::<anyhow::Result<_>>()?,
        ereignisse: dump
            .events
            .iter()
            .map(|e| {
                Ok(EreignisLine {
                    antrags_nummer: e.antrags_nummer.clone(),
                    zeitpunkt: e.zeitpunkt.to_rfc3339(),
                    document: raw(&e.document, &|| format!("an event of case {nr}"))?,
                })
            })
            .collect::<anyhow::Result<_>>()?,
        kundenangaben: dump
            .kundenangaben
            .as_ref()
            .map(|k| raw(k, &|| format!("the Kundenangaben of case {nr}")))
            .transpose()?,
        audit: dump.audit.iter().map(audit_line).collect(),
    })
}

fn audit_line(record: &AuditRecord) -> AuditLine {
    AuditLine {
        zeit: record.zeit.to_rfc3339(),
        partner: record.partner.clone(),
        actor: record.actor.clone(),
        client_id: record.client_id.clone(),
        trace_id: record.trace_id.clone(),
        aktion: record.aktion.clone(),
        ereignisse: record
            .ereignisse
            .iter()
            .map(|e| AuditEreignisLine {
                typ: e.typ.clone(),
                aktivitaet: e.aktivitaet.clone(),
            })
            .collect(),
    }
}
