//! Who may do what on a case: the rules of the access table as pure functions.
//!
//! Every check answers with a [`Denial`] the server turns into its status: a missing scope or
//! right is 403, a case the caller may not read is 404 exactly like a missing one, so that no
//! answer tells a foreign broker that a case exists.

use vorgaenge_model::DatenKontext;

use crate::directory::Directory;
use crate::scopes::{Scope, ScopeSet};

/// Why an operation is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denial {
    /// The token lacks this scope (403).
    MissingScope(Scope),
    /// The partner may not work with production data (403).
    NoEchtgeschaeftRight,
    /// The caller may not see the case (404, like an unknown case).
    Invisible,
}

/// The token's scopes must include `scope`.
pub fn require_scope(scopes: ScopeSet, scope: Scope) -> Result<(), Denial> {
    if scopes.contains(scope) {
        Ok(())
    } else {
        Err(Denial::MissingScope(scope))
    }
}

/// Production data needs the `baufinanzierung:echtgeschaeft` scope and the partner's right;
/// test data needs neither.
pub fn require_kontext(
    directory: &Directory,
    partner: &str,
    scopes: ScopeSet,
    kontext: DatenKontext,
) -> Result<(), Denial> {
    if kontext == DatenKontext::TestModus {
        return Ok(());
    }
    require_scope(scopes, Scope::Echtgeschaeft)?;
    if directory.get(partner).is_some_and(|p| p.echtgeschaeft) {
        Ok(())
    } else {
        Err(Denial::NoEchtgeschaeftRight)
    }
}

/// Read access to a case: the caller covers its kundenBetreuer or its vorgangsBearbeiter.
pub fn may_read(
    directory: &Directory,
    partner: &str,
    kunden_betreuer: Option<&str>,
    vorgangs_bearbeiter: Option<&str>,
) -> bool {
    [kunden_betreuer, vorgangs_bearbeiter]
        .into_iter()
        .flatten()
        .any(|owner| directory.covers(partner, owner))
}

/// The parties of a case that decide who may read it.
#[derive(Debug, Clone, Copy)]
pub struct CaseParties<'a> {
    pub daten_kontext: DatenKontext,
    pub kunden_betreuer: Option<&'a str>,
    pub vorgangs_bearbeiter: Option<&'a str>,
}

/// Reading a case, its Anträge, offers or partners (see [`case_gate`]).
pub fn read_case(
    directory: &Directory,
    partner: &str,
    scopes: ScopeSet,
    case: CaseParties<'_>,
) -> Result<(), Denial> {
    case_gate(directory, partner, scopes, Scope::VorgangLesen, case)
}

/// Reading the events of a case or of its Anträge (see [`case_gate`]).
pub fn read_events(
    directory: &Directory,
    partner: &str,
    scopes: ScopeSet,
    case: CaseParties<'_>,
) -> Result<(), Denial> {
    case_gate(directory, partner, scopes, Scope::EreignisLesen, case)
}

/// Changing a case (metadata, parties, Anträge, messages; see [`case_gate`]).
pub fn write_case(
    directory: &Directory,
    partner: &str,
    scopes: ScopeSet,
    case: CaseParties<'_>,
) -> Result<(), Denial> {
    case_gate(directory, partner, scopes, Scope::VorgangSchreiben, case)
}

/// The order every case operation checks in: the operation's scope first (it does not
/// depend on the case), then the read rule (an invisible case is 404 whatever else is
/// missing), then the production-data gate.
fn case_gate(
    directory: &Directory,
    partner: &str,
    scopes: ScopeSet,
    scope: Scope,
    case: CaseParties<'_>,
) -> Result<(), Denial> {
    require_scope(scopes, scope)?;
    if !may_read(
        directory,
        partner,
        case.kunden_betreuer,
        case.vorgangs_bearbeiter,
    ) {
        return Err(Denial::Invisible);
    }
    require_kontext(directory, partner, scopes, case.daten_kontext)
}

