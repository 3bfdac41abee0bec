//! Who looks after a new case: the kundenBetreuer (by default the acting partner) and the
//! optional Bearbeiter of `importMetadaten.betreuung`, under the same rules as assigning
//! them to an existing case. A refusal is the contract's 409 ("Kundenbetreuer oder
//! Bearbeiter können nicht festgelegt werden").

use serde_json::{Map, Value};
use vorgaenge_domain::assignment::{
    AssignmentRefusal, assign_kunden_betreuer, assign_vorgangs_bearbeiter,
};
use vorgaenge_domain::edit::Party;
use vorgaenge_intake::Kundenangaben;

use super::problem::IntakeError;
use crate::auth::caller::Authenticated;
use crate::edit::partner_object;

/// The embedded Partner objects of the new case's parties.
pub(super) struct Betreuung {
    pub(super) kunden_betreuer: Map<String, Value>,
    pub(super) vorgangs_bearbeiter: Option<Map<String, Value>>,
}

pub(super) fn decide(auth: &Authenticated, k: &Kundenangaben) -> Result<Betreuung, IntakeError> {
    let caller = auth.caller.partner.as_str();
    let betreuer = k.kundenbetreuer().unwrap_or(caller);
    let kunden_betreuer = party(auth, k, Party::KundenBetreuer, betreuer)?;
    let vorgangs_bearbeiter = k
        .bearbeiter()
        .map(|id| party(auth, k, Party::VorgangsBearbeiter, id))
        .transpose()?;
    Ok(Betreuung {
        kunden_betreuer,
        vorgangs_bearbeiter,
    })
}

fn party(
    auth: &Authenticated,
    k: &Kundenangaben,
    party: Party,
    id: &str,
) -> Result<Map<String, Value>, IntakeError> {
    let directory = &auth.snapshot.directory;
    let caller = auth.caller.partner.as_str();
    let kontext = k.datenkontext();
    let rule = match party {
        Party::KundenBetreuer => assign_kunden_betreuer(directory, caller, id, kontext),
        Party::VorgangsBearbeiter => assign_vorgangs_bearbeiter(directory, caller, id, kontext),
    };
    let label = party.label();
    rule.map_err(|refusal| {
        IntakeError::Conflict(match refusal {
            AssignmentRefusal::UnknownPartner => {
                format!("{label} {id} kann nicht festgelegt werden: der Partner ist nicht bekannt")
            }
            AssignmentRefusal::Locked => {
                format!("{label} {id} kann nicht festgelegt werden: der Partner ist gesperrt")
            }
            AssignmentRefusal::NotAPerson => {
                format!("{label} {id} kann nicht festgelegt werden: der Partner ist keine Person")
            }
            AssignmentRefusal::NoEchtgeschaeftRight => format!(
                "{label} {id} kann nicht festgelegt werden: der Partner hat kein Recht auf \
                 Echtgeschäft und könnte den Vorgang (ECHT_GESCHAEFT) nicht öffnen"
            ),
            AssignmentRefusal::NotCovered => format!(
                "{label} {id} kann nicht festgelegt werden: Partner {caller} hat kein \
                 Übernahmerecht auf ihn"
            ),
        })
    })?;
    let record = auth.snapshot.partners.get(id).ok_or_else(|| {
        IntakeError::Conflict(format!(
            "{label} {id} kann nicht festgelegt werden: der Partner ist nicht bekannt"
        ))
    })?;
    Ok(partner_object(record)?)
}
