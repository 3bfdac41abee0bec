//! Every error of the Kundenangaben API is an RFC 7807 problem: missing token, media type,
//! missing body, unknown case, method, path, and the limits.

use serde_json::json;
use vorgaenge_client::kundenangaben::MEDIA_TYPE;

use super::{assert_problem, own_request, problem, send_json};
use crate::support::case_state::events;
use crate::support::error_body::assert_error;
use crate::support::requests::send;
use crate::support::{spawn_app, spawn_app_with};

#[tokio::test]
async fn every_error_is_a_problem() {
    let app = spawn_app().await;
    let body = serde_json::to_vec(&own_request("Mustermann")).unwrap();

    // No token: 401 with the challenge kept.
    let response = send(
        &app.anonymous,
        "POST",
        "/kundenangaben",
        Some(MEDIA_TYPE),
        body.clone(),
        &[],
    )
    .await;
    assert_problem(&response, 401, "unauthorized");
    assert!(
        response
            .header("www-authenticate")
            .is_some_and(|c| c.starts_with("Bearer"))
    );
    let response = app
        .anonymous
        .raw(reqwest::Method::GET, "/kundenangaben/AB1234", &[])
        .await
        .unwrap();
    assert_problem(&response, 401, "unauthorized");

    // Wrong media type.
    for content_type in ["text/plain", "application/json;version=2.0"] {
        let response = send(
            &app.client,
            "POST",
            "/kundenangaben",
            Some(content_type),
            body.clone(),
            &[],
        )
        .await;
        assert_problem(&response, 415, "unsupported-media-type");
    }
    // No body: 400, whether or not a media type is given.
    for content_type in [None, Some("application/json")] {
        let response = send(
            &app.client,
            "POST",
            "/kundenangaben",
            content_type,
            Vec::new(),
            &[],
        )
        .await;
        let problem = assert_problem(&response, 400, "constraint-violation");
        assert!(
            problem["detail"].as_str().unwrap().contains("Body fehlt"),
            "{problem}"
        );
    }

    // Unknown case, and a case without Kundenangaben.
    let p = problem(app.client.kundenangaben("ZZ9999").await, 404);
    assert!(p.kind.ends_with("/not-found"));
    assert_eq!(p.instance, "/kundenangaben/ZZ9999");
    let update =
        json!({ "kundenangaben": own_request("X")["kundenangaben"], "updateMetadaten": {} });
    problem(
        app.client.update_kundenangaben("ZZ9999", &update).await,
        404,
    );

    // Wrong method, unknown path below the API.
    let response = app.request("DELETE", "/kundenangaben/AB1234", &[]).await;
    let body405 = assert_problem(&response, 405, "method-not-allowed");
    assert!(body405["detail"].as_str().unwrap().contains("DELETE"));
    let allow = response.header("allow").unwrap();
    assert!(
        body405["detail"]
            .as_str()
            .unwrap()
            .ends_with(&format!("erlaubt: {allow}")),
        "{body405}"
    );
    // Every path under the API answers problems, with the path as sent; its neighbours
    // answer the rest of the API's Error body.
    for path in ["/kundenangaben/", "/kundenangaben/AB1234/x"] {
        let response = app.request("GET", path, &[]).await;
        let body = assert_problem(&response, 404, "not-found");
        assert_eq!(body["instance"], path);
    }
    for path in ["/kundenangabenx", "/v2/kundenangaben"] {
        let response = app.request("GET", path, &[]).await;
        assert_error(&response, 404, path);
    }

    // An update missing its required members names them.
    let nr = app
        .client
        .import_kundenangaben(&own_request("Mustermann"))
        .await
        .unwrap();
    let p = problem(app.client.update_kundenangaben(&nr, &json!({})).await, 400);
    let fields: Vec<&str> = p.violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["kundenangaben", "updateMetadaten"]);
    // Violations of the tipster are named as in the update request.
    let bad_tipp = json!({
        "kundenangaben": own_request("X")["kundenangaben"],
        "updateMetadaten": { "tippgeber": {} }
    });
    let p = problem(app.client.update_kundenangaben(&nr, &bad_tipp).await, 400);
    assert!(
        p.violations
            .iter()
            .all(|v| v.field.starts_with("updateMetadaten.tippgeber")),
        "{:?}",
        p.violations
    );
    // Nothing of it changed the case.
    assert_eq!(events(&app.client, &nr).await.len(), 1);
}

#[tokio::test]
async fn limits_answer_as_problems() {
    let app = spawn_app_with(|c| c.rate_limit_per_minute = 3).await;
    // Larger than the body limit (64 KiB by default).
    let mut large = own_request("Mustermann");
    large["importMetadaten"]["zusaetzlicherEreignistext"] = json!("x".repeat(70 * 1024));
    let response = send_json(&app, "POST", "/kundenangaben", &large, &[]).await;
    assert_problem(&response, 413, "payload-too-large");
    // Over the client's rate limit: 429 with Retry-After kept.
    let mut last = None;
    for _ in 0..5 {
        let response = app
            .client
            .raw(reqwest::Method::GET, "/kundenangaben/AB1234", &[])
            .await
            .unwrap();
        if response.status == 429 {
            last = Some(response);
            break;
        }
    }
    let response = last.expect("the rate limit is reached");
    assert_problem(&response, 429, "too-many-requests");
    assert!(response.header("retry-after").is_some());
}
