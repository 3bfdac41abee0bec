//! Deserialisation errors name the JSON path and the reason.

use serde_json::json;
use vorgaenge_model::*;

fn err<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: serde_json::Value) -> PathError {
    let text = serde_json::to_string_pretty(&value).unwrap();
    from_json_with_path::<T>(text.as_bytes()).unwrap_err()
}

#[test]
fn wrong_type() {
    let e = err::<Vorgaenge>(json!({"vorgaenge": [{"vorgangsNummer": 123}]}));
    assert_eq!(e.path, "$.vorgaenge[0].vorgangsNummer");
    assert_eq!(e.reason, "invalid type: integer `123`, expected a string");
    assert!(e.line > 0 && e.column > 0);
    assert_eq!(
        e.to_string(),
        format!(
            "$.vorgaenge[0].vorgangsNummer: invalid type: integer `123`, expected a string (line {}, column {})",
            e.line, e.column
        )
    );

    let e = err::<Vorgang>(json!({"haushalte": {"not": "an array"}}));
    assert_eq!(e.path, "$.haushalte");
    assert!(
        e.reason
            .starts_with("invalid type: map, expected a sequence"),
        "{e}"
    );

    let e =
        err::<Vorgang>(json!({"finanzierungsObjekt": {"autostellplaetze": [{"vermietet": "ja"}]}}));
    assert_eq!(
        e.path,
        "$.finanzierungsObjekt.autostellplaetze[0].vermietet"
    );
    assert_eq!(e.reason, "invalid type: string \"ja\", expected a boolean");

    let e =
        err::<Zahlungsplaene>(json!({"zahlungsplaene": [{"zahlungen": [{}, {"saldo": "12"}]}]}));
    assert_eq!(e.path, "$.zahlungsplaene[0].zahlungen[1].saldo");
    assert!(e.reason.starts_with("invalid type: string \"12\""), "{e}");
}

#[test]
fn unknown_enum_value_lists_the_allowed_values() {
    let e = err::<Antraege>(json!({"antraege": [{"status": {"antragsteller": "GENEHMIGT"}}]}));
    assert_eq!(e.path, "$.antraege[0].status.antragsteller");
    assert_eq!(
        e.reason,
        "unknown value `GENEHMIGT`, expected one of `BEANTRAGT`, `UNTERSCHRIEBEN`, `NICHT_ANGENOMMEN`, `WIDERRUFEN`"
    );

    let e = err::<Vec<PatchOperation>>(
        json!([{"op": "replace", "path": "/status", "value": 1}, {"op": "REPLACE"}]),
    );
    assert_eq!(e.path, "$[1].op");
    assert_eq!(
        e.reason,
        "unknown value `REPLACE`, expected one of `add`, `remove`, `replace`, `move`, `copy`, `test`"
    );

    let e = err::<Antragsteller>(json!({"titel": ["DOKTOR", "DR"]}));
    assert_eq!(e.path, "$.titel[1]");
    assert!(e.reason.contains("`DOKTOR`, `PROFESSOR`"), "{e}");

    let e = "dev".parse::<DatenKontext>().unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown value `dev`, expected one of `TEST_MODUS`, `ECHT_GESCHAEFT`"
    );
    assert_eq!(e.allowed(), ["TEST_MODUS", "ECHT_GESCHAEFT"]);
}

#[test]
fn bad_date() {
    let e = err::<Vorgang>(json!({"erstelltAm": "2020-02-30"}));
    assert_eq!(e.path, "$.erstelltAm");
    assert_eq!(
        e.reason,
        "invalid date `2020-02-30`: expected a calendar date YYYY-MM-DD"
    );

    let e =
        err::<Vorgang>(json!({"haushalte": [{"antragsteller": [{"geburtsdatum": "14.05.1980"}]}]}));
    assert_eq!(e.path, "$.haushalte[0].antragsteller[0].geburtsdatum");
    assert!(e.reason.starts_with("invalid date `14.05.1980`"), "{e}");

    let e = err::<Vorgang>(json!({"erstelltAm": 20240514}));
    assert_eq!(e.path, "$.erstelltAm");
    assert_eq!(
        e.reason,
        "invalid type: integer `20240514`, expected a calendar date string YYYY-MM-DD"
    );
}

