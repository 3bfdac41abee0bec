//! Tests of the patch body parser: the contract's example, each operation, and every
//! way a body is refused.

use super::*;
use serde_json::json;

#[test]
fn the_contract_example_parses() {
    let body = json!([
        {"op": "replace", "path": "/externeVorgangsNummer", "value": "ext_VN_4711"},
        {"op": "replace", "path": "/status", "value": "ARCHIVIERT"},
        {"op": "replace", "path": "/kundenBetreuer/partnerId", "value": "OEJ16"},
        {"op": "replace", "path": "/vorgangsBearbeiter/partnerId", "value": "MNC81"},
        {"op": "replace", "path": "/antraege/AB1234/1/1/status",
         "value": {"antragsteller": "BEANTRAGT", "produktAnbieter": "UNTERSCHRIEBEN"}},
    ]);
    let steps = parse(&body, 10).unwrap();
    assert_eq!(steps.len(), 5);
    assert_eq!(
        steps[0],
        Step::Set(
            Target::ExterneVorgangsNummer,
            NewValue::Text("ext_VN_4711".into())
        )
    );
    assert_eq!(
        steps[1],
        Step::Set(Target::Status, NewValue::Status(CaseStatus::Archiviert))
    );
    assert_eq!(
        steps[3],
        Step::Set(
            Target::VorgangsBearbeiter,
            NewValue::Partner("MNC81".into())
        )
    );
    let Step::Set(Target::AntragStatus(nr), NewValue::AntragStatus(status)) = &steps[4] else {
        panic!("{:?}", steps[4]);
    };
    assert_eq!(nr, "AB1234/1/1");
    assert_eq!(status.antragsteller.map(|s| s.as_str()), Some("BEANTRAGT"));
}

#[test]
fn an_empty_patch_is_no_operation() {
    assert_eq!(parse(&json!([]), 10).unwrap(), vec![]);
}

#[test]
fn remove_and_test() {
    let body = json!([
        {"op": "test", "path": "/status", "value": "AKTIV"},
        {"op": "remove", "path": "/externeVorgangsNummer", "value": null},
    ]);
    assert_eq!(
        parse(&body, 10).unwrap(),
        vec![
            Step::Test(Target::Status, json!("AKTIV")),
            Step::Remove(Target::ExterneVorgangsNummer)
        ]
    );
}

#[test]
fn every_problem_names_index_path_and_reason() {
    let cases: Vec<(Value, Option<usize>, Option<&str>, &str)> = vec![
        (json!({"op": "replace"}), None, None, "Array"),
        (json!([1]), Some(0), None, "JSON-Objekt"),
        (
            json!([{"op": "replace", "value": 1}]),
            Some(0),
            None,
            "path fehlt",
        ),
        (
            json!([{"op": "replace", "path": "/phase", "value": "X"}]),
            Some(0),
            Some("/phase"),
            "unbekannter Pfad",
        ),
        (
            json!([{"op": "replace", "path": "/antraege/AB1234/1/status", "value": {}}]),
            Some(0),
            Some("/antraege/AB1234/1/status"),
            "unbekannter Pfad",
        ),
        (
            json!([{"path": "/status", "value": "AKTIV"}]),
            Some(0),
            Some("/status"),
            "op fehlt",
        ),
        (
            json!([{"op": "move", "path": "/status", "from": "/x"}]),
            Some(0),
            Some("/status"),
            "nicht unterstützt",
        ),
        (
            json!([{"op": "frobnicate", "path": "/status", "value": 1}]),
            Some(0),
            Some("/status"),
            "unbekannte op",
        ),
        (
            json!([{"op": "replace", "path": "/status"}]),
            Some(0),
            Some("/status"),
            "braucht value",
        ),
        (
            json!([{"op": "replace", "path": "/status", "value": "GELOESCHT"}]),
            Some(0),
            Some("/status"),
            "unbekannter Status",
        ),
        (
            json!([{"op": "replace", "path": "/status", "value": 1}]),
            Some(0),
            Some("/status"),
            "String",
        ),
        (
            json!([{"op": "remove", "path": "/status"}]),
            Some(0),
            Some("/status"),
            "nicht entfernt",
        ),
        (
            json!([{"op": "replace", "path": "/kundenBetreuer/partnerId", "value": "abc12"}]),
            Some(0),
            Some("/kundenBetreuer/partnerId"),
            "Partner-Id",
        ),
        (
            json!([{"op": "replace", "path": "/externeVorgangsNummer", "value": ""}]),
            Some(0),
            Some("/externeVorgangsNummer"),
            "1 bis 100",
        ),
        (
            json!([{"op": "replace", "path": "/antraege/AB1234/1/1/status", "value": "BEANTRAGT"}]),
            Some(0),
            Some("/antraege/AB1234/1/1/status"),
            "StatusDTO",
        ),
        (
            json!([{"op": "replace", "path": "/antraege/AB1234/1/1/status", "value": {"antragsteller": "JA"}}]),
            Some(0),
            Some("/antraege/AB1234/1/1/status"),
            "value.antragsteller",
        ),
        (
            json!([{"op": "replace", "path": "/antraege/AB1234/1/1/status", "value": {"kommentar": "x"}}]),
            Some(0),
            Some("/antraege/AB1234/1/1/status"),
            "antragsteller oder produktAnbieter",
        ),
        // the third operation is the bad one
        (
            json!([
                {"op": "replace", "path": "/status", "value": "AKTIV"},
                {"op": "replace", "path": "/externeVorgangsNummer", "value": "x"},
                {"op": "replace", "path": "/vorgangsBearbeiter/partnerId", "value": 7},
            ]),
            Some(2),
            Some("/vorgangsBearbeiter/partnerId"),
            "eine Zahl",
        ),
    ];
    for (body, index, path, reason) in cases {
        let e = parse(&body, 10).unwrap_err();
        assert_eq!(e.index, index, "{body}: {e}");
        assert_eq!(e.path.as_deref(), path, "{body}: {e}");
        assert!(
            e.reason.contains(reason),
            "{body}: {e} should say {reason:?}"
        );
    }
}

#[test]
fn too_many_operations() {
    let op = json!({"op": "replace", "path": "/status", "value": "AKTIV"});
    let body = Value::Array(vec![op; 11]);
    let e = parse(&body, 10).unwrap_err();
    assert!(e.reason.contains("höchstens 10"), "{e}");
}