/// Listing cases of one data context: the scope and the production-data gate. Which cases
/// appear is [`Directory::covered`].
pub fn list_cases(
    directory: &Directory,
    partner: &str,
    scopes: ScopeSet,
    kontext: DatenKontext,
) -> Result<(), Denial> {
    require_scope(scopes, Scope::VorgangLesen)?;
    require_kontext(directory, partner, scopes, kontext)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{PartnerFacts, PartnerTyp};

    fn world() -> Directory {
        let p = |id: &str, parent: Option<&str>, echtgeschaeft| PartnerFacts {
            id: id.into(),
            typ: PartnerTyp::Person,
            parent: parent.map(Into::into),
            gesperrt: false,
            echtgeschaeft,
        };
        Directory::new(
            [
                p("ORG01", None, true),
                p("ADV01", Some("ORG01"), true),
                p("EDI01", Some("ORG01"), true),
                p("TRN01", Some("ORG01"), false),
                p("OTH01", None, true),
                p("HLD01", Some("OTH01"), true),
            ],
            [("HLD01".into(), "ADV01".into())],
        )
    }

    fn scopes(names: &str) -> ScopeSet {
        ScopeSet::parse(names).unwrap()
    }

    const READ: &str = "baufinanzierung:vorgang:lesen";
    const READ_ECHT: &str = "baufinanzierung:vorgang:lesen baufinanzierung:echtgeschaeft";

    #[test]
    fn read_case_table() {
        use DatenKontext::{EchtGeschaeft as Echt, TestModus as Test};
        use Denial::*;
        let d = world();
        let case = |kontext, kb, vb| CaseParties {
            daten_kontext: kontext,
            kunden_betreuer: kb,
            vorgangs_bearbeiter: vb,
        };
        let adv = Some("ADV01");
        let edi = Some("EDI01");
        let table: &[(&str, &str, CaseParties<'_>, Result<(), Denial>)] = &[
            // the advisor on its own case, with and without the production scope
            ("ADV01", READ_ECHT, case(Echt, adv, edi), Ok(())),
            (
                "ADV01",
                READ,
                case(Echt, adv, edi),
                Err(MissingScope(Scope::Echtgeschaeft)),
            ),
            ("ADV01", READ, case(Test, adv, edi), Ok(())),
            // the editor sees it through vorgangsBearbeiter
            ("EDI01", READ_ECHT, case(Echt, adv, edi), Ok(())),
            ("EDI01", READ_ECHT, case(Echt, adv, None), Err(Invisible)),
            // the organisation above both
            ("ORG01", READ_ECHT, case(Echt, adv, None), Ok(())),
            // Übernahmerecht holder from another tree
            ("HLD01", READ_ECHT, case(Echt, adv, None), Ok(())),
            ("HLD01", READ_ECHT, case(Echt, edi, None), Err(Invisible)),
            // foreign partner: invisible, even when the scope is missing too (no leak)
            ("OTH01", READ_ECHT, case(Echt, adv, edi), Err(Invisible)),
            (
                "OTH01",
                "baufinanzierung:echtgeschaeft",
                case(Echt, adv, edi),
                Err(MissingScope(Scope::VorgangLesen)),
            ),
            // trainee: scope present but no right
            (
                "TRN01",
                READ_ECHT,
                case(Echt, Some("TRN01"), None),
                Err(NoEchtgeschaeftRight),
            ),
            ("TRN01", READ, case(Test, Some("TRN01"), None), Ok(())),
            // a case without parties is nobody's
            ("ORG01", READ_ECHT, case(Echt, None, None), Err(Invisible)),
            // write scope alone does not read
            (
                "ADV01",
                "baufinanzierung:vorgang:schreiben",
                case(Test, adv, None),
                Err(MissingScope(Scope::VorgangLesen)),
            ),
        ];
        for (partner, names, parties, expected) in table {
            assert_eq!(
                read_case(&d, partner, scopes(names), *parties),
                *expected,
                "{partner} with [{names}] on {parties:?}"
            );
        }
    }

    #[test]
    fn write_case_table() {
        use DatenKontext::{EchtGeschaeft as Echt, TestModus as Test};
        let d = world();
        let case = |kontext| CaseParties {
            daten_kontext: kontext,
            kunden_betreuer: Some("ADV01"),
            vorgangs_bearbeiter: None,
        };
        const WRITE_ECHT: &str = "baufinanzierung:vorgang:schreiben baufinanzierung:echtgeschaeft";
        let table = [
            ("ADV01", WRITE_ECHT, case(Echt), Ok(())),
            (
                "ADV01",
                READ_ECHT,
                case(Echt),
                Err(Denial::MissingScope(Scope::VorgangSchreiben)),
            ),
            (
                "ADV01",
                "baufinanzierung:vorgang:schreiben",
                case(Echt),
                Err(Denial::MissingScope(Scope::Echtgeschaeft)),
            ),
            (
                "ADV01",
                "baufinanzierung:vorgang:schreiben",
                case(Test),
                Ok(()),
            ),
            ("OTH01", WRITE_ECHT, case(Echt), Err(Denial::Invisible)),
            ("HLD01", WRITE_ECHT, case(Echt), Ok(())),
        ];
        for (partner, names, parties, expected) in table {
            assert_eq!(
                write_case(&d, partner, scopes(names), parties),
                expected,
                "{partner} [{names}]"
            );
        }
    }

    #[test]
    fn list_gate_table() {
        let d = world();
        let table = [
            ("ADV01", READ_ECHT, DatenKontext::EchtGeschaeft, Ok(())),
            (
                "ADV01",
                READ,
                DatenKontext::EchtGeschaeft,
                Err(Denial::MissingScope(Scope::Echtgeschaeft)),
            ),
            ("ADV01", READ, DatenKontext::TestModus, Ok(())),
            (
                "TRN01",
                READ_ECHT,
                DatenKontext::EchtGeschaeft,
                Err(Denial::NoEchtgeschaeftRight),
            ),
            (
                "ADV01",
                "",
                DatenKontext::TestModus,
                Err(Denial::MissingScope(Scope::VorgangLesen)),
            ),
        ];
        for (partner, names, kontext, expected) in table {
            assert_eq!(
                list_cases(&d, partner, scopes(names), kontext),
                expected,
                "{partner} [{names}] {kontext:?}"
            );
        }
    }
}