#[test]
fn bad_date_time() {
    let e =
        err::<Vorgaenge>(json!({"vorgaenge": [{"letzteAenderung": "2024-05-14T09:12:44.512"}]}));
    assert_eq!(e.path, "$.vorgaenge[0].letzteAenderung");
    assert!(
        e.reason.starts_with(
            "invalid date-time `2024-05-14T09:12:44.512`: expected an RFC 3339 date-time with offset"
        ),
        "{e}"
    );

    let e = err::<Antrag>(
        json!({"zeitpunktDerAnnahme": "2024-04-22T10:15:03.512+02:00[Europe/Berlin]"}),
    );
    assert_eq!(e.path, "$.zeitpunktDerAnnahme");
    assert!(e.reason.starts_with("invalid date-time `"), "{e}");
}

#[test]
fn bad_uri() {
    let e = err::<GemerkteAngeboteResource>(
        json!({"gemerkteAngeboteExperimentell": [{"zahlungsplaene": "/v2/x"}]}),
    );
    assert_eq!(e.path, "$.gemerkteAngeboteExperimentell[0].zahlungsplaene");
    assert!(e.reason.starts_with("invalid URI `/v2/x`"), "{e}");
}

#[test]
fn int32_out_of_range() {
    let e = err::<GemerkteAngeboteResource>(
        json!({"gemerkteAngeboteExperimentell": [{"nummerAmVorgang": 2_147_483_648_i64}]}),
    );
    assert_eq!(e.path, "$.gemerkteAngeboteExperimentell[0].nummerAmVorgang");
    assert_eq!(
        e.reason,
        "invalid value: integer `2147483648`, expected i32"
    );

    let e = err::<Angebot>(json!({"nummerAmVorgang": 1.5}));
    assert_eq!(e.path, "$.nummerAmVorgang");
    assert_eq!(e.reason, "invalid type: floating point `1.5`, expected i32");

    let ok: Angebot = from_json_with_path(br#"{"nummerAmVorgang": -2147483648}"#).unwrap();
    assert_eq!(ok.nummer_am_vorgang, Some(i32::MIN));
}

#[test]
fn root_level_errors_use_dollar() {
    let e = from_json_with_path::<Vorgang>(b"[]").unwrap_err();
    assert_eq!(e.path, "$");
    assert!(
        e.reason
            .starts_with("invalid type: sequence, expected a JSON object (Vorgang)"),
        "{e}"
    );

    let e = from_json_with_path::<Vorgang>(b"{} x").unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.reason.as_str()),
        ("$", "trailing characters")
    );
    assert_eq!((e.line, e.column), (1, 4));

    let e = from_json_with_path::<Vorgang>(b"").unwrap_err();
    assert_eq!(e.path, "$");
    assert_eq!(e.reason, "EOF while parsing a value");

    let e = from_json_with_path::<Vorgang>(b"{\n  \"vorgangsNummer\": \"AB1234\",\n  oops\n}")
        .unwrap_err();
    assert_eq!(e.line, 3);
    assert_eq!(e.reason, "key must be a string");
}

#[test]
fn map_keys_that_are_not_identifiers_are_quoted() {
    let e = err::<Antrag>(json!({"antragsReferenzen": {"ok": "x", "a b.c": 5}}));
    assert_eq!(e.path, "$.antragsReferenzen[\"a b.c\"]");
    let e = err::<Vorgang>(json!({"_links": {"self": {"templated": "yes"}}}));
    assert_eq!(e.path, "$._links.self.templated");
}

#[test]
fn from_value_has_no_position() {
    let e = from_value_with_path::<Vorgang>(json!({"datenKontext": "LIVE"})).unwrap_err();
    assert_eq!(e.path, "$.datenKontext");
    assert_eq!((e.line, e.column), (0, 0));
    assert_eq!(
        e.to_string(),
        "$.datenKontext: unknown value `LIVE`, expected one of `TEST_MODUS`, `ECHT_GESCHAEFT`"
    );
    assert_eq!(
        roundtrip_as_schema("Vorgang", json!({"datenKontext": "LIVE"}))
            .unwrap()
            .unwrap_err()
            .path,
        "$.datenKontext"
    );
}

