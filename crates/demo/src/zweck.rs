//! The purpose of a project (`vorhaben`), which the project and the financed property both
//! depend on.

use crate::dice::Dice;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zweck {
    Kauf,
    KaufNeubauBautraeger,
    Neubau,
    Anschluss,
    Modernisierung,
    Kapital,
}

impl Zweck {
    pub(crate) fn draw(d: &mut Dice) -> Zweck {
        d.weighted(&[
            (Zweck::Kauf, 50),
            (Zweck::KaufNeubauBautraeger, 10),
            (Zweck::Neubau, 10),
            (Zweck::Anschluss, 16),
            (Zweck::Modernisierung, 9),
            (Zweck::Kapital, 5),
        ])
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Zweck::Kauf => "KAUF",
            Zweck::KaufNeubauBautraeger => "KAUF_NEUBAU_VOM_BAUTRAEGER",
            Zweck::Neubau => "NEUBAU",
            Zweck::Anschluss => "ANSCHLUSSFINANZIERUNG",
            Zweck::Modernisierung => "MODERNISIERUNG_UMBAU_ANBAU",
            Zweck::Kapital => "KAPITALBESCHAFFUNG",
        }
    }

    /// Typical payout conditions lenders state for this kind of project.
    pub(crate) fn auszahlungs_voraussetzungen(self) -> &'static [&'static str] {
        match self {
            Zweck::Kauf => &[
                "Vorlage des notariell beurkundeten Kaufvertrags",
                "Nachweis des Eigenkapitals durch aktuelle Kontoauszüge",
                "Eintragung einer erstrangigen Buchgrundschuld in Höhe der Darlehenssumme",
            ],
            Zweck::KaufNeubauBautraeger => &[
                "Vorlage des Bauträgervertrags mit Zahlungsplan nach MaBV",
                "Bautenstandsbericht vor jeder Teilauszahlung",
            ],
            Zweck::Neubau => &[
                "Vorlage der Baugenehmigung und der Baubeschreibung",
                "Bautenstandsbericht vor jeder Teilauszahlung",
                "Nachweis der Grundstückszahlung",
            ],
            Zweck::Anschluss => &[
                "Abtretung der bestehenden Grundschuld durch den bisherigen Darlehensgeber",
                "Aktueller Darlehenskontoauszug des abzulösenden Darlehens",
            ],
            Zweck::Modernisierung => &[
                "Kostenvoranschläge bzw. Rechnungen der Modernisierungsmaßnahmen",
                "Aktueller Grundbuchauszug (nicht älter als drei Monate)",
            ],
            Zweck::Kapital => &[
                "Aktueller Grundbuchauszug (nicht älter als drei Monate)",
                "Gehaltsnachweise der letzten drei Monate aller Antragsteller",
            ],
        }
    }

    /// The customers already own (and live in) the property.
    pub(crate) fn bestand(self) -> bool {
        matches!(
            self,
            Zweck::Anschluss | Zweck::Modernisierung | Zweck::Kapital
        )
    }
}
