//! Request enum values that the mapping passes on by name: every value of the request's list
//! must exist in the v2 enum it is mapped to (read from the upstream contract at test time).

mod common;

use std::str::FromStr;

use serde_json::Value;
use vorgaenge_model as v2;

/// The values of `schema.property` (own or in an `allOf` part; arrays: of the items).
fn values(spec: &Value, schema: &str, property: &str) -> Vec<String> {
    let s = &spec["components"]["schemas"][schema];
    let parts = std::iter::once(s).chain(s["allOf"].as_array().into_iter().flatten());
    for part in parts {
        let prop = &part["properties"][property];
        let list = prop["enum"]
            .as_array()
            .or_else(|| prop["items"]["enum"].as_array());
        if let Some(list) = list {
            return list
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
        }
    }
    panic!("{schema}.{property} has no enum");
}

fn assert_all_parse<T: FromStr>(spec: &Value, schema: &str, property: &str, except: &[&str]) {
    let missing: Vec<String> = values(spec, schema, property)
        .into_iter()
        .filter(|v| !except.contains(&v.as_str()) && v.parse::<T>().is_err())
        .collect();
    assert!(
        missing.is_empty(),
        "{schema}.{property}: no v2 counterpart for {missing:?} ({})",
        std::any::type_name::<T>()
    );
}

#[test]
fn enum_values_passed_on_by_name_exist_in_v2() {
    let Some(spec) = common::kundenangaben_spec() else {
        return;
    };
    let s = &spec;
    assert_all_parse::<v2::DatenKontext>(s, "ImportMetadaten", "datenkontext", &[]);
    assert_all_parse::<v2::Prioritaet>(s, "ImportMetadaten", "prioritaet", &[]);
    assert_all_parse::<v2::Anrede>(s, "Person", "anrede", &[]);
    assert_all_parse::<v2::BefristungsStatus>(s, "Angestellter", "beschaeftigungsstatus", &[]);
    assert_all_parse::<v2::BefristungsStatus>(s, "Arbeiter", "beschaeftigungsstatus", &[]);
    assert_all_parse::<v2::Taetigkeit>(s, "SelbststaendigeTaetigkeit", "berufsbezeichnung", &[]);
    assert_all_parse::<v2::LebensOderRentenversicherungVermoegenTyp>(
        s,
        "LebensOderRentenversicherungsdetails",
        "versicherungsart",
        &[],
    );
    assert_all_parse::<v2::Ausstattung>(s, "Gebaeude", "ausstattung", &[]);
    assert_all_parse::<v2::Bauweise>(s, "Gebaeude", "bauweise", &[]);
    assert_all_parse::<v2::Zustand>(s, "Gebaeude", "zustand", &[]);
    assert_all_parse::<v2::AusweisTyp>(s, "EnergieEffizienzAusweis", "ausweistyp", &[]);
    assert_all_parse::<v2::PrimaerEnergieTraeger>(
        s,
        "EnergieEffizienzAusweis",
        "primaerEnergieTraeger",
        &[],
    );
    assert_all_parse::<v2::ModernisierungsGrad>(s, "VorhandeneModernisierung", "grad", &[]);
    assert_all_parse::<v2::ModernisierungsGrad>(s, "Modernisierung", "grad", &[]);
    assert_all_parse::<v2::DachgeschossAusbau>(s, "Nutzflaechen", "dachgeschoss", &[]);
    assert_all_parse::<v2::Unterkellerung>(s, "Nutzflaechen", "unterkellerung", &[]);
    for haus in ["Reihenhaus", "Zweifamilienhaus", "Mehrfamilienhaus"] {
        assert_all_parse::<v2::HausAnordnung>(s, haus, "haustyp", &[]);
    }
    assert_all_parse::<v2::GrundstuecksArt>(s, "Baugrundstueck", "grundstuecksart", &[]);
    assert_all_parse::<v2::Wohnlage>(s, "Beleihungswertangaben", "wohnlage", &[]);
    assert_all_parse::<v2::GrundstuecksEigentuemer>(
        s,
        "VorhandenesErbbaurecht",
        "grundstueckseigentuemer",
        &[],
    );
    assert_all_parse::<v2::GrundstuecksEigentuemer>(
        s,
        "Erbbaurecht",
        "grundstueckseigentuemer",
        &[],
    );
    assert_all_parse::<v2::AutostellplatzTyp>(s, "Stellplatz", "typ", &[]);
    assert_all_parse::<v2::Kellerausbau>(s, "IngGebaeude", "kellerausbau", &[]);
    assert_all_parse::<v2::GeschossLage>(s, "IngEigentumswohnung", "geschosslage", &[]);
    for darlehen in [
        "BestehendesBauspardarlehen",
        "BestehendesFoerderdarlehen",
        "BestehendesImmobiliendarlehen",
        "BestehendesSonstigesDarlehen",
    ] {
        assert_all_parse::<v2::GrundschuldArt>(s, darlehen, "grundschuldart", &[]);
    }
    assert_all_parse::<v2::ImmobilienEinsatz>(s, "BestehendeImmobilie", "einsatz", &[]);
    assert_all_parse::<v2::DarlehenVerwendungszweck>(
        s,
        "Zwischenfinanzierung",
        "verwendungszweck",
        &[],
    );
    assert_all_parse::<v2::KfwEndfaellig>(s, "KfwDarlehen", "kfwEndfaellig", &[]);
    for programm in [
        "KfwProgramm153",
        "KfwProgramm261Neubau",
        "KfwProgramm261Sanierung",
        "KfwProgramm297",
        "KfwProgramm298",
        "KfwProgramm300",
    ] {
        // Documented as left out in the mapping.
        assert_all_parse::<v2::KfwEnergieEffizienzStandard>(
            s,
            programm,
            "kfwEnergieEffizienzStandard",
            &["STANDARD_40_EEK_ONLY"],
        );
    }
    assert_all_parse::<v2::AbschlussGebuehrenVerrechnung>(
        s,
        "Bauspardarlehen",
        "abschlussgebuehrmodus",
        &[],
    );
    assert_all_parse::<v2::VerwendungZulagen>(
        s,
        "Bauspardarlehen",
        "riesterzulagenverwendung",
        &[],
    );
    assert_all_parse::<v2::PraemienZahlungsweise>(s, "Sonderzahlung", "zahlweise", &[]);
    assert_all_parse::<v2::FinanzierungsWeise>(
        s,
        "EinmaligePraemienzahlung",
        "absicherungsfinanzierungsweise",
        &[],
    );
    assert_all_parse::<v2::FinanzierungsRisiko>(
        s,
        "Risikoabsicherungswunsch",
        "abzusicherndesRisiko",
        &[],
    );
    assert_all_parse::<v2::NachrangigesExternesDarlehenTyp>(
        s,
        "UnbesichertesExternesDarlehen",
        "typ",
        &[],
    );
}
