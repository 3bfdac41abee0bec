//! Requests that violate the contract: a 400 problem naming each field, nothing created; and
//! POST /kundenangaben/body-validation, which checks without creating.

use serde_json::json;
use vorgaenge_client::kundenangaben::MEDIA_TYPE;
use vorgaenge_server::http::kundenangaben::ignoriert::IGNORIERTE_WERTE;

use super::{assert_problem, numbers, own_request, problem, send_json};
use crate::support::requests::{assert_status, send};
use crate::support::spawn_app;

#[tokio::test]
async fn violations_are_a_400_problem_and_create_nothing() {
    let app = spawn_app().await;
    let before = numbers(&app, "TEST_MODUS").await;
    let mut request = own_request("Mustermann");
    let household = request["kundenangaben"]["haushalte"][0].clone();
    request["kundenangaben"]["haushalte"] =
        json!([household, household, household, household, household]);
    // An unknown enum value is dropped, not a violation; it does not save the request.
    request["importMetadaten"]["prioritaet"] = json!("DRINGEND");
    request["kundenangaben"]["haushalte"][0]["kunden"][0]
        .as_object_mut()
        .unwrap()
        .remove("referenzId");
    request["importMetadaten"]
        .as_object_mut()
        .unwrap()
        .remove("datenkontext");
    let response = send_json(
        &app,
        "POST",
        "/kundenangaben",
        &request,
        &[("x-traceid", "trace-violations-1")],
    )
    .await;
    let body = assert_problem(&response, 400, "constraint-violation");
    assert_eq!(body["traceId"], "trace-violations-1");
    let fields: Vec<&str> = body["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["field"].as_str().unwrap())
        .collect();
    for expected in [
        "importMetadaten.datenkontext",
        "kundenangaben.haushalte",
        "kundenangaben.haushalte[0].kunden[0].referenzId",
    ] {
        assert!(fields.contains(&expected), "{expected} in {fields:?}");
    }
    assert!(
        !fields.contains(&"importMetadaten.prioritaet"),
        "{fields:?}"
    );
    assert_eq!(response.header(IGNORIERTE_WERTE), None);
    assert!(
        body["violations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["message"].as_str().is_some_and(|m| !m.is_empty()))
    );
    assert_eq!(numbers(&app, "TEST_MODUS").await, before, "nothing created");
    assert_eq!(numbers(&app, "ECHT_GESCHAEFT").await, Vec::<String>::new());

    // Not JSON at all: one violation of the body as a whole.
    let problem = problem(app.client.import_kundenangaben(&json!([1, 2])).await, 400);
    assert!(!problem.violations.is_empty());
}

#[tokio::test]
async fn body_validation_checks_without_creating() {
    let app = spawn_app().await;
    let request = own_request("Mustermann");
    let response = send(
        &app.client,
        "POST",
        "/kundenangaben/body-validation",
        Some("application/json"),
        serde_json::to_vec(&request).unwrap(),
        &[],
    )
    .await;
    assert_status(&response, 200);
    assert_eq!(response.header("content-type"), Some(MEDIA_TYPE));
    assert_eq!(response.json(), json!({ "vorgangsnummer": "" }));
    let mut invalid = request.clone();
    invalid["importMetadaten"]["datenkontext"] = json!("PRODUKTION");
    let p = problem(app.client.validate_kundenangaben(&invalid).await, 400);
    assert_eq!(p.violations[0].field, "importMetadaten.datenkontext");
    assert!(numbers(&app, "TEST_MODUS").await.is_empty());
}
