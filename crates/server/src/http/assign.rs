//! Making a partner kundenBetreuer or vorgangsBearbeiter of a case: shared by the two PUTs
//! and the PATCH paths `/kundenBetreuer/partnerId` and `/vorgangsBearbeiter/partnerId`.

use vorgaenge_domain::assignment::{
    AssignmentRefusal, assign_kunden_betreuer, assign_vorgangs_bearbeiter,
};
use vorgaenge_domain::edit::{Draft, Party};

use crate::auth::caller::Authenticated;
use crate::edit::partner_object;
use crate::error::ApiError;

/// Why a partner cannot be assigned, worded, with the status it answers (the domain's
/// `AssignmentRefusal` says only which rule refused).
#[derive(Debug)]
pub enum AssignmentError {
    /// 400: unknown, locked, or not a person.
    Invalid(String),
    /// 403: the caller does not cover the partner.
    NotCovered(String),
    Other(ApiError),
}

impl AssignmentError {
    /// The error of a PUT, naming the field of the PartnerDTO.
    pub fn for_body(self) -> ApiError {
        match self {
            AssignmentError::Invalid(reason) => {
                ApiError::bad_request(format!("PartnerDTO.partnerId: {reason}"))
            }
            AssignmentError::NotCovered(reason) => ApiError::Forbidden {
                message: reason,
                scope: None,
            },
            AssignmentError::Other(e) => e,
        }
    }
}

/// Applies the assignment rule for `party` and puts the partner's record into the draft.
pub fn assign(
    draft: &mut Draft,
    auth: &Authenticated,
    party: Party,
    partner_id: &str,
) -> Result<(), AssignmentError> {
    let directory = &auth.snapshot.directory;
    let caller = &auth.caller.partner;
    let kontext = draft.daten_kontext();
    let rule = match party {
        Party::KundenBetreuer => assign_kunden_betreuer(directory, caller, partner_id, kontext),
        Party::VorgangsBearbeiter => {
            assign_vorgangs_bearbeiter(directory, caller, partner_id, kontext)
        }
    };
    rule.map_err(|refusal| match refusal {
        AssignmentRefusal::UnknownPartner => {
            AssignmentError::Invalid(format!("Partner {partner_id} ist nicht bekannt"))
        }
        AssignmentRefusal::Locked => AssignmentError::Invalid(format!(
            "Partner {partner_id} ist gesperrt und kann nicht {} werden",
            party.label()
        )),
        AssignmentRefusal::NotAPerson => AssignmentError::Invalid(format!(
            "Partner {partner_id} ist keine Person; {} kann nur eine Person sein",
            party.label()
        )),
        AssignmentRefusal::NoEchtgeschaeftRight => AssignmentError::Invalid(format!(
            "Partner {partner_id} hat kein Recht auf Echtgeschäft und kann nicht {} dieses \
             Vorgangs (ECHT_GESCHAEFT) werden: er könnte ihn nicht öffnen",
            party.label()
        )),
        AssignmentRefusal::NotCovered => AssignmentError::NotCovered(format!(
            "Partner {caller} darf {partner_id} nicht als {} einsetzen: \
             {partner_id} liegt nicht in seinem Bereich und er hat kein Übernahmerecht auf ihn",
            party.label()
        )),
    })?;
    let record = auth.snapshot.partners.get(partner_id).ok_or_else(|| {
        AssignmentError::Invalid(format!("Partner {partner_id} ist nicht bekannt"))
    })?;
    let object = partner_object(record).map_err(AssignmentError::Other)?;
    draft.set_party(party, object);
    Ok(())
}