#[test]
fn unknown_fields_are_dropped_and_nulls_omitted() {
    let input = br#"{
        "vorgangsNummer": "AB1234",
        "somethingNew": {"a": 1},
        "_links": {"self": {"href": "https://x.de/v2/vorgaenge/AB1234", "title": null, "templated": false}},
        "vorhaben": {"geplanteEnergie": 1500, "geplanterCo2Wert": 1500.0, "eigenleistungWennNeubauOderModernisierungsmassnahmen": 12.50}
    }"#;
    let v: Vorgang = from_json_with_path(input).unwrap();
    let link = v.links.as_ref().unwrap().self_.as_ref().unwrap();
    assert_eq!(link.title, None);
    assert_eq!(link.templated, Some(false));
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"_links":{"self":{"href":"https://x.de/v2/vorgaenge/AB1234","templated":false}},"vorgangsNummer":"AB1234","vorhaben":{"eigenleistungWennNeubauOderModernisierungsmassnahmen":12.5,"geplanteEnergie":1500,"geplanterCo2Wert":1500.0}}"#
    );
    assert_eq!(serde_json::to_string(&Vorgang::default()).unwrap(), "{}");
}

#[test]
fn required_fields_are_options_and_values_are_any_json() {
    // The contract's `required` lists are enforced by the server, not by these types.
    let ops: Vec<PatchOperation> = from_json_with_path(
        br#"[{"op":"remove","path":"/x","value":{"a":[1,"b",null]}},{"op":"test","path":"/y"}]"#,
    )
    .unwrap();
    assert_eq!(ops[0].op, Some(Op::Remove));
    assert_eq!(ops[0].value, Some(json!({"a": [1, "b", null]})));
    assert_eq!(ops[1].value, None);
    let partner: PartnerDTO = from_json_with_path(b"{}").unwrap();
    assert_eq!(partner.partner_id, None);
}

#[test]
fn error_body() {
    let body = ErrorBody {
        message: "Vorgang AB1234 nicht gefunden".into(),
        status_code: 404,
        status_message: "Not Found".into(),
        timestamp: "2024-05-14T09:13:00.123Z".into(),
        trace_id: "my-trace-4711".into(),
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({
            "message": "Vorgang AB1234 nicht gefunden",
            "statusCode": 404,
            "statusMessage": "Not Found",
            "timestamp": "2024-05-14T09:13:00.123Z",
            "traceId": "my-trace-4711"
        })
    );
    let back: Error = serde_json::from_value(serde_json::to_value(&body).unwrap()).unwrap();
    assert_eq!(back, body);
}

#[test]
fn objects_must_be_json_objects_and_enums_strings() {
    // serde's derive would accept these (fields by position / externally tagged enums).
    let e = from_json_with_path::<PartnerDTO>(br#"["ABC12"]"#).unwrap_err();
    assert_eq!(e.path, "$");
    assert_eq!(
        e.reason,
        "invalid type: sequence, expected a JSON object (PartnerDTO)"
    );

    let e = err::<Vorgang>(json!({"vorhaben": [null]}));
    assert_eq!(e.path, "$.vorhaben");
    assert_eq!(
        e.reason,
        "invalid type: sequence, expected a JSON object (Vorhaben)"
    );

    let e = err::<Vorgang>(json!({"datenKontext": {"TEST_MODUS": null}}));
    assert_eq!(e.path, "$.datenKontext");
    assert_eq!(
        e.reason,
        "invalid type: map, expected a string enum value (DatenKontext)"
    );

    let e = err::<Entscheidungsreife>(json!({"entscheidungsreifeVomVertriebSignalisiert": "true"}));
    assert_eq!(
        e.reason,
        "invalid type: string \"true\", expected a boolean"
    );
}

#[test]
fn repeated_property_is_rejected() {
    let e = from_json_with_path::<Nachricht>(br#"{"text": "a", "x": 1, "text": "b"}"#).unwrap_err();
    assert_eq!(e.reason, "duplicate field `text`");
    // Repeated unknown properties are ignored like all unknown properties.
    let ok: Nachricht = from_json_with_path(br#"{"x": 1, "text": "a", "x": 2}"#).unwrap();
    assert_eq!(ok.text.as_deref(), Some("a"));
}

#[test]
fn escaped_property_names_are_matched() {
    let ok: Nachricht = from_json_with_path(br#"{"t\u0065xt": "a"}"#).unwrap();
    assert_eq!(ok.text.as_deref(), Some("a"));
}
