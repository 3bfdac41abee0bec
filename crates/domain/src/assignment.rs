//! Who may change a case's parties and signal decision readiness: the write rows of the
//! access table, as pure functions.

use vorgaenge_model::DatenKontext;

use crate::directory::{Directory, PartnerTyp};

/// Why a partner cannot become kundenBetreuer or vorgangsBearbeiter of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentRefusal {
    /// No such partner (400).
    UnknownPartner,
    /// The partner or a partner above it is locked (400).
    Locked,
    /// A vorgangsBearbeiter must be a person (400).
    NotAPerson,
    /// The case holds production data and the partner has no right to it (400): it could
    /// not open the case it would look after.
    NoEchtgeschaeftRight,
    /// The caller does not cover the partner (403).
    NotCovered,
}

/// The partner exists, is not locked, and may open a case of this data context (the new
/// party "needs also the authorization to access the case", as the product says).
fn assignable(
    directory: &Directory,
    target: &str,
    kontext: DatenKontext,
) -> Result<PartnerTyp, AssignmentRefusal> {
    let partner = directory
        .get(target)
        .ok_or(AssignmentRefusal::UnknownPartner)?;
    if directory.is_locked(target) {
        return Err(AssignmentRefusal::Locked);
    }
    if kontext == DatenKontext::EchtGeschaeft && !partner.echtgeschaeft {
        return Err(AssignmentRefusal::NoEchtgeschaeftRight);
    }
    Ok(partner.typ)
}

/// Set kundenBetreuer of a case of `kontext` to `target` (the caller may read the case
/// already): `target` exists, is not locked, may work with the case's data, and the caller
/// covers it.
pub fn assign_kunden_betreuer(
    directory: &Directory,
    caller: &str,
    target: &str,
    kontext: DatenKontext,
) -> Result<(), AssignmentRefusal> {
    assignable(directory, target, kontext)?;
    if directory.covers(caller, target) {
        Ok(())
    } else {
        Err(AssignmentRefusal::NotCovered)
    }
}

/// Set vorgangsBearbeiter to `target`: as for the kundenBetreuer, and `target` is a person.
pub fn assign_vorgangs_bearbeiter(
    directory: &Directory,
    caller: &str,
    target: &str,
    kontext: DatenKontext,
) -> Result<(), AssignmentRefusal> {
    if assignable(directory, target, kontext)? != PartnerTyp::Person {
        return Err(AssignmentRefusal::NotAPerson);
    }
    if directory.covers(caller, target) {
        Ok(())
    } else {
        Err(AssignmentRefusal::NotCovered)
    }
}

/// Why decision readiness cannot be signalled for an Antrag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadinessRefusal {
    /// Only the case's vorgangsBearbeiter may signal it (403).
    NotTheVorgangsBearbeiter,
    /// The Antrag is not applied for by the applicant and untouched by the provider (400);
    /// the current statuses as found.
    WrongStatus {
        antragsteller: Option<String>,
        produkt_anbieter: Option<String>,
    },
    /// It was signalled before (400).
    AlreadySignalled,
}

