//! POST /kundenangaben: a new case from customer data; POST /kundenangaben/body-validation:
//! the same checks without creating anything.

use axum::Extension;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use bytes::Bytes;
use serde::Serialize;
use serde_json::{Map, Value};
use vorgaenge_domain::edit::{Aktivitaet, EventDraft, EventTyp};
use vorgaenge_domain::scopes::Scope;
use vorgaenge_intake::Kundenangaben;
use vorgaenge_store::{AuditRecord, CaseCreate, CaseUpdate, Created, NewCase, Timestamp, document};

use super::betreuung::{self, Betreuung};
use super::ignoriert;
use super::problem::IntakeError;
use super::{heute, raw_member, read_body, versioned_json};
use crate::access::{CreatePermit, may_create, require_scope};
use crate::author::{Author, log_change};
use crate::context::Context;
use crate::edit::{event, quelle};
use crate::error::ApiError;
use crate::state::AppState;
use crate::trace::TraceId;

/// `KundenangabenImportResponse`.
#[derive(Debug, Serialize)]
struct ImportResponse {
    vorgangsnummer: String,
}

/// How often a new number is drawn when the drawn one is taken. With 36^6 numbers a clash
/// is rare; several in a row mean something else is wrong.
const NUMBER_ATTEMPTS: usize = 16;

pub async fn import(
    author: Author,
    Extension(trace): Extension<TraceId>,
    request: Request,
) -> Result<Response, IntakeError> {
    let state = &author.ctx.state;
    let (checked, permit) = check(&author.ctx, request).await?;
    let ignoriert = checked.kundenangaben.ignorierte_werte().to_vec();
    let intake = NewIntake::new(state, &author, checked);
    for _ in 0..NUMBER_ATTEMPTS {
        let nr = random_vorgangs_nummer();
        match state.cases.create(&permit, &nr, intake.create(&nr)).await? {
            Created::Taken => continue,
            Created::Done { case, audit } => {
                log_change(&audit);
                let body = ImportResponse {
                    vorgangsnummer: case.meta.vorgangs_nummer,
                };
                let mut response = versioned_json(StatusCode::CREATED, &body);
                ignoriert::report(&mut response, &trace, &ignoriert);
                return Ok(response);
            }
        }
    }
    Err(ApiError::Internal(format!(
        "no free Vorgangsnummer in {NUMBER_ATTEMPTS} attempts"
    ))
    .into())
}

pub async fn validate(
    ctx: Context,
    Extension(trace): Extension<TraceId>,
    request: Request,
) -> Result<Response, IntakeError> {
    let (checked, _) = check(&ctx, request).await?;
    // The contract's response schema requires `vorgangsnummer`, but no case exists to name:
    // an empty number says "valid, nothing created" without breaking the schema.
    let body = ImportResponse {
        vorgangsnummer: String::new(),
    };
    let mut response = versioned_json(StatusCode::OK, &body);
    ignoriert::report(
        &mut response,
        &trace,
        checked.kundenangaben.ignorierte_werte(),
    );
    Ok(response)
}

/// A request that passed every check of the import.
struct Checked {
    kundenangaben: Kundenangaben,
    /// The request's `kundenangaben` member, as received.
    raw: Bytes,
    betreuung: Betreuung,
}

/// Scope, media type, contract, data context right and Betreuung, in that order.
async fn check(ctx: &Context, request: Request) -> Result<(Checked, CreatePermit), IntakeError> {
    let auth = &ctx.auth;
    require_scope(auth, Scope::VorgangSchreiben)?;
    let body = read_body(request, ctx.state.limits).await?;
    let kundenangaben = vorgaenge_intake::parse(&body).map_err(IntakeError::Invalid)?;
    let permit = may_create(auth, kundenangaben.datenkontext())?;
    let betreuung = betreuung::decide(auth, &kundenangaben)?;
    let checked = Checked {
        raw: raw_member(&body, "kundenangaben")?,
        kundenangaben,
        betreuung,
    };
    Ok((checked, permit))
}

/// Everything the new case is made of except its number and stamp.
struct NewIntake {
    members: Map<String, Value>,
    erstellt_am: String,
    quelle: Value,
    angelegt: EventDraft,
    audit: AuditRecord,
    raw: Bytes,
}

impl NewIntake {
    fn new(state: &AppState, author: &Author, checked: Checked) -> Self {
        let auth = &author.ctx.auth;
        let Checked {
            kundenangaben,
            raw,
            betreuung,
        } = checked;
        let erstellt_am = heute(state);
        let mut members = vorgaenge_intake::vorgang_members(&kundenangaben, &erstellt_am);
        members.insert(
            "kundenBetreuer".into(),
            Value::Object(betreuung.kunden_betreuer),
        );
        if let Some(bearbeiter) = betreuung.vorgangs_bearbeiter {
            members.insert("vorgangsBearbeiter".into(), Value::Object(bearbeiter));
        }
        members.insert("status".into(), "AKTIV".into());
        let meldung = match kundenangaben.zusaetzlicher_ereignistext() {
            Some(text) => format!("Vorgang angelegt – {text}"),
            None => "Vorgang angelegt".to_owned(),
        };
        let angelegt = EventDraft::new(EventTyp::Hinweis, Aktivitaet::VorgangAngelegt, meldung);
        Self {
            members,
            erstellt_am: erstellt_am.into_string(),
            quelle: quelle(
                auth.snapshot.partners.get(&auth.caller.partner),
                &auth.caller.partner,
            ),
            audit: author.record(std::slice::from_ref(&angelegt)),
            angelegt,
            raw,
        }
    }

    /// The creation of the case numbered `nr`, built when the store hands out its stamp.
    fn create(&self, nr: &str) -> CaseCreate {
        let nr = nr.to_owned();
        let mut doc = self.members.clone();
        doc.insert("vorgangsNummer".into(), nr.clone().into());
        doc.insert("erstelltAm".into(), self.erstellt_am.clone().into());
        let quelle = self.quelle.clone();
        let angelegt = self.angelegt.clone();
        let audit = self.audit.clone();
        let raw = self.raw.clone();
        Box::new(move |stamp: Timestamp| {
            let zeitpunkt = stamp.to_rfc3339();
            doc.insert("letztesEreignis".into(), zeitpunkt.clone().into());
            // The document has the number and data context `encode` needs (set above and by
            // the mapping); a failure here is a bug, and the store turns the panic into an
            // error without writing anything.
            let NewCase { meta, document, .. } =
                document::encode(Value::Object(doc)).expect("a new case encodes");
            CaseUpdate {
                meta,
                document,
                events: vec![event(&nr, &zeitpunkt, &quelle, angelegt)],
                kundenangaben: Some(raw),
                audit,
            }
        })
    }
}

/// A case number: six characters `[A-Z0-9]`, uniformly random (not sequential, so numbers
/// tell nothing about how many cases exist).
fn random_vorgangs_nummer() -> String {
    const ALPHABET: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut out = String::with_capacity(6);
    let mut buf = [0u8; 16];
    while out.len() < 6 {
        getrandom::fill(&mut buf).expect("the operating system provides randomness");
        // 252 = 7 × 36: bytes above it are dropped so that every character is equally likely.
        for b in buf.iter().filter(|b| **b < 252) {
            if out.len() < 6 {
                out.push(char::from(ALPHABET[usize::from(*b % 36)]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_six_characters_of_the_alphabet() {
        for _ in 0..100 {
            let nr = super::random_vorgangs_nummer();
            assert!(vorgaenge_domain::numbers::is_vorgangs_nummer(&nr), "{nr}");
        }
    }
}
