//! Assertions on error answers: the contract's Error body, and RFC 6749's on the token
//! routes.

use vorgaenge_client::RawResponse;

/// Asserts the contract's Error body and the trace header on an error response.
pub fn assert_error(response: &RawResponse, status: u16, message_contains: &str) {
    assert_eq!(
        response.status,
        status,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    assert_eq!(response.header("content-type"), Some("application/json"));
    let body = response.json();
    let object = body.as_object().expect("error body is an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "message",
            "statusCode",
            "statusMessage",
            "timestamp",
            "traceId"
        ]
    );
    assert_eq!(body["statusCode"], status);
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains(message_contains),
        "message {message:?} should contain {message_contains:?}"
    );
    let trace = response
        .header("x-traceid")
        .expect("X-TraceId on every response");
    assert_eq!(body["traceId"], trace);
    chrono::DateTime::parse_from_rfc3339(body["timestamp"].as_str().unwrap()).unwrap();
}

/// An RFC 6749 error answer: status, exactly `error` and `error_description` (containing
/// `contains`), not to be cached, with a trace id.
pub fn assert_oauth_error(response: &RawResponse, status: u16, error: &str, contains: &str) {
    assert_eq!(
        response.status,
        status,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    let body = response.json();
    let mut keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["error", "error_description"], "RFC 6749 body");
    assert_eq!(body["error"], error);
    let description = body["error_description"].as_str().unwrap();
    assert!(
        description.contains(contains),
        "{description:?} should contain {contains:?}"
    );
    assert_eq!(response.header("cache-control"), Some("no-store"));
    assert!(response.header("x-traceid").is_some());
}
