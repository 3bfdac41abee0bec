//! The household's `kindergeld` income: upstream adds one position of the Kindergeld for
//! the children it is drawn for (`kindergeldWirdBezogen`), at the monthly amount per child
//! in force on the day of the import. Since 2023 the amount is the same for every child.

use serde_json::Number;
use vorgaenge_model as v2;

/// `(first year, monthly euros per child)`, ascending. Amounts before 2023 depended on the
/// child's position among its siblings; an import is made today, so they are not needed.
const BETRAEGE: &[(i32, u32)] = &[(2023, 250), (2025, 255), (2026, 259)];

/// The monthly Kindergeld per child on `stichtag`. After the last year listed its amount
/// stays in force (until the table is extended); before 2023 there is none.
pub fn monatlich_je_kind(stichtag: &v2::Date) -> Option<u32> {
    let jahr: i32 = stichtag.as_str().get(..4)?.parse().ok()?;
    BETRAEGE
        .iter()
        .rev()
        .find(|(ab, _)| *ab <= jahr)
        .map(|(_, betrag)| *betrag)
}

/// The position for the children of a household drawing Kindergeld; `None` when none does.
pub(super) fn position(
    kinder: &[v2::Kind],
    stichtag: &v2::Date,
) -> Option<Vec<v2::EinnahmenMonatlich>> {
    let anzahl = kinder
        .iter()
        .filter(|k| k.kindergeld_wird_bezogen == Some(true))
        .count();
    let anzahl = u32::try_from(anzahl).ok().filter(|n| *n > 0)?;
    let je_kind = monatlich_je_kind(stichtag)?;
    Some(vec![v2::EinnahmenMonatlich {
        einnahmen_monatlich: Some(Number::from(anzahl * je_kind)),
        zahlungs_typ: Some(v2::ZahlungsTyp::Einnahme),
    }])
}

#[cfg(test)]
mod tests {
    use vorgaenge_model as v2;

    use super::{monatlich_je_kind, position};

    fn tag(text: &str) -> v2::Date {
        v2::Date::parse(text).unwrap()
    }

    #[test]
    fn amounts_by_year() {
        for (datum, betrag) in [
            ("2022-12-31", None),
            ("2023-01-01", Some(250)),
            ("2024-12-31", Some(250)),
            ("2025-01-01", Some(255)),
            ("2025-11-11", Some(255)),
            ("2026-06-30", Some(259)),
            ("2031-01-01", Some(259)),
        ] {
            assert_eq!(monatlich_je_kind(&tag(datum)), betrag, "{datum}");
        }
    }

    #[test]
    fn only_children_drawing_it_count() {
        let kind = |bezogen| v2::Kind {
            kindergeld_wird_bezogen: bezogen,
            ..Default::default()
        };
        let kinder = [
            kind(Some(true)),
            kind(Some(false)),
            kind(None),
            kind(Some(true)),
        ];
        let p = position(&kinder, &tag("2025-11-11")).unwrap();
        assert_eq!(p[0].einnahmen_monatlich, Some(510.into()));
        assert_eq!(p[0].zahlungs_typ, Some(v2::ZahlungsTyp::Einnahme));
        assert_eq!(position(&kinder[1..3], &tag("2025-11-11")), None);
        assert_eq!(position(&kinder, &tag("2020-01-01")), None);
    }
}
