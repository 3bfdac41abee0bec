//! Who may create a case from Kundenangaben and replace its data: the Betreuung the caller may
//! set, the right to production data, and the write rule of the case.

use serde_json::json;

use super::{fixture, numbers, own_request, problem};
use crate::support::case_state::case;
use crate::support::spawn_app;

#[tokio::test]
async fn betreuung_that_cannot_be_set_is_a_409() {
    let app = spawn_app().await;
    let advisor = app.client_for("demo-advisor").await;
    // BER11 does not cover HAM21 (another team, no Übernahmerecht).
    let mut request = own_request("Mustermann");
    request["importMetadaten"]["betreuung"] = json!({ "kundenbetreuer": "HAM21" });
    let p = problem(advisor.import_kundenangaben(&request).await, 409);
    assert!(p.kind.ends_with("/conflict"), "{p:?}");
    assert!(p.detail.contains("HAM21"), "{}", p.detail);
    // A Bearbeiter must be a person; NBE10 is the Berlin team.
    let mut request = own_request("Mustermann");
    request["importMetadaten"]["betreuung"] =
        json!({ "kundenbetreuer": "BER11", "bearbeiter": "NBE10" });
    let p = problem(app.client.import_kundenangaben(&request).await, 409);
    assert!(p.detail.contains("NBE10"), "{}", p.detail);
    // Unknown partners too.
    let mut request = own_request("Mustermann");
    request["importMetadaten"]["betreuung"] = json!({ "kundenbetreuer": "ZZZ99" });
    problem(app.client.import_kundenangaben(&request).await, 409);
    // The validation answers the same without creating anything.
    problem(app.client.validate_kundenangaben(&request).await, 409);
    assert!(numbers(&app, "TEST_MODUS").await.is_empty());
}

#[tokio::test]
async fn production_data_needs_the_scope_and_the_right() {
    let app = spawn_app().await;
    let test_only = app.client_for("demo-test-only").await;
    let request = fixture("kauf_mit_finanzierungsbedarf.json");
    let p = problem(test_only.import_kundenangaben(&request).await, 403);
    assert!(
        p.detail.contains("baufinanzierung:echtgeschaeft"),
        "{}",
        p.detail
    );
    problem(test_only.validate_kundenangaben(&request).await, 403);
    // The same client may import test data (it looks after it itself).
    let mut test = request.clone();
    test["importMetadaten"]["datenkontext"] = json!("TEST_MODUS");
    let nr = test_only.import_kundenangaben(&test).await.unwrap();
    assert_eq!(
        case(&app.client, &nr).await.0["kundenBetreuer"]["partnerId"],
        "BER11"
    );
    // The trainee's partner has no right to production data.
    let trainee = app.client_for("demo-trainee").await;
    problem(trainee.import_kundenangaben(&request).await, 403);
    assert!(numbers(&app, "ECHT_GESCHAEFT").await.is_empty());
}

#[tokio::test]
async fn only_partners_who_may_write_the_case_replace_its_data() {
    let app = spawn_app().await;
    let nr = app
        .client
        .import_kundenangaben(&own_request("Mustermann"))
        .await
        .unwrap();
    let update =
        json!({ "kundenangaben": own_request("Anders")["kundenangaben"], "updateMetadaten": {} });
    // HAM21's advisor (the trainee HAM29 is in Hamburg too) cannot see a Berlin case.
    let trainee = app.client_for("demo-trainee").await;
    problem(trainee.kundenangaben(&nr).await, 404);
    problem(trainee.update_kundenangaben(&nr, &update).await, 404);
    // BER11 looks after it.
    let advisor = app.client_for("demo-advisor").await;
    advisor.update_kundenangaben(&nr, &update).await.unwrap();
    assert_eq!(
        advisor.kundenangaben(&nr).await.unwrap(),
        update["kundenangaben"]
    );
}
