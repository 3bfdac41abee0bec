//! Requests with bodies of any kind, undecoded, and the first checks on their answers: the
//! status and the entity tag.

use serde_json::{Value, json};
use vorgaenge_client::{Client, RawResponse};

use super::TestApp;
use super::case_state::case;

/// The media type of a JSON Patch body.
pub const JSON_PATCH: &str = "application/json-patch+json";

/// Any request with a body, undecoded, carrying `client`'s token (reqwest directly: the
/// client's `raw` sends no body). `content_type` `None` sends none.
pub async fn send(
    client: &Client,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> RawResponse {
    // One reqwest client per call: a pooled connection must not outlive the test's runtime.
    let http = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = http
        .request(method, format!("{}{path}", client.base_url()))
        .body(body);
    if let Some(token) = client.token() {
        request = request.bearer_auth(token);
    }
    if let Some(t) = content_type {
        request = request.header("content-type", t);
    }
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = request.send().await.unwrap();
    RawResponse {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap(),
    }
}

/// PATCH /v2/vorgaenge/{nr} with a JSON Patch body.
pub async fn patch(client: &Client, nr: &str, operations: &Value) -> RawResponse {
    patch_with(client, nr, operations, &[]).await
}

/// PATCH /v2/vorgaenge/{nr} with extra headers (e.g. `If-Match`).
pub async fn patch_with(
    client: &Client,
    nr: &str,
    operations: &Value,
    headers: &[(&str, &str)],
) -> RawResponse {
    send(
        client,
        "PATCH",
        &format!("/v2/vorgaenge/{nr}"),
        Some(JSON_PATCH),
        serde_json::to_vec(operations).unwrap(),
        headers,
    )
    .await
}

/// PATCHes as the auditor and checks the answer: 200, the full case as GET then shows it,
/// and its entity tag. Returns both.
pub async fn patched(app: &TestApp, nr: &str, operations: Value) -> (Value, String) {
    let response = patch(&app.client, nr, &operations).await;
    assert_status(&response, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let (body, tag) = (response.json(), etag(&response));
    let (now, now_tag) = case(&app.client, nr).await;
    assert_eq!(body, now, "the PATCH answer is the case as GET serves it");
    assert_eq!(tag, now_tag);
    (body, tag)
}

/// A JSON body with `method` to `path` (`application/json`).
pub async fn json_request(client: &Client, method: &str, path: &str, body: &Value) -> RawResponse {
    json_request_with(client, method, path, body, &[]).await
}

pub async fn json_request_with(
    client: &Client,
    method: &str,
    path: &str,
    body: &Value,
    headers: &[(&str, &str)],
) -> RawResponse {
    send(
        client,
        method,
        path,
        Some("application/json"),
        serde_json::to_vec(body).unwrap(),
        headers,
    )
    .await
}

/// One `replace` operation.
pub fn replace(path: &str, value: Value) -> Value {
    json!({"op": "replace", "path": path, "value": value})
}

/// Asserts a status, showing the body when it differs.
pub fn assert_status(response: &RawResponse, status: u16) {
    assert_eq!(
        response.status,
        status,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
}

/// The entity tag of a response.
pub fn etag(response: &RawResponse) -> String {
    response
        .header("etag")
        .unwrap_or_else(|| panic!("ETag on {}", response.status))
        .to_owned()
}
