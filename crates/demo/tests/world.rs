//! The demo partner world: shape, ids, profiles and grants.

use std::collections::BTreeMap;
use vorgaenge_demo::{PartnerTyp, Role, grants, partners};

fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 5
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b[3..].iter().all(u8::is_ascii_digit)
}

#[test]
fn tree_shape() {
    let all = partners();
    let by_id: BTreeMap<&str, _> = all.iter().map(|p| (p.id, p)).collect();
    assert_eq!(by_id.len(), all.len(), "ids are unique");
    for p in &all {
        assert!(valid_id(p.id), "{}", p.id);
        assert_eq!(p.profile["partnerId"], p.id);
        assert!(p.profile.get("_links").is_none());
        if let Some(parent) = p.parent {
            let parent = by_id
                .get(parent)
                .unwrap_or_else(|| panic!("parent of {} missing", p.id));
            assert_eq!(
                parent.typ,
                PartnerTyp::Organisation,
                "{} has a person as parent",
                p.id
            );
        }
        match p.typ {
            PartnerTyp::Person => {
                assert!(
                    p.profile["vorname"].is_string() && p.profile["nachname"].is_string(),
                    "{}",
                    p.id
                );
                assert!(p.parent.is_some());
            }
            PartnerTyp::Organisation => assert!(p.profile.get("vorname").is_none()),
        }
        assert_eq!(p.echtgeschaeft, p.id != "HAM29", "{}", p.id);
    }

    let sales_roots: Vec<_> = all
        .iter()
        .filter(|p| p.parent.is_none() && p.role == Role::SalesOrganisation)
        .collect();
    assert_eq!(sales_roots.len(), 1);
    assert_eq!(sales_roots[0].id, "NOR00");
    let teams: Vec<_> = all
        .iter()
        .filter(|p| p.parent == Some("NOR00") && p.role == Role::Team)
        .map(|p| p.id)
        .collect();
    assert_eq!(teams, ["NBE10", "NHH20"]);
    assert_eq!(by_id["SUE00"].role, Role::PartnerOrganisation);
    assert!(by_id["SUE00"].parent.is_none());
    assert_eq!(by_id["HAM29"].role, Role::Trainee);
    for (id, parent) in [
        ("BER11", "NBE10"),
        ("BER12", "NBE10"),
        ("BER15", "NBE10"),
        ("HAM21", "NHH20"),
        ("HAM22", "NHH20"),
        ("HAM25", "NHH20"),
        ("HAM29", "NHH20"),
        ("SUE31", "SUE00"),
    ] {
        assert_eq!(by_id[id].parent, Some(parent), "{id}");
    }
    assert_eq!(all.len(), 12);
}

#[test]
fn vertriebsorganisation_is_the_root_of_each_subtree() {
    let all = partners();
    let by_id: BTreeMap<&str, _> = all.iter().map(|p| (p.id, p)).collect();
    for p in &all {
        let mut root = p;
        while let Some(parent) = root.parent {
            root = by_id[parent];
        }
        assert_eq!(
            p.profile["vertriebsOrganisation"]["vertriebsOrganisationsId"], root.id,
            "{}",
            p.id
        );
    }
    assert_eq!(
        by_id["NOR00"].profile["firmierung"],
        "Finanzvermittlung Nord GmbH"
    );
    assert_eq!(by_id["SUE00"].profile["firmierung"], "Baugeld Süd AG");
}

#[test]
fn grants_reference_existing_partners() {
    let all = partners();
    let g = grants();
    assert_eq!(g.len(), 2);
    for grant in &g {
        assert!(all.iter().any(|p| p.id == grant.holder), "{grant:?}");
        assert!(all.iter().any(|p| p.id == grant.target), "{grant:?}");
    }
    assert!(g.iter().any(|x| x.holder == "HAM22" && x.target == "BER12"));
    assert!(g.iter().any(|x| x.holder == "SUE31" && x.target == "NBE10"));
}

#[test]
fn enum_strings() {
    assert_eq!(PartnerTyp::Person.as_str(), "PERSON");
    assert_eq!(PartnerTyp::Organisation.as_str(), "ORGANISATION");
    for r in [
        Role::SalesOrganisation,
        Role::Team,
        Role::Advisor,
        Role::Editor,
        Role::Trainee,
        Role::PartnerOrganisation,
    ] {
        assert!(!r.as_str().is_empty() && !r.description().is_empty());
    }
}