/// Signal decision readiness: the caller *is* the vorgangsBearbeiter, the Antrag is
/// BEANTRAGT by the applicant and NICHT_BEARBEITET by the provider, and not signalled yet.
pub fn signal_entscheidungsreife(
    caller: &str,
    vorgangs_bearbeiter: Option<&str>,
    antragsteller: Option<&str>,
    produkt_anbieter: Option<&str>,
    already_signalled: bool,
) -> Result<(), ReadinessRefusal> {
    if vorgangs_bearbeiter != Some(caller) {
        return Err(ReadinessRefusal::NotTheVorgangsBearbeiter);
    }
    if antragsteller != Some("BEANTRAGT") || produkt_anbieter != Some("NICHT_BEARBEITET") {
        return Err(ReadinessRefusal::WrongStatus {
            antragsteller: antragsteller.map(str::to_owned),
            produkt_anbieter: produkt_anbieter.map(str::to_owned),
        });
    }
    if already_signalled {
        return Err(ReadinessRefusal::AlreadySignalled);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::PartnerFacts;

    fn world() -> Directory {
        let p = |id: &str, typ, parent: Option<&str>, gesperrt| PartnerFacts {
            id: id.into(),
            typ,
            parent: parent.map(Into::into),
            gesperrt,
            // TRN01 is a trainee: test data only.
            echtgeschaeft: id != "TRN01",
        };
        use PartnerTyp::*;
        Directory::new(
            [
                p("ORG01", Organisation, None, false),
                p("TEA01", Organisation, Some("ORG01"), false),
                p("ADV01", Person, Some("TEA01"), false),
                p("EDI01", Person, Some("TEA01"), false),
                p("LCK01", Person, Some("TEA01"), true),
                p("TRN01", Person, Some("TEA01"), false),
                p("OTH01", Organisation, None, false),
                p("ADV09", Person, Some("OTH01"), false),
            ],
            [("ADV09".into(), "EDI01".into())],
        )
    }

    #[test]
    fn assignment_table() {
        use AssignmentRefusal::*;
        use DatenKontext::{EchtGeschaeft as Echt, TestModus as Test};
        let d = world();
        let kb: &[(&str, &str, DatenKontext, Result<(), AssignmentRefusal>)] = &[
            ("TEA01", "ADV01", Echt, Ok(())),
            ("ADV01", "ADV01", Echt, Ok(())),
            ("ADV01", "EDI01", Echt, Err(NotCovered)),
            ("TEA01", "TEA01", Echt, Ok(())), // an organisation may be kundenBetreuer
            ("TEA01", "NOP01", Echt, Err(UnknownPartner)),
            ("TEA01", "LCK01", Echt, Err(Locked)),
            ("ADV09", "EDI01", Echt, Ok(())), // through the grant
            ("ADV09", "ADV01", Echt, Err(NotCovered)),
            // A partner without the right to production data could not open the case.
            ("TEA01", "TRN01", Echt, Err(NoEchtgeschaeftRight)),
            ("TEA01", "TRN01", Test, Ok(())),
            ("TEA01", "LCK01", Test, Err(Locked)),
        ];
        for (caller, target, kontext, expected) in kb {
            assert_eq!(
                assign_kunden_betreuer(&d, caller, target, *kontext),
                *expected,
                "KB {caller} → {target} ({kontext:?})"
            );
        }
        let vb: &[(&str, &str, DatenKontext, Result<(), AssignmentRefusal>)] = &[
            ("TEA01", "EDI01", Echt, Ok(())),
            ("TEA01", "TEA01", Echt, Err(NotAPerson)),
            ("ORG01", "LCK01", Echt, Err(Locked)),
            ("ADV01", "EDI01", Echt, Err(NotCovered)),
            ("ORG01", "NOP01", Echt, Err(UnknownPartner)),
            ("TEA01", "TRN01", Echt, Err(NoEchtgeschaeftRight)),
            ("TEA01", "TRN01", Test, Ok(())),
        ];
        for (caller, target, kontext, expected) in vb {
            assert_eq!(
                assign_vorgangs_bearbeiter(&d, caller, target, *kontext),
                *expected,
                "VB {caller} → {target} ({kontext:?})"
            );
        }
    }

    #[test]
    fn readiness_table() {
        use ReadinessRefusal::*;
        let ok = signal_entscheidungsreife(
            "EDI01",
            Some("EDI01"),
            Some("BEANTRAGT"),
            Some("NICHT_BEARBEITET"),
            false,
        );
        assert_eq!(ok, Ok(()));
        assert_eq!(
            signal_entscheidungsreife(
                "ADV01",
                Some("EDI01"),
                Some("BEANTRAGT"),
                Some("NICHT_BEARBEITET"),
                false
            ),
            Err(NotTheVorgangsBearbeiter)
        );
        assert_eq!(
            signal_entscheidungsreife(
                "EDI01",
                None,
                Some("BEANTRAGT"),
                Some("NICHT_BEARBEITET"),
                false
            ),
            Err(NotTheVorgangsBearbeiter)
        );
        assert_eq!(
            signal_entscheidungsreife(
                "EDI01",
                Some("EDI01"),
                Some("UNTERSCHRIEBEN"),
                Some("NICHT_BEARBEITET"),
                false
            ),
            Err(WrongStatus {
                antragsteller: Some("UNTERSCHRIEBEN".into()),
                produkt_anbieter: Some("NICHT_BEARBEITET".into())
            })
        );
        assert_eq!(
            signal_entscheidungsreife(
                "EDI01",
                Some("EDI01"),
                Some("BEANTRAGT"),
                Some("NICHT_BEARBEITET"),
                true
            ),
            Err(AlreadySignalled)
        );
    }
}
